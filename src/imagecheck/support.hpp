// SPDX-License-Identifier: Apache-2.0
// Helpers the image rules share: locations from file findings and history entries, the
// Dockerfile instruction a history entry records, file owners, sizes, registry allow lists.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "check/rule.hpp"
#include "image/reference.hpp"
#include "imagecheck/imagecheck.hpp"
#include "sbom/model.hpp"

namespace berth::imagecheck {

using check::Reference;
using check::Severity;

/// A file finding's place: path, the diffID of the layer that wrote it, that layer's history.
check::Location file_location(const sbom::FileFinding& f);

/// History entry `i`: its layer's diffID when it made one, its `created_by`, and `object`.
check::Location history_location(const Context& ctx, std::size_t i, std::string object = "");

/// The instruction a history entry records, without the builder's wrapping:
///   "/bin/sh -c #(nop)  ENV A=b"            → "ENV A=b"
///   "/bin/sh -c apt-get update"             → "RUN apt-get update"
///   "|2 A=1 B=2 /bin/sh -c make"            → "RUN make"  (build args: see build_args())
///   "RUN /bin/sh -c make # buildkit"        → "RUN make"
///   "ADD https://x/y /y # buildkit"         → "ADD https://x/y /y"
std::string instruction(std::string_view created_by);

/// The last history entry whose instruction() starts with `keyword` + " " and contains
/// `needle`; history.size() when none.
std::size_t last_history(const Context& ctx, std::string_view keyword,
                         std::string_view needle = "");

/// `text` with "KEY=VALUE" written as "KEY=<redacted>", and VALUE itself redacted too when it is
/// at least 6 characters long (history entries repeat values in other forms).
std::string redact(std::string text, std::string_view key, std::string_view value);

/// True when a KEY=VALUE setting looks like a secret: a non-empty value and a sensitive name or a
/// credential-shaped value (check/secret_names.hpp, the word list of DF042).
bool secret_setting(std::string_view key, std::string_view value);

/// A history entry with the values of its secret-looking build arguments and ARG/ENV settings
/// redacted, so that no report line repeats them.
std::string redact_secrets(const std::string& created_by);

/// The build arguments Docker records before a RUN that used them: "|2 A=1 B=2 /bin/sh -c …"
/// → {"A=1", "B=2"}; empty when there are none or the count does not match.
std::vector<std::string> build_args(std::string_view created_by);

/// The package owning each of `paths` (by Package::files), "" for none: {path → "passwd"}.
std::map<std::string, std::string> file_owners(const sbom::Inventory& inv,
                                               const std::set<std::string>& paths);

/// 1536 → "1.5 KiB", 12 → "12 B", 3 MiB → "3.0 MiB".
std::string human_size(std::uint64_t bytes);

/// True when the allow list admits the image: an entry is a registry host ("docker.io",
/// "localhost:5000"), a registry/path prefix ("ghcr.io/acme"), or a host suffix ("*.corp.example");
/// Docker Hub also answers to "hub.docker.com" and "index.docker.io". The same matching as the
/// Dockerfile rule DF043.
bool registry_trusted(const image::Reference& ref, const std::vector<std::string>& list);

/// Findings of one analyzer (and kind, when not empty), in inventory order.
std::vector<const sbom::FileFinding*> findings_of(const sbom::Inventory& inv,
                                                  std::string_view analyzer,
                                                  std::string_view kind = "");

}  // namespace berth::imagecheck

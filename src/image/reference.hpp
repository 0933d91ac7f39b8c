// SPDX-License-Identifier: Apache-2.0
// Image references ("alpine:3.19", "ghcr.io/org/app@sha256:…") parsed and normalized the way
// `docker pull` does it. Grammar: github.com/distribution/reference (reference.go, regexp.go,
// normalize.go); see reference.cpp for the productions and the choices made where it is vague.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace berth::image {

/// Registry domain that familiar names ("alpine", "user/repo") resolve to (Docker Hub).
inline constexpr std::string_view kDefaultDomain = "docker.io";

/// Tag added by parse_reference() when a reference names neither a tag nor a digest.
inline constexpr std::string_view kDefaultTag = "latest";

/// Longest accepted repository path in characters, counted after normalization ("library/"
/// included) and without the domain, as distribution/reference ≥ v0.6.0 does.
inline constexpr std::size_t kMaxPathLength = 255;

/// A normalized image reference: where the image lives (domain + path) and which version of it
/// (tag and/or digest). Plain value; parse_reference() is the only producer that validates.
struct Reference {
    /// Registry host with optional port, as written (case kept): "docker.io", "localhost:5000",
    /// "127.0.0.1:5000", "[::1]:5000". "index.docker.io" is normalized to "docker.io".
    std::string domain;
    /// Repository path inside the registry: "library/alpine", "ns/name", "a/b/c".
    std::string path;
    /// Tag ("3.19", "latest"); empty when the reference has none.
    std::string tag;
    /// Content digest "algorithm:hex" ("sha256:<64 hex>"); empty when the reference has none.
    std::string digest;

    /// domain + "/" + path, e.g. "docker.io/library/alpine" (just the path when domain is empty).
    [[nodiscard]] std::string name() const;
    /// Fully qualified form name[:tag][@digest], e.g. "docker.io/library/alpine:3.19".
    [[nodiscard]] std::string str() const;
    /// Docker's short name without tag or digest: "alpine", "user/repo", "localhost:5000/x".
    /// Only Docker Hub is shortened: its domain is dropped, and "library/" when one component
    /// follows it ("docker.io/library/a/b" stays "library/a/b").
    [[nodiscard]] std::string familiar_name() const;
    /// Docker's short form familiar_name()[:tag][@digest], as `docker images` shows it:
    /// "alpine:3.19", "user/repo:latest", "localhost:5000/x:tag".
    [[nodiscard]] std::string familiar() const;

    /// Member-wise equality (no normalization: compare parsed references).
    friend bool operator==(const Reference&, const Reference&) = default;
};

/// Parses a reference, normalizing like `docker pull`:
///   "alpine"             → docker.io/library/alpine:latest
///   "user/repo"          → docker.io/user/repo:latest
///   "index.docker.io/x"  → docker.io/library/x:latest
///   "localhost:5000/x@sha256:<hex>" → localhost:5000/x@sha256:<hex> (no tag added)
/// The first '/'-separated component is a domain when it contains '.' or ':', is "localhost",
/// or contains an upper-case letter (Docker's rule: "Foo/bar" is host "Foo"); otherwise the
/// reference is on Docker Hub. The default tag "latest" is added only when there is neither a
/// tag nor a digest. Digests must be sha256 (64), sha384 (96) or sha512 (128) lower-case hex.
/// Errors: InvalidArgument with a message saying what is wrong, e.g. "invalid reference format:
/// repository name must be lowercase"; `where` is the input text (quoted, shortened).
Result<Reference> parse_reference(std::string_view text);

/// True when parse_reference(text) would succeed; allocation-free, linear in text. Meant for
/// source auto-detection, so callers should first rule out explicit prefixes ("oci:…") and
/// existing files: "image.tar" and "oci:dir" are syntactically valid references.
bool looks_like_reference(std::string_view text) noexcept;

}  // namespace berth::image

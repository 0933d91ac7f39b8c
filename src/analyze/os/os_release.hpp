// SPDX-License-Identifier: Apache-2.0
// os/os-release: which operating system an image is built on.
//
// The analyzer (make_os_release() in plugins.hpp) reads each identification file it is offered
// and records one OsRelease per file, without choosing: a layer sees only its own files, so the
// choice belongs to the merge, which calls choose_os() on the final-layer view of every file.
//
// Precedence choose_os() applies (recommended to every consumer):
//   1. os-release, freedesktop os-release(5): etc/os-release, else usr/lib/os-release (the spec
//      says etc/ wins; in most images one is a symlink to the other and only the regular file
//      is offered). Only a file that states an ID counts.
//      Refinements of the chosen os-release:
//      - Debian: VERSION_ID "12" becomes the point release from etc/debian_version ("12.15")
//        when that file is numeric and agrees on the major version ("bookworm/sid", as on
//        Ubuntu and Debian testing, is never used).
//      - an empty VERSION_ID is taken from the distribution's own file (alpine-release, …);
//      - Debian without a codename gets it from the release number (12 → bookworm).
//      - Alpine: when etc/apk/repositories names a branch other than os-release's ("edge", or
//        v3.19 in an image whose os-release says 3.16.2), OsInfo::repository_release records
//        it; the newest branch of the untagged lines counts. Matching uses it.
//   2. Without os-release, the distribution-specific files, most specific first:
//      etc/alpine-release, etc/rocky-release, etc/almalinux-release, etc/oracle-release,
//      etc/centos-release, etc/fedora-release, etc/redhat-release (Oracle Linux ships one that
//      says "Red Hat Enterprise Linux", so the vendor files go first), etc/system-release,
//      etc/SuSE-release, etc/lsb-release, and last etc/debian_version (Ubuntu has one too).
//      Distroless images without os-release but with etc/debian_version are Debian: id
//      "debian", version_id the point release (or, for "trixie/sid", no version and codename
//      "trixie").
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/analyzer.hpp"
#include "core/diagnostic.hpp"
#include "core/env_file.hpp"
#include "sbom/model.hpp"

namespace berth::analyze {

// parse_env_file (the os-release(5) KEY=VALUE syntax) lives in core/env_file.hpp.

/// Reads one identification file (`path` is one of the paths the analyzer requires; `content`
/// its bytes) into an OsRelease. Always returns a record for the file, empty fields for what
/// could not be read, with problems in `diagnostics`. Pure; the analyzer is this plus I/O.
OsRelease read_os_file(std::string_view path, std::string_view content, Diagnostics& diagnostics);

/// Picks the image's OS from the files present in the final image (see the precedence above).
/// nullopt when no file identifies a distribution.
std::optional<sbom::OsInfo> choose_os(const std::vector<OsRelease>& found);

}  // namespace berth::analyze

// SPDX-License-Identifier: Apache-2.0
// Ecosystem keys: how advisories and installed packages meet. An advisory's OSV ecosystem
// ("Debian:12", "Alpine:v3.19", "Ubuntu:22.04:LTS", "Rocky Linux:9", "PyPI") and an image's OS
// ("debian" 12.5, "alpine" 3.19.1) are both reduced to one key ("debian:12", "alpine:3.19",
// "ubuntu:22.04", "rocky:9", "pypi"), and package names to the form the ecosystem compares
// (PyPI names per PEP 503, NuGet and Composer case-insensitively).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sbom/model.hpp"

namespace berth::vuln {

/// Matching key of an OSV ecosystem string; "" when the ecosystem has no usable key
/// (e.g. "Ubuntu:Pro:FIPS:…" variants that are not the plain release, or an empty string).
std::string ecosystem_key(std::string_view osv_ecosystem);

/// Matching key of an image's OS ("debian:12", "ubuntu:18.04", "alpine:3.10", "almalinux:9"),
/// or "" when the OS is unknown to berth's advisory sources.
std::string os_ecosystem_key(const sbom::OsInfo& os);

/// Matching key for a language package's purl type ("cargo" → "crates.io", "pypi" → "pypi",
/// "npm", "golang" → "go", "maven", "gem" → "rubygems", "nuget", "composer" → "packagist"),
/// or "" for OS package types.
std::string purl_type_ecosystem_key(std::string_view purl_type);

/// Package name as the ecosystem compares it (PyPI: PEP 503 normalized; NuGet, Packagist: lower
/// case; others unchanged).
std::string normalize_package_name(std::string_view key, std::string_view name);

/// The version-scheme name for an ecosystem key ("debian:12" → "dpkg", "crates.io" → "cargo").
std::string_view scheme_for_key(std::string_view key);

}  // namespace berth::vuln

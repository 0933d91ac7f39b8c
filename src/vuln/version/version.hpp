// SPDX-License-Identifier: Apache-2.0
// Version comparison per ecosystem. One file per scheme (dpkg.cpp, rpm.cpp, …); scheme.cpp is the
// one list that maps ecosystems to schemes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace berth::vuln::version {

/// A version ordering. compare() returns <0, 0, >0 like strcmp, or an InvalidArgument/Format error
/// naming the invalid version when either side cannot be parsed by the scheme's rules.
class Scheme {
  public:
    virtual ~Scheme() = default;
    /// Short stable name: "dpkg", "rpm", "apk", "semver", "npm", "cargo", "go", "pep440",
    /// "maven", "rubygems", "nuget".
    [[nodiscard]] virtual std::string_view name() const = 0;
    /// Starts at 1; bumped when the ordering or the constraint language changes (a kVersion
    /// constant in the scheme's file; `berth plugins` prints it).
    [[nodiscard]] virtual int version() const = 0;
    [[nodiscard]] virtual Result<int> compare(std::string_view a, std::string_view b) const = 0;
    /// Ok when `v` is a valid version of this scheme, else an error saying what is wrong.
    [[nodiscard]] virtual Status validate(std::string_view v) const = 0;
    /// True when `version` satisfies `constraint` in the scheme's own requirement language
    /// (PEP 440 specifiers for "pep440", Gem::Requirement for "rubygems", node-semver ranges for
    /// "npm", apk dependency operators for "apk"). InvalidArgument names the bad version or
    /// constraint; Unsupported (the default) when the scheme has no constraint language.
    [[nodiscard]] virtual Result<bool> satisfies(std::string_view version,
                                                 std::string_view constraint) const;
};

/// The scheme for a scheme name (see Scheme::name), or nullptr.
const Scheme* scheme_by_name(std::string_view name);

/// The scheme for an OSV ecosystem, with or without release suffix ("Debian:12" → dpkg,
/// "Ubuntu:22.04" → dpkg, "Alpine:v3.19" → apk, "AlmaLinux:9"/"Rocky Linux:9"/"Red Hat"/"SUSE"/
/// "openSUSE"/"Mageia"/"Photon OS"/"Azure Linux" → rpm, "crates.io" → cargo, "npm" → npm,
/// "Go" → go, "PyPI" → pep440, "Maven" → maven, "RubyGems" → rubygems, "NuGet" → nuget,
/// "Packagist"/"Pub"/"Hex"/… → semver). nullptr for ecosystems without an ordering (e.g. "GIT").
const Scheme* scheme_for_ecosystem(std::string_view ecosystem);

/// Every scheme, sorted by name (the one hand-kept list lives in scheme.cpp). The schemes are
/// built once and live until exit; callers never own them.
const std::vector<const Scheme*>& all_schemes();

}  // namespace berth::vuln::version

// SPDX-License-Identifier: Apache-2.0
// The strict SemVer parser shared by semver.cpp (npm, cargo) and npm_range.cpp (node-semver
// ranges). Internal to src/vuln/version/.
#pragma once

#include <string_view>

#include "core/result.hpp"

namespace berth::vuln::version::semver_detail {

/// Grammar switches for parse_strict().
struct StrictOptions {
    bool allow_v = false;  ///< one leading 'v'
    bool npm = false;      ///< node-semver limits: ≤256 chars, trimmed, numbers ≤ 2^53-1
    bool loose = false;    ///< node-semver loose: leading [v=\s]*, leading zeros, '-' optional
    bool u64 = false;      ///< numbers must fit 64 bits (Rust semver)
};

/// Views into the parsed string.
struct Parsed {
    std::string_view major, minor, patch;
    std::string_view prerelease;  ///< "" when absent
    std::string_view build;       ///< "" when absent
};

/// Parses MAJOR.MINOR.PATCH[-PRE][+BUILD] or returns InvalidArgument naming `v` and `scheme`.
Result<Parsed> parse_strict(std::string_view scheme, std::string_view v, const StrictOptions& o);
/// SemVer precedence (build ignored).
int compare_parsed(const Parsed& a, const Parsed& b);
/// Pre-release precedence; "" (no pre-release) is highest. `icase` for NuGet.
int compare_prerelease(std::string_view a, std::string_view b, bool icase);
/// Dot-separated non-empty [0-9A-Za-z-] identifiers (numeric ones without leading zeros when
/// `numeric_no_zero`).
bool valid_idents(std::string_view s, bool numeric_no_zero);

}  // namespace berth::vuln::version::semver_detail

// SPDX-License-Identifier: Apache-2.0
// Debian package versions, split as dpkg's parseversion() (lib/dpkg/parsehelp.c) splits them:
//   [epoch:]upstream_version[-debian_revision]     deb-version(7)
//   "1:2.36-9+deb12u4" → {epoch "1", upstream "2.36", revision "9+deb12u4"}
// One splitter for the dpkg status reader (analyze/pkgdb/dpkg_status.cpp) and the dpkg version
// scheme (vuln/version/dpkg.cpp, tested against dpkg 1.22's lib/dpkg/t/t-version.c cases).
#pragma once

#include <string_view>

namespace berth::deb {

/// dpkg's warning for an upstream version that does not start with a digit.
inline constexpr std::string_view kNotDigitLed = "version number does not start with digit";

/// A version split into its parts (views into the input) with dpkg's verdict.
struct VersionParts {
    std::string_view epoch;     ///< the digits before ':' as written ("" when none)
    std::string_view upstream;  ///< never empty when `error` is empty
    std::string_view revision;  ///< after the last '-' ("" when none)
    /// dpkg's error (the text is not a version at all): "version string is empty", "version
    /// string has embedded spaces", "epoch in version is empty|not number|negative|too big",
    /// "nothing after colon in version number", "revision number is empty", "upstream version
    /// is empty". "" when the version is usable.
    std::string_view error;
    /// dpkg's "bad syntax" warning, checked in this order: kNotDigitLed, "invalid character in
    /// version number" (outside [A-Za-z0-9.+~:-]), "invalid character in revision number"
    /// (outside [A-Za-z0-9.+~]). dpkg --compare-versions still compares such versions.
    std::string_view warning;
};

/// Splits `text` after dropping ASCII blanks (space, \t, \n, \r, \v, \f) around it. The epoch
/// must be at most INT_MAX, as dpkg stores it in an int.
VersionParts split_version(std::string_view text);

}  // namespace berth::deb

// SPDX-License-Identifier: Apache-2.0
// One factory per scheme file (src/vuln/version/<stem>.cpp defines make_<stem>()), used by the
// list in scheme.cpp, plus the few scheme-specific helpers that tests and matchers need beyond
// Scheme::compare (exact upstream semantics where a scheme has more than one mode).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "vuln/version/version.hpp"

namespace berth::vuln::version {

std::unique_ptr<Scheme> make_apk();       // apk.cpp
std::unique_ptr<Scheme> make_cargo();     // semver.cpp (strict SemVer 2.0.0)
std::unique_ptr<Scheme> make_dpkg();      // dpkg.cpp
std::unique_ptr<Scheme> make_go();        // go.cpp
std::unique_ptr<Scheme> make_maven();     // maven.cpp
std::unique_ptr<Scheme> make_npm();       // semver.cpp (node-semver)
std::unique_ptr<Scheme> make_nuget();     // nuget.cpp
std::unique_ptr<Scheme> make_pep440();    // pep440.cpp
std::unique_ptr<Scheme> make_rpm();       // rpm.cpp
std::unique_ptr<Scheme> make_rubygems();  // rubygems.cpp
std::unique_ptr<Scheme> make_semver();    // semver.cpp (OSV's lenient SemVer-like ordering)

/// A dpkg version split into its parts (views into the input).
struct DpkgVersion {
    std::string_view epoch;     ///< digits, "" when absent (= 0)
    std::string_view upstream;  ///< never empty
    std::string_view revision;  ///< "" when absent
};
/// Parses like dpkg's parseversion(): surrounding blanks ignored; errors (InvalidArgument) for
/// empty, embedded blanks, bad epoch, empty upstream/revision, upstream not starting with a
/// digit and characters outside [A-Za-z0-9.+~-:] (upstream) / [A-Za-z0-9.+~] (revision).
/// `lenient` accepts the characters dpkg only warns about, as `dpkg --compare-versions` does
/// (but not an upstream that does not start with a digit: that is garbage, not a version).
Result<DpkgVersion> parse_dpkg(std::string_view v, bool lenient = false);

/// apk-tools 3 version_match(): `op` is one of < <= = >= > ~ <~ >~ (fuzzy '~' matches a prefix
/// of components: 3.6.9 ~ 3.6). Never fails: apk compares invalid versions too.
bool apk_match(std::string_view a, std::string_view op, std::string_view b);

/// rpm's rpmvercmp() on two bare version (or release) strings, no epoch/release split.
int rpm_vercmp(std::string_view a, std::string_view b);

/// golang.org/x/mod/semver.Compare exactly: the leading "v" is required, invalid versions are
/// equal to each other and less than every valid one.
int go_xmod_compare(std::string_view a, std::string_view b);
/// rpm's rpmvercmp() on two bare version (or release) strings, no epoch/release split.
int rpm_vercmp(std::string_view a, std::string_view b);

/// golang.org/x/mod/semver.Canonical: "" for an invalid version ("v1.2" → "v1.2.0").
std::string go_xmod_canonical(std::string_view v);

/// node-semver parse options.
struct NpmOptions {
    bool loose = false;               ///< node-semver `loose`
    bool include_prerelease = false;  ///< node-semver `includePrerelease` (ranges only)
};
/// node-semver `compare(a, b, {loose})`.
Result<int> npm_compare(std::string_view a, std::string_view b, NpmOptions opt);

/// node-semver `satisfies(version, range, options)`: false when no set matches; InvalidArgument
/// for a version or range node-semver would refuse.
Result<bool> npm_satisfies(std::string_view version, std::string_view range, NpmOptions opt);

/// PyPI's ordering as OSV and pip < 22 apply it: PEP 440 versions, and any other string as a
/// packaging 21 LegacyVersion that sorts before every PEP 440 version. Never fails.
int pypi_legacy_compare(std::string_view a, std::string_view b);
/// The PEP 440 normal form ("1.0-ALPHA1" → "1.0a1"), or InvalidArgument.
Result<std::string> pep440_normalize(std::string_view v);

}  // namespace berth::vuln::version

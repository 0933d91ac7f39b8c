// SPDX-License-Identifier: Apache-2.0
// The one internal advisory model, shaped after OSV (https://ossf.github.io/osv-schema/).
// Every importer (OSV, Debian tracker, Ubuntu CVE tracker, Alpine secdb) produces these;
// the database stores them; the matcher reads them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace berth::vuln {

/// One event of an OSV range, in the order given by the source.
struct RangeEvent {
    enum class Kind { Introduced, Fixed, LastAffected, Limit };
    Kind kind = Kind::Introduced;
    std::string value;  ///< a version of the range's scheme; "0" for introduced means "all"
};

/// An OSV `ranges[]` element. Git ranges are kept but never match installed packages.
struct Range {
    enum class Type { Ecosystem, Semver, Git };
    Type type = Type::Ecosystem;
    std::vector<RangeEvent> events;
};

/// What the source says about a package that is listed as affected.
/// OSV ranges always mean Affected (the fix, if any, is a `fixed` event); the distro trackers
/// also state "vulnerable, but the distro will not fix it" and "not affected".
enum class FixState {
    Affected,     ///< vulnerable; fixed in the version given by a `fixed` event when there is one
    WillNotFix,   ///< vulnerable, the distro decided not to fix (Debian no-dsa/ignored, Ubuntu
                  ///< ignored for another reason than end of life)
    NotAffected,  ///< the distro states this package was never vulnerable
    EndOfLife,    ///< vulnerable, and the release is past its support: no fix will come (Debian
                ///< <end-of-life>, Ubuntu ignored "reached end-of-life"/"out of standard support")
    FixDeferred,  ///< vulnerable, the fix is postponed to a later update (Debian <postponed> and
                  ///< nodsa_reason postponed, Ubuntu deferred)
};
// Values are stored as integers in the advisory database: append, never renumber.

/// A package an advisory applies to, within one ecosystem.
struct Affected {
    /// OSV ecosystem with the release for OS ecosystems: "Debian:12", "Ubuntu:18.04",
    /// "Alpine:v3.10", "AlmaLinux:9", "crates.io", "Go", "PyPI", "npm", "Maven", …
    std::string ecosystem;
    /// Package name as the source keys it: the *source* package for Debian/Ubuntu, the
    /// package (or source rpm name where the source says so) for rpm distros, origin for Alpine.
    std::string package;
    std::string purl;  ///< when the source gives one
    std::vector<Range> ranges;
    std::vector<std::string> versions;  ///< explicit affected versions (OSV `versions`)
    FixState state = FixState::Affected;
    std::string severity;  ///< distro's own rating when given: "low", "medium", "high", "critical",
                           ///< "unimportant", "negligible"…
    std::string note;      ///< free text from the tracker (e.g. Debian "[bookworm] - pkg <no-dsa>
                           ///< (Minor issue)")
};

/// A CVSS (or other) severity statement, OSV `severity[]`.
struct Severity {
    std::string type;   ///< "CVSS_V2", "CVSS_V3", "CVSS_V4", "Ubuntu", "Debian"…
    std::string score;  ///< the vector string for CVSS types, else the rating
};

struct Reference {
    std::string type;  ///< OSV reference type: ADVISORY, WEB, FIX, REPORT, PACKAGE, …
    std::string url;
};

struct Advisory {
    std::string id;      ///< "CVE-2021-3711", "DSA-4963-1", "RUSTSEC-2021-0001", "ALSA-2023:1234"
    std::string source;  ///< importer that produced it: "osv", "debian-dsa", "debian-dla",
                         ///< "debian-tracker", "ubuntu-uct", "alpine-secdb"
    std::vector<std::string>
        aliases;  ///< other ids of the same flaw (CVE, GHSA, DSA…), sorted, unique, without id
    std::vector<std::string> related;  ///< OSV `related`
    std::string summary;
    std::string details;
    std::string published;  ///< RFC 3339 as given, may be empty
    std::string modified;   ///< RFC 3339 as given, may be empty
    std::string withdrawn;  ///< RFC 3339 as given; withdrawn advisories never match
    std::vector<Severity> severity;
    std::vector<Affected> affected;
    std::vector<Reference> references;
};

}  // namespace berth::vuln

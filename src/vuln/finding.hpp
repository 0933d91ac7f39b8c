// SPDX-License-Identifier: Apache-2.0
// What matching produces: one Finding per (package, vulnerability) with every id of the flaw.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace berth::vuln {

/// A finding's state, after the distro's statements (Trivy's "status" column).
enum class FindingStatus {
    Fixed,        ///< a fixed version exists; upgrading to it removes the finding
    Affected,     ///< vulnerable, no fix published yet
    WillNotFix,   ///< vulnerable, the distro decided not to fix (Debian no-dsa/ignored…)
    EndOfLife,    ///< vulnerable, the release is past its support: no fix will come
    FixDeferred,  ///< vulnerable, the distro postponed the fix to a later update
};

/// Normalized severity, the order users gate on.
enum class Level { Unknown, Low, Medium, High, Critical };

/// A CVSS base score computed by berth from a vector the advisory gives.
struct Cvss {
    std::string version;  ///< "2.0", "3.0", "3.1", "4.0"
    std::string vector;   ///< as given, e.g. "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
    double base_score = 0;
    std::string source;  ///< id of the advisory that gave it
};

/// Why a finding is not reported as active (set by --ignorefile or --vex).
struct Suppression {
    std::string kind;           ///< "ignorefile" or "vex"
    std::string statement;      ///< VEX status ("not_affected", "fixed") or the ignore entry's id
    std::string justification;  ///< VEX justification / ignore-file statement, may be empty
    std::string source;         ///< file that suppressed it
};

struct Finding {
    std::string id;  ///< primary id: the CVE when there is one, else the first id
    std::vector<std::string>
        aliases;  ///< every other id of the flaw (DSA, DLA, GHSA, OSV ids), sorted
    std::size_t package_index = 0;  ///< index into Inventory::packages
    std::string installed_version;
    std::string fixed_version;  ///< "" when there is no fix (several fixes joined by ", ")
    FindingStatus status = FindingStatus::Affected;
    Level level = Level::Unknown;  ///< from CVSS when computed, else the distro's rating
    std::vector<Cvss> cvss;        ///< highest version first
    std::string distro_severity;  ///< the distro's own word ("high", "unimportant"…), may be empty
    std::string title;
    std::string description;
    std::vector<std::string> references;  ///< URLs, sorted, unique
    std::vector<std::string> sources;  ///< advisory sources that contributed ("osv", "debian-dsa"…)
    std::string ecosystem;             ///< the advisory ecosystem matched, e.g. "Debian:12"
    std::string matched_by;            ///< "source-package" or "package"
    std::optional<Suppression> suppressed;
};

std::string_view level_name(Level l);           ///< "UNKNOWN", "LOW", "MEDIUM", "HIGH", "CRITICAL"
std::string_view status_name(FindingStatus s);  ///< "fixed", "affected", "will_not_fix",
                                                ///< "end_of_life", "fix_deferred"

}  // namespace berth::vuln

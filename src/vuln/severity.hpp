// SPDX-License-Identifier: Apache-2.0
// A finding's severity: the distro's own rating where the advisory gives one (it knows how the
// package is built and used, as Trivy's "vendor severity"), else the rating of the highest CVSS
// version whose base score berth computes from the vector.
#pragma once

#include <optional>
#include <string_view>

#include "vuln/advisory.hpp"
#include "vuln/finding.hpp"

namespace berth::vuln {

/// A CVSS entry for an OSV severity statement of type CVSS_V2/V3/V4 (score computed from the
/// vector), or nullopt for other types and vectors that do not parse.
std::optional<Cvss> cvss_from_severity(const Severity& severity, std::string_view advisory_id);

/// Level of a distro rating word: Debian urgency ("unimportant", "low", "medium", "high"),
/// Ubuntu priority ("negligible", "low", "medium", "high", "critical"), OSV/GHSA words.
Level level_from_word(std::string_view word);

/// Sorts and de-duplicates f.cvss (highest version first) and sets f.level.
void finish_severity(Finding& f);

}  // namespace berth::vuln

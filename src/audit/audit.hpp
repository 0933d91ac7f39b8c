// SPDX-License-Identifier: Apache-2.0
// Runs the CIS Docker checks over collected facts and turns the results into a report.
//
// Results are check::RuleResult (src/check/rule.hpp): `rule` points at the check's RuleInfo (id
// "cis-docker/2.2"; cis::number() gives "2.2"), `message` is the verdict's first detail line and
// `details` the rest. They are rendered by the shared writers (src/report/audit.cpp keeps
// docker-bench's tags PASS, WARN, INFO, NOTE, SKIP and numbering in the table).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "audit/cis_docker/check.hpp"
#include "check/rule.hpp"
#include "core/result.hpp"
#include "report/report.hpp"

namespace berth::audit {

/// Which checks to run and which may fail the run.
struct Selection {
    std::vector<std::string> only;     ///< CIS numbers or prefixes ("5" = section 5); empty = all
    std::vector<std::string> exclude;  ///< numbers or prefixes to skip
};

/// True when CIS number `id` is `pattern` or lies under it ("5.1" under "5", not under "5.1"
/// for "5.10").
bool id_matches(const std::string& id, const std::string& pattern);

/// Runs the selected checks in id order; one RuleResult per check. Errors: InvalidArgument when
/// a --check/--exclude pattern matches no check (a typo would otherwise silently audit nothing).
Result<std::vector<check::RuleResult>> run_checks(const HostFacts& facts,
                                                  const Selection& selection);

/// docker-bench's score: +1 per scored Pass, -1 per scored Fail.
int score(const std::vector<check::RuleResult>& results);

/// True when a scored check failed at CIS level >= `level`.
bool gate_failed(const std::vector<check::RuleResult>& results, int level);

/// The audit as a report of kind Audit for the shared writers (src/report/): the results, the
/// root, the daemon as found, CIS section titles, the score; facts.warnings become diagnostics.
report::Report to_report(std::vector<check::RuleResult> results, const HostFacts& facts);

}  // namespace berth::audit

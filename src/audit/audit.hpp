// SPDX-License-Identifier: Apache-2.0
// Runs the CIS Docker checks over collected facts and renders the results (text, json, SARIF).
//
// Results are check::RuleResult (src/check/rule.hpp): `rule` points at the check's RuleInfo (id
// "cis-docker/2.2"; cis::number() gives "2.2"), `message` is the verdict's first detail line and
// `details` the rest. The renderers below are audit's own until the shared report writers take
// over; they keep docker-bench's tags (PASS, WARN, INFO, NOTE, SKIP) and numbering.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "audit/cis_docker/check.hpp"
#include "check/rule.hpp"
#include "core/result.hpp"

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

/// docker-bench's tag of a result: Pass "PASS", Fail "WARN", Info "INFO" (or "NOTE" for a manual
/// check, whose message starts "manual check: "), Skipped "SKIP", Error "ERROR".
std::string_view docker_bench_tag(const check::RuleResult& result);

/// The message and the details of a result, in order (empty lines left out).
std::vector<std::string> detail_lines(const check::RuleResult& result);

/// How the text report looks.
struct TextOptions {
    bool color = false;  ///< ANSI colours per tag (the CLI decides: a terminal and no NO_COLOR)
};

/// docker-bench-like text: a header naming the root and the daemon (said once: checks that need
/// an unreachable daemon are SKIP "needs the Docker daemon"), section headers, "[WARN] 2.2 -
/// title", details indented, the remediation under each WARN, counts and the score.
std::string render_text(const std::vector<check::RuleResult>& results, const HostFacts& facts,
                        const TextOptions& options = {});

/// JSON: {"benchmark", "root", "daemon", "warnings", "checks": [{id (CIS number), rule,
/// title, result (docker-bench tag), outcome, severity, level, automated, scored, details,
/// remediation}], "score"}; canonical (sorted keys, 2 spaces, final newline).
std::string render_json(const std::vector<check::RuleResult>& results, const HostFacts& facts);

/// SARIF 2.1.0: one rule per check (ruleId "cis-docker/ID"), one result per check with kind
/// pass/fail/review/informational/notApplicable; Fail is level "warning".
std::string render_sarif(const std::vector<check::RuleResult>& results, const HostFacts& facts);

}  // namespace berth::audit

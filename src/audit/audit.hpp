// SPDX-License-Identifier: Apache-2.0
// Runs the CIS Docker checks over collected facts and renders the results (text, json, SARIF).
#pragma once

#include <string>
#include <vector>

#include "audit/cis_docker/check.hpp"
#include "core/result.hpp"

namespace berth::audit {

/// Which checks to run and which may fail the run.
struct Selection {
    std::vector<std::string> only;     ///< ids or id prefixes ("5" = section 5); empty = all
    std::vector<std::string> exclude;  ///< ids or prefixes to skip
};

/// One check's result.
struct CheckResult {
    cis::CheckInfo info;
    cis::Verdict verdict;
};

/// True when `id` is `pattern` or lies under it ("5.1" under "5", not under "5.1" for "5.10").
bool id_matches(const std::string& id, const std::string& pattern);

/// Runs the selected checks in id order. Errors: InvalidArgument when a --check/--exclude
/// pattern matches no check (a typo would otherwise silently audit nothing).
Result<std::vector<CheckResult>> run_checks(const HostFacts& facts, const Selection& selection);

/// docker-bench's score: +1 per scored PASS, -1 per scored WARN.
int score(const std::vector<CheckResult>& results);

/// True when a scored check WARNed at CIS level >= `level`.
bool gate_failed(const std::vector<CheckResult>& results, int level);

/// docker-bench-like text: section headers, "[WARN] 2.2 - title", details indented, score.
std::string render_text(const std::vector<CheckResult>& results, const HostFacts& facts);

/// JSON: {"benchmark", "root", "daemon", "checks": [{id, title, result, level, automated,
/// scored, details, remediation}], "score"}; canonical (sorted keys, 2 spaces, final newline).
std::string render_json(const std::vector<CheckResult>& results, const HostFacts& facts);

/// SARIF 2.1.0: one rule per check (ruleId "cis-docker/ID"), one result per check with kind
/// pass/fail/review/informational; WARN is level "warning".
std::string render_sarif(const std::vector<CheckResult>& results, const HostFacts& facts);

}  // namespace berth::audit

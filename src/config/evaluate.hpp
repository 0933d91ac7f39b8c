// SPDX-License-Identifier: Apache-2.0
// `berth config`'s engine: runs the runtime rules (registry.cpp) over containers and turns each
// failure into a check::RuleResult (outcome Fail; location: the compose file:line:column of the
// key the rule is about, or the inspect file; the container or service as the object).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "check/rule.hpp"
#include "config/model.hpp"
#include "config/rule.hpp"
#include "core/result.hpp"

namespace berth::config {

/// True when `id` names the rule: "runtime/RT001" or "RT001" (case-insensitive).
bool rule_matches(const check::RuleInfo& info, std::string_view id);

/// Every rule except those `ignore` names. Errors: InvalidArgument naming an id that matches
/// no rule.
Result<std::vector<Rule>> select_rules(const std::vector<std::string>& ignore);

/// Where a finding of `rule` on `c` points: the first of the rule's keys the service sets, else
/// the service (compose); the file (inspect); nothing but the object (live).
check::Location locate(const Container& c, const Rule& rule);

/// Every failure, in rule order, then container order. Results point into static rule
/// metadata.
std::vector<check::RuleResult> evaluate(const std::vector<Container>& containers,
                                        const std::vector<Rule>& rules);

}  // namespace berth::config

// SPDX-License-Identifier: Apache-2.0
// Runtime-settings rules on the rule framework (src/check/): each rule file under rules/ holds a
// `constexpr check::RuleInfo kInfo` (id "runtime/RT###", references to the CIS Docker Benchmark
// v1.6 number and the equivalent Trivy Kubernetes id) and a pure judgement of one container's
// settings (most of them the shared judge.hpp function its CIS §5 audit check also calls);
// registry.cpp is the one sorted list (make_<file stem>()).
#pragma once

#include <string_view>
#include <vector>

#include "check/rule.hpp"
#include "check/rule_kind.hpp"
#include "config/judge.hpp"
#include "config/model.hpp"

namespace berth::config {

using check::Reference;
using check::Severity;

/// Judges one container: why it fails the rule, nullopt when it passes.
using JudgeFn = judge::Why (*)(const Container&);

/// One rule: its metadata (static storage), the Compose keys a finding points at (comma
/// separated, the first one the service sets wins; none set → the service itself) and its
/// judgement.
struct Rule {
    const check::RuleInfo* info = nullptr;
    std::string_view keys;
    JudgeFn judge = nullptr;
};

/// Every rule, sorted by id (check::id_less). The one hand-kept list is registry.cpp.
std::vector<Rule> all_rules();

/// Version of the runtime rule set, bumped when a rule's judgement changes.
inline constexpr unsigned kRulesVersion = 1;

/// The "runtime" rule kind (list: all_rules()).
const check::RuleKind& rule_kind();

}  // namespace berth::config

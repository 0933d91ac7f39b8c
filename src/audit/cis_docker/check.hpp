// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 checks on the rule framework (src/check/): each check is a
// `constexpr check::RuleInfo` (id "cis-docker/<CIS number>") plus a pure judge over HostFacts.
//
// docker-bench-security's results map onto check::Outcome: PASS → Pass, WARN → Fail,
// INFO and NOTE → Info, SKIP → Skipped. The text report prints docker-bench's tags back
// ("[WARN] 2.2 - title"; NOTE for an Info whose message starts "manual check: ").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "audit/collect/host_facts.hpp"
#include "check/rule.hpp"
#include "check/rule_kind.hpp"

namespace berth::audit::cis {

using check::Outcome;
using check::Severity;

/// What a check decided and why (details name containers, files, values; the first one becomes
/// the result's message).
struct Verdict {
    Outcome result = Outcome::Info;
    std::vector<std::string> details;
};

/// A judge: a pure function of the facts.
using JudgeFn = Verdict (*)(const HostFacts&);

/// One check: its description (static storage) and its judge.
struct Check {
    const check::RuleInfo* info = nullptr;
    JudgeFn judge = nullptr;
};

/// Every check, sorted by id (check::id_less). The one hand-kept list is registry.cpp.
std::vector<Check> all_checks();

/// Version of the CIS Docker check set (the benchmark mapping and the HostFacts it judges):
/// bumped when any check's judgement changes (shown by `berth plugins`). 2: on the rule
/// framework; 1.1.3–1.1.18 and 2.9 judged as docker-bench; SKIP without a daemon; C.1 dropped.
inline constexpr int kChecksVersion = 2;
/// The CIS Docker Benchmark release the checks follow.
inline constexpr std::string_view kBenchmark = "CIS Docker Benchmark v1.6.0";

/// The "cis-docker" rule kind: its list is all_checks().
const check::RuleKind& rule_kind();

/// The CIS number of a check: "cis-docker/2.2" → "2.2" (docker-bench's numbering).
std::string_view number(const check::RuleInfo& info);

/// Orders CIS numbers "1.1.2" < "1.1.10" < "2.1" < "C.1" (check::id_less).
bool id_less(std::string_view a, std::string_view b);

}  // namespace berth::audit::cis

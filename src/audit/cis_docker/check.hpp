// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 checks: metadata plus a pure judge over HostFacts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "audit/collect/host_facts.hpp"

namespace berth::audit::cis {

/// A check's outcome, as docker-bench-security prints it.
enum class Outcome { Pass, Warn, Info, Note, Skip };

/// "PASS", "WARN", "INFO", "NOTE", "SKIP".
std::string_view outcome_name(Outcome outcome);

/// What a check decided and why (details name containers, files, values).
struct Verdict {
    Outcome result = Outcome::Info;
    std::vector<std::string> details;
};

/// A check's fixed description, a constexpr block at the top of each check file.
struct CheckInfo {
    std::string_view id;  ///< CIS number as docker-bench numbers it: "2.2", "C.5.3.1"
    std::string_view title;
    int level = 1;          ///< CIS profile level 1 or 2
    bool automated = true;  ///< CIS "Automated" (false: "Manual")
    bool scored = true;     ///< counts in the score and for --exit-code
    std::string_view rationale;
    std::string_view remediation;
};

/// A judge: a pure function of the facts.
using JudgeFn = Verdict (*)(const HostFacts&);

/// One check: its description and its judge.
struct Check {
    CheckInfo info;
    JudgeFn judge = nullptr;
};

/// Every check, sorted by id (numerically per dotted part, letters after digits). The one
/// hand-kept list is registry.cpp.
std::vector<Check> all_checks();

/// Version of the CIS Docker check set (the benchmark mapping and the HostFacts it judges):
/// bumped when any check's judgement changes (shown by `berth plugins`).
inline constexpr int kChecksVersion = 1;
/// The CIS Docker Benchmark release the checks follow.
inline constexpr std::string_view kBenchmark = "CIS Docker Benchmark v1.6.0";

/// Orders ids "1.1.2" < "1.1.10" < "2.1" < "C.1": numeric parts compare as numbers.
bool id_less(std::string_view a, std::string_view b);

}  // namespace berth::audit::cis

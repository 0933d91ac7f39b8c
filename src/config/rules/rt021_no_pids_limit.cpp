// SPDX-License-Identifier: Apache-2.0
// RT021 (CIS Docker 1.6 5.29): Limit the number of processes. The judgement is shared with the
// audit (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.29"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT021",
    .title = "Limit the number of processes",
    .severity = Severity::Low,
    .description =
        "Without a PIDs limit a fork bomb in one container exhausts the host's process table.",
    .remediation = "Set `pids_limit` or `deploy.resources.limits.pids` (`--pids-limit`).",
    .references = kRefs,
};

judge::Why evaluate(const Container& c) {
    return judge::no_pids_limit(c.settings);
}

}  // namespace

Rule make_rt021_no_pids_limit() {
    return {&kInfo, "pids_limit,deploy", &evaluate};
}

}  // namespace berth::config

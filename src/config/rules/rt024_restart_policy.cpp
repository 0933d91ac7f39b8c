// SPDX-License-Identifier: Apache-2.0
// RT024 (CIS Docker 1.6 5.15): Cap restarts of a failing container. The judgement is shared with
// the audit (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.15"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT024",
    .title = "Cap restarts of a failing container",
    .severity = Severity::Low,
    .description =
        "Restarting forever (always, unless-stopped, on-failure without a cap) hides crashes and "
        "can amplify a denial of service.",
    .remediation =
        "Use `restart: on-failure:5` (or `deploy.restart_policy.max_attempts: 5`), or no restart.",
    .references = kRefs,
};

judge::Why evaluate(const Container& c) {
    return judge::restart_policy(c.settings);
}

}  // namespace

Rule make_rt024_restart_policy() {
    return {&kInfo, "restart,deploy", &evaluate};
}

}  // namespace berth::config

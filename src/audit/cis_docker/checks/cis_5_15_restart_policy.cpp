// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.15: Ensure that the 'on-failure' container restart policy is set to
// '5'.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.15",
    .title = "Ensure that the 'on-failure' container restart policy is set to '5'",
    .severity = Severity::Low,
    .description =
        "Restarting forever hides crashes and can amplify a denial of service; on-failure with a "
        "limit does not.",
    .remediation = "Use --restart on-failure:5 (or no restart).",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    return judge_containers(f, [](const ContainerFacts& c) -> std::optional<std::string> {
        if (c.restart_policy == "always" || c.restart_policy == "unless-stopped")
            return "restart policy " + c.restart_policy;
        if (c.restart_policy == "on-failure" && (c.restart_max == 0 || c.restart_max > 5)) {
            return "restart policy on-failure:" + std::to_string(c.restart_max);
        }
        return std::nullopt;
    });
}

}  // namespace

Check make_cis_5_15_restart_policy() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

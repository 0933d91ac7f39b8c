// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.29: Ensure that the PIDs cgroup limit is used.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.29",
    .title = "Ensure that the PIDs cgroup limit is used",
    .severity = Severity::Low,
    .description = "Without a PIDs limit a fork bomb in one container takes down the host.",
    .remediation = "Run with --pids-limit.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    return judge_containers(f, [](const ContainerFacts& c) -> std::optional<std::string> {
        if (!c.pids_limit || *c.pids_limit <= 0) return std::string("no PIDs limit");
        return std::nullopt;
    });
}

}  // namespace

Check make_cis_5_29_pids_limit() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

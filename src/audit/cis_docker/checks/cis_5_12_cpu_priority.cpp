// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.12: Ensure that CPU priority is set appropriately on containers.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.12",
    .title = "Ensure that CPU priority is set appropriately on containers",
    .severity = Severity::Low,
    .description = "Without CPU shares or limits one container can take all CPU time.",
    .remediation = "Set --cpu-shares, --cpus or --cpu-quota.",
    .level = 2,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    return judge_containers(f, [](const ContainerFacts& c) -> std::optional<std::string> {
        const bool shares = c.cpu_shares != 0 && c.cpu_shares != 1024;
        if (!shares && c.nano_cpus <= 0 && c.cpu_quota <= 0)
            return std::string("no CPU shares or limit");
        return std::nullopt;
    });
}

}  // namespace

Check make_cis_5_12_cpu_priority() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.20: Ensure mount propagation mode is not set to shared.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.20",
    .title = "Ensure mount propagation mode is not set to shared",
    .severity = Severity::Medium,
    .description = "Shared mount propagation lets mounts made in the container appear on the host.",
    .remediation = "Do not use shared or rshared propagation on mounts.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    return judge_containers(f, [](const ContainerFacts& c) -> std::optional<std::string> {
        for (const auto& m : c.mounts) {
            if (m.propagation == "shared" || m.propagation == "rshared")
                return m.destination + " has " + m.propagation + " propagation";
        }
        return std::nullopt;
    });
}

}  // namespace

Check make_cis_5_20_mount_propagation() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.10: Ensure that the host's network namespace is not shared.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.10",
    .title = "Ensure that the host's network namespace is not shared",
    .severity = Severity::Medium,
    .description =
        "With the host's network namespace a container can bind any port and watch host traffic.",
    .remediation = "Do not use --network host.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    return judge_containers(f, [](const ContainerFacts& c) -> std::optional<std::string> {
        if (c.network_mode == "host") return std::string("uses the host network namespace");
        return std::nullopt;
    });
}

}  // namespace

Check make_cis_5_10_host_network() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

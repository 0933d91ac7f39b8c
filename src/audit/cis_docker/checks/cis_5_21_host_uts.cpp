// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.21: Ensure that the host's UTS namespace is not shared.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.21",
    .title = "Ensure that the host's UTS namespace is not shared",
    .severity = Severity::Low,
    .description = "With the host's UTS namespace a container can change the host name.",
    .remediation = "Do not use --uts host.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    return judge_containers(f, [](const ContainerFacts& c) -> std::optional<std::string> {
        if (c.uts_mode == "host") return std::string("uses the host UTS namespace");
        return std::nullopt;
    });
}

}  // namespace

Check make_cis_5_21_host_uts() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

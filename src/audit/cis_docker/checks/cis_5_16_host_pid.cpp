// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.16: Ensure that the host's process namespace is not shared.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.16",
    .title = "Ensure that the host's process namespace is not shared",
    .severity = Severity::Medium,
    .description =
        "With the host's PID namespace a container sees and can signal every host process.",
    .remediation = "Do not use --pid host.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    return judge_containers(f, [](const ContainerFacts& c) -> std::optional<std::string> {
        if (c.pid_mode == "host") return std::string("uses the host PID namespace");
        return std::nullopt;
    });
}

}  // namespace

Check make_cis_5_16_host_pid() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

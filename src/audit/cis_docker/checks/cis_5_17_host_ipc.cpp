// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.17: Ensure that the host's IPC namespace is not shared.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.17",
    .title = "Ensure that the host's IPC namespace is not shared",
    .severity = Severity::Medium,
    .description = "With the host's IPC namespace a container reaches host shared memory.",
    .remediation = "Do not use --ipc host.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    return judge_containers(f, [](const ContainerFacts& c) -> std::optional<std::string> {
        if (c.ipc_mode == "host") return std::string("uses the host IPC namespace");
        return std::nullopt;
    });
}

}  // namespace

Check make_cis_5_17_host_ipc() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

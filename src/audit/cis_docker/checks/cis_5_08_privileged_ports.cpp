// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.8: Ensure privileged ports are not mapped within containers.
#include <cstdlib>

#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.8",
    .title = "Ensure privileged ports are not mapped within containers",
    .severity = Severity::Medium,
    .description =
        "Ports below 1024 are privileged on the host; mapping to them lets a container pose as a "
        "system service.",
    .remediation = "Publish containers on host ports 1024 and above.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    return judge_containers(f, [](const ContainerFacts& c) -> std::optional<std::string> {
        std::string hits;
        for (const auto& p : c.ports) {
            if (p.host_port.empty()) continue;
            const long port = std::strtol(p.host_port.c_str(), nullptr, 10);
            if (port > 0 && port < 1024)
                hits += (hits.empty() ? "" : ", ") + p.host_port + "->" + p.container_port;
        }
        if (!hits.empty()) return "maps privileged host port(s) " + hits;
        return std::nullopt;
    });
}

}  // namespace

Check make_cis_5_08_privileged_ports() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

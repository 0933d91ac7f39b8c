// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.9: Ensure that only needed ports are open on the container.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.9",
    .title = "Ensure that only needed ports are open on the container",
    .severity = Severity::Low,
    .description = "Every published port is reachable attack surface.",
    .remediation = "Publish only the ports the service needs; review `docker port`.",
    .level = 1,
    .automated = false,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    return judge_containers(f, [](const ContainerFacts& c) -> std::optional<std::string> {
        std::string hits;
        for (const auto& p : c.ports)
            hits += (hits.empty() ? "" : ", ") +
                    (p.host_ip.empty() ? std::string("0.0.0.0") : p.host_ip) + ":" + p.host_port +
                    "->" + p.container_port;
        if (!hits.empty()) return "publishes " + hits + " (confirm each is needed)";
        return std::nullopt;
    });
}

}  // namespace

Check make_cis_5_09_needed_ports() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.14: Ensure that incoming container traffic is bound to a specific
// host interface.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.14",
    .title = "Ensure that incoming container traffic is bound to a specific host interface",
    .severity = Severity::Medium,
    .description =
        "A port published on every interface is reachable from every network the host is on.",
    .remediation = "Publish ports on a specific address: -p 127.0.0.1:8080:8080.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    return judge_containers(f, [](const ContainerFacts& c) -> std::optional<std::string> {
        std::string hits;
        for (const auto& p : c.ports) {
            if (p.host_ip.empty() || p.host_ip == "0.0.0.0" || p.host_ip == "::")
                hits += (hits.empty() ? "" : ", ") + p.container_port;
        }
        if (!hits.empty()) return "port(s) " + hits + " bound to every host interface";
        return std::nullopt;
    });
}

}  // namespace

Check make_cis_5_14_bind_host_interface() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

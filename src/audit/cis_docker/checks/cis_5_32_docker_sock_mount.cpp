// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.32: Ensure that the Docker socket is not mounted inside any
// containers.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.32",
    .title = "Ensure that the Docker socket is not mounted inside any containers",
    .severity = Severity::High,
    .description =
        "The Docker socket inside a container gives it full control of the daemon, hence the host.",
    .remediation = "Never mount docker.sock into containers.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    return judge_containers(f, [](const ContainerFacts& c) -> std::optional<std::string> {
        for (const auto& m : c.mounts) {
            const auto ends = [](const std::string& s) {
                return s.size() >= 11 && s.compare(s.size() - 11, 11, "docker.sock") == 0;
            };
            if (ends(m.source) || ends(m.destination))
                return "mounts " + m.source + " at " + m.destination;
        }
        return std::nullopt;
    });
}

}  // namespace

Check make_cis_5_32_docker_sock_mount() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

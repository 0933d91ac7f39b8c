// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.7: Ensure sshd is not run within containers.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.7",
    .title = "Ensure sshd is not run within containers",
    .severity = Severity::Medium,
    .description =
        "An SSH daemon in a container is one more service to secure and bypasses docker exec "
        "auditing.",
    .remediation = "Remove sshd from the image; use docker exec.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    return judge_containers(f, [](const ContainerFacts& c) -> std::optional<std::string> {
        if (!c.top_collected) return std::nullopt;
        for (const auto& p : c.processes) {
            const auto first = p.substr(0, p.find(' '));
            if (first.size() >= 4 && first.compare(first.size() - 4, 4, "sshd") == 0)
                return "runs " + p;
        }
        return std::nullopt;
    });
}

}  // namespace

Check make_cis_5_07_no_sshd() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.25: Ensure that cgroup usage is confirmed.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.25",
    .title = "Ensure that cgroup usage is confirmed",
    .severity = Severity::Low,
    .description =
        "A container in a custom cgroup parent escapes the limits set for Docker's cgroup.",
    .remediation = "Do not use --cgroup-parent unless it is intended.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    return judge_containers(f, [](const ContainerFacts& c) -> std::optional<std::string> {
        if (!c.cgroup_parent.empty()) return "cgroup parent " + c.cgroup_parent;
        return std::nullopt;
    });
}

}  // namespace

Check make_cis_5_25_cgroup_usage() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

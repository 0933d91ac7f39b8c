// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.5: Ensure that privileged containers are not used.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.5",
    .title = "Ensure that privileged containers are not used",
    .severity = Severity::High,
    .description =
        "A privileged container has every capability and every device: it is root on the host.",
    .remediation = "Do not run containers with --privileged.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    return judge_containers(f, [](const ContainerFacts& c) -> std::optional<std::string> {
        if (c.privileged) return std::string("privileged");
        return std::nullopt;
    });
}

}  // namespace

Check make_cis_5_05_no_privileged() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

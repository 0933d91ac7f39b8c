// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.31: Ensure that the host's user namespaces are not shared.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.31",
    .title = "Ensure that the host's user namespaces are not shared",
    .severity = Severity::Medium,
    .description = "Sharing the host's user namespace undoes user namespace remapping.",
    .remediation = "Do not use --userns host.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    return judge_containers(f, [](const ContainerFacts& c) -> std::optional<std::string> {
        if (c.userns_mode == "host") return std::string("uses the host user namespace");
        return std::nullopt;
    });
}

}  // namespace

Check make_cis_5_31_host_userns() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

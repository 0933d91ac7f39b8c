// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 2.4: Ensure Docker is allowed to make changes to iptables.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/2.4",
    .title = "Ensure Docker is allowed to make changes to iptables",
    .severity = Severity::Medium,
    .description =
        "Docker keeps iptables consistent with container networking; disabling it invites mistakes "
        "that expose ports.",
    .remediation = "Do not run dockerd with --iptables=false.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_daemon_config(f)) return *v;
    if (option_last(f, "iptables") == "false") return warn("iptables=false");
    return pass("Docker manages iptables");
}

}  // namespace

Check make_cis_2_04_iptables() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 2.16: Ensure Userland Proxy is Disabled.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/2.16",
    .title = "Ensure Userland Proxy is Disabled",
    .severity = Severity::Low,
    .description =
        "The userland proxy is an extra root process per published port; hairpin NAT does the same "
        "job.",
    .remediation = "Start dockerd with --userland-proxy=false.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_daemon_config(f)) return *v;
    if (option_last(f, "userland-proxy") == "false") return pass("userland-proxy=false");
    return warn("the userland proxy is enabled");
}

}  // namespace

Check make_cis_2_16_userland_proxy() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

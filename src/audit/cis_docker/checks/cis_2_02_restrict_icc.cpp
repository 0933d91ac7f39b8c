// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 2.2: Ensure network traffic is restricted between containers on the
// default bridge.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/2.2",
    .title = "Ensure network traffic is restricted between containers on the default bridge",
    .severity = Severity::Medium,
    .description =
        "By default all containers on the default bridge may talk to each other; an attacker in "
        "one reaches the rest.",
    .remediation = "Start dockerd with --icc=false or set \"icc\": false in daemon.json.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_daemon_config(f)) return *v;
    if (option_last(f, "icc") == "false") return pass("icc=false (" + option_source(f) + ")");
    return warn("inter-container communication on the default bridge is enabled (icc not false)");
}

}  // namespace

Check make_cis_2_02_restrict_icc() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

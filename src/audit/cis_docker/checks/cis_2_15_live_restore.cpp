// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 2.15: Ensure live restore is enabled.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/2.15",
    .title = "Ensure live restore is enabled",
    .severity = Severity::Low,
    .description =
        "Live restore keeps containers running while the daemon restarts or is upgraded.",
    .remediation = "Start dockerd with --live-restore or set \"live-restore\": true.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_daemon_config(f)) return *v;
    if (option_last(f, "live-restore") == "true" || f.engine.live_restore)
        return pass("live-restore enabled");
    if (f.engine.swarm_state == "active")
        return pass("swarm mode is active (live restore does not apply)");
    return warn("live-restore is not enabled");
}

}  // namespace

Check make_cis_2_15_live_restore() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 7.5: Ensure that swarm manager is run in auto-lock mode.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/7.5",
    .title = "Ensure that swarm manager is run in auto-lock mode",
    .severity = Severity::Medium,
    .description = "Auto-lock keeps the swarm's keys encrypted at rest on managers.",
    .remediation = "docker swarm update --autolock=true.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_engine(f)) return *v;
    if (f.engine.swarm_state != "active") return pass("swarm mode is not active");
    if (!f.engine.swarm_manager) return info("this node is not a swarm manager");
    if (f.engine.swarm_autolock) return pass("auto-lock is enabled");
    return warn("swarm auto-lock is disabled");
}

}  // namespace

Check make_cis_7_05_swarm_autolock() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

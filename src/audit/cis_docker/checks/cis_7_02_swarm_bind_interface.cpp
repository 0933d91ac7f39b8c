// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 7.2: Ensure that swarm services are bound to a specific host interface.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/7.2",
    .title = "Ensure that swarm services are bound to a specific host interface",
    .severity = Severity::Info,
    .description = "Swarm management ports listening everywhere are reachable from any network.",
    .remediation = "Initialise or join the swarm with --listen-addr on a specific interface.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_engine(f)) return *v;
    if (f.engine.swarm_state != "active") return pass("swarm mode is not active");
    return info("confirm the swarm listens on a specific interface (--listen-addr)");
}

}  // namespace

Check make_cis_7_02_swarm_bind_interface() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

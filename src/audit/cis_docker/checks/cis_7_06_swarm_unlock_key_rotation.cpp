// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 7.6: Ensure that the swarm manager auto-lock key is rotated
// periodically.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/7.6",
    .title = "Ensure that the swarm manager auto-lock key is rotated periodically",
    .severity = Severity::Info,
    .description = "A long-lived unlock key may leak.",
    .remediation = "docker swarm unlock-key --rotate periodically.",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_engine(f)) return *v;
    if (f.engine.swarm_state != "active") return pass("swarm mode is not active");
    return manual("rotate the swarm unlock key periodically");
}

}  // namespace

Check make_cis_7_06_swarm_unlock_key_rotation() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

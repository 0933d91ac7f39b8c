// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 7.1: Ensure that the minimum number of manager nodes have been created
// in a swarm.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/7.1",
    .title = "Ensure that the minimum number of manager nodes have been created in a swarm",
    .severity = Severity::Low,
    .description =
        "Managers hold the cluster state; an even or excessive number weakens the quorum.",
    .remediation = "Keep an odd number of managers (1, 3, 5 or 7).",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_engine(f)) return *v;
    if (f.engine.swarm_state != "active") return pass("swarm mode is not active");
    const int m = f.engine.swarm_managers;
    if (m % 2 == 0 || m > 7) return warn(std::to_string(m) + " manager node(s)");
    return pass(std::to_string(m) + " manager node(s)");
}

}  // namespace

Check make_cis_7_01_swarm_managers() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

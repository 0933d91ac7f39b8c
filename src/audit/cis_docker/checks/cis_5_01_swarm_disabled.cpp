// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.1: Ensure swarm mode is not Enabled, if not needed.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.1",
    .title = "Ensure swarm mode is not Enabled, if not needed",
    .severity = Severity::Medium,
    .description =
        "Swarm mode opens management ports and runs extra services when it is not needed.",
    .remediation = "docker swarm leave, if the host does not need swarm.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_engine(f)) return *v;
    if (f.engine.swarm_state == "active") return warn("swarm mode is active");
    return pass("swarm mode is " +
                (f.engine.swarm_state.empty() ? std::string("inactive") : f.engine.swarm_state));
}

}  // namespace

Check make_cis_5_01_swarm_disabled() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

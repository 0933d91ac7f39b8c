// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 7.8: Ensure that CA certificates are rotated as appropriate.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/7.8",
    .title = "Ensure that CA certificates are rotated as appropriate",
    .severity = Severity::Info,
    .description = "CA certificates should be rotated.",
    .remediation = "docker swarm ca --rotate periodically.",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_engine(f)) return *v;
    if (f.engine.swarm_state != "active") return pass("swarm mode is not active");
    return info("rotate the swarm CA periodically (docker swarm ca --rotate)");
}

}  // namespace

Check make_cis_7_08_swarm_ca_rotation() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 7.9: Ensure that management plane traffic is separated from data plane
// traffic.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/7.9",
    .title = "Ensure that management plane traffic is separated from data plane traffic",
    .severity = Severity::Info,
    .description = "Management traffic on the data network can be observed or disrupted.",
    .remediation = "Use --advertise-addr and --data-path-addr on separate interfaces.",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_engine(f)) return *v;
    if (f.engine.swarm_state != "active") return pass("swarm mode is not active");
    return info("confirm management and data traffic use separate interfaces (--data-path-addr)");
}

}  // namespace

Check make_cis_7_09_swarm_plane_separation() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

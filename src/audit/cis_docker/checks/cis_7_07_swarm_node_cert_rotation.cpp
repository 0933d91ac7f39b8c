// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 7.7: Ensure that node certificates are rotated as appropriate.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/7.7",
    .title = "Ensure that node certificates are rotated as appropriate",
    .severity = Severity::Info,
    .description = "Node certificates should expire and rotate.",
    .remediation = "docker swarm update --cert-expiry with a short period.",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_engine(f)) return *v;
    if (f.engine.swarm_state != "active") return pass("swarm mode is not active");
    if (f.engine.swarm_node_cert_expiry_ns == 0) return info("node certificate expiry unknown");
    const auto days = f.engine.swarm_node_cert_expiry_ns / (86400LL * 1000000000LL);
    return info("node certificates expire after " + std::to_string(days) + " day(s)");
}

}  // namespace

Check make_cis_7_07_swarm_node_cert_rotation() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 7.4: Ensure that Docker's secret management commands are used for
// managing secrets in a swarm cluster.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/7.4",
    .title =
        "Ensure that Docker's secret management commands are used for managing secrets in a swarm "
        "cluster",
    .severity = Severity::Info,
    .description = "Swarm secrets are encrypted and delivered only to the services that need them.",
    .remediation = "Manage secrets with docker secret.",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_engine(f)) return *v;
    if (f.engine.swarm_state != "active") return pass("swarm mode is not active");
    return info("confirm secrets are managed with docker secret");
}

}  // namespace

Check make_cis_7_04_swarm_secrets() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

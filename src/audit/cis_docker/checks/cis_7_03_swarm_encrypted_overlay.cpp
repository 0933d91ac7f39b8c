// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 7.3: Ensure that all Docker swarm overlay networks are encrypted.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/7.3",
    .title = "Ensure that all Docker swarm overlay networks are encrypted",
    .severity = Severity::Medium,
    .description =
        "Unencrypted overlay networks carry container traffic in the clear between nodes.",
    .remediation = "Create overlay networks with --opt encrypted.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_engine(f)) return *v;
    if (f.engine.swarm_state != "active") return pass("swarm mode is not active");
    Verdict v = pass("all overlay networks are encrypted");
    for (const auto& n : f.engine.networks) {
        if (n.driver == "overlay" && n.name != "ingress" && n.options.count("encrypted") == 0) {
            v.result = Outcome::Fail;
            v.details.push_back("overlay network " + n.name + " is not encrypted");
        }
    }
    return v;
}

}  // namespace

Check make_cis_7_03_swarm_encrypted_overlay() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

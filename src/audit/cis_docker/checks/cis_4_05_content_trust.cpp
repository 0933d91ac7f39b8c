// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 4.5: Ensure Content trust for Docker is Enabled.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/4.5",
    .title = "Ensure Content trust for Docker is Enabled",
    .severity = Severity::Medium,
    .description = "Content trust makes the client pull and run only signed images.",
    .remediation = "export DOCKER_CONTENT_TRUST=1 for the users and services that run docker.",
    .level = 2,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    auto it = f.environment.find("DOCKER_CONTENT_TRUST");
    if (it != f.environment.end() && it->second == "1") return pass("DOCKER_CONTENT_TRUST=1");
    return warn("DOCKER_CONTENT_TRUST is not set to 1");
}

}  // namespace

Check make_cis_4_05_content_trust() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 4.6: Ensure that HEALTHCHECK instructions have been added to container
// images.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/4.6",
    .title = "Ensure that HEALTHCHECK instructions have been added to container images",
    .severity = Severity::Low,
    .description =
        "A HEALTHCHECK lets the engine notice a container that runs but no longer works.",
    .remediation = "Add a HEALTHCHECK instruction to the Dockerfile.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_image(f)) return *v;
    if (f.image.has_healthcheck) return pass("image " + f.image.spec + " has a HEALTHCHECK");
    return warn("image " + f.image.spec + " has no HEALTHCHECK");
}

}  // namespace

Check make_cis_4_06_healthcheck() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

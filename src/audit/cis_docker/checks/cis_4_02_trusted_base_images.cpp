// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 4.2: Ensure that containers use only trusted base images.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/4.2",
    .title = "Ensure that containers use only trusted base images",
    .severity = Severity::Info,
    .description =
        "Images are the code containers run; what is in them decides what an attacker finds.",
    .remediation = "Build from trusted minimal bases, scan images and rebuild them regularly.",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& /*f*/) {
    return manual("confirm base images come from trusted sources");
}

}  // namespace

Check make_cis_4_02_trusted_base_images() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

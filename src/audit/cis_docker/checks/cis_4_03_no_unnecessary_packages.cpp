// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 4.3: Ensure that unnecessary packages are not installed in the
// container.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/4.3",
    .title = "Ensure that unnecessary packages are not installed in the container",
    .severity = Severity::Info,
    .description =
        "Images are the code containers run; what is in them decides what an attacker finds.",
    .remediation = "Build from trusted minimal bases, scan images and rebuild them regularly.",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& /*f*/) {
    return manual("review the packages installed in the image (berth sbom lists them)");
}

}  // namespace

Check make_cis_4_03_no_unnecessary_packages() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

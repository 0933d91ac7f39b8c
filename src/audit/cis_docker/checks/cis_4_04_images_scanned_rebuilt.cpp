// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 4.4: Ensure images are scanned and rebuilt to include security patches.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/4.4",
    .title = "Ensure images are scanned and rebuilt to include security patches",
    .severity = Severity::Info,
    .description =
        "Images are the code containers run; what is in them decides what an attacker finds.",
    .remediation = "Build from trusted minimal bases, scan images and rebuild them regularly.",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& /*f*/) {
    return manual("scan images for vulnerabilities and rebuild them with patches");
}

}  // namespace

Check make_cis_4_04_images_scanned_rebuilt() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

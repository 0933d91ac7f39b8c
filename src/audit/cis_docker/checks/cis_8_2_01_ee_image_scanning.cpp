// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 8.2.1: Enable image vulnerability scanning.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/8.2.1",
    .title = "Enable image vulnerability scanning",
    .severity = Severity::Info,
    .description = "Docker Enterprise (UCP/DTR) setting.",
    .remediation = "Configure it in the Docker Enterprise admin settings.",
    .level = 1,
    .automated = true,
    .scored = false,
};

Verdict judge(const HostFacts& /*f*/) {
    return info("Docker Enterprise only (DTR image scanning); berth does not audit UCP/DTR");
}

}  // namespace

Check make_cis_8_2_01_ee_image_scanning() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 8.1.5: Enable signed image enforcement.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/8.1.5",
    .title = "Enable signed image enforcement",
    .severity = Severity::Info,
    .description = "Docker Enterprise (UCP/DTR) setting.",
    .remediation = "Configure it in the Docker Enterprise admin settings.",
    .level = 1,
    .automated = true,
    .scored = false,
};

Verdict judge(const HostFacts& /*f*/) {
    return info("Docker Enterprise only (signed image enforcement); berth does not audit UCP/DTR");
}

}  // namespace

Check make_cis_8_1_05_ee_signed_image_enforcement() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

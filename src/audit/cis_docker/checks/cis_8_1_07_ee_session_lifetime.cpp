// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 8.1.7: Set the 'Lifetime Minutes' and 'Renewal Threshold Minutes'
// values to '15' or lower and '0' respectively.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/8.1.7",
    .title =
        "Set the 'Lifetime Minutes' and 'Renewal Threshold Minutes' values to '15' or lower and "
        "'0' respectively",
    .severity = Severity::Info,
    .description = "Docker Enterprise (UCP/DTR) setting.",
    .remediation = "Configure it in the Docker Enterprise admin settings.",
    .level = 1,
    .automated = true,
    .scored = false,
};

Verdict judge(const HostFacts& /*f*/) {
    return info("Docker Enterprise only (session lifetime); berth does not audit UCP/DTR");
}

}  // namespace

Check make_cis_8_1_07_ee_session_lifetime() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

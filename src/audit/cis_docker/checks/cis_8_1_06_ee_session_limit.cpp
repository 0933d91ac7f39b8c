// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 8.1.6: Set the Per-User Session Limit to a value of '3' or lower.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/8.1.6",
    .title = "Set the Per-User Session Limit to a value of '3' or lower",
    .severity = Severity::Info,
    .description = "Docker Enterprise (UCP/DTR) setting.",
    .remediation = "Configure it in the Docker Enterprise admin settings.",
    .level = 1,
    .automated = true,
    .scored = false,
};

Verdict judge(const HostFacts& /*f*/) {
    return info("Docker Enterprise only (per-user session limit); berth does not audit UCP/DTR");
}

}  // namespace

Check make_cis_8_1_06_ee_session_limit() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

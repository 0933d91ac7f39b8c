// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 8.1.4: Configure applicable cluster role-based access control policies.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/8.1.4",
    .title = "Configure applicable cluster role-based access control policies",
    .severity = Severity::Info,
    .description = "Docker Enterprise (UCP/DTR) setting.",
    .remediation = "Configure it in the Docker Enterprise admin settings.",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& /*f*/) {
    return info("Docker Enterprise only (RBAC policies); berth does not audit UCP/DTR");
}

}  // namespace

Check make_cis_8_1_04_ee_rbac() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

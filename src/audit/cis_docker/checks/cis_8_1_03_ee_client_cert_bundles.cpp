// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 8.1.3: Enforce the use of client certificate bundles for unprivileged
// users.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/8.1.3",
    .title = "Enforce the use of client certificate bundles for unprivileged users",
    .severity = Severity::Info,
    .description = "Docker Enterprise (UCP/DTR) setting.",
    .remediation = "Configure it in the Docker Enterprise admin settings.",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& /*f*/) {
    return info(
        "Docker Enterprise only (client certificate bundles); berth does not audit UCP/DTR");
}

}  // namespace

Check make_cis_8_1_03_ee_client_cert_bundles() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 4.11: Ensure only verified packages are installed.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/4.11",
    .title = "Ensure only verified packages are installed",
    .severity = Severity::Info,
    .description = "Unverified packages may be tampered with.",
    .remediation = "Install packages only from signed repositories with verification on.",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& /*f*/) {
    return manual("confirm packages are installed from verified (signed) sources");
}

}  // namespace

Check make_cis_4_11_verified_packages() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

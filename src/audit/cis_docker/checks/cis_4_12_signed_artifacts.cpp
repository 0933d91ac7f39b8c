// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 4.12: Ensure all signed artifacts are validated.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/4.12",
    .title = "Ensure all signed artifacts are validated",
    .severity = Severity::Info,
    .description = "Unsigned artifacts may be tampered with.",
    .remediation =
        "Verify signatures of every artifact the build pulls in (berth sign verifies images).",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& /*f*/) {
    return manual("confirm all signed artifacts are validated");
}

}  // namespace

Check make_cis_4_12_signed_artifacts() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

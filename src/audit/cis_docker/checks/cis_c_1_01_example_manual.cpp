// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 C.1.1: This is a example check for a Manual check.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr CheckInfo kInfo{
    .id = "C.1.1",
    .title = "This is a example check for a Manual check",
    .level = 1,
    .automated = true,
    .scored = false,
    .rationale = "docker-bench-security's example of a manual community check.",
    .remediation = "None.",
};

Verdict judge(const HostFacts& /*f*/) {
    return info("example check of docker-bench-security; nothing to audit");
}

}  // namespace

Check make_cis_c_1_01_example_manual() {
    return {kInfo, &judge};
}

}  // namespace berth::audit::cis

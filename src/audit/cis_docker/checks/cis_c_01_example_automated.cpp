// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 C.1: This is a example check for a Automated check.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr CheckInfo kInfo{
    .id = "C.1",
    .title = "This is a example check for a Automated check",
    .level = 1,
    .automated = true,
    .scored = true,
    .rationale = "docker-bench-security's example of a community check.",
    .remediation = "None.",
};

Verdict judge(const HostFacts& /*f*/) {
    return info("example check of docker-bench-security; nothing to audit");
}

}  // namespace

Check make_cis_c_01_example_automated() {
    return {kInfo, &judge};
}

}  // namespace berth::audit::cis

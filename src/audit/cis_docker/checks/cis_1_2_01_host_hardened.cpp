// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 1.2.1: Ensure the container host has been Hardened.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/1.2.1",
    .title = "Ensure the container host has been Hardened",
    .severity = Severity::Info,
    .description =
        "Containers share the host kernel; a hardened host limits what an escape can reach.",
    .remediation = "Harden the host following its OS benchmark (CIS Linux), patch the kernel.",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& /*f*/) {
    return manual("confirm the host is hardened (CIS benchmark for the host OS)");
}

}  // namespace

Check make_cis_1_2_01_host_hardened() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

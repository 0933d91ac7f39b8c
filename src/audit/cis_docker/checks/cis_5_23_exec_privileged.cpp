// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.23: Ensure that docker exec commands are not used with the privileged
// option.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.23",
    .title = "Ensure that docker exec commands are not used with the privileged option",
    .severity = Severity::Info,
    .description = "docker exec --privileged gives the exec'd process every capability.",
    .remediation = "Do not use docker exec --privileged.",
    .level = 1,
    .automated = true,
    .scored = false,
};

Verdict judge(const HostFacts& /*f*/) {
    return manual(
        "docker exec is not recorded in container state; audit exec use (authorization plugin or "
        "audit logs)");
}

}  // namespace

Check make_cis_5_23_exec_privileged() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

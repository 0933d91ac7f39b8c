// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.24: Ensure that docker exec commands are not used with the user=root
// option.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.24",
    .title = "Ensure that docker exec commands are not used with the user=root option",
    .severity = Severity::Info,
    .description = "docker exec --user=root runs commands as root inside the container.",
    .remediation = "Do not use docker exec --user=root.",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& /*f*/) {
    return manual(
        "docker exec is not recorded in container state; audit exec use (authorization plugin or "
        "audit logs)");
}

}  // namespace

Check make_cis_5_24_exec_user_root() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.24: Ensure that docker exec commands are not used with the user=root
// option.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr CheckInfo kInfo{
    .id = "5.24",
    .title = "Ensure that docker exec commands are not used with the user=root option",
    .level = 1,
    .automated = false,
    .scored = false,
    .rationale = "docker exec --user=root runs commands as root inside the container.",
    .remediation = "Do not use docker exec --user=root.",
};

Verdict judge(const HostFacts& /*f*/) {
    return manual(
        "docker exec is not recorded in container state; audit exec use (authorization plugin or "
        "audit logs)");
}

}  // namespace

Check make_cis_5_24_exec_user_root() {
    return {kInfo, &judge};
}

}  // namespace berth::audit::cis

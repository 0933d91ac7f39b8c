// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 1.1.2: Ensure only trusted users are allowed to control Docker daemon.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/1.1.2",
    .title = "Ensure only trusted users are allowed to control Docker daemon",
    .severity = Severity::Medium,
    .description = "Members of the docker group control the daemon and so hold root on the host.",
    .remediation = "Remove untrusted users from the docker group: gpasswd -d USER docker.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (!f.docker_group_found) return info("no docker group in /etc/group");
    if (f.docker_group_members.empty()) return pass("the docker group has no members");
    std::string users;
    for (const auto& m : f.docker_group_members) users += (users.empty() ? "" : ", ") + m;
    return warn("docker group members (confirm each is trusted): " + users);
}

}  // namespace

Check make_cis_1_1_02_trusted_users() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

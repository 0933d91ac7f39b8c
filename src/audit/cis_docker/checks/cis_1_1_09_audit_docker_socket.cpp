// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 1.1.9: Ensure auditing is configured for Docker files and directories -
// docker.socket.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr CheckInfo kInfo{
    .id = "1.1.9",
    .title = "Ensure auditing is configured for Docker files and directories - docker.socket",
    .level = 2,
    .automated = true,
    .scored = true,
    .rationale =
        "Auditing Docker's files and binaries records who changed or ran them; the daemon runs as "
        "root.",
    .remediation =
        "Add a watch rule, e.g. `-w PATH -k docker` in /etc/audit/rules.d/docker.rules, and reload "
        "auditd.",
};

Verdict judge(const HostFacts& f) {
    return judge_audit_watch(f, {f.docker_socket.file.path}, true);
}

}  // namespace

Check make_cis_1_1_09_audit_docker_socket() {
    return {kInfo, &judge};
}

}  // namespace berth::audit::cis

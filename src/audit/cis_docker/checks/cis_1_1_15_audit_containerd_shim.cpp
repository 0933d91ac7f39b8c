// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 1.1.15: Ensure auditing is configured for Docker files and directories
// - /usr/bin/containerd-shim.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr CheckInfo kInfo{
    .id = "1.1.15",
    .title =
        "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim",
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
    return judge_audit_watch(f, {"/usr/bin/containerd-shim"}, true);
}

}  // namespace

Check make_cis_1_1_15_audit_containerd_shim() {
    return {kInfo, &judge};
}

}  // namespace berth::audit::cis

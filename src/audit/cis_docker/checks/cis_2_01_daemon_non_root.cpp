// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 2.1: Run the Docker daemon as a non-root user, if possible.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/2.1",
    .title = "Run the Docker daemon as a non-root user, if possible",
    .severity = Severity::Info,
    .description =
        "Rootless mode runs the daemon and containers without root privileges on the host.",
    .remediation =
        "Run Docker in rootless mode (dockerd-rootless-setuptool.sh install) where possible.",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& f) {
    if (!f.rootless.users.empty()) {
        Verdict v = info("rootless Docker found for:");
        for (const auto& u : f.rootless.users)
            v.details.push_back(u.name + " (uid " + std::to_string(u.uid) + ")");
        return v;
    }
    if (!f.rootless.rootless_binaries.empty())
        return info("dockerd-rootless is installed but no user runs it");
    return manual("the daemon runs as root; consider rootless mode");
}

}  // namespace

Check make_cis_2_01_daemon_non_root() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 2.17: Ensure that a daemon-wide custom seccomp profile is applied if
// appropriate.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/2.17",
    .title = "Ensure that a daemon-wide custom seccomp profile is applied if appropriate",
    .severity = Severity::Medium,
    .description =
        "A daemon-wide seccomp profile can restrict system calls beyond Docker's default.",
    .remediation = "Set --seccomp-profile to a reviewed profile if the default is not enough.",
    .level = 2,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_daemon_config(f)) return *v;
    const std::string p = option_last(f, "seccomp-profile");
    if (p == "unconfined") return warn("daemon-wide seccomp profile is unconfined");
    if (!p.empty()) return pass("seccomp-profile=" + p);
    return info("the default seccomp profile is in use (confirm it fits)");
}

}  // namespace

Check make_cis_2_17_seccomp_profile() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

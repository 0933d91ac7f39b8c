// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 2.14: Ensure containers are restricted from acquiring new privileges.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/2.14",
    .title = "Ensure containers are restricted from acquiring new privileges",
    .severity = Severity::Medium,
    .description =
        "no-new-privileges stops setuid binaries inside containers from gaining privileges.",
    .remediation = "Start dockerd with --no-new-privileges or set \"no-new-privileges\": true.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_daemon_config(f)) return *v;
    if (option_last(f, "no-new-privileges") == "true") return pass("no-new-privileges=true");
    return warn("containers may acquire new privileges by default");
}

}  // namespace

Check make_cis_2_14_no_new_privileges() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

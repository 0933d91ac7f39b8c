// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 2.10: Ensure the default cgroup usage has been confirmed.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/2.10",
    .title = "Ensure the default cgroup usage has been confirmed",
    .severity = Severity::Low,
    .description = "A custom cgroup parent changes which limits apply to every container.",
    .remediation =
        "Leave cgroup-parent at its default unless the cgroup it names is set up deliberately.",
    .level = 2,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_daemon_config(f)) return *v;
    const std::string c = option_last(f, "cgroup-parent");
    if (c.empty()) return pass("default cgroup parent");
    return warn("cgroup-parent=" + c + " (confirm it is intended)");
}

}  // namespace

Check make_cis_2_10_cgroup_parent() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

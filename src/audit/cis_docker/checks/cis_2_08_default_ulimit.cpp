// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 2.8: Ensure the default ulimit is configured appropriately.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/2.8",
    .title = "Ensure the default ulimit is configured appropriately",
    .severity = Severity::Info,
    .description =
        "A default ulimit stops one container from exhausting file descriptors or processes of the "
        "host.",
    .remediation = "Set --default-ulimit (or \"default-ulimits\") to values that fit the workload.",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_daemon_config(f)) return *v;
    if (const auto* v = option(f, "default-ulimits"); v != nullptr && !v->empty())
        return pass("default ulimits set");
    return info("no default ulimit configured");
}

}  // namespace

Check make_cis_2_08_default_ulimit() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

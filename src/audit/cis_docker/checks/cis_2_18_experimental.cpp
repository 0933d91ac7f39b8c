// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 2.18: Ensure that experimental features are not implemented in
// production.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/2.18",
    .title = "Ensure that experimental features are not implemented in production",
    .severity = Severity::Low,
    .description = "Experimental features are unsupported and may be unstable or insecure.",
    .remediation = "Do not start dockerd with --experimental.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_daemon_config(f)) return *v;
    if (option_last(f, "experimental") == "true" || f.engine.experimental)
        return warn("experimental features are enabled");
    return pass("experimental features are disabled");
}

}  // namespace

Check make_cis_2_18_experimental() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

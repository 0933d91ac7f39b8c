// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 2.3: Ensure the logging level is set to 'info'.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/2.3",
    .title = "Ensure the logging level is set to 'info'",
    .severity = Severity::Low,
    .description =
        "The info level records what an audit needs; debug floods, warn/error hide events.",
    .remediation = "Leave log-level unset or set it to info.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_daemon_config(f)) return *v;
    const std::string l = option_last(f, "log-level");
    if (l.empty() || l == "info")
        return pass(l.empty() ? "log-level not set (defaults to info)" : "log-level=info");
    return warn("log-level=" + l);
}

}  // namespace

Check make_cis_2_03_log_level_info() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

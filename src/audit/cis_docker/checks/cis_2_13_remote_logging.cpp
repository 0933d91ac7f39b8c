// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 2.13: Ensure centralized and remote logging is configured.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/2.13",
    .title = "Ensure centralized and remote logging is configured",
    .severity = Severity::Low,
    .description =
        "Logs kept only on the host are lost or altered with it; a central log service keeps "
        "evidence.",
    .remediation = "Set --log-driver (e.g. syslog, journald, fluentd, gelf) with its log-opts.",
    .level = 2,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_daemon_config(f)) return *v;
    std::string d = option_last(f, "log-driver");
    if (d.empty()) d = f.engine.logging_driver;
    if (d.empty() || d == "json-file" || d == "local" || d == "none") {
        return warn("log driver " + (d.empty() ? std::string("json-file (default)") : d) +
                    " keeps logs on the host");
    }
    return pass("log driver " + d);
}

}  // namespace

Check make_cis_2_13_remote_logging() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

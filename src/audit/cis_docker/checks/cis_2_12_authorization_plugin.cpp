// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 2.12: Ensure that authorization for Docker client commands is enabled.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/2.12",
    .title = "Ensure that authorization for Docker client commands is enabled",
    .severity = Severity::Medium,
    .description =
        "Anyone allowed to reach the daemon can do anything unless an authorization plugin decides "
        "per request.",
    .remediation =
        "Install an authorization plugin and start dockerd with --authorization-plugin=NAME.",
    .level = 2,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_daemon_config(f)) return *v;
    std::vector<std::string> p;
    if (const auto* v = option(f, "authorization-plugins")) p = *v;
    p.insert(p.end(), f.engine.authorization_plugins.begin(), f.engine.authorization_plugins.end());
    if (p.empty()) return warn("no authorization plugin configured");
    return pass("authorization plugin " + p.front());
}

}  // namespace

Check make_cis_2_12_authorization_plugin() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

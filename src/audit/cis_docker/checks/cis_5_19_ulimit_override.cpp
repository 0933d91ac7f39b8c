// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.19: Ensure that the default ulimit is overwritten at runtime if
// needed.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.19",
    .title = "Ensure that the default ulimit is overwritten at runtime if needed",
    .severity = Severity::Info,
    .description = "Per-container ulimits override the default only when needed.",
    .remediation = "Use --ulimit only where the default does not fit.",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_engine(f)) return *v;
    if (f.engine.containers.empty()) return info("no running containers");
    Verdict v = pass("no container overrides the default ulimits");
    for (const auto& c : f.engine.containers) {
        for (const auto& u : c.ulimits) {
            v.result = Outcome::Info;
            v.details.push_back(c.name + ": ulimit " + u);
        }
    }
    return v;
}

}  // namespace

Check make_cis_5_19_ulimit_override() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

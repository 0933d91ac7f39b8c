// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.30: Ensure that Docker's default bridge 'docker0' is not used.
#include <algorithm>

#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.30",
    .title = "Ensure that Docker's default bridge 'docker0' is not used",
    .severity = Severity::Info,
    .description =
        "Containers on the default bridge share one network without isolation between them.",
    .remediation = "Create user-defined networks and attach containers to them.",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_engine(f)) return *v;
    if (f.engine.containers.empty()) return info("no running containers");
    Verdict v = pass("no container uses the default bridge");
    for (const auto& c : f.engine.containers) {
        if (std::find(c.networks.begin(), c.networks.end(), "bridge") != c.networks.end()) {
            v.result = Outcome::Info;
            v.details.push_back(c.name + ": on the default bridge docker0");
        }
    }
    return v;
}

}  // namespace

Check make_cis_5_30_default_bridge() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

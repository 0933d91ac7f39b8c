// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 6.2: Ensure that container sprawl is avoided.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/6.2",
    .title = "Ensure that container sprawl is avoided",
    .severity = Severity::Info,
    .description = "Stopped containers pile up and keep their data.",
    .remediation = "Remove stopped containers (docker container prune).",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_engine(f)) return *v;
    return info(std::to_string(f.engine.containers_total) + " container(s), " +
                std::to_string(f.engine.containers_running) + " running");
}

}  // namespace

Check make_cis_6_02_container_sprawl() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.27: Ensure that container health is checked at runtime.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.27",
    .title = "Ensure that container health is checked at runtime",
    .severity = Severity::Low,
    .description =
        "Without a health check nobody notices a container that runs but has stopped working.",
    .remediation = "Add HEALTHCHECK to the image or run with --health-cmd.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    return judge_containers(f, [](const ContainerFacts& c) -> std::optional<std::string> {
        if (!c.has_health) return std::string("no health check");
        return std::nullopt;
    });
}

}  // namespace

Check make_cis_5_27_health_checked() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

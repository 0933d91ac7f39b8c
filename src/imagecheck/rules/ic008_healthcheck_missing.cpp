// SPDX-License-Identifier: Apache-2.0
// IC008 (CIS Docker 4.6, dockle CIS-DI-0006, Trivy DS026): the image defines a HEALTHCHECK.
// No Healthcheck in the config, or one whose test is ["NONE"] (HEALTHCHECK NONE), fails.
#include "imagecheck/rules/rules.hpp"
#include "imagecheck/support.hpp"

namespace berth::imagecheck {
namespace {

constexpr Reference kRefs[] = {
    {"cis", "CIS Docker 1.6 4.6"}, {"dockle", "CIS-DI-0006"}, {"trivy", "DS026"}};
constexpr check::RuleInfo kInfo{
    .id = "image/IC008",
    .title = "Add a HEALTHCHECK to the image",
    .severity = Severity::Low,
    .description =
        "Without a health check the engine (and an orchestrator reading its state) only knows "
        "whether the process runs, not whether it works: a hung service is never restarted.",
    .remediation =
        "Add `HEALTHCHECK CMD <command that fails when the service is unhealthy>` to the "
        "Dockerfile (e.g. `HEALTHCHECK CMD curl -fs http://localhost:8080/health || exit 1`).",
    .references = kRefs,
};

void evaluate(const Context& ctx, check::RuleResult& out) {
    const auto& hc = ctx.image.config.healthcheck;
    const bool none = hc && !hc->test.empty() && hc->test.front() == "NONE";
    if (hc && !none) return;
    out.message =
        none ? "the healthcheck is disabled (HEALTHCHECK NONE)" : "the image has no HEALTHCHECK";
    out.locations.push_back(
        history_location(ctx, last_history(ctx, "HEALTHCHECK"), "config Healthcheck"));
}

}  // namespace

Rule make_ic008_healthcheck_missing() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::imagecheck

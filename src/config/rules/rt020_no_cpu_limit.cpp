// SPDX-License-Identifier: Apache-2.0
// RT020 (CIS Docker 1.6 5.12): Limit the container's CPU. The judgement is shared with the audit
// (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.12"}, {"trivy", "KSV011"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT020",
    .title = "Limit the container's CPU",
    .severity = Severity::Low,
    .description =
        "Without CPU shares or a CPU limit one container can take all the host's CPU time (denial "
        "of service).",
    .remediation = "Set `cpus` or `deploy.resources.limits.cpus` (`--cpus`), or `cpu_shares`.",
    .references = kRefs,
};

judge::Why evaluate(const Container& c) {
    return judge::no_cpu_limit(c.settings);
}

}  // namespace

Rule make_rt020_no_cpu_limit() {
    return {&kInfo, "cpus,cpu_quota,cpu_shares,deploy", &evaluate};
}

}  // namespace berth::config

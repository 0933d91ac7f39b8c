// SPDX-License-Identifier: Apache-2.0
// RT019 (CIS Docker 1.6 5.11): Limit the container's memory. The judgement is shared with the audit
// (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.11"}, {"trivy", "KSV018"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT019",
    .title = "Limit the container's memory",
    .severity = Severity::Medium,
    .description =
        "Without a memory limit one container can exhaust the host's memory and get other "
        "processes killed (denial of service).",
    .remediation = "Set `mem_limit` or `deploy.resources.limits.memory` (`--memory`).",
    .references = kRefs,
};

judge::Why evaluate(const Container& c) {
    return judge::no_memory_limit(c.settings);
}

}  // namespace

Rule make_rt019_no_memory_limit() {
    return {&kInfo, "mem_limit,deploy", &evaluate};
}

}  // namespace berth::config

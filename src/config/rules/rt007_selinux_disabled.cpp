// SPDX-License-Identifier: Apache-2.0
// RT007 (CIS Docker 1.6 5.3): Do not disable SELinux labeling. The judgement is shared with the
// audit (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.3"}, {"trivy", "KSV025"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT007",
    .title = "Do not disable SELinux labeling",
    .severity = Severity::Medium,
    .description =
        "On SELinux hosts the container's label confines what it can touch; `label=disable` turns "
        "that off.",
    .remediation = "Remove `label=disable` (`label:disable`) from `security_opt`.",
    .references = kRefs,
};

judge::Why evaluate(const Container& c) {
    return judge::selinux_disabled(c.settings);
}

}  // namespace

Rule make_rt007_selinux_disabled() {
    return {&kInfo, "security_opt", &evaluate};
}

}  // namespace berth::config

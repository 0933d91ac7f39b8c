// SPDX-License-Identifier: Apache-2.0
// RT006 (CIS Docker 1.6 5.2): Do not disable the AppArmor profile. The judgement is shared with the
// audit (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.2"}, {"trivy", "KSV002"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT006",
    .title = "Do not disable the AppArmor profile",
    .severity = Severity::Medium,
    .description =
        "The docker-default AppArmor profile denies writes to /proc and /sys and mounts; "
        "`apparmor=unconfined` removes it.",
    .remediation =
        "Remove `apparmor=unconfined` from `security_opt`; use docker-default or a custom profile.",
    .references = kRefs,
};

judge::Why evaluate(const Container& c) {
    return judge::apparmor_unconfined(c.settings);
}

}  // namespace

Rule make_rt006_apparmor_unconfined() {
    return {&kInfo, "security_opt", &evaluate};
}

}  // namespace berth::config

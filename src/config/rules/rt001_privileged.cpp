// SPDX-License-Identifier: Apache-2.0
// RT001 (CIS Docker 1.6 5.5): Do not run privileged containers. The judgement is shared with the
// audit (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.5"}, {"trivy", "KSV017"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT001",
    .title = "Do not run privileged containers",
    .severity = Severity::High,
    .description =
        "A privileged container has every capability, every host device and no seccomp or AppArmor "
        "confinement: root in it is root on the host.",
    .remediation =
        "Remove `privileged: true` / `--privileged`; add only the capabilities and devices the "
        "service needs.",
    .references = kRefs,
};

judge::Why evaluate(const Container& c) {
    return judge::privileged(c.settings);
}

}  // namespace

Rule make_rt001_privileged() {
    return {&kInfo, "privileged", &evaluate};
}

}  // namespace berth::config

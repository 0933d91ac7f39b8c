// SPDX-License-Identifier: Apache-2.0
// RT005 (CIS Docker 1.6 5.22): Do not disable the seccomp profile. The judgement is shared with the
// audit (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.22"}, {"trivy", "KSV104"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT005",
    .title = "Do not disable the seccomp profile",
    .severity = Severity::High,
    .description =
        "Docker's default seccomp profile blocks about 50 dangerous system calls (kernel modules, "
        "keyrings, mount…); `seccomp=unconfined` removes that.",
    .remediation =
        "Remove `seccomp=unconfined` from `security_opt`; use the default or a custom profile.",
    .references = kRefs,
};

judge::Why evaluate(const Container& c) {
    return judge::seccomp_unconfined(c.settings);
}

}  // namespace

Rule make_rt005_seccomp_unconfined() {
    return {&kInfo, "security_opt", &evaluate};
}

}  // namespace berth::config

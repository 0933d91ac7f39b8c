// SPDX-License-Identifier: Apache-2.0
// RT008 (CIS Docker 1.6 5.26): Set no-new-privileges. The judgement is shared with the audit
// (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.26"}, {"trivy", "KSV001"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT008",
    .title = "Set no-new-privileges",
    .severity = Severity::Medium,
    .description =
        "Without no-new-privileges a setuid binary in the container can gain privileges its caller "
        "lacks.",
    .remediation =
        "Add `no-new-privileges:true` to `security_opt` (`--security-opt no-new-privileges`), or "
        "set it daemon-wide.",
    .references = kRefs,
};

judge::Why evaluate(const Container& c) {
    return judge::no_new_privileges(c.settings, false);
}

}  // namespace

Rule make_rt008_no_new_privileges() {
    return {&kInfo, "security_opt", &evaluate};
}

}  // namespace berth::config

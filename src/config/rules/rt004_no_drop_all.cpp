// SPDX-License-Identifier: Apache-2.0
// RT004 (CIS Docker 1.6 5.4): Drop all capabilities and add back only the needed ones. The
// judgement is shared with the audit (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.4"}, {"trivy", "KSV003"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT004",
    .title = "Drop all capabilities and add back only the needed ones",
    .severity = Severity::Low,
    .description =
        "Docker's default set still holds capabilities most services never use (NET_RAW, MKNOD, "
        "SETUID, …); dropping them all shrinks what an attacker inherits.",
    .remediation =
        "Set `cap_drop: [ALL]` (`--cap-drop ALL`) and add back what is needed with `cap_add`.",
    .references = kRefs,
};

judge::Why evaluate(const Container& c) {
    return judge::no_drop_all(c.settings);
}

}  // namespace

Rule make_rt004_no_drop_all() {
    return {&kInfo, "cap_drop", &evaluate};
}

}  // namespace berth::config

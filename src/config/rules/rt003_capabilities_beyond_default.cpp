// SPDX-License-Identifier: Apache-2.0
// RT003 (CIS Docker 1.6 5.4): Do not add capabilities beyond Docker's default set. The judgement is
// shared with the audit (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.4"}, {"trivy", "KSV022"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT003",
    .title = "Do not add capabilities beyond Docker's default set",
    .severity = Severity::Medium,
    .description =
        "Every capability added beyond Docker's default set widens what root in the container can "
        "do to the host kernel.",
    .remediation =
        "Add back only the capabilities the service needs after dropping all (`cap_drop: [ALL]`).",
    .references = kRefs,
};

judge::Why evaluate(const Container& c) {
    return judge::capabilities_beyond_default(c.settings);
}

}  // namespace

Rule make_rt003_capabilities_beyond_default() {
    return {&kInfo, "cap_add", &evaluate};
}

}  // namespace berth::config

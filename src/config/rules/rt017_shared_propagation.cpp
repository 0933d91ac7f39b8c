// SPDX-License-Identifier: Apache-2.0
// RT017 (CIS Docker 1.6 5.20): Do not use shared mount propagation. The judgement is shared with
// the audit (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.20"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT017",
    .title = "Do not use shared mount propagation",
    .severity = Severity::Medium,
    .description =
        "With shared or rshared propagation, mounts made inside the container appear on the host.",
    .remediation =
        "Use the default (rprivate) propagation; remove `shared`/`rshared` from the mount.",
    .references = kRefs,
};

judge::Why evaluate(const Container& c) {
    return judge::shared_propagation(c.settings);
}

}  // namespace

Rule make_rt017_shared_propagation() {
    return {&kInfo, "volumes", &evaluate};
}

}  // namespace berth::config

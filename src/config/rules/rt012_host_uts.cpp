// SPDX-License-Identifier: Apache-2.0
// RT012 (CIS Docker 1.6 5.21): Do not share the host's UTS namespace. The judgement is shared with
// the audit (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.21"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT012",
    .title = "Do not share the host's UTS namespace",
    .severity = Severity::Medium,
    .description = "With the host's UTS namespace a container can change the host's name.",
    .remediation = "Remove `uts: host` (`--uts host`).",
    .references = kRefs,
};

judge::Why evaluate(const Container& c) {
    return judge::host_uts(c.settings);
}

}  // namespace

Rule make_rt012_host_uts() {
    return {&kInfo, "uts", &evaluate};
}

}  // namespace berth::config

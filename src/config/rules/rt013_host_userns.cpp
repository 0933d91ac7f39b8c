// SPDX-License-Identifier: Apache-2.0
// RT013 (CIS Docker 1.6 5.31): Do not share the host's user namespace. The judgement is shared with
// the audit (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.31"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT013",
    .title = "Do not share the host's user namespace",
    .severity = Severity::Medium,
    .description =
        "`userns_mode: host` opts the container out of the daemon's user-namespace remapping: root "
        "in it is root on the host.",
    .remediation = "Remove `userns_mode: host` (`--userns host`).",
    .references = kRefs,
};

judge::Why evaluate(const Container& c) {
    return judge::host_userns(c.settings);
}

}  // namespace

Rule make_rt013_host_userns() {
    return {&kInfo, "userns_mode", &evaluate};
}

}  // namespace berth::config

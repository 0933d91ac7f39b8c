// SPDX-License-Identifier: Apache-2.0
// RT026 (CIS Docker 1.6 5.8): Do not publish privileged host ports. The judgement is shared with
// the audit (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.8"}, {"trivy", "KSV024"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT026",
    .title = "Do not publish privileged host ports",
    .severity = Severity::Medium,
    .description =
        "Ports below 1024 are privileged on the host; publishing on them lets a container pose as "
        "a system service.",
    .remediation =
        "Publish on host ports 1024 and above, or bind to a specific address behind a proxy.",
    .references = kRefs,
};

judge::Why evaluate(const Container& c) {
    return judge::privileged_ports(c.settings);
}

}  // namespace

Rule make_rt026_privileged_ports() {
    return {&kInfo, "ports", &evaluate};
}

}  // namespace berth::config

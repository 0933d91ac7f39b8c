// SPDX-License-Identifier: Apache-2.0
// RT010 (CIS Docker 1.6 5.16): Do not share the host's PID namespace. The judgement is shared with
// the audit (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.16"}, {"trivy", "KSV010"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT010",
    .title = "Do not share the host's PID namespace",
    .severity = Severity::High,
    .description =
        "With the host's PID namespace a container sees every host process, can signal them and "
        "read their environment.",
    .remediation = "Remove `pid: host` (`--pid host`).",
    .references = kRefs,
};

judge::Why evaluate(const Container& c) {
    return judge::host_pid(c.settings);
}

}  // namespace

Rule make_rt010_host_pid() {
    return {&kInfo, "pid", &evaluate};
}

}  // namespace berth::config

// SPDX-License-Identifier: Apache-2.0
// RT011 (CIS Docker 1.6 5.17): Do not share the host's IPC namespace. The judgement is shared with
// the audit (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.17"}, {"trivy", "KSV008"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT011",
    .title = "Do not share the host's IPC namespace",
    .severity = Severity::High,
    .description =
        "With the host's IPC namespace a container reads and writes host shared memory and "
        "semaphores.",
    .remediation = "Remove `ipc: host` (`--ipc host`).",
    .references = kRefs,
};

judge::Why evaluate(const Container& c) {
    return judge::host_ipc(c.settings);
}

}  // namespace

Rule make_rt011_host_ipc() {
    return {&kInfo, "ipc", &evaluate};
}

}  // namespace berth::config

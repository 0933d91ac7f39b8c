// SPDX-License-Identifier: Apache-2.0
// RT022 (CIS Docker 1.6 5.13): Mount the root filesystem read-only. The judgement is shared with
// the audit (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.13"}, {"trivy", "KSV014"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT022",
    .title = "Mount the root filesystem read-only",
    .severity = Severity::Low,
    .description =
        "A read-only root filesystem stops an attacker from changing the container's binaries and "
        "configuration.",
    .remediation =
        "Set `read_only: true` (`--read-only`) and mount tmpfs or volumes where the service "
        "writes.",
    .references = kRefs,
};

judge::Why evaluate(const Container& c) {
    return judge::writable_rootfs(c.settings);
}

}  // namespace

Rule make_rt022_writable_rootfs() {
    return {&kInfo, "read_only", &evaluate};
}

}  // namespace berth::config

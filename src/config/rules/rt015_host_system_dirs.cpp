// SPDX-License-Identifier: Apache-2.0
// RT015 (CIS Docker 1.6 5.6): Do not mount host system directories. The judgement is shared with
// the audit (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.6"}, {"trivy", "KSV023"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT015",
    .title = "Do not mount host system directories",
    .severity = Severity::High,
    .description =
        "Mounting /, /boot, /dev, /etc, /lib, /proc, /sys or /usr lets the container read (and, "
        "writable, change) the host's system.",
    .remediation = "Mount only the files the service needs, read-only, or use named volumes.",
    .references = kRefs,
};

judge::Why evaluate(const Container& c) {
    return judge::host_system_dirs(c.settings);
}

}  // namespace

Rule make_rt015_host_system_dirs() {
    return {&kInfo, "volumes", &evaluate};
}

}  // namespace berth::config

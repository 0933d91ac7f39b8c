// SPDX-License-Identifier: Apache-2.0
// RT018 (CIS Docker 1.6 5.18): Do not pass host devices. The judgement is shared with the audit
// (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.18"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT018",
    .title = "Do not pass host devices",
    .severity = Severity::Medium,
    .description =
        "A host device in a container bypasses most isolation for that device (a disk, /dev/mem, a "
        "GPU).",
    .remediation =
        "Remove `devices` (`--device`) unless the service needs the device, and then without `m` "
        "(mknod) permission.",
    .references = kRefs,
};

judge::Why devices_passed(const Container& c) {
    const auto notes = judge::devices(c.settings);
    if (notes.empty()) return std::nullopt;
    std::string out;
    for (const auto& n : notes) out += (out.empty() ? "" : ", ") + n;
    return out;
}

judge::Why evaluate(const Container& c) {
    return devices_passed(c);
}

}  // namespace

Rule make_rt018_host_devices() {
    return {&kInfo, "devices", &evaluate};
}

}  // namespace berth::config

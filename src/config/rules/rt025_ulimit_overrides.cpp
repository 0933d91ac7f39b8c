// SPDX-License-Identifier: Apache-2.0
// RT025 (CIS Docker 1.6 5.19): Review ulimit overrides. The judgement is shared with the audit
// (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.19"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT025",
    .title = "Review ulimit overrides",
    .severity = Severity::Low,
    .description =
        "Per-container ulimits replace the daemon's defaults; raised limits (open files, "
        "processes) weaken denial-of-service protection.",
    .remediation = "Remove `ulimits` (`--ulimit`) unless the default does not fit the service.",
    .references = kRefs,
};

judge::Why ulimits_overridden(const Container& c) {
    const auto notes = judge::ulimits(c.settings);
    if (notes.empty()) return std::nullopt;
    std::string out;
    for (const auto& n : notes) out += (out.empty() ? "" : ", ") + n;
    return out;
}

judge::Why evaluate(const Container& c) {
    return ulimits_overridden(c);
}

}  // namespace

Rule make_rt025_ulimit_overrides() {
    return {&kInfo, "ulimits", &evaluate};
}

}  // namespace berth::config

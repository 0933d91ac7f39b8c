// SPDX-License-Identifier: Apache-2.0
// IC012 (CIS Docker 4.7, dockle CIS-DI-0007, Trivy DS017, hadolint DL3009-adjacent): a RUN in the
// history that refreshes package indexes without installing anything in the same instruction
// ("RUN apt-get update" alone): the layer caches the index, and a later install can use a stale
// one. Updates: apt-get/apt update, apk update, yum/dnf makecache and check-update, zypper
// refresh; installs: install, add, upgrade (dist-upgrade), in the same RUN.
#include <array>

#include "imagecheck/rules/rules.hpp"
#include "imagecheck/support.hpp"

namespace berth::imagecheck {
namespace {

constexpr Reference kRefs[] = {
    {"cis", "CIS Docker 1.6 4.7"}, {"dockle", "CIS-DI-0007"}, {"trivy", "DS017"}};
constexpr check::RuleInfo kInfo{
    .id = "image/IC012",
    .title = "Do not run package index updates alone",
    .severity = Severity::Medium,
    .description =
        "An update in its own RUN is cached as a layer: later builds reuse the old index and "
        "install outdated packages (or fail to find them).",
    .remediation =
        "Update and install in the same RUN: `RUN apt-get update && apt-get install -y … && "
        "rm -rf /var/lib/apt/lists/*`, `RUN apk add --no-cache …`.",
    .references = kRefs,
};

constexpr std::array<std::string_view, 10> kUpdates{
    "apt-get update", "apt update",        "apk update",       "yum makecache",
    "dnf makecache",  "yum check-update",  "dnf check-update", "zypper refresh",
    "zypper ref ",    "microdnf makecache"};
constexpr std::array<std::string_view, 4> kInstalls{" install", " add ", "upgrade", " in "};

bool has_any(std::string_view s, auto const& words) {
    for (auto w : words) {
        if (s.find(w) != std::string_view::npos) return true;
    }
    return false;
}

void evaluate(const Context& ctx, check::RuleResult& out) {
    const auto& h = ctx.image.history;
    for (std::size_t i = 0; i < h.size(); ++i) {
        const std::string in = instruction(h[i].created_by) + " ";
        if (!in.starts_with("RUN ") || !has_any(in, kUpdates) || has_any(in, kInstalls)) continue;
        out.locations.push_back(history_location(ctx, i, "history entry " + std::to_string(i)));
    }
    if (!out.locations.empty()) {
        out.message = std::to_string(out.locations.size()) + " package index update" +
                      (out.locations.size() == 1 ? "" : "s") + " without an install";
    }
}

}  // namespace

Rule make_ic012_update_alone() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::imagecheck

// SPDX-License-Identifier: Apache-2.0
// DF049 (hadolint DL3021): COPY or ADD with several sources has a destination ending in '/'.
#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {{"hadolint", "DL3021"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF049",
    .title = "End the destination with / when copying several sources",
    .severity = Severity::High,
    .description =
        "With several sources the destination must be a directory; without the "
        "trailing slash the build fails.",
    .remediation = "Add the slash: `COPY a b /app/`.",
    .references = kRefs,
};

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    for (const auto& in : ctx.df.instructions) {
        if (in.keyword != "COPY" && in.keyword != "ADD") continue;
        const CopyArgs a = copy_args(in, ctx.df.escape);
        if (a.words < 3 || a.sources.size() < 2) continue;
        const char last = a.dest.empty() ? '/' : a.dest.back();
        if (last != '/' && last != '\\' && a.dest.find('$') == std::string::npos) {
            out.push_back(at(in, in.keyword + " of " + std::to_string(a.sources.size()) +
                                     " sources to " + a.dest + " (no trailing /)"));
        }
    }
}

}  // namespace

Rule make_df049_copy_dest_slash() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile

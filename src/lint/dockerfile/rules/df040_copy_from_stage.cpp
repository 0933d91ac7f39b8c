// SPDX-License-Identifier: Apache-2.0
// DF040 (hadolint DL3022, DL3023): COPY --from names an earlier stage (by name or index) or an
// image reference. A bare name that is no earlier stage is a typo or a stage defined later;
// a stage copying from itself is an error.
#include <charconv>

#include "core/text.hpp"
#include "lint/dockerfile/expand.hpp"
#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {{"hadolint", "DL3022"}, {"hadolint", "DL3023"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF040",
    .title = "COPY --from an earlier stage",
    .severity = Severity::Medium,
    .description =
        "COPY --from with a name that is no earlier stage is pulled as an image from "
        "a registry (a typo becomes a download of someone else's image), and a stage "
        "cannot copy from itself.",
    .remediation =
        "Name a stage defined above (`FROM … AS build`, then `COPY --from=build`), or "
        "a full image reference with a tag.",
    .references = kRefs,
};

std::string judge(const Dockerfile& df, const Instruction& in, const std::string& from) {
    const int here = in.stage;
    unsigned index = 0;
    auto [end, ec] = std::from_chars(from.data(), from.data() + from.size(), index);
    if (ec == std::errc() && end == from.data() + from.size()) {
        if (static_cast<int>(index) == here) return "COPY --from=" + from + " is its own stage";
        if (static_cast<int>(index) > here) return "COPY --from=" + from + " is a later stage";
        return {};
    }
    for (std::size_t s = 0; s < df.stages.size(); ++s) {
        if (df.stages[s].name.empty() || !text::iequals(df.stages[s].name, from)) continue;
        if (static_cast<int>(s) == here) return "COPY --from=" + from + " is its own stage";
        if (static_cast<int>(s) > here) return "COPY --from=" + from + " is a later stage";
        return {};
    }
    if (from.find_first_of(":/@$") != std::string::npos) return {};  // an image reference
    return "COPY --from=" + from + " names no stage above (it would be pulled as an image)";
}

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    Env env;
    for (const auto& [k, v] : ctx.df.global_args) env.set(k, v);
    for (const auto& in : ctx.df.instructions) {
        if (in.keyword != "COPY") continue;
        const Flag* f = in.flag("from");
        if (f == nullptr || f->value.empty()) continue;
        const std::string from = expand(f->value, env, ctx.df.escape).text;
        if (auto why = judge(ctx.df, in, from); !why.empty()) {
            out.push_back({f->pos, why, in.end_line});
        }
    }
}

}  // namespace

Rule make_df040_copy_from_stage() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile

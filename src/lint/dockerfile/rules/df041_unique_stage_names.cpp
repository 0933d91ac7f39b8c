// SPDX-License-Identifier: Apache-2.0
// DF041 (hadolint DL3024): stage names (FROM … AS name) are unique, case-insensitively.
#include "core/text.hpp"
#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {{"hadolint", "DL3024"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF041",
    .title = "Give stages unique names",
    .severity = Severity::High,
    .description =
        "Two stages with one name make COPY --from and --target ambiguous; BuildKit "
        "rejects the file.",
    .remediation = "Rename one of the stages.",
    .references = kRefs,
};

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    const auto& st = ctx.df.stages;
    for (std::size_t i = 0; i < st.size(); ++i) {
        if (st[i].name.empty()) continue;
        for (std::size_t j = 0; j < i; ++j) {
            if (text::iequals(st[i].name, st[j].name)) {
                out.push_back({st[i].pos,
                               "stage name " + st[i].name + " already used at line " +
                                   std::to_string(st[j].pos.line),
                               0});
                break;
            }
        }
    }
}

}  // namespace

Rule make_df041_unique_stage_names() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile

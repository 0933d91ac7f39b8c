// SPDX-License-Identifier: Apache-2.0
// DF047 (CIS Docker 4.6, hadolint DL3057): the final stage (or a stage it builds on) has a
// HEALTHCHECK other than NONE. Images FROM scratch are not judged (nothing to run a check with).
#include "core/text.hpp"
#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {{"hadolint", "DL3057"}, {"cis", "CIS Docker 1.6 4.6"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF047",
    .title = "Add a HEALTHCHECK to the image",
    .severity = Severity::Low,
    .description =
        "Without a health check the engine only knows whether the process runs, not "
        "whether it works; orchestrators cannot replace a hung container.",
    .remediation =
        "Add `HEALTHCHECK CMD <probe>` to the final stage (e.g. `CMD curl -f "
        "http://localhost/ || exit 1`).",
    .references = kRefs,
};

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    const Dockerfile& df = ctx.df;
    if (df.stages.empty()) return;
    for (const Stage* st : final_chain(df)) {
        for (std::size_t i = st->last + 1; i-- > st->first;) {
            const Instruction& in = df.instructions[i];
            if (in.keyword != "HEALTHCHECK") continue;
            if (text::iequals(text::trim(in.args), "none")) {
                out.push_back(at(in, "HEALTHCHECK NONE disables the health check"));
            }
            return;
        }
    }
    if (text::iequals(df.stages.back().image, "scratch")) return;
    out.push_back({df.stages.back().pos, "no HEALTHCHECK in the final stage", 0});
}

}  // namespace

Rule make_df047_healthcheck_missing() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile

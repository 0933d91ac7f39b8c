// SPDX-License-Identifier: Apache-2.0
// DF003 (CIS Docker 4.1): the final stage (with the stages it builds on) sets a USER at all;
// without one the container runs as the base image's user, root for nearly every base.
#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 4.1"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF003",
    .title = "Create a user for the container",
    .severity = Severity::Low,
    .description =
        "Without a USER instruction the container runs as the base image's user, "
        "which is root for nearly every base image.",
    .remediation =
        "Add a non-root user (`RUN useradd -r app`) and `USER app` at the end of the "
        "final stage.",
    .references = kRefs,
};

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    const Dockerfile& df = ctx.df;
    if (df.stages.empty()) return;
    for (const Stage* st : final_chain(df)) {
        for (std::size_t i = st->first; i <= st->last && i < df.instructions.size(); ++i) {
            if (df.instructions[i].keyword == "USER") return;
        }
    }
    const Stage& last = df.stages.back();
    if (last.image == "scratch") return;  // no users at all: the runtime decides
    out.push_back({last.pos, "no USER in the final stage (" + last.image + ")", 0});
}

}  // namespace

Rule make_df003_no_user() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile

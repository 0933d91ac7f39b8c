// SPDX-License-Identifier: Apache-2.0
// DF002 (hadolint DL3002, CIS Docker 4.1): the last USER of the image is not root. The final
// stage is judged, following FROM <stage> to the stages it builds on.
#include "core/text.hpp"
#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {{"hadolint", "DL3002"}, {"cis", "CIS Docker 1.6 4.1"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF002",
    .title = "Do not make root the last USER",
    .severity = Severity::Medium,
    .description =
        "A container whose process runs as root gives an attacker who breaks the "
        "application root inside the container and a short step to the host.",
    .remediation =
        "End the final stage with `USER <non-root user>` (create it with useradd or "
        "adduser, or use a numeric uid:gid).",
    .references = kRefs,
};

bool is_root(std::string_view user) {
    const std::string_view name = user.substr(0, user.find(':'));
    return name == "root" || name == "0";
}

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    for (const Stage* st : final_chain(ctx.df)) {
        for (std::size_t i = st->last + 1; i-- > st->first;) {
            const Instruction& in = ctx.df.instructions[i];
            if (in.keyword != "USER") continue;
            const std::string user(text::trim(in.args));
            if (is_root(user)) out.push_back(at(in, "the image runs as " + user));
            return;
        }
    }
}

}  // namespace

Rule make_df002_root_user() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile

// SPDX-License-Identifier: Apache-2.0
// DF001: the Dockerfile must parse as BuildKit reads it; each problem the parser met is a finding
// at its line and column (unknown instruction, unterminated heredoc, NUL bytes, …).
#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF001",
    .title = "The Dockerfile must parse",
    .severity = Severity::High,
    .description =
        "A Dockerfile that BuildKit cannot read fails to build, or builds something "
        "else than it seems to say; the other rules only see what could be read.",
    .remediation = "Fix the syntax at the reported position.",
};

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    for (const auto& p : ctx.df.problems) out.push_back({p.pos, p.message, 0});
}

}  // namespace

Rule make_df001_parse_error() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile

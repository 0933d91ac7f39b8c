// SPDX-License-Identifier: Apache-2.0
// DF034 (hadolint DL3000): WORKDIR paths are absolute (a variable or a Windows drive path is
// taken as absolute).
#include <cctype>

#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {{"hadolint", "DL3000"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF034",
    .title = "Use absolute WORKDIR paths",
    .severity = Severity::Medium,
    .description =
        "A relative WORKDIR depends on the previous one, which a change to the base "
        "image can move: commands then run, and files land, somewhere else.",
    .remediation = "Give WORKDIR an absolute path: `WORKDIR /app`.",
    .references = kRefs,
};

bool absolute(std::string_view p) {
    if (p.empty()) return true;
    if (p[0] == '/' || p[0] == '$' || p[0] == '\\') return true;
    return p.size() >= 2 && p[1] == ':' && std::isalpha(static_cast<unsigned char>(p[0])) != 0;
}

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    for (const Instruction* in : instructions(ctx.df, "WORKDIR")) {
        const auto ws = words(*in, ctx.df.escape);
        if (!ws.empty() && !absolute(ws[0].text)) {
            out.push_back(at(*in, "WORKDIR " + ws[0].text + " is relative"));
        }
    }
}

}  // namespace

Rule make_df034_workdir_absolute() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile

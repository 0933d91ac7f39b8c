// SPDX-License-Identifier: Apache-2.0
// DF004 (hadolint DL3004): no sudo in RUN. Builds already run as the current USER; sudo adds a
// setuid binary and a policy file to the image and behaves differently without a tty.
#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {{"hadolint", "DL3004"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF004",
    .title = "Do not use sudo in RUN",
    .severity = Severity::Medium,
    .description =
        "sudo needs a setuid binary and a sudoers policy in the image, behaves "
        "unpredictably without a terminal, and hides which user a step runs as.",
    .remediation =
        "Switch users with USER around the steps that need root; at run time use "
        "gosu or su-exec if a process must drop privileges.",
    .references = kRefs,
};

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    for (const Instruction* in : instructions(ctx.df, "RUN")) {
        for (const auto& c : ctx.commands(*in)) {
            if (!c.words.empty() && (c.words[0] == "sudo" || c.words[0].ends_with("/sudo"))) {
                out.push_back(at(*in, "sudo " + c.program()));
                break;
            }
        }
    }
}

}  // namespace

Rule make_df004_sudo() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile

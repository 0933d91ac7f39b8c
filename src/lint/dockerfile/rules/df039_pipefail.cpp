// SPDX-License-Identifier: Apache-2.0
// DF039 (hadolint DL4006): a RUN with a pipe runs in a shell with pipefail. Without it the
// pipeline's status is the last command's: `curl … | tar x` succeeds when curl fails.
// pipefail counts when set by SHELL ["/bin/bash", "-o", "pipefail", "-c"] earlier in the stage
// (or the stages it builds on) or by `set -o pipefail` / `set -euo pipefail` before the pipe in
// the same RUN. Stages with a non-POSIX SHELL (PowerShell, cmd) are not judged.
#include "core/text.hpp"
#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {{"hadolint", "DL4006"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF039",
    .title = "Set pipefail before RUN with a pipe",
    .severity = Severity::Medium,
    .description =
        "/bin/sh -c reports a pipeline's last status only: a failed download piped "
        "into another command still lets the build go on with a broken result.",
    .remediation =
        "Add `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before the RUN, or "
        "start the RUN with `set -o pipefail &&`.",
    .references = kRefs,
};

enum class Shell { Plain, Pipefail, Other };

Shell shell_of(const Instruction& in) {
    if (!in.json_form || in.json_args.empty()) return Shell::Plain;
    const std::string exe = text::lower(in.json_args[0]);
    if (exe.find("pwsh") != std::string::npos || exe.find("powershell") != std::string::npos ||
        exe.find("cmd") != std::string::npos) {
        return Shell::Other;
    }
    for (std::size_t i = 1; i < in.json_args.size(); ++i) {
        if (in.json_args[i] == "pipefail" && in.json_args[i - 1].starts_with("-") &&
            in.json_args[i - 1].find('o') != std::string::npos) {
            return Shell::Pipefail;
        }
    }
    return Shell::Plain;
}

bool sets_pipefail(const Command& c) {
    return c.program() == "set" && c.has("pipefail");
}

void judge_run(const Context& ctx, const Instruction& in, Shell shell, std::vector<Finding>& out) {
    if (shell != Shell::Plain) return;
    bool pipefail = false;
    for (const auto& c : ctx.commands(in)) {
        pipefail = pipefail || sets_pipefail(c);
        if (c.next == Sep::Pipe && !pipefail) {
            out.push_back(at(in, "pipe without pipefail: " + c.program() + " | …"));
            break;
        }
    }
}

bool windows_image(const Stage& s) {
    const std::string i = text::lower(s.image);
    return i.find("windows") != std::string::npos || i.find("nanoserver") != std::string::npos ||
           i.find("servercore") != std::string::npos;
}

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    const Dockerfile& df = ctx.df;
    // The SHELL in force at each stage's end (a FROM <stage> inherits it).
    std::vector<Shell> at_end(df.stages.size(), Shell::Plain);
    for (std::size_t s = 0; s < df.stages.size(); ++s) {
        const Stage& st = df.stages[s];
        Shell shell = st.base_stage >= 0 ? at_end[static_cast<std::size_t>(st.base_stage)]
                                         : (windows_image(st) ? Shell::Other : Shell::Plain);
        for (std::size_t i = st.first; i <= st.last && i < df.instructions.size(); ++i) {
            const Instruction& in = df.instructions[i];
            if (in.keyword == "SHELL") shell = shell_of(in);
            if (in.keyword == "RUN" && !in.json_form) judge_run(ctx, in, shell, out);
        }
        at_end[s] = shell;
    }
}

}  // namespace

Rule make_df039_pipefail() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile

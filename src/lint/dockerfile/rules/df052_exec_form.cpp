// SPDX-License-Identifier: Apache-2.0
// DF052 (hadolint DL3025): CMD and ENTRYPOINT in JSON (exec) form. In shell form the process is
// `/bin/sh -c …`: it is not PID 1 and does not get SIGTERM, so `docker stop` kills it after the
// grace period without a clean shutdown.
#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {{"hadolint", "DL3025"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF052",
    .title = "Use the JSON form for CMD and ENTRYPOINT",
    .severity = Severity::Low,
    .description =
        "The shell form wraps the process in /bin/sh -c, which does not forward "
        "signals: the application never sees SIGTERM and is killed without cleanup.",
    .remediation = "Write `CMD [\"executable\", \"arg\"]`; use `exec` in a wrapper script.",
    .references = kRefs,
};

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    for (const auto& in : ctx.df.instructions) {
        if (in.keyword != "CMD" && in.keyword != "ENTRYPOINT") continue;
        if (!in.json_form && !in.args.empty()) {
            out.push_back(at(in, in.keyword + " in shell form"));
        }
    }
}

}  // namespace

Rule make_df052_exec_form() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile

// SPDX-License-Identifier: Apache-2.0
// DF032 (hadolint DL3015): apt-get install with --no-install-recommends (or the equivalent
// `-o APT::Install-Recommends=false`), so only the packages asked for are installed.
#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {{"hadolint", "DL3015"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF032",
    .title = "Use --no-install-recommends with apt-get install",
    .severity = Severity::Low,
    .description =
        "Recommended packages are installed by default: more software, more "
        "vulnerabilities and a bigger image, none of it asked for.",
    .remediation = "Run `apt-get install -y --no-install-recommends …`.",
    .references = kRefs,
};

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    for (const Instruction* in : instructions(ctx.df, "RUN")) {
        for (const auto& c : ctx.commands(*in)) {
            const std::string p = c.program();
            if (p != "apt-get" && p != "apt") continue;
            const auto args = c.args();
            if (subcommand(args) != "install") continue;
            bool ok = has_flag(args, {"--no-install-recommends"});
            for (const auto& a : args) {
                if (a.find("Install-Recommends=false") != std::string::npos ||
                    a.find("Install-Recommends=0") != std::string::npos) {
                    ok = true;
                }
            }
            if (!ok) out.push_back(at(*in, p + " install without --no-install-recommends"));
        }
    }
}

}  // namespace

Rule make_df032_apt_no_recommends() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile

// SPDX-License-Identifier: Apache-2.0
// DF051 (hadolint DL3046): `useradd` with a long numeric uid uses -l (--no-log-init); without it
// the sparse /var/log/lastlog and faillog grow to the uid's size and bloat the layer.
#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {{"hadolint", "DL3046"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF051",
    .title = "Use useradd -l with a high uid",
    .severity = Severity::Low,
    .description =
        "useradd writes lastlog and faillog entries at the uid's offset: a high uid "
        "makes gigabyte-sized (sparse) files that tar stores in full.",
    .remediation = "Add -l (--no-log-init): `useradd -l -u 100000 app`.",
    .references = kRefs,
};

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    for (const Instruction* in : instructions(ctx.df, "RUN")) {
        for (const auto& c : ctx.commands(*in)) {
            if (c.program() != "useradd") continue;
            const auto args = c.args();
            if (has_flag(args, {"-l", "--no-log-init"})) continue;
            for (std::size_t i = 0; i + 1 < args.size(); ++i) {
                if (args[i] != "-u" && args[i] != "--uid") continue;
                const std::string& uid = args[i + 1];
                if (uid.size() > 5 && uid.find_first_not_of("0123456789") == std::string::npos) {
                    out.push_back(at(*in, "useradd -u " + uid + " without -l"));
                }
            }
        }
    }
}

}  // namespace

Rule make_df051_useradd_high_uid() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile

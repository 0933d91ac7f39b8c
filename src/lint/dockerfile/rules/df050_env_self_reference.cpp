// SPDX-License-Identifier: Apache-2.0
// DF050 (hadolint DL3044): an ENV does not use a variable it defines itself (`ENV A=1 B=$A`):
// the reference sees the value from before the instruction (often empty), not the new one.
// Variables set earlier in the stage (ARG, ENV) or before the first FROM are fine.
#include <set>

#include "lint/dockerfile/expand.hpp"
#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {{"hadolint", "DL3044"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF050",
    .title = "Do not use a variable in the ENV that defines it",
    .severity = Severity::Medium,
    .description =
        "Within one ENV instruction, references see the values from before it: "
        "`ENV A=1 B=$A` sets B to the old A (usually empty).",
    .remediation = "Split it: `ENV A=1` then `ENV B=$A`.",
    .references = kRefs,
};

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    std::set<std::string> known;
    int stage = -2;
    for (const auto& in : ctx.df.instructions) {
        if (in.stage != stage) {
            stage = in.stage;
            known.clear();
            for (const auto& [k, v] : ctx.df.global_args) known.insert(k);
        }
        if (in.keyword != "ENV" && in.keyword != "ARG") continue;
        const auto kvs = key_values(in, ctx.df.escape);
        std::set<std::string> here;
        for (const auto& kv : kvs) {
            if (in.keyword == "ENV") {
                for (const auto& name : expand(kv.value, Env{}, ctx.df.escape).unset) {
                    if (here.count(name) != 0 && known.count(name) == 0) {
                        Finding f =
                            at(in, "ENV " + kv.key + " uses $" + name + " defined in the same ENV");
                        f.pos = in.position_of(kv.offset);
                        out.push_back(std::move(f));
                    }
                }
            }
            here.insert(kv.key);
        }
        known.insert(here.begin(), here.end());
    }
}

}  // namespace

Rule make_df050_env_self_reference() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile

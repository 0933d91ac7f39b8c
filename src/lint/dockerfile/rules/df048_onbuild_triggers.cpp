// SPDX-License-Identifier: Apache-2.0
// DF048 (hadolint DL3043): ONBUILD does not trigger FROM, ONBUILD or MAINTAINER.
#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {{"hadolint", "DL3043"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF048",
    .title = "Do not trigger FROM, ONBUILD or MAINTAINER from ONBUILD",
    .severity = Severity::High,
    .description =
        "Docker rejects these triggers when a child image builds: the image is "
        "unusable as a base.",
    .remediation = "Remove the trigger; put the instruction in the Dockerfile itself.",
    .references = kRefs,
};

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    for (const auto& in : ctx.df.instructions) {
        for (const auto& t : in.trigger) {
            if (t.keyword == "FROM" || t.keyword == "ONBUILD" || t.keyword == "MAINTAINER") {
                out.push_back({t.pos, "ONBUILD " + t.keyword + " is not allowed", in.end_line});
            }
        }
    }
}

}  // namespace

Rule make_df048_onbuild_triggers() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile

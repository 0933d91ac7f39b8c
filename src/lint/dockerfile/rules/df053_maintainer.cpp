// SPDX-License-Identifier: Apache-2.0
// DF053 (hadolint DL4000): no MAINTAINER (deprecated since Docker 1.13; LABEL replaces it).
#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {{"hadolint", "DL4000"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF053",
    .title = "Do not use MAINTAINER",
    .severity = Severity::Low,
    .description =
        "MAINTAINER is deprecated; tools read the author from the "
        "org.opencontainers.image.authors label.",
    .remediation = "Use `LABEL org.opencontainers.image.authors=\"…\"`.",
    .references = kRefs,
};

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    for (const auto& in : ctx.df.instructions) {
        if (in.keyword == "MAINTAINER") out.push_back(at(in, "MAINTAINER " + in.args));
    }
}

}  // namespace

Rule make_df053_maintainer() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile

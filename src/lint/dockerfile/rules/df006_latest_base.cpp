// SPDX-License-Identifier: Apache-2.0
// DF006 (hadolint DL3007): FROM does not use the `latest` tag (a digest beside it pins it).
#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {{"hadolint", "DL3007"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF006",
    .title = "Do not build from the latest tag",
    .severity = Severity::Medium,
    .description =
        "`latest` moves with every release: rebuilds silently change the base image "
        "and what it contains.",
    .remediation =
        "Pin a release tag or a digest: `FROM alpine:3.20` or "
        "`FROM alpine:3.20@sha256:…`.",
    .references = kRefs,
};

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    for (const Stage* s : image_stages(ctx.df)) {
        const ImageRef r = parse_image(s->image);
        if (r.tag == "latest" && r.digest.empty()) {
            out.push_back({s->pos, "FROM " + s->image + " uses latest", 0});
        }
    }
}

}  // namespace

Rule make_df006_latest_base() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile

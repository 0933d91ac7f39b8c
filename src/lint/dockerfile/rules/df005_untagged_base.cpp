// SPDX-License-Identifier: Apache-2.0
// DF005 (hadolint DL3006): FROM names a tag or a digest. Without one Docker takes `latest`.
#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {{"hadolint", "DL3006"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF005",
    .title = "Tag the base image",
    .severity = Severity::Medium,
    .description =
        "FROM without a tag or digest means `latest`: each build may start from a "
        "different, unreviewed base image.",
    .remediation =
        "Name a release tag (`FROM debian:12.5`) or better a digest "
        "(`FROM debian:12.5@sha256:…`).",
    .references = kRefs,
};

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    for (const Stage* s : image_stages(ctx.df)) {
        const ImageRef r = parse_image(s->image);
        if (r.tag.empty() && r.digest.empty()) {
            out.push_back({s->pos, "FROM " + s->image + " has no tag or digest", 0});
        }
    }
}

}  // namespace

Rule make_df005_untagged_base() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile

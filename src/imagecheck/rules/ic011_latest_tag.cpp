// SPDX-License-Identifier: Apache-2.0
// IC011 (dockle DKL-DI-0006, Trivy DS001, hadolint DL3007): the image is not named by the
// `latest` tag, nor built on a base image its org.opencontainers.image.base.name label names by
// `latest` (or by no tag). A reference pinned by digest passes whatever its tag.
#include "image/reference.hpp"
#include "imagecheck/rules/rules.hpp"
#include "imagecheck/support.hpp"

namespace berth::imagecheck {
namespace {

constexpr Reference kRefs[] = {
    {"dockle", "DKL-DI-0006"}, {"trivy", "DS001"}, {"hadolint", "DL3007"}};
constexpr check::RuleInfo kInfo{
    .id = "image/IC011",
    .title = "Avoid the latest tag",
    .severity = Severity::Low,
    .description =
        "`latest` names whatever was pushed last: deployments and rebuilds from it are not "
        "reproducible, and a rollback cannot name the previous version.",
    .remediation =
        "Tag images with a version (and deploy by digest); build FROM a versioned or "
        "digest-pinned base image.",
    .references = kRefs,
};

constexpr std::string_view kBaseLabel = "org.opencontainers.image.base.name";

bool floating(std::string_view text) {
    auto ref = image::parse_reference(text);
    return ref && ref->digest.empty() && ref->tag == image::kDefaultTag;
}

void evaluate(const Context& ctx, check::RuleResult& out) {
    if (!ctx.image.reference.empty() && floating(ctx.image.reference)) {
        check::Location l;
        l.object = "image " + ctx.image.reference;
        out.locations.push_back(std::move(l));
    }
    const auto base = ctx.image.config.labels.find(std::string(kBaseLabel));
    if (base != ctx.image.config.labels.end() && floating(base->second)) {
        check::Location l;
        l.object = "base image " + base->second + " (label " + std::string(kBaseLabel) + ")";
        out.locations.push_back(std::move(l));
    }
    if (!out.locations.empty()) out.message = "named by the latest tag";
}

}  // namespace

Rule make_ic011_latest_tag() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::imagecheck

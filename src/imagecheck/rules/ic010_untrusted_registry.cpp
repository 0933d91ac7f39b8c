// SPDX-License-Identifier: Apache-2.0
// IC010 (CIS Docker 4.2, hadolint DL3026): the image, and the base image its OCI label
// org.opencontainers.image.base.name names, come from a trusted registry when an allow list is
// configured (`--trusted-registry`, or `lint.allowed-registries` in .berth.yaml — the list the
// Dockerfile rule DF043 uses). No list: the rule passes. An image read from a file without a
// name, and a label that does not parse as a reference, are not judged.
#include "image/reference.hpp"
#include "imagecheck/rules/rules.hpp"
#include "imagecheck/support.hpp"

namespace berth::imagecheck {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 4.2"}, {"hadolint", "DL3026"}};
constexpr check::RuleInfo kInfo{
    .id = "image/IC010",
    .title = "Use images from trusted registries",
    .severity = Severity::Medium,
    .description =
        "An image from a registry nobody vetted may be anyone's; organisations keep a list of "
        "registries (and repositories) they trust.",
    .remediation =
        "Rebuild from a base image in a trusted registry (or mirror the image there after "
        "review), or add the registry to --trusted-registry / lint.allowed-registries.",
    .references = kRefs,
};

constexpr std::string_view kBaseLabel = "org.opencontainers.image.base.name";

void judge(const Context& ctx, std::string_view text, const std::string& what,
           check::RuleResult& out) {
    auto ref = image::parse_reference(text);
    if (!ref || registry_trusted(*ref, ctx.options.trusted_registries)) return;
    check::Location l;
    l.object = what + " " + std::string(text);
    out.locations.push_back(std::move(l));
    out.details.push_back(what + " " + std::string(text) + " is from " + ref->domain);
}

void evaluate(const Context& ctx, check::RuleResult& out) {
    if (ctx.options.trusted_registries.empty()) return;
    if (!ctx.image.reference.empty()) judge(ctx, ctx.image.reference, "image", out);
    const auto base = ctx.image.config.labels.find(std::string(kBaseLabel));
    if (base != ctx.image.config.labels.end())
        judge(ctx, base->second, "base image (label " + std::string(kBaseLabel) + ")", out);
    if (!out.locations.empty()) out.message = "not from a trusted registry";
}

}  // namespace

Rule make_ic010_untrusted_registry() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::imagecheck

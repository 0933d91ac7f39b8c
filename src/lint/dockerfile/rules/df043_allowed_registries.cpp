// SPDX-License-Identifier: Apache-2.0
// DF043 (hadolint DL3026): base images come from an allowed registry, when .berth.yaml lists
// them (`lint: allowed-registries: [docker.io, ghcr.io/acme, *.corp.example]`). An entry
// matches the registry host, a prefix of registry/path, or a host suffix after "*.".
#include "core/text.hpp"
#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {{"hadolint", "DL3026"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF043",
    .title = "Use base images from allowed registries",
    .severity = Severity::High,
    .description =
        "An image from an unvetted registry may be anyone's; organisations keep a "
        "list of registries they trust (configured in .berth.yaml).",
    .remediation =
        "Use an image from a registry in `lint.allowed-registries`, or add the "
        "registry there after review.",
    .references = kRefs,
};

bool allowed(const ImageRef& r, const std::vector<std::string>& list) {
    const std::string full = r.registry + "/" + r.path;
    for (const auto& a : list) {
        if (text::iequals(a, r.registry)) return true;
        if (a.starts_with("*.") && r.registry.size() > a.size() - 1 &&
            text::iequals(r.registry.substr(r.registry.size() - (a.size() - 1)), a.substr(1))) {
            return true;
        }
        if (full.starts_with(a + "/") || full == a) return true;
        if (r.registry == "docker.io" && (a == "hub.docker.com" || a == "index.docker.io")) {
            return true;
        }
    }
    return false;
}

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    const auto& list = ctx.options.allowed_registries;
    if (list.empty()) return;
    for (const Stage* s : image_stages(ctx.df)) {
        const ImageRef r = parse_image(s->image);
        if (!allowed(r, list)) {
            out.push_back(
                {s->pos, s->image + " is from " + r.registry + ", not an allowed registry", 0});
        }
    }
}

}  // namespace

Rule make_df043_allowed_registries() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile

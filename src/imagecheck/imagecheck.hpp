// SPDX-License-Identifier: Apache-2.0
// Image checks: judge a built image — its config (User, Env, Labels, Healthcheck, Entrypoint/Cmd,
// ExposedPorts), its history (`created_by` of each layer), where it comes from (reference and
// registry) and the merged inventory (packages with their owned files, and the file findings of
// the files/ analyzers: setuid, world_writable, credentials, pkg_cache) — against the practices
// of CIS Docker Benchmark §4, dockle (CIS-DI-*, DKL-*) and Trivy's image-config checks (DS*).
//
// Rules are one file each under rules/ with a constexpr check::RuleInfo (id "image/IC###",
// references to the CIS section and the dockle and Trivy ids) and a pure check; registry.cpp is
// the one sorted list. A check fills a check::RuleResult: a message when the image fails the
// rule, and one Location per place (path, layer diffID, the layer's history entry).
//
//   Image{config.user = ""} → RuleResult{image/IC001, Fail, "the image runs as root (no USER)",
//                                        locations {object "config User"}}
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "check/rule.hpp"
#include "check/rule_kind.hpp"
#include "image/image.hpp"
#include "sbom/model.hpp"

namespace berth::imagecheck {

/// What the user configures.
struct Options {
    /// Registries an image (and the base image its labels name) may come from
    /// (`--trusted-registry`, or `lint.allowed-registries` in .berth.yaml): "docker.io",
    /// "ghcr.io/acme" (a registry/path prefix), "*.corp.example" (a host suffix). Empty = any.
    std::vector<std::string> trusted_registries;
};

/// What a check sees. `layer_of_history[i]` is the index of the layer history entry i created,
/// or -1 (empty_layer entries, or a history that does not match the layers).
struct Context {
    const image::Image& image;
    const sbom::Inventory& inventory;
    const Options& options;
    std::vector<long> layer_of_history;
};

/// Builds the context (maps history entries to layers as image.cpp does: the i-th non-empty
/// entry made layer i, only when the counts agree).
Context make_context(const image::Image& image, const sbom::Inventory& inventory,
                     const Options& options);

/// Fills `out` (rule already set) when the image fails: message, details, locations.
using CheckFn = void (*)(const Context&, check::RuleResult& out);

/// One rule: its metadata (static storage) and its check.
struct Rule {
    const check::RuleInfo* info = nullptr;
    CheckFn check = nullptr;
};

/// Every rule, sorted by id (check::id_less). The one hand-kept list is registry.cpp.
std::vector<Rule> all_rules();

/// Version of the image rule set, bumped when a rule's judgement changes.
inline constexpr unsigned kRulesVersion = 1;

/// The "image" rule kind (list: all_rules()).
const check::RuleKind& rule_kind();

/// Runs every rule; returns the failed ones only (Outcome::Fail, one result per rule with a
/// location per place), in rule order. Passing rules are not reported, as Trivy's misconfiguration
/// output does not list them: a scan report lists problems, and the rule list is docs/rules.md.
std::vector<check::RuleResult> check_image(const image::Image& image,
                                           const sbom::Inventory& inventory,
                                           const Options& options);

}  // namespace berth::imagecheck

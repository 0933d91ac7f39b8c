// SPDX-License-Identifier: Apache-2.0
// Helpers the report writers share (internal to src/report; not part of the public API).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "report/report.hpp"
#include "sbom/encode/encode.hpp"

namespace berth::report::detail {

/// The package a finding is about, or nullptr when its index is outside the inventory.
const sbom::Package* package_of(const ScanReport& r, const vuln::Finding& f);

/// Findings in output order: (package name, package version, package index, id, first alias).
/// `suppressed` selects the suppressed ones instead of the active ones.
std::vector<const vuln::Finding*> ordered_findings(const ScanReport& r, bool suppressed);

/// Highest CVSS base score of a finding; nullopt when it has none.
std::optional<double> max_cvss(const vuln::Finding& f);

/// A score with one decimal, "9.8", "10.0".
std::string score_text(double score);

/// Index of the layer that introduced the package and its diffID (from Target::diff_ids when
/// known, else the package location's); diff_id is "" when unknown.
/// created_by is the package location's, else the target layer's history entry ("" = unknown).
struct LayerRef {
    std::size_t index = 0;
    std::string diff_id;
    std::string created_by;
};
LayerRef layer_of(const ScanReport& r, const sbom::Package& p);

/// Counts of active findings per level (index = Level as int) and of suppressed findings.
struct Counts {
    std::size_t by_level[5] = {0, 0, 0, 0, 0};
    std::size_t total = 0;
    std::size_t suppressed = 0;
};
Counts count(const ScanReport& r);

/// The target as the SBOM encoders describe it.
sbom::ImageMeta image_meta(const Report& r);

/// Timestamp, serial and tool version for the SBOM encoders.
sbom::EncodeOptions encode_options(const Report& r);

/// Rule results in output order: (rule id, outcome, message, first location path); ids compare
/// naturally ("cis-docker/5.9" before "cis-docker/5.10"), so a section's rules stay together.
std::vector<const check::RuleResult*> ordered_rule_results(const Report& r);

/// The section a rule id belongs to, e.g. "cis-docker/2" for "cis-docker/2.2", "DF" for
/// "DF002" (letters before the first digit), the id itself when it has neither.
std::string rule_section(std::string_view id);

/// Counts of rule results per outcome (index = Outcome as int).
struct RuleCounts {
    std::size_t by_outcome[5] = {0, 0, 0, 0, 0};
};
RuleCounts count_rules(const Report& r);

/// The `inspect` kind's table (inspect.cpp): the whole document.
std::string inspect_table(const Report& r);

/// Adds the `inspect` kind's sections (image, config, history, layers, totals, paths) to `doc`.
void add_inspect(const Report& r, nlohmann::json& doc);

/// The `audit` kind's table (audit.cpp): docker-bench's look, the whole document.
std::string audit_table(const Report& r, bool colour);

/// Adds the `audit` kind's section (benchmark, root, daemon, score) to `doc`.
void add_audit(const Report& r, nlohmann::json& doc);

/// A package as berth JSON: the one place sbom::Package becomes JSON (json.cpp).
nlohmann::json package_json(const Report& r, const sbom::Package& p);

}  // namespace berth::report::detail

// SPDX-License-Identifier: Apache-2.0
// Helpers the report writers share (internal to src/report; not part of the public API).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "report/report.hpp"

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
struct LayerRef {
    std::size_t index = 0;
    std::string diff_id;
};
LayerRef layer_of(const ScanReport& r, const sbom::Package& p);

/// Counts of active findings per level (index = Level as int) and of suppressed findings.
struct Counts {
    std::size_t by_level[5] = {0, 0, 0, 0, 0};
    std::size_t total = 0;
    std::size_t suppressed = 0;
};
Counts count(const ScanReport& r);

}  // namespace berth::report::detail

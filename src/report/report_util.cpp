// SPDX-License-Identifier: Apache-2.0
#include "report/report_util.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <tuple>

namespace berth::report::detail {

const sbom::Package* package_of(const ScanReport& r, const vuln::Finding& f) {
    if (f.package_index >= r.inventory.packages.size()) return nullptr;
    return &r.inventory.packages[f.package_index];
}

std::vector<const vuln::Finding*> ordered_findings(const ScanReport& r, bool suppressed) {
    std::vector<const vuln::Finding*> out;
    for (const auto& f : r.findings) {
        if (f.suppressed.has_value() == suppressed) out.push_back(&f);
    }
    static const std::string none;
    auto key = [&](const vuln::Finding* f) {
        const sbom::Package* p = package_of(r, *f);
        return std::tie(p ? p->name : none, p ? p->version : none, f->package_index, f->id,
                        f->installed_version, f->fixed_version);
    };
    std::stable_sort(out.begin(), out.end(), [&](const vuln::Finding* a, const vuln::Finding* b) {
        return key(a) < key(b);
    });
    return out;
}

std::optional<double> max_cvss(const vuln::Finding& f) {
    std::optional<double> best;
    for (const auto& c : f.cvss) {
        if (!best || c.base_score > *best) best = c.base_score;
    }
    return best;
}

std::string score_text(double score) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f", score);
    return buf;
}

LayerRef layer_of(const ScanReport& r, const sbom::Package& p) {
    LayerRef out;
    out.index = p.location.layer_introduced;
    if (out.index < r.target.diff_ids.size() && !r.target.diff_ids[out.index].empty()) {
        out.diff_id = r.target.diff_ids[out.index].str();
    } else if (!p.location.layer_diff_id.empty()) {
        out.diff_id = p.location.layer_diff_id.str();
    }
    return out;
}

Counts count(const ScanReport& r) {
    Counts c;
    for (const auto& f : r.findings) {
        if (f.suppressed) {
            ++c.suppressed;
            continue;
        }
        ++c.total;
        ++c.by_level[static_cast<int>(f.level)];
    }
    return c;
}

}  // namespace berth::report::detail

// SPDX-License-Identifier: Apache-2.0
#include "report/report_util.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <tuple>

#include "core/text.hpp"
#include "core/version.hpp"

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
    out.created_by = p.location.created_by;
    if (out.created_by.empty() && out.index < r.target.layers.size()) {
        out.created_by = r.target.layers[out.index].created_by;
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

sbom::ImageMeta image_meta(const Report& r) {
    sbom::ImageMeta image;
    image.name = r.target.name.empty() ? r.target.reference : r.target.name;
    if (!r.target.manifest_digest.empty()) image.manifest_digest = r.target.manifest_digest;
    if (!r.target.config_digest.empty()) image.image_id = r.target.config_digest;
    if (auto slash = r.target.os_arch.find('/'); slash != std::string::npos) {
        image.os = r.target.os_arch.substr(0, slash);
        image.architecture = r.target.os_arch.substr(slash + 1);
    } else {
        image.os = r.target.os_arch;
    }
    if (!r.target.layers.empty()) {
        for (const auto& l : r.target.layers) image.layers.push_back({l.digest, l.diff_id});
    } else {
        for (const auto& d : r.target.diff_ids) image.layers.push_back({Digest{}, d});
    }
    return image;
}

sbom::EncodeOptions encode_options(const Report& r) {
    sbom::EncodeOptions options;
    options.timestamp = r.created;
    options.serial_uuid = r.serial_uuid;
    options.tool_version = kVersion;
    for (const Diagnostic* d : incomplete_inputs(r)) {
        options.incomplete.push_back(d->where.empty() ? d->message : d->where + ": " + d->message);
    }
    return options;
}

std::string rule_section(std::string_view id) {
    if (auto dot = id.rfind('.'); dot != std::string_view::npos)
        return std::string(id.substr(0, dot));
    if (auto slash = id.rfind('/'); slash != std::string_view::npos) {
        return std::string(id.substr(0, slash));
    }
    std::size_t i = 0;
    while (i < id.size() && !(id[i] >= '0' && id[i] <= '9')) ++i;
    return std::string(i == 0 ? id : id.substr(0, i));
}

std::vector<const check::RuleResult*> ordered_rule_results(const Report& r) {
    std::vector<const check::RuleResult*> out;
    for (const auto& rr : r.rule_results) out.push_back(&rr);
    static const std::string none;
    auto id_of = [](const check::RuleResult* x) {
        return x->rule ? x->rule->id : std::string_view();
    };
    auto rest = [](const check::RuleResult* x) {
        return std::make_tuple(
            static_cast<int>(x->outcome), std::string_view(x->message),
            std::string_view(x->locations.empty() ? none : x->locations.front().path));
    };
    std::stable_sort(out.begin(), out.end(),
                     [&](const check::RuleResult* a, const check::RuleResult* b) {
                         if (id_of(a) != id_of(b)) return text::natural_less(id_of(a), id_of(b));
                         return rest(a) < rest(b);
                     });
    return out;
}

RuleCounts count_rules(const Report& r) {
    RuleCounts c;
    for (const auto& rr : r.rule_results) ++c.by_outcome[static_cast<int>(rr.outcome)];
    return c;
}

}  // namespace berth::report::detail

namespace berth::report {

// The matcher's coverage warnings (src/vuln/match/match.cpp) say "… were not checked" (no
// advisory source for the OS, no advisories in the database) or "package not matched" (a
// version that does not parse). They are recognized by that wording; where == "os" marks the
// per-OS ones.
bool is_coverage_warning(const Diagnostic& d) {
    if (d.incomplete) return true;
    if (d.severity != Diagnostic::Severity::Warning) return false;
    return d.where == "os" || d.message.find("not checked") != std::string::npos ||
           d.message.find("not matched") != std::string::npos;
}

std::vector<const Diagnostic*> incomplete_inputs(const Report& r) {
    std::vector<const Diagnostic*> out;
    for (const Diagnostics* ds : {&r.inventory.diagnostics, &r.diagnostics}) {
        for (const auto& d : *ds) {
            if (d.incomplete) out.push_back(&d);
        }
    }
    return out;
}

}  // namespace berth::report

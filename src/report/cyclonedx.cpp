// SPDX-License-Identifier: Apache-2.0
// SBOM writers: SPDX 2.3 and CycloneDX 1.6 (src/sbom/encode/), the latter for a scan with
// vulnerabilities (https://cyclonedx.org/docs/1.6/json/#vulnerabilities):
// the SBOM of src/sbom/encode/cyclonedx.cpp (components, bom-refs = purls) plus one entry per
// (vulnerability id, suppression) pair:
//   {"id": "CVE-2023-4911", "source": {"name": "NVD", "url": "https://nvd.nist.gov/vuln/detail/…"},
//    "references": [{"id": "DSA-5514-1", "source": {"name": "Debian", "url": …}}],  ← aliases
//    "ratings": [{"method": "CVSSv31", "score": 7.8, "severity": "high", "vector": "CVSS:3.1/…"}],
//    "description": …, "advisories": [{"url": …}], "recommendation": "Upgrade libc6 to …",
//    "affects": [{"ref": <component bom-ref>, "versions": [{"version": …, "status": "affected"}]}],
//    "analysis": {…}}                                                 ← suppressed findings only
// Suppressed findings are kept here (unlike table and SARIF) because CycloneDX can say why:
// VEX not_affected → analysis.state not_affected with the justification mapped to CycloneDX's
// (original label in detail); VEX fixed → resolved; an ignore-file entry → exploitable with
// response will_not_fix (the user accepted the risk; the flaw is present).
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/json.hpp"
#include "report/report.hpp"
#include "report/report_util.hpp"
#include "sbom/encode/encode.hpp"

namespace berth::report {
namespace {

using nlohmann::json;

// The database an id comes from, by its prefix.
json id_source(const std::string& id) {
    auto starts = [&](const char* p) { return id.rfind(p, 0) == 0; };
    if (starts("CVE-")) {
        return {{"name", "NVD"}, {"url", "https://nvd.nist.gov/vuln/detail/" + id}};
    }
    if (starts("GHSA-")) {
        return {{"name", "GitHub"}, {"url", "https://github.com/advisories/" + id}};
    }
    if (starts("DSA-") || starts("DLA-")) {
        return {{"name", "Debian"}, {"url", "https://security-tracker.debian.org/tracker/" + id}};
    }
    if (starts("USN-"))
        return {{"name", "Ubuntu"}, {"url", "https://ubuntu.com/security/notices/" + id}};
    return {{"name", "OSV"}, {"url", "https://osv.dev/vulnerability/" + id}};
}

std::string method(const std::string& version) {
    if (version == "2.0") return "CVSSv2";
    if (version == "3.0") return "CVSSv3";
    if (version == "3.1") return "CVSSv31";
    if (version == "4.0") return "CVSSv4";
    return "other";
}

std::string cdx_severity(double score) {
    if (score >= 9.0) return "critical";
    if (score >= 7.0) return "high";
    if (score >= 4.0) return "medium";
    if (score >= 0.1) return "low";
    return "none";
}

std::string level_severity(vuln::Level l) {
    switch (l) {
        case vuln::Level::Critical:
            return "critical";
        case vuln::Level::High:
            return "high";
        case vuln::Level::Medium:
            return "medium";
        case vuln::Level::Low:
            return "low";
        case vuln::Level::Unknown:
            break;
    }
    return "unknown";
}

// OpenVEX justification → CycloneDX impactAnalysisJustification; a CycloneDX label (from a
// CycloneDX VEX given to --vex) is kept.
std::string cdx_justification(const std::string& vex) {
    for (std::string_view cdx :
         {"code_not_present", "code_not_reachable", "requires_configuration", "requires_dependency",
          "requires_environment", "protected_by_compiler", "protected_at_runtime",
          "protected_at_perimeter", "protected_by_mitigating_control"}) {
        if (vex == cdx) return vex;
    }
    if (vex == "component_not_present" || vex == "vulnerable_code_not_present") {
        return "code_not_present";
    }
    if (vex == "vulnerable_code_not_in_execute_path") return "code_not_reachable";
    if (vex == "vulnerable_code_cannot_be_controlled_by_adversary") return "requires_environment";
    if (vex == "inline_mitigations_already_exist") return "protected_by_mitigating_control";
    return "";
}

json analysis(const vuln::Suppression& s) {
    std::string detail = s.kind + " " + s.source + ": " + s.statement;
    if (!s.justification.empty()) detail += " (" + s.justification + ")";
    if (s.kind == "vex" && s.statement == "not_affected") {
        json a = {{"state", "not_affected"}, {"detail", detail}};
        if (auto j = cdx_justification(s.justification); !j.empty()) a["justification"] = j;
        return a;
    }
    if (s.kind == "vex" && s.statement == "fixed")
        return {{"state", "resolved"}, {"detail", detail}};
    return {
        {"state", "exploitable"}, {"response", json::array({"will_not_fix"})}, {"detail", detail}};
}

// Findings sharing an id and a suppression outcome become one vulnerability entry.
using GroupKey = std::tuple<std::string, bool, std::string, std::string, std::string, std::string>;

GroupKey group_key(const vuln::Finding& f) {
    if (!f.suppressed) return {f.id, false, "", "", "", ""};
    const auto& s = *f.suppressed;
    return {f.id, true, s.kind, s.statement, s.justification, s.source};
}

}  // namespace

std::string write_spdx(const Report& r) {
    return sbom::encode_spdx(r.inventory, detail::image_meta(r), detail::encode_options(r));
}

std::string write_cyclonedx(const Report& r) {
    const sbom::ImageMeta image = detail::image_meta(r);
    const sbom::EncodeOptions options = detail::encode_options(r);
    // An SBOM says nothing about vulnerabilities; an empty `vulnerabilities` would claim none.
    if (r.kind != Kind::Scan) return sbom::encode_cyclonedx(r.inventory, image, options);
    std::vector<std::string> refs;
    json bom = sbom::cyclonedx_bom(r.inventory, image, options, &refs);

    std::map<GroupKey, std::vector<const vuln::Finding*>> groups;
    for (const vuln::Finding* f : detail::ordered_findings(r, false))
        groups[group_key(*f)].push_back(f);
    for (const vuln::Finding* f : detail::ordered_findings(r, true))
        groups[group_key(*f)].push_back(f);

    json vulnerabilities = json::array();
    for (const auto& [key, members] : groups) {
        const vuln::Finding& first = *members.front();
        json v = {{"id", first.id}, {"source", id_source(first.id)}};
        json references = json::array();
        for (const auto& alias : first.aliases) {
            references.push_back({{"id", alias}, {"source", id_source(alias)}});
        }
        if (!references.empty()) v["references"] = std::move(references);
        json ratings = json::array();
        for (const auto& c : first.cvss) {
            json rating = {{"method", method(c.version)},
                           {"score", c.base_score},
                           {"severity", cdx_severity(c.base_score)},
                           {"vector", c.vector}};
            if (!c.source.empty()) rating["source"] = {{"name", c.source}};
            ratings.push_back(std::move(rating));
        }
        if (ratings.empty()) {
            ratings.push_back({{"method", "other"}, {"severity", level_severity(first.level)}});
        }
        v["ratings"] = std::move(ratings);
        std::string description = first.description.empty() ? first.title : first.description;
        if (!description.empty()) v["description"] = description;
        if (!first.title.empty() && first.title != description) v["detail"] = first.title;
        json advisories = json::array();
        for (const auto& url : first.references) advisories.push_back({{"url", url}});
        if (!advisories.empty()) v["advisories"] = std::move(advisories);

        json affects = json::array();
        std::set<std::string> seen;
        std::string recommendation;
        for (const vuln::Finding* f : members) {
            if (f->package_index >= refs.size() || refs[f->package_index].empty()) continue;
            const std::string& ref = refs[f->package_index];
            if (!seen.insert(ref + "\n" + f->installed_version).second) continue;
            std::string status = "affected";
            if (f->suppressed && f->suppressed->kind == "vex") status = "unaffected";
            affects.push_back({{"ref", ref},
                               {"versions", json::array({{{"version", f->installed_version},
                                                          {"status", status}}})}});
            if (!f->fixed_version.empty()) {
                if (!recommendation.empty()) recommendation += "\n";
                recommendation += "Upgrade " + r.inventory.packages[f->package_index].name +
                                  " to " + f->fixed_version;
            }
        }
        if (!affects.empty()) v["affects"] = std::move(affects);
        if (!recommendation.empty()) v["recommendation"] = recommendation;
        if (first.suppressed) v["analysis"] = analysis(*first.suppressed);
        json props = json::array();
        if (!first.distro_severity.empty()) {
            props.push_back({{"name", "berth:distro_severity"}, {"value", first.distro_severity}});
        }
        props.push_back(
            {{"name", "berth:severity"}, {"value", std::string(vuln::level_name(first.level))}});
        props.push_back(
            {{"name", "berth:status"}, {"value", std::string(vuln::status_name(first.status))}});
        v["properties"] = std::move(props);
        vulnerabilities.push_back(std::move(v));
    }
    bom["vulnerabilities"] = std::move(vulnerabilities);
    return to_canonical_json(bom);
}

}  // namespace berth::report

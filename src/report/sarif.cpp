// SPDX-License-Identifier: Apache-2.0
// SARIF 2.1.0 (OASIS, https://docs.oasis-open.org/sarif/sarif/v2.1.0/) shaped for GitHub code
// scanning
// (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning):
//  - one rule per vulnerability id: shortDescription (title), fullDescription (description),
//    helpUri (first reference, else the OSV page), help, and properties.security-severity =
//    the highest CVSS base score as a string ("9.8"), which GitHub maps to its severity; without
//    a CVSS score the level's midpoint is used (CRITICAL 9.5, HIGH 8.0, MEDIUM 5.5, LOW 2.0,
//    UNKNOWN 0.0), as Trivy does;
//  - one result per active finding: level error (critical, high), warning (medium), note (low,
//    unknown); a message naming package, installed and fixed versions; a location (GitHub
//    requires one) at the package database, e.g. var/lib/dpkg/status, line 1; and
//    partialFingerprints["berth/v1"] = sha256(id, purl, database path) so re-uploads dedup.
// Suppressed findings are left out.
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "core/digest.hpp"
#include "core/json.hpp"
#include "report/report.hpp"
#include "report/report_util.hpp"

namespace berth::report {
namespace {

using nlohmann::json;
using vuln::Level;

std::string sarif_level(Level l) {
    switch (l) {
        case Level::Critical:
        case Level::High:
            return "error";
        case Level::Medium:
            return "warning";
        case Level::Low:
        case Level::Unknown:
            break;
    }
    return "note";
}

std::string security_severity(const vuln::Finding& f) {
    if (auto score = detail::max_cvss(f)) return detail::score_text(*score);
    switch (f.level) {
        case Level::Critical:
            return "9.5";
        case Level::High:
            return "8.0";
        case Level::Medium:
            return "5.5";
        case Level::Low:
            return "2.0";
        case Level::Unknown:
            break;
    }
    return "0.0";
}

std::string help_uri(const vuln::Finding& f) {
    if (!f.references.empty()) return f.references.front();
    return "https://osv.dev/vulnerability/" + f.id;
}

json rule(const vuln::Finding& f) {
    std::string title = f.title.empty() ? f.id : f.title;
    std::string description = f.description.empty() ? title : f.description;
    std::string uri = help_uri(f);
    std::string help = "Vulnerability " + f.id +
                       "\nSeverity: " + std::string(vuln::level_name(f.level)) + "\n" + description;
    std::string markdown = "**Vulnerability " + f.id +
                           "**\n\n| Severity | Aliases |\n|---|---|\n| " +
                           std::string(vuln::level_name(f.level)) + " | ";
    for (std::size_t i = 0; i < f.aliases.size(); ++i) markdown += (i ? ", " : "") + f.aliases[i];
    markdown += " |\n\n" + description + "\n\n[" + uri + "](" + uri + ")";
    std::string level_tag = std::string(vuln::level_name(f.level));
    return {{"id", f.id},
            {"name", "OsPackageVulnerability"},
            {"shortDescription", {{"text", title}}},
            {"fullDescription", {{"text", description}}},
            {"helpUri", uri},
            {"help", {{"text", help}, {"markdown", markdown}}},
            {"defaultConfiguration", {{"level", sarif_level(f.level)}}},
            {"properties",
             {{"security-severity", security_severity(f)},
              {"precision", "very-high"},
              {"tags", json::array({"vulnerability", "security", level_tag})}}}};
}

}  // namespace

std::string write_sarif(const ScanReport& r) {
    auto findings = detail::ordered_findings(r, false);
    // Rules sorted by id; each takes its text from the first finding of that id in output order.
    std::map<std::string, const vuln::Finding*> first_by_id;
    for (const vuln::Finding* f : findings) first_by_id.try_emplace(f->id, f);
    json rules = json::array();
    std::map<std::string, std::size_t> rule_index;
    for (const auto& [id, f] : first_by_id) {
        rule_index[id] = rules.size();
        rules.push_back(rule(*f));
    }

    json results = json::array();
    for (const vuln::Finding* f : findings) {
        const sbom::Package* p = detail::package_of(r, *f);
        std::string name = p ? p->name : std::string("(unknown package)");
        std::string purl = p ? sbom::purl(*p, r.inventory.os) : std::string();
        std::string db = p && !p->location.path.empty() ? p->location.path : name;
        std::string text = "Package: " + name + "\nInstalled version: " + f->installed_version +
                           "\nVulnerability: " + f->id +
                           "\nSeverity: " + std::string(vuln::level_name(f->level)) +
                           "\nFixed version: " +
                           (f->fixed_version.empty() ? std::string("none") : f->fixed_version);
        if (p) {
            auto layer = detail::layer_of(r, *p);
            text += "\nLayer: " + std::to_string(layer.index);
            if (!layer.diff_id.empty()) text += " (" + layer.diff_id + ")";
        }
        std::string fingerprint_input = f->id;
        fingerprint_input += '\n';
        fingerprint_input += purl;
        fingerprint_input += '\n';
        fingerprint_input += db;
        json location = {
            {"physicalLocation",
             {{"artifactLocation", {{"uri", db}}},
              {"region",
               {{"startLine", 1}, {"startColumn", 1}, {"endLine", 1}, {"endColumn", 1}}}}},
            {"message", {{"text", name + "@" + f->installed_version}}}};
        results.push_back(
            {{"ruleId", f->id},
             {"ruleIndex", rule_index[f->id]},
             {"level", sarif_level(f->level)},
             {"message", {{"text", text}}},
             {"locations", json::array({location})},
             {"partialFingerprints", {{"berth/v1", sha256_of(fingerprint_input).hex}}}});
    }

    json driver = {{"name", "berth"},
                   {"fullName", "berth container security scanner"},
                   {"rules", std::move(rules)}};
    json run = {{"tool", {{"driver", std::move(driver)}}},
                {"results", std::move(results)},
                {"columnKind", "utf16CodeUnits"}};
    std::string target = r.target.name.empty() ? r.target.reference : r.target.name;
    if (!target.empty()) {
        run["properties"] = {
            {"target", target},
            {"manifestDigest",
             r.target.manifest_digest.empty() ? std::string() : r.target.manifest_digest.str()},
            {"imageID",
             r.target.config_digest.empty() ? std::string() : r.target.config_digest.str()}};
    }
    json doc = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                {"version", "2.1.0"},
                {"runs", json::array({std::move(run)})}};
    return to_canonical_json(doc);
}

}  // namespace berth::report

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
// Rule results (misconfigurations, CIS verdicts, secrets) go in the same run: one rule per rule
// id with shortDescription (title), fullDescription (description), help (remediation),
// helpUri (first URL reference) and properties {severity, security-severity, tags, references
// ("cis:CIS Docker 1.6 2.2", "hadolint:DL3002", …)}; one result per failed rule (kind "fail",
// level from the rule severity) and per informational verdict (kind "review", level "none");
// passes and skips are left out, except in an audit, which lists every check (kinds pass,
// notApplicable, open for errors; level "none"). Locations: file:line when known, the layer
// (diffID) and its history entry as location properties, the object (container, setting) as a
// logical location. The driver names berth's version (core/version.hpp) as version and
// semanticVersion.
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/digest.hpp"
#include "core/json.hpp"
#include "core/version.hpp"
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

json vulnerability_result(const Report& r, const vuln::Finding& f, std::size_t rule_index) {
    const sbom::Package* p = detail::package_of(r, f);
    std::string name = p ? p->name : std::string("(unknown package)");
    std::string purl = p ? sbom::purl(*p, r.inventory.os) : std::string();
    std::string db = p && !p->location.path.empty() ? p->location.path : name;
    std::string text =
        "Package: " + name + "\nInstalled version: " + f.installed_version +
        "\nVulnerability: " + f.id + "\nSeverity: " + std::string(vuln::level_name(f.level)) +
        "\nFixed version: " + (f.fixed_version.empty() ? std::string("none") : f.fixed_version) +
        "\nStatus: " + std::string(vuln::status_name(f.status));
    json location = {
        {"physicalLocation",
         {{"artifactLocation", {{"uri", db}}},
          {"region", {{"startLine", 1}, {"startColumn", 1}, {"endLine", 1}, {"endColumn", 1}}}}},
        {"message", {{"text", name + "@" + f.installed_version}}}};
    if (p) {
        auto layer = detail::layer_of(r, *p);
        text += "\nLayer: " + std::to_string(layer.index);
        if (!layer.diff_id.empty()) text += " (" + layer.diff_id + ")";
        json props = {{"layerIndex", layer.index}};
        if (!layer.diff_id.empty()) props["layer"] = layer.diff_id;
        if (!layer.created_by.empty()) props["createdBy"] = layer.created_by;
        location["properties"] = std::move(props);
    }
    std::string fingerprint_input = f.id + "\n" + purl + "\n" + db;
    return {{"ruleId", f.id},
            {"ruleIndex", rule_index},
            {"level", sarif_level(f.level)},
            {"message", {{"text", text}}},
            {"locations", json::array({std::move(location)})},
            {"partialFingerprints", {{"berth/v1", sha256_of(fingerprint_input).hex}}},
            // fixed, affected, will_not_fix, end_of_life, fix_deferred (Trivy's names).
            {"properties", {{"status", std::string(vuln::status_name(f.status))}}}};
}

std::string rule_level(check::Severity s) {
    switch (s) {
        case check::Severity::Critical:
        case check::Severity::High:
            return "error";
        case check::Severity::Medium:
            return "warning";
        case check::Severity::Low:
        case check::Severity::Info:
            break;
    }
    return "note";
}

std::string rule_security_severity(check::Severity s) {
    switch (s) {
        case check::Severity::Critical:
            return "9.5";
        case check::Severity::High:
            return "8.0";
        case check::Severity::Medium:
            return "5.5";
        case check::Severity::Low:
            return "2.0";
        case check::Severity::Info:
            break;
    }
    return "0.0";
}

json check_rule(const check::RuleInfo& info) {
    std::string title = info.title.empty() ? std::string(info.id) : std::string(info.title);
    std::string description = info.description.empty() ? title : std::string(info.description);
    std::string remediation = info.remediation.empty() ? std::string("No remediation given.")
                                                       : std::string(info.remediation);
    json refs = json::array();
    std::string uri;
    for (const auto& ref : info.references) {
        refs.push_back(std::string(ref.kind) + ":" + std::string(ref.value));
        if (uri.empty() && ref.kind == "url") uri = std::string(ref.value);
    }
    std::string severity(check::severity_name(info.severity));
    json rule = {
        {"id", std::string(info.id)},
        {"name", std::string(info.id)},
        {"shortDescription", {{"text", title}}},
        {"fullDescription", {{"text", description}}},
        {"help", {{"text", remediation}, {"markdown", "**Remediation**\n\n" + remediation}}},
        {"defaultConfiguration", {{"level", rule_level(info.severity)}}},
        {"properties",
         {{"severity", severity},
          {"security-severity", rule_security_severity(info.severity)},
          {"references", std::move(refs)},
          {"automated", info.automated},
          {"scored", info.scored},
          {"level", info.level},
          {"tags", json::array({"security", "misconfiguration", severity})}}}};
    if (!uri.empty()) rule["helpUri"] = uri;
    return rule;
}

json rule_location(const check::Location& l) {
    json loc = json::object();
    if (!l.path.empty()) {
        json region = {{"startLine", l.line == 0 ? 1 : l.line}};
        if (l.line != 0 && l.column != 0) region["startColumn"] = l.column;
        if (l.end_line >= l.line && l.end_line != 0) region["endLine"] = l.end_line;
        loc["physicalLocation"] = {{"artifactLocation", {{"uri", l.path}}}, {"region", region}};
    }
    if (!l.object.empty()) {
        loc["logicalLocations"] = json::array({{{"name", l.object}, {"kind", "object"}}});
    }
    json props = json::object();
    if (!l.layer.empty()) props["layer"] = l.layer;
    if (!l.created_by.empty()) props["createdBy"] = l.created_by;
    if (!props.empty()) loc["properties"] = std::move(props);
    return loc;
}

// SARIF's result kind for a verdict.
std::string_view sarif_kind(check::Outcome o) {
    switch (o) {
        case check::Outcome::Pass:
            return "pass";
        case check::Outcome::Fail:
            return "fail";
        case check::Outcome::Skipped:
            return "notApplicable";
        case check::Outcome::Error:
            return "open";
        case check::Outcome::Info:
            break;
    }
    return "review";
}

json check_result(const check::RuleResult& rr, std::size_t rule_index) {
    const bool failed = rr.outcome == check::Outcome::Fail;
    std::string text = rr.message.empty() ? std::string(rr.rule->title) : rr.message;
    for (const auto& d : rr.details) text += "\n" + d;
    json locations = json::array();
    std::string fingerprint_input = std::string(rr.rule->id) + "\n" + rr.message;
    for (const auto& l : rr.locations) {
        json loc = rule_location(l);
        if (!loc.empty()) locations.push_back(std::move(loc));
        fingerprint_input += "\n" + l.path + ":" + std::to_string(l.line) + "\n" + l.object;
    }
    json result = {{"ruleId", std::string(rr.rule->id)},
                   {"ruleIndex", rule_index},
                   {"kind", std::string(sarif_kind(rr.outcome))},
                   {"level", failed ? rule_level(rr.rule->severity) : std::string("none")},
                   {"message", {{"text", text}}},
                   {"partialFingerprints", {{"berth/v1", sha256_of(fingerprint_input).hex}}}};
    if (!locations.empty()) result["locations"] = std::move(locations);
    return result;
}

// Vulnerability rules first (sorted by id), then check rules (sorted by id); each rule takes its
// text from the first finding of that id in output order.
void add_rules_and_results(const Report& r, json& rules, json& results) {
    auto findings = detail::ordered_findings(r, false);
    std::map<std::string, const vuln::Finding*> first_by_id;
    for (const vuln::Finding* f : findings) first_by_id.try_emplace(f->id, f);
    std::map<std::string, std::size_t> rule_index;
    for (const auto& [id, f] : first_by_id) {
        rule_index[id] = rules.size();
        rules.push_back(rule(*f));
    }
    for (const vuln::Finding* f : findings) {
        results.push_back(vulnerability_result(r, *f, rule_index[f->id]));
    }
    std::vector<const check::RuleResult*> reported;
    std::map<std::string, const check::RuleInfo*> infos;
    for (const check::RuleResult* rr : detail::ordered_rule_results(r)) {
        if (rr->rule == nullptr) continue;
        const bool verdict =
            rr->outcome == check::Outcome::Fail || rr->outcome == check::Outcome::Info;
        if (!verdict && r.kind != Kind::Audit) continue;
        reported.push_back(rr);
        infos.try_emplace(std::string(rr->rule->id), rr->rule);
    }
    std::map<std::string, std::size_t> check_index;
    for (const auto& [id, info] : infos) {
        check_index[id] = rules.size();
        rules.push_back(check_rule(*info));
    }
    for (const check::RuleResult* rr : reported) {
        results.push_back(check_result(*rr, check_index[std::string(rr->rule->id)]));
    }
}

}  // namespace

std::string write_sarif(const Report& r) {
    json rules = json::array();
    json results = json::array();
    add_rules_and_results(r, rules, results);
    json driver = {{"name", "berth"},
                   {"fullName", "berth container security scanner"},
                   {"version", kVersion},
                   {"semanticVersion", kVersion},
                   {"informationUri", "https://berth.dev"},
                   {"rules", std::move(rules)}};
    json run = {{"tool", {{"driver", std::move(driver)}}},
                {"results", std::move(results)},
                {"columnKind", "utf16CodeUnits"}};
    // What was not read: one error-level tool execution notification each (SARIF 2.1.0
    // §3.20.21), so a dashboard does not show an incomplete scan as clean.
    if (auto items = incomplete_inputs(r); !items.empty()) {
        json notes = json::array();
        for (const Diagnostic* d : items) {
            notes.push_back(
                {{"level", "error"},
                 {"message",
                  {{"text", "not read (incomplete scan): " + d->where + ": " + d->message}}}});
        }
        run["invocations"] = json::array(
            {{{"executionSuccessful", true}, {"toolExecutionNotifications", std::move(notes)}}});
    }
    std::string target = r.target.name.empty() ? r.target.reference : r.target.name;
    if (r.kind == Kind::Audit) {
        run["properties"] = {{"benchmark", r.audit.benchmark},
                             {"root", r.audit.root},
                             {"daemon", r.audit.daemon.endpoint},
                             {"score", r.audit.score}};
    } else if (!target.empty()) {
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

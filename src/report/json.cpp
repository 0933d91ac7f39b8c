// SPDX-License-Identifier: Apache-2.0
// `--format json`: the whole report as canonical JSON (sorted keys, 2 spaces, final newline), one
// shape for every command, documented key by key in docs/scan-json.md (schema_version 1; a test
// checks the document against this writer). Sections present depend on the report kind:
//   every kind  schema_version, kind, created, target, os, diagnostics
//   scan        db, summary, findings, suppressed, incomplete (+ rule_results when any)
//   sbom        packages, cache, incomplete
// "incomplete" lists what was not read ({message, where}: a package database or analyzer input
// that failed); empty when the inventory is complete.
//   audit       audit (benchmark, root, daemon, score), rule_results, rule_summary (audit.cpp)
//   lint        rule_results, rule_summary
//   inspect     image, config, history, layers, totals, paths (inspect.cpp)
// Example finding:
//   {"id": "CVE-2023-4911", "aliases": ["DSA-5514-1"], "severity": "HIGH", "status": "fixed",
//    "installed_version": "2.36-9+deb12u1", "fixed_version": "2.36-9+deb12u3",
//    "package": {"name": "libc6", "purl": "pkg:deb/debian/libc6@…", …},
//    "layer": {"index": 0, "diff_id": "sha256:…", "created_by": "…"}, "cvss": [{…}], …}
// Suppressed findings are listed apart, each with "suppression": {kind, statement,
// justification, source}.
#include "core/json.hpp"

#include <nlohmann/json.hpp>
#include <string>

#include "report/report.hpp"
#include "report/report_util.hpp"

namespace berth::report {
namespace {

using nlohmann::json;

constexpr int kSchemaVersion = 1;

std::string digest_or_empty(const Digest& d) {
    return d.empty() ? std::string() : d.str();
}

json layer_json(const detail::LayerRef& layer, const sbom::Package& p) {
    return {{"index", layer.index},
            {"diff_id", layer.diff_id},
            {"digest", digest_or_empty(p.location.layer_digest)},
            {"created_by", layer.created_by}};
}

json finding_json(const Report& r, const vuln::Finding& f) {
    json j = {
        {"id", f.id},
        {"aliases", f.aliases},
        {"severity", std::string(vuln::level_name(f.level))},
        {"status", std::string(vuln::status_name(f.status))},
        {"installed_version", f.installed_version},
        {"fixed_version", f.fixed_version},
        {"distro_severity", f.distro_severity},
        {"title", f.title},
        {"description", f.description},
        {"references", f.references},
        {"sources", f.sources},
        {"ecosystem", f.ecosystem},
        {"matched_by", f.matched_by},
    };
    json cvss = json::array();
    for (const auto& c : f.cvss) {
        cvss.push_back({{"version", c.version},
                        {"vector", c.vector},
                        {"base_score", c.base_score},
                        {"source", c.source}});
    }
    j["cvss"] = std::move(cvss);
    if (const sbom::Package* p = detail::package_of(r, f)) {
        j["package"] = detail::package_json(r, *p);
        j["layer"] = layer_json(detail::layer_of(r, *p), *p);
    } else {
        j["package"] = nullptr;
        j["layer"] = nullptr;
    }
    if (f.suppressed) {
        j["suppression"] = {{"kind", f.suppressed->kind},
                            {"statement", f.suppressed->statement},
                            {"justification", f.suppressed->justification},
                            {"source", f.suppressed->source}};
    }
    return j;
}

json target_json(const Report& r) {
    json diff_ids = json::array();
    for (const auto& d : r.target.diff_ids) diff_ids.push_back(digest_or_empty(d));
    json layers = json::array();
    for (std::size_t i = 0; i < r.target.layers.size(); ++i) {
        const auto& l = r.target.layers[i];
        layers.push_back({{"index", i},
                          {"digest", digest_or_empty(l.digest)},
                          {"diff_id", digest_or_empty(l.diff_id)},
                          {"created_by", l.created_by}});
    }
    return {{"reference", r.target.reference},
            {"name", r.target.name},
            {"source", r.target.source},
            {"manifest_digest", digest_or_empty(r.target.manifest_digest)},
            {"config_digest", digest_or_empty(r.target.config_digest)},
            {"os_arch", r.target.os_arch},
            {"diff_ids", std::move(diff_ids)},
            {"layers", std::move(layers)}};
}

json os_json(const Report& r) {
    if (!r.inventory.os) return nullptr;
    const auto& os = *r.inventory.os;
    json out = {{"id", os.id},
                {"version_id", os.version_id},
                {"version_codename", os.version_codename},
                {"pretty_name", os.pretty_name}};
    if (!os.repository_release.empty()) out["repository_release"] = os.repository_release;
    return out;
}

void add_vulnerabilities(const Report& r, json& doc) {
    doc["db"] = {
        {"schema_version", r.db.schema_version}, {"built_at", r.db.built_at}, {"path", r.db.path}};
    auto counts = detail::count(r);
    json by_severity = json::object();
    for (int l = 0; l < 5; ++l) {
        by_severity[std::string(vuln::level_name(static_cast<vuln::Level>(l)))] =
            counts.by_level[l];
    }
    doc["summary"] = {{"total", counts.total},
                      {"by_severity", std::move(by_severity)},
                      {"suppressed", counts.suppressed},
                      {"packages", r.inventory.packages.size()},
                      {"gate_tripped", r.gate.tripped}};
    json findings = json::array();
    for (const vuln::Finding* f : detail::ordered_findings(r, false)) {
        findings.push_back(finding_json(r, *f));
    }
    json suppressed = json::array();
    for (const vuln::Finding* f : detail::ordered_findings(r, true)) {
        suppressed.push_back(finding_json(r, *f));
    }
    doc["findings"] = std::move(findings);
    doc["suppressed"] = std::move(suppressed);
}

json rule_json(const check::RuleInfo& info) {
    json refs = json::array();
    for (const auto& ref : info.references) {
        refs.push_back({{"kind", std::string(ref.kind)}, {"value", std::string(ref.value)}});
    }
    return {{"id", std::string(info.id)},
            {"title", std::string(info.title)},
            {"severity", std::string(check::severity_name(info.severity))},
            {"description", std::string(info.description)},
            {"remediation", std::string(info.remediation)},
            {"references", std::move(refs)},
            {"level", info.level},
            {"automated", info.automated},
            {"scored", info.scored}};
}

void add_rule_results(const Report& r, json& doc) {
    json results = json::array();
    for (const check::RuleResult* rr : detail::ordered_rule_results(r)) {
        json locations = json::array();
        for (const auto& l : rr->locations) {
            locations.push_back({{"path", l.path},
                                 {"line", l.line},
                                 {"end_line", l.end_line},
                                 {"column", l.column},
                                 {"layer", l.layer},
                                 {"created_by", l.created_by},
                                 {"object", l.object}});
        }
        json entry = {{"rule", rr->rule ? rule_json(*rr->rule) : json(nullptr)},
                      {"outcome", std::string(check::outcome_name(rr->outcome))},
                      {"message", rr->message},
                      {"details", rr->details},
                      {"locations", std::move(locations)}};
        entry["tag"] = std::string(audit_tag(*rr));
        results.push_back(std::move(entry));
    }
    doc["rule_results"] = std::move(results);
    auto counts = detail::count_rules(r);
    json summary = json::object();
    for (int o = 0; o < 5; ++o) {
        summary[std::string(check::outcome_name(static_cast<check::Outcome>(o)))] =
            counts.by_outcome[o];
    }
    doc["rule_summary"] = std::move(summary);
}

}  // namespace

namespace detail {

json package_json(const Report& r, const sbom::Package& p) {
    return {{"type", p.type},
            {"name", p.name},
            {"namespace", p.purl_namespace},
            {"version", p.version},
            {"arch", p.arch},
            {"source_name", p.source_name},
            {"source_version", p.source_version},
            {"license", p.license},
            {"maintainer", p.maintainer},
            {"vendor", p.vendor},
            {"installed_size", p.installed_size},
            {"files", p.files.size()},
            {"files_whited_out", p.files_whited_out},
            {"purl", sbom::purl(p, r.inventory.os)},
            {"package_db", p.location.path},
            {"layer", layer_json(layer_of(r, p), p)},
            {"layer_changed", p.location.layer_changed}};
}

}  // namespace detail

std::string write_json(const Report& r) {
    json doc = {{"schema_version", kSchemaVersion},
                {"kind", std::string(kind_name(r.kind))},
                {"created", r.created},
                {"target", target_json(r)},
                {"os", os_json(r)}};
    if (r.kind == Kind::Scan) add_vulnerabilities(r, doc);
    if (r.kind == Kind::Sbom) {
        json packages = json::array();
        for (const auto& p : r.inventory.packages) packages.push_back(detail::package_json(r, p));
        doc["packages"] = std::move(packages);
        doc["cache"] = {{"layers_from_cache", r.cache.layers_from_cache},
                        {"layers_walked", r.cache.layers_walked}};
    }
    if (r.kind == Kind::Scan || r.kind == Kind::Sbom) {
        json incomplete = json::array();
        for (const Diagnostic* d : incomplete_inputs(r)) {
            incomplete.push_back({{"message", d->message}, {"where", d->where}});
        }
        doc["incomplete"] = std::move(incomplete);
    }
    if (r.kind == Kind::Inspect) detail::add_inspect(r, doc);
    if (r.kind == Kind::Audit) detail::add_audit(r, doc);
    if (r.kind == Kind::Audit || r.kind == Kind::Lint || r.kind == Kind::Config ||
        !r.rule_results.empty()) {
        add_rule_results(r, doc);
    }
    json diagnostics = json::array();
    auto add = [&](const Diagnostics& ds) {
        for (const auto& d : ds) {
            diagnostics.push_back(
                {{"severity", d.severity == Diagnostic::Severity::Info ? "info" : "warning"},
                 {"message", d.message},
                 {"where", d.where}});
        }
    };
    add(r.inventory.diagnostics);
    add(r.diagnostics);
    doc["diagnostics"] = std::move(diagnostics);
    return to_canonical_json(doc);
}

}  // namespace berth::report

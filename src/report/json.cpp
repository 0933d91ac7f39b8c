// SPDX-License-Identifier: Apache-2.0
// `berth scan --format json`: the whole report as canonical JSON (sorted keys, 2 spaces, final
// newline), schema documented field by field in docs/scan-json.md (schema_version 1).
// Example finding:
//   {"id": "CVE-2023-4911", "aliases": ["DSA-5514-1"], "severity": "HIGH", "status": "fixed",
//    "installed_version": "2.36-9+deb12u1", "fixed_version": "2.36-9+deb12u3",
//    "package": {"name": "libc6", "purl": "pkg:deb/debian/libc6@…", …},
//    "layer": {"index": 0, "diff_id": "sha256:…"}, "cvss": [{"version": "3.1", …}], …}
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

json finding_json(const ScanReport& r, const vuln::Finding& f) {
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
        auto layer = detail::layer_of(r, *p);
        j["package"] = {{"name", p->name},
                        {"version", p->version},
                        {"type", p->type},
                        {"arch", p->arch},
                        {"source_name", p->source_name},
                        {"source_version", p->source_version},
                        {"purl", sbom::purl(*p, r.inventory.os)},
                        {"package_db", p->location.path}};
        j["layer"] = {
            {"index", layer.index},
            {"diff_id", layer.diff_id},
            {"digest",
             p->location.layer_digest.empty() ? std::string() : p->location.layer_digest.str()}};
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

std::string digest_or_empty(const Digest& d) {
    return d.empty() ? std::string() : d.str();
}

}  // namespace

std::string write_json(const ScanReport& r) {
    json diff_ids = json::array();
    for (const auto& d : r.target.diff_ids) diff_ids.push_back(digest_or_empty(d));
    json doc = {
        {"schema_version", kSchemaVersion},
        {"created", r.created},
        {"target",
         {{"reference", r.target.reference},
          {"name", r.target.name},
          {"manifest_digest", digest_or_empty(r.target.manifest_digest)},
          {"config_digest", digest_or_empty(r.target.config_digest)},
          {"os_arch", r.target.os_arch},
          {"diff_ids", std::move(diff_ids)}}},
        {"db",
         {{"schema_version", r.db.schema_version},
          {"built_at", r.db.built_at},
          {"path", r.db.path}}},
    };
    if (r.inventory.os) {
        const auto& os = *r.inventory.os;
        doc["os"] = {{"id", os.id},
                     {"version_id", os.version_id},
                     {"version_codename", os.version_codename},
                     {"pretty_name", os.pretty_name}};
    } else {
        doc["os"] = nullptr;
    }
    auto counts = detail::count(r);
    json by_severity = json::object();
    for (int l = 0; l < 5; ++l) {
        by_severity[std::string(vuln::level_name(static_cast<vuln::Level>(l)))] =
            counts.by_level[l];
    }
    doc["summary"] = {{"total", counts.total},
                      {"by_severity", std::move(by_severity)},
                      {"suppressed", counts.suppressed},
                      {"packages", r.inventory.packages.size()}};
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

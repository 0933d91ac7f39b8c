// SPDX-License-Identifier: Apache-2.0
// GitLab's container-scanning report (`gl-container-scanning-report.json`, security report
// schema 15.x, https://gitlab.com/gitlab-org/security-products/security-report-schemas), the
// file a GitLab CI job hands over as `artifacts:reports:container_scanning` so findings show in
// merge requests and the vulnerability report:
//  - `scan`: analyzer and scanner {id, name, version, vendor.name} = berth, start and end time in
//    the schema's `YYYY-MM-DDTHH:MM:SS` (UTC, from the report's timestamp), status success, type
//    container_scanning — without it GitLab rejects the whole file;
//  - one vulnerability per active finding (suppressed ones are left out, as in SARIF):
//    id = hex sha256(vulnerability id, purl) so GitLab tracks it across pipelines; name
//    "ID in PACKAGE"; severity Critical/High/Medium/Low/Unknown; solution naming the fixed
//    version; identifiers typed by their prefix (cve, ghsa, dsa, …); links from the references;
//    location {dependency {package.name, version}, operating_system "debian 12", image};
//  - inputs that could not be read: scan.messages, level warn ("not read (incomplete scan): …").
// Misconfigurations and secrets are not vulnerabilities in GitLab's model; they go to SARIF.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/digest.hpp"
#include "core/text.hpp"
#include "core/version.hpp"
#include "report/report.hpp"

namespace berth::report {
namespace {

using nlohmann::json;
using vuln::Level;

std::string gitlab_severity(Level l) {
    switch (l) {
        case Level::Critical:
            return "Critical";
        case Level::High:
            return "High";
        case Level::Medium:
            return "Medium";
        case Level::Low:
            return "Low";
        case Level::Unknown:
            break;
    }
    return "Unknown";
}

// "2026-12-07T20:52:41Z" → "2026-12-07T20:52:41", the only form the schema accepts.
std::string gitlab_time(const std::string& rfc3339) {
    return rfc3339.size() >= 19 ? rfc3339.substr(0, 19) : "1970-01-01T00:00:00";
}

// An identifier's type from its prefix: "CVE-2024-1" → cve, "GHSA-…" → ghsa, "DSA-5000-1" → dsa.
json identifier(const std::string& id) {
    const auto dash = id.find('-');
    const std::string type = dash == std::string::npos ? "berth" : text::lower(id.substr(0, dash));
    json out = {{"type", type}, {"name", id}, {"value", id}};
    if (type == "cve")
        out["url"] = "https://nvd.nist.gov/vuln/detail/" + id;
    else if (type == "ghsa")
        out["url"] = "https://github.com/advisories/" + id;
    else
        out["url"] = "https://osv.dev/vulnerability/" + id;
    return out;
}

std::string operating_system(const Report& r) {
    if (!r.inventory.os) return "Unknown";
    const auto& os = *r.inventory.os;
    return os.version_id.empty() ? os.id : os.id + " " + os.version_id;
}

json vulnerability(const Report& r, const vuln::Finding& f) {
    const sbom::Package& pkg = r.inventory.packages.at(f.package_index);
    const std::string purl = sbom::purl(pkg, r.inventory.os);
    json identifiers = json::array({identifier(f.id)});
    for (const auto& alias : f.aliases) identifiers.push_back(identifier(alias));
    json links = json::array();
    for (const auto& ref : f.references) links.push_back({{"url", ref}});
    std::string description = f.description.empty() ? f.title : f.description;
    if (description.empty()) description = f.id + " in " + pkg.name + " " + f.installed_version;
    return {
        {"id", sha256_of(f.id + "\n" + purl).hex},
        {"name", f.id + " in " + pkg.name},
        {"description", description},
        {"severity", gitlab_severity(f.level)},
        {"solution", f.fixed_version.empty()
                         ? "No fixed version of " + pkg.name + " is known (" +
                               std::string(vuln::status_name(f.status)) + ")."
                         : "Upgrade " + pkg.name + " to " + f.fixed_version + "."},
        {"identifiers", identifiers},
        {"links", links},
        {"location",
         {{"dependency", {{"package", {{"name", pkg.name}}}, {"version", f.installed_version}}},
          {"operating_system", operating_system(r)},
          {"image", r.target.name.empty() ? r.target.reference : r.target.name}}},
    };
}

}  // namespace

std::string write_gitlab(const Report& r) {
    const json tool = {{"id", "berth"},
                       {"name", "berth"},
                       {"version", std::string(kVersion)},
                       {"vendor", {{"name", "berth"}}}};
    json vulnerabilities = json::array();
    for (const auto& f : r.findings) {
        if (!f.suppressed) vulnerabilities.push_back(vulnerability(r, f));
    }
    // Deterministic order: by id (a hash), as GitLab does not care and diffs stay small.
    std::sort(vulnerabilities.begin(), vulnerabilities.end(),
              [](const json& a, const json& b) { return a["id"] < b["id"]; });
    json scan = {{"analyzer", tool},
                 {"scanner", tool},
                 {"start_time", gitlab_time(r.created)},
                 {"end_time", gitlab_time(r.created)},
                 {"status", "success"},
                 {"type", "container_scanning"}};
    // An incomplete scan says what was not read, as every format does: scan.messages (warn).
    json messages = json::array();
    for (const Diagnostic* d : incomplete_inputs(r))
        messages.push_back(
            {{"level", "warn"},
             {"value", "not read (incomplete scan): " +
                           (d->where.empty() ? d->message : d->where + ": " + d->message)}});
    if (!messages.empty()) scan["messages"] = messages;
    const json doc = {
        {"version", "15.0.7"},
        {"scan", scan},
        {"vulnerabilities", vulnerabilities},
        {"remediations", json::array()},
    };
    return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace berth::report

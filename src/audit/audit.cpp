// SPDX-License-Identifier: Apache-2.0
#include "audit/audit.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/json.hpp"
#include "core/version.hpp"

namespace berth::audit {
namespace {

std::string_view section_name(std::string_view section) {
    if (section == "1") return "Host Configuration";
    if (section == "2") return "Docker daemon configuration";
    if (section == "3") return "Docker daemon configuration files";
    if (section == "4") return "Container Images and Build File";
    if (section == "5") return "Container Runtime";
    if (section == "6") return "Docker Security Operations";
    if (section == "7") return "Docker Swarm Configuration";
    if (section == "8") return "Docker Enterprise Configuration";
    if (section == "C") return "Community contributed checks";
    if (section == "R") return "Rootless Docker (berth checks, not in the CIS benchmark)";
    return "Other";
}

std::string sarif_kind(cis::Outcome o) {
    switch (o) {
        case cis::Outcome::Pass:
            return "pass";
        case cis::Outcome::Warn:
            return "fail";
        case cis::Outcome::Note:
            return "review";
        default:
            return "informational";
    }
}

}  // namespace

bool id_matches(const std::string& id, const std::string& pattern) {
    return id == pattern ||
           (id.size() > pattern.size() && id.compare(0, pattern.size(), pattern) == 0 &&
            id[pattern.size()] == '.');
}

Result<std::vector<CheckResult>> run_checks(const HostFacts& facts, const Selection& selection) {
    const auto checks = cis::all_checks();
    for (const auto* list : {&selection.only, &selection.exclude}) {
        for (const auto& p : *list) {
            const bool any = std::any_of(checks.begin(), checks.end(), [&](const cis::Check& c) {
                return id_matches(std::string(c.info.id), p);
            });
            if (!any)
                return fail(ErrorCode::InvalidArgument, "no CIS check has id " + p,
                            "--check/--exclude");
        }
    }
    std::vector<CheckResult> out;
    for (const auto& c : checks) {
        const std::string id(c.info.id);
        auto match = [&](const std::vector<std::string>& l) {
            return std::any_of(l.begin(), l.end(),
                               [&](const std::string& p) { return id_matches(id, p); });
        };
        if (!selection.only.empty() && !match(selection.only)) continue;
        if (match(selection.exclude)) continue;
        out.push_back({c.info, c.judge(facts)});
    }
    return out;
}

int score(const std::vector<CheckResult>& results) {
    int s = 0;
    for (const auto& r : results) {
        if (!r.info.scored) continue;
        if (r.verdict.result == cis::Outcome::Pass) ++s;
        if (r.verdict.result == cis::Outcome::Warn) --s;
    }
    return s;
}

bool gate_failed(const std::vector<CheckResult>& results, int level) {
    return std::any_of(results.begin(), results.end(), [&](const CheckResult& r) {
        return r.info.scored && r.info.level >= level && r.verdict.result == cis::Outcome::Warn;
    });
}

std::string render_text(const std::vector<CheckResult>& results, const HostFacts& facts) {
    std::ostringstream out;
    out << "# CIS Docker Benchmark v1.6 — berth audit host (root " << facts.root << ")\n";
    if (facts.engine.reachable) {
        out << "# Docker daemon " << facts.engine.endpoint << ": version "
            << facts.engine.server_version << "\n";
    } else if (!facts.engine.endpoint.empty()) {
        out << "# no Docker daemon reachable at " << facts.engine.endpoint << "\n";
    } else {
        out << "# no Docker daemon queried\n";
    }
    for (const auto& w : facts.warnings) out << "# warning: " << w << "\n";
    std::string section;
    for (const auto& r : results) {
        const std::string id(r.info.id);
        const std::string sec = id.substr(0, id.find('.'));
        if (sec != section) {
            section = sec;
            out << "\n[INFO] " << sec << " - " << section_name(sec) << "\n";
        }
        const std::string_view tag = cis::outcome_name(r.verdict.result);
        out << "[" << tag << "] " << id << " - " << r.info.title << " ("
            << (r.info.automated ? "Automated" : "Manual") << ")\n";
        for (const auto& d : r.verdict.details) out << "[" << tag << "]      * " << d << "\n";
    }
    std::size_t counts[5] = {};
    for (const auto& r : results) ++counts[static_cast<int>(r.verdict.result)];
    out << "\n[INFO] Checks: " << results.size() << " (PASS " << counts[0] << ", WARN " << counts[1]
        << ", INFO " << counts[2] << ", NOTE " << counts[3] << ")\n";
    out << "[INFO] Score: " << score(results) << "\n";
    return out.str();
}

std::string render_json(const std::vector<CheckResult>& results, const HostFacts& facts) {
    nlohmann::json checks = nlohmann::json::array();
    for (const auto& r : results) {
        checks.push_back({{"id", r.info.id},
                          {"title", r.info.title},
                          {"result", cis::outcome_name(r.verdict.result)},
                          {"level", r.info.level},
                          {"automated", r.info.automated},
                          {"scored", r.info.scored},
                          {"details", r.verdict.details},
                          {"remediation", r.info.remediation}});
    }
    nlohmann::json doc = {
        {"benchmark", "CIS Docker Benchmark v1.6.0"},
        {"root", facts.root},
        {"daemon",
         {{"endpoint", facts.engine.endpoint},
          {"reachable", facts.engine.reachable},
          {"version", facts.engine.server_version},
          {"error", facts.engine.error},
          {"options_source", facts.daemon.cmdline_source},
          {"daemon_json",
           facts.daemon.daemon_json_found ? facts.daemon.daemon_json_path : std::string()},
          {"conflicts", facts.daemon.conflicts}}},
        {"warnings", facts.warnings},
        {"checks", checks},
        {"score", score(results)},
    };
    return to_canonical_json(doc);
}

std::string render_sarif(const std::vector<CheckResult>& results, const HostFacts& facts) {
    nlohmann::json rules = nlohmann::json::array();
    nlohmann::json sarif_results = nlohmann::json::array();
    for (std::size_t i = 0; i < results.size(); ++i) {
        const auto& r = results[i];
        const std::string rule_id = "cis-docker/" + std::string(r.info.id);
        rules.push_back({{"id", rule_id},
                         {"name", "CIS " + std::string(r.info.id)},
                         {"shortDescription", {{"text", r.info.title}}},
                         {"fullDescription", {{"text", r.info.rationale}}},
                         {"help", {{"text", r.info.remediation}}},
                         {"properties",
                          {{"level", r.info.level},
                           {"scored", r.info.scored},
                           {"automated", r.info.automated}}}});
        std::string message =
            std::string(cis::outcome_name(r.verdict.result)) + ": " + std::string(r.info.title);
        for (const auto& d : r.verdict.details) message += "\n- " + d;
        const bool failed = r.verdict.result == cis::Outcome::Warn;
        sarif_results.push_back({{"ruleId", rule_id},
                                 {"ruleIndex", i},
                                 {"kind", sarif_kind(r.verdict.result)},
                                 {"level", failed ? "warning" : "none"},
                                 {"message", {{"text", message}}}});
    }
    nlohmann::json doc = {
        {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
        {"version", "2.1.0"},
        {"runs",
         {{{"tool",
            {{"driver",
              {{"name", "berth"},
               {"version", kVersion},
               {"informationUri", "https://github.com/berth/berth"},
               {"rules", rules}}}}},
           {"results", sarif_results},
           {"properties", {{"root", facts.root}, {"daemon", facts.engine.endpoint}}}}}},
    };
    return to_canonical_json(doc);
}

}  // namespace berth::audit

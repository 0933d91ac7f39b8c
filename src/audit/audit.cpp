// SPDX-License-Identifier: Apache-2.0
#include "audit/audit.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "audit/cis_docker/check_support.hpp"
#include "core/json.hpp"
#include "core/version.hpp"

namespace berth::audit {
namespace {

using check::Outcome;
using check::RuleResult;

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

constexpr std::string_view kManualPrefix = "manual check: ";

bool is_manual(const RuleResult& r) {
    return r.outcome == Outcome::Info && r.message.rfind(kManualPrefix, 0) == 0;
}

std::string sarif_kind(const RuleResult& r) {
    switch (r.outcome) {
        case Outcome::Pass:
            return "pass";
        case Outcome::Fail:
            return "fail";
        case Outcome::Skipped:
            return "notApplicable";
        case Outcome::Error:
            return "open";
        case Outcome::Info:
            return is_manual(r) ? "review" : "informational";
    }
    return "informational";
}

std::string number_of(const RuleResult& r) {
    return std::string(cis::number(*r.rule));
}

// docker-bench's colours: PASS green, WARN red, INFO blue, NOTE yellow; SKIP and ERROR dim.
std::string_view color_of(std::string_view tag) {
    if (tag == "PASS") return "\033[1;32m";
    if (tag == "WARN") return "\033[1;31m";
    if (tag == "INFO") return "\033[1;34m";
    if (tag == "NOTE") return "\033[1;33m";
    return "\033[2m";
}

std::string daemon_line(const std::vector<RuleResult>& results, const HostFacts& facts) {
    if (facts.engine.reachable) {
        return "# Docker daemon " + facts.engine.endpoint + ": version " +
               facts.engine.server_version;
    }
    const auto skipped = std::count_if(results.begin(), results.end(), [](const RuleResult& r) {
        return r.outcome == Outcome::Skipped && r.message == cis::kNeedsDaemon;
    });
    std::string line =
        facts.engine.endpoint.empty()
            ? "# no Docker daemon queried (use --host unix://PATH or set "
              "DOCKER_HOST)"
            : "# no Docker daemon reachable at " + facts.engine.endpoint +
                  (facts.engine.error.empty() ? "" : " (" + facts.engine.error + ")");
    if (skipped > 0) line += "; " + std::to_string(skipped) + " checks that need it are skipped";
    return line;
}

}  // namespace

bool id_matches(const std::string& id, const std::string& pattern) {
    return id == pattern ||
           (id.size() > pattern.size() && id.compare(0, pattern.size(), pattern) == 0 &&
            id[pattern.size()] == '.');
}

Result<std::vector<RuleResult>> run_checks(const HostFacts& facts, const Selection& selection) {
    const auto checks = cis::all_checks();
    for (const auto* list : {&selection.only, &selection.exclude}) {
        for (const auto& p : *list) {
            const bool any = std::any_of(checks.begin(), checks.end(), [&](const cis::Check& c) {
                return id_matches(std::string(cis::number(*c.info)), p);
            });
            if (!any)
                return fail(ErrorCode::InvalidArgument, "no CIS check has id " + p,
                            "--check/--exclude");
        }
    }
    std::vector<RuleResult> out;
    for (const auto& c : checks) {
        const std::string id(cis::number(*c.info));
        auto match = [&](const std::vector<std::string>& l) {
            return std::any_of(l.begin(), l.end(),
                               [&](const std::string& p) { return id_matches(id, p); });
        };
        if (!selection.only.empty() && !match(selection.only)) continue;
        if (match(selection.exclude)) continue;
        cis::Verdict v = c.judge(facts);
        RuleResult r;
        r.rule = c.info;
        r.outcome = v.result;
        if (!v.details.empty()) {
            r.message = std::move(v.details.front());
            r.details.assign(std::make_move_iterator(v.details.begin() + 1),
                             std::make_move_iterator(v.details.end()));
        }
        out.push_back(std::move(r));
    }
    return out;
}

int score(const std::vector<RuleResult>& results) {
    int s = 0;
    for (const auto& r : results) {
        if (!r.rule->scored) continue;
        if (r.outcome == Outcome::Pass) ++s;
        if (r.outcome == Outcome::Fail) --s;
    }
    return s;
}

bool gate_failed(const std::vector<RuleResult>& results, int level) {
    return std::any_of(results.begin(), results.end(), [&](const RuleResult& r) {
        return r.rule->scored && r.rule->level >= level && r.outcome == Outcome::Fail;
    });
}

std::string_view docker_bench_tag(const RuleResult& r) {
    switch (r.outcome) {
        case Outcome::Pass:
            return "PASS";
        case Outcome::Fail:
            return "WARN";
        case Outcome::Info:
            return is_manual(r) ? "NOTE" : "INFO";
        case Outcome::Skipped:
            return "SKIP";
        case Outcome::Error:
            return "ERROR";
    }
    return "INFO";
}

std::vector<std::string> detail_lines(const RuleResult& r) {
    std::vector<std::string> out;
    if (!r.message.empty()) out.push_back(r.message);
    for (const auto& d : r.details)
        if (!d.empty()) out.push_back(d);
    return out;
}

std::string render_text(const std::vector<RuleResult>& results, const HostFacts& facts,
                        const TextOptions& options) {
    std::ostringstream out;
    auto tagged = [&](std::string_view tag) {
        if (!options.color) return "[" + std::string(tag) + "]";
        return "[" + std::string(color_of(tag)) + std::string(tag) + "\033[0m]";
    };
    out << "# CIS Docker Benchmark v1.6 — berth audit host (root " << facts.root << ")\n"
        << daemon_line(results, facts) << "\n";
    for (const auto& w : facts.warnings) out << "# warning: " << w << "\n";
    std::string section;
    std::map<std::string_view, std::size_t> counts;
    for (const auto& r : results) {
        const std::string id = number_of(r);
        const std::string sec = id.substr(0, id.find('.'));
        if (sec != section) {
            section = sec;
            out << "\n" << tagged("INFO") << " " << sec << " - " << section_name(sec) << "\n";
        }
        const std::string_view tag = docker_bench_tag(r);
        ++counts[tag];
        const std::string t = tagged(tag);
        out << t << " " << id << " - " << r.rule->title << " ("
            << (r.rule->automated ? "Automated" : "Manual") << ")\n";
        for (const auto& d : detail_lines(r)) out << t << "      * " << d << "\n";
        if (r.outcome == Outcome::Fail)
            out << t << "      Remediation: " << r.rule->remediation << "\n";
    }
    out << "\n" << tagged("INFO") << " Checks: " << results.size();
    const char* sep = " (";
    for (const std::string_view tag : {"PASS", "WARN", "INFO", "NOTE", "SKIP", "ERROR"}) {
        if (tag == "ERROR" && counts[tag] == 0) continue;
        out << sep << tag << " " << counts[tag];
        sep = ", ";
    }
    out << ")\n" << tagged("INFO") << " Score: " << score(results) << "\n";
    return out.str();
}

std::string render_json(const std::vector<RuleResult>& results, const HostFacts& facts) {
    nlohmann::json checks = nlohmann::json::array();
    for (const auto& r : results) {
        checks.push_back({{"id", number_of(r)},
                          {"rule", r.rule->id},
                          {"title", r.rule->title},
                          {"result", docker_bench_tag(r)},
                          {"outcome", check::outcome_name(r.outcome)},
                          {"severity", check::severity_name(r.rule->severity)},
                          {"level", r.rule->level},
                          {"automated", r.rule->automated},
                          {"scored", r.rule->scored},
                          {"details", detail_lines(r)},
                          {"remediation", r.rule->remediation}});
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

std::string render_sarif(const std::vector<RuleResult>& results, const HostFacts& facts) {
    nlohmann::json rules = nlohmann::json::array();
    nlohmann::json sarif_results = nlohmann::json::array();
    for (std::size_t i = 0; i < results.size(); ++i) {
        const auto& r = results[i];
        const std::string rule_id(r.rule->id);
        rules.push_back({{"id", rule_id},
                         {"name", "CIS " + number_of(r)},
                         {"shortDescription", {{"text", r.rule->title}}},
                         {"fullDescription", {{"text", r.rule->description}}},
                         {"help", {{"text", r.rule->remediation}}},
                         {"properties",
                          {{"level", r.rule->level},
                           {"scored", r.rule->scored},
                           {"automated", r.rule->automated},
                           {"severity", check::severity_name(r.rule->severity)}}}});
        std::string message = std::string(docker_bench_tag(r)) + ": " + std::string(r.rule->title);
        for (const auto& d : detail_lines(r)) message += "\n- " + d;
        const bool failed = r.outcome == Outcome::Fail;
        sarif_results.push_back({{"ruleId", rule_id},
                                 {"ruleIndex", i},
                                 {"kind", sarif_kind(r)},
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

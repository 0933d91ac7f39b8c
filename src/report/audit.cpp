// SPDX-License-Identifier: Apache-2.0
// The `audit` kind (`berth audit host`): rule results of the CIS Docker Benchmark checks plus
// AuditDetails. Table: docker-bench-security's look — a header naming the root and the daemon
// (an unreachable daemon is said once; the checks that need it are SKIP), section headers,
// "[WARN] 2.2 - title (Automated)", details indented, the remediation under each WARN, counts
// per tag and the score. JSON: the `audit` section of docs/scan-json.md (rule results and
// diagnostics are the shared sections). SARIF lists every check (sarif.cpp).
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "report/report.hpp"
#include "report/report_util.hpp"

namespace berth::report {
namespace {

constexpr std::string_view kManualPrefix = "manual check: ";

// The CIS number of a rule id: "2.2" for "cis-docker/2.2".
std::string_view number_of(const check::RuleResult& r) {
    if (r.rule == nullptr) return "?";
    std::string_view id = r.rule->id;
    const auto slash = id.rfind('/');
    return slash == std::string_view::npos ? id : id.substr(slash + 1);
}

// docker-bench's colours: PASS green, WARN red, INFO blue, NOTE yellow; SKIP and ERROR dim.
std::string_view colour_of(std::string_view tag) {
    if (tag == "PASS") return "\033[1;32m";
    if (tag == "WARN") return "\033[1;31m";
    if (tag == "INFO") return "\033[1;34m";
    if (tag == "NOTE") return "\033[1;33m";
    return "\033[2m";
}

std::string daemon_line(const AuditDetails& a) {
    const auto& d = a.daemon;
    if (d.reachable) return "# Docker daemon " + d.endpoint + ": version " + d.version;
    std::string line = d.endpoint.empty()
                           ? "# no Docker daemon queried (use --host unix://PATH or set "
                             "DOCKER_HOST)"
                           : "# no Docker daemon reachable at " + d.endpoint +
                                 (d.error.empty() ? "" : " (" + d.error + ")");
    if (a.skipped_for_daemon > 0) {
        line += "; " + std::to_string(a.skipped_for_daemon) + " checks that need it are skipped";
    }
    return line;
}

std::string section_title(const AuditDetails& a, std::string_view section) {
    for (const auto& [number, title] : a.sections) {
        if (number == section) return title;
    }
    return "Other";
}

}  // namespace

std::string_view audit_tag(const check::RuleResult& r) {
    switch (r.outcome) {
        case check::Outcome::Pass:
            return "PASS";
        case check::Outcome::Fail:
            return "WARN";
        case check::Outcome::Info:
            return r.message.rfind(kManualPrefix, 0) == 0 ? "NOTE" : "INFO";
        case check::Outcome::Skipped:
            return "SKIP";
        case check::Outcome::Error:
            return "ERROR";
    }
    return "INFO";
}

namespace detail {

std::string audit_table(const Report& r, bool colour) {
    const AuditDetails& a = r.audit;
    auto tagged = [&](std::string_view tag) {
        if (!colour) return "[" + std::string(tag) + "]";
        return "[" + std::string(colour_of(tag)) + std::string(tag) + "\033[0m]";
    };
    std::string out =
        "# " + a.benchmark + " — berth audit host (root " + a.root + ")\n" + daemon_line(a) + "\n";
    for (const auto& d : r.diagnostics) out += "# warning: " + d.message + "\n";
    std::string section;
    std::map<std::string_view, std::size_t> counts;
    for (const check::RuleResult* rr : ordered_rule_results(r)) {
        const std::string number(number_of(*rr));
        const std::string sec = number.substr(0, number.find('.'));
        if (sec != section) {
            section = sec;
            out += "\n" + tagged("INFO") + " " + sec + " - " + section_title(a, sec) + "\n";
        }
        const std::string_view tag = audit_tag(*rr);
        ++counts[tag];
        const std::string t = tagged(tag);
        const bool automated = rr->rule == nullptr || rr->rule->automated;
        out += t + " " + number + " - " + std::string(rr->rule ? rr->rule->title : "") + " (" +
               (automated ? "Automated" : "Manual") + ")\n";
        if (!rr->message.empty()) out += t + "      * " + rr->message + "\n";
        for (const auto& d : rr->details) {
            if (!d.empty()) out += t + "      * " + d + "\n";
        }
        if (rr->outcome == check::Outcome::Fail && rr->rule != nullptr) {
            out += t + "      Remediation: " + std::string(rr->rule->remediation) + "\n";
        }
    }
    out += "\n" + tagged("INFO") + " Checks: " + std::to_string(r.rule_results.size());
    const char* sep = " (";
    for (const std::string_view tag : {"PASS", "WARN", "INFO", "NOTE", "SKIP", "ERROR"}) {
        if (tag == "ERROR" && counts[tag] == 0) continue;
        out += sep + std::string(tag) + " " + std::to_string(counts[tag]);
        sep = ", ";
    }
    out += ")\n" + tagged("INFO") + " Score: " + std::to_string(a.score) + "\n";
    return out;
}

void add_audit(const Report& r, nlohmann::json& doc) {
    const AuditDetails& a = r.audit;
    doc["audit"] = {{"benchmark", a.benchmark},
                    {"root", a.root},
                    {"daemon",
                     {{"endpoint", a.daemon.endpoint},
                      {"reachable", a.daemon.reachable},
                      {"version", a.daemon.version},
                      {"error", a.daemon.error},
                      {"options_source", a.daemon.options_source},
                      {"daemon_json", a.daemon.daemon_json},
                      {"conflicts", a.daemon.conflicts}}},
                    {"score", a.score}};
}

}  // namespace detail
}  // namespace berth::report

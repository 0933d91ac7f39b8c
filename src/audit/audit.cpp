// SPDX-License-Identifier: Apache-2.0
#include "audit/audit.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

#include "audit/cis_docker/check_support.hpp"

namespace berth::audit {
namespace {

using check::Outcome;
using check::RuleResult;

// The benchmark's section titles (docker-bench's), plus berth's rootless section.
constexpr std::pair<std::string_view, std::string_view> kSections[] = {
    {"1", "Host Configuration"},
    {"2", "Docker daemon configuration"},
    {"3", "Docker daemon configuration files"},
    {"4", "Container Images and Build File"},
    {"5", "Container Runtime"},
    {"6", "Docker Security Operations"},
    {"7", "Docker Swarm Configuration"},
    {"8", "Docker Enterprise Configuration"},
    {"C", "Community contributed checks"},
    {"R", "Rootless Docker (berth checks, not in the CIS benchmark)"},
};

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

report::Report to_report(std::vector<RuleResult> results, const HostFacts& facts) {
    report::Report r;
    r.kind = report::Kind::Audit;
    r.target.reference = facts.root;
    r.target.name = facts.root;
    r.target.source = "host";
    auto& a = r.audit;
    a.benchmark = "CIS Docker Benchmark v1.6.0";
    a.root = facts.root;
    a.daemon.endpoint = facts.engine.endpoint;
    a.daemon.reachable = facts.engine.reachable;
    a.daemon.version = facts.engine.server_version;
    a.daemon.error = facts.engine.error;
    a.daemon.options_source = facts.daemon.cmdline_source;
    if (facts.daemon.daemon_json_found) a.daemon.daemon_json = facts.daemon.daemon_json_path;
    a.daemon.conflicts = facts.daemon.conflicts;
    for (const auto& [number, title] : kSections) a.sections.emplace_back(number, title);
    a.score = score(results);
    if (!facts.engine.reachable) {
        a.skipped_for_daemon = static_cast<std::size_t>(
            std::count_if(results.begin(), results.end(), [](const RuleResult& x) {
                return x.outcome == Outcome::Skipped && x.message == cis::kNeedsDaemon;
            }));
    }
    for (const auto& w : facts.warnings) {
        r.diagnostics.push_back({Diagnostic::Severity::Warning, w, "audit"});
    }
    r.rule_results = std::move(results);
    return r;
}

}  // namespace berth::audit

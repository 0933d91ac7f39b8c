// SPDX-License-Identifier: Apache-2.0
// `berth audit host`: audit a Docker host against the CIS Docker Benchmark v1.6 (the checks
// docker-bench-security implements, plus rootless Docker), from files under --root and, when
// reachable, the Engine API.
#include "audit/audit.hpp"

#include <iostream>
#include <sstream>

#include "audit/collect/collect.hpp"
#include "cli/commands/commands.hpp"
#include "core/time.hpp"

namespace berth::cli {
namespace {

struct AuditOptions {
    std::string root = "/";
    std::string host;
    std::string image;
    std::string format = "table";
    std::string output;
    std::vector<std::string> checks;
    std::vector<std::string> exclude;
    int exit_code = 0;
    int level = 1;
    bool no_daemon = false;
};

std::vector<std::string> split_ids(const std::vector<std::string>& in) {
    std::vector<std::string> out;
    for (const auto& s : in) {
        std::stringstream ss(s);
        for (std::string id; std::getline(ss, id, ',');) {
            const auto b = id.find_first_not_of(" \t");
            if (b == std::string::npos) continue;
            out.push_back(id.substr(b, id.find_last_not_of(" \t") - b + 1));
        }
    }
    return out;
}

int run_audit_host(const AuditOptions& o, const GlobalOptions& global) {
    audit::CollectOptions co;
    co.root = o.root;
    co.host = o.host;
    co.image = o.image;
    co.query_daemon = !o.no_daemon;
    auto facts = audit::collect_host_facts(co);
    if (!facts) {
        print_error(facts.error());
        return facts.error().code == ErrorCode::InvalidArgument ? kExitUsage : kExitRuntime;
    }
    if (!global.quiet) {
        for (const auto& w : facts->warnings) std::cerr << "berth: warning: " << w << "\n";
    }
    audit::Selection sel{split_ids(o.checks), split_ids(o.exclude)};
    auto results = audit::run_checks(*facts, sel);
    if (!results) {
        print_error(results.error());
        return kExitUsage;
    }
    // The table's header names an unreachable daemon once; the other formats say it on stderr.
    if (!global.quiet && o.format != "table" && !facts->engine.reachable &&
        !facts->engine.endpoint.empty()) {
        std::cerr << "berth: warning: no Docker daemon reachable at " << facts->engine.endpoint
                  << (facts->engine.error.empty() ? "" : " (" + facts->engine.error + ")")
                  << "; the checks that need it are skipped\n";
    }
    const bool tripped = o.exit_code != 0 && audit::gate_failed(*results, o.level);
    report::Report report = audit::to_report(std::move(*results), *facts);
    report.created = format_rfc3339(output_time());
    report.gate = {o.exit_code, tripped};
    if (int rc = write_report(report, o.format, o.output); rc != kExitOk) return rc;
    return tripped ? o.exit_code : kExitOk;
}

}  // namespace

Command register_audit(CLI::App& root, const GlobalOptions& global) {
    auto* audit_cmd =
        root.add_subcommand("audit", "Audit a Docker host's configuration (CIS Docker Benchmark)");
    audit_cmd->require_subcommand(1);
    auto* host = audit_cmd->add_subcommand(
        "host",
        "Audit a Docker host against the CIS Docker Benchmark v1.6: host setup, daemon flags and\n"
        "daemon.json, file ownership and modes, TLS certificates, audit rules, running containers\n"
        "(through the Engine API), an image (--image), swarm, and rootless Docker.");
    auto o = std::make_shared<AuditOptions>();
    host->add_option("--root", o->root,
                     "Filesystem root to audit (a mounted host or a copy of its /etc, /lib, …)")
        ->capture_default_str();
    host->add_option(
        "--host", o->host,
        "Docker daemon to query: unix://PATH or tcp://HOST:PORT (default: $DOCKER_HOST, else the "
        "daemon's socket when --root is /)");
    host->add_flag("--no-daemon", o->no_daemon, "Never contact a Docker daemon (judge files only)");
    host->add_option("--image", o->image,
                     "Image for the section 4 checks (docker-archive:, oci:, a path, …)");
    add_format_option(*host, o->format, report::Kind::Audit);
    host->add_option("-o,--output", o->output,
                     "Write the report to FILE instead of standard output");
    host->add_option("--check", o->checks,
                     "Only these check ids or sections, comma-separated (e.g. 2.2,5)")
        ->delimiter(',');
    host->add_option("--exclude", o->exclude, "Skip these check ids or sections, comma-separated")
        ->delimiter(',');
    host->add_option(
            "--exit-code", o->exit_code,
            "Exit with N when a scored check WARNs at or above --level (CI gate; 0 = never)")
        ->capture_default_str();
    host->add_option("--level", o->level, "Lowest CIS profile level that gates --exit-code")
        ->check(CLI::IsMember({1, 2}))
        ->capture_default_str();
    host->footer(
        "Examples:\n"
        "  berth audit host                                  # this host, its daemon at "
        "/var/run/docker.sock\n"
        "  berth audit host --root /mnt/host --no-daemon     # a mounted host tree, files only\n"
        "  berth audit host --host unix:///run/user/1000/docker.sock --format json\n"
        "  berth audit host --image docker-archive:app.tar --check 4\n"
        "  berth audit host --exclude 1.1,7 --exit-code 1    # fail CI on any scored WARN\n"
        "  berth audit host --format sarif -o audit.sarif\n"
        "Results: PASS, WARN (fails the gate when scored; the table shows its remediation),\n"
        "INFO (facts to review), NOTE (manual check), SKIP (not judged: e.g. needs the Docker\n"
        "daemon, which the header names once). Score = scored PASS - scored WARN. Colour on a\n"
        "terminal unless NO_COLOR is set. Rules and severities: docs/rules.md.");
    return {host, [o, &global] { return run_audit_host(*o, global); }};
}

}  // namespace berth::cli

// SPDX-License-Identifier: Apache-2.0
// `berth scan IMAGE`: maps the options onto a scan::ScanRequest, runs the scan stage
// (src/scan/), prints its warnings and writes the report with the chosen writer. The helpers
// `berth sbom` shares (request, warnings, format option, writing) live here too.
#include "scan/scan.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "analyze/layer_cache.hpp"
#include "cli/commands/commands.hpp"
#include "core/text.hpp"
#include "lint/dockerfile/lint.hpp"
#include "report/writer.hpp"
#include "vuln/db/store.hpp"

namespace berth::cli {
namespace {

struct ScanOptions {
    std::string image;
    std::string format = "table";
    std::string output;
    std::string db;
    std::vector<std::string> severities;
    std::vector<std::string> scanners{"vuln", "config", "secret"};
    int exit_code = 0;
    bool allow_incomplete = false;
    bool offline = false;
    bool ignore_unfixed = false;
    std::vector<std::string> ignore_statuses;
    std::string ignorefile;
    std::string vex;
    std::string secret_config;
    std::string max_age = "7d";
    std::vector<std::string> trusted_registries;
    CacheOptions cache;
    WalkOptions walk;
};

int exit_code_of(const Error& e) {
    return e.code == ErrorCode::InvalidArgument ? kExitUsage : kExitRuntime;
}

// Registries image check IC010 trusts: --trusted-registry, else the `lint.allowed-registries`
// of ./.berth.yaml when present (the list the Dockerfile rule DF043 uses), else none.
Result<std::vector<std::string>> trusted_registries(const ScanOptions& opt) {
    if (!opt.trusted_registries.empty()) return opt.trusted_registries;
    std::error_code ec;
    if (!std::filesystem::exists(".berth.yaml", ec)) return std::vector<std::string>{};
    auto config = lint::dockerfile::load_config(".berth.yaml");
    if (!config) return fail(config.error());
    return std::move(config->allowed_registries);
}

int run_scan(const ScanOptions& opt, const GlobalOptions& global) {
    scan::ScanRequest req;
    if (int code = fill_request(opt.image, opt.walk, opt.cache, req); code != kExitOk) return code;
    auto max_age = scan::parse_duration(opt.max_age);
    if (!max_age) {
        print_error(max_age.error());
        return kExitUsage;
    }
    auto levels = scan::parse_severities(opt.severities);
    if (!levels) {
        print_error(levels.error());
        return kExitUsage;
    }
    auto statuses = scan::parse_statuses(opt.ignore_statuses);
    if (!statuses) {
        print_error(statuses.error());
        return kExitUsage;
    }
    auto scanners = scan::parse_scanners(opt.scanners);
    if (!scanners) {
        print_error(scanners.error());
        return kExitUsage;
    }
    req.kind = report::Kind::Scan;
    req.scanners = *scanners;
    if (req.scanners.config) {
        auto trusted = trusted_registries(opt);
        if (!trusted) {
            print_error(trusted.error());
            return kExitUsage;
        }
        req.trusted_registries = std::move(*trusted);
    }
    req.db_path = opt.db;
    // The first scan without --db downloads the database (Trivy and Grype do the same); with
    // --db the named file is used as it is, and --offline never downloads.
    if (req.scanners.vuln && opt.db.empty() && !opt.offline) {
        const std::filesystem::path db = vuln::db::default_db_path();
        std::error_code ec;
        if (!std::filesystem::exists(db, ec)) {
            if (int code = update_missing_database(db, global); code != kExitOk) return code;
        }
    }
    req.db_max_age = *max_age;
    req.db_max_age_text = opt.max_age;
    req.severities = std::move(*levels);
    req.ignore_unfixed = opt.ignore_unfixed;
    req.ignore_statuses = std::move(*statuses);
    req.ignore_file = opt.ignorefile;
    req.vex_file = opt.vex;
    if (!opt.secret_config.empty()) req.secret_config = opt.secret_config;
    req.exit_code = opt.exit_code;
    req.allow_incomplete = opt.allow_incomplete;
    auto progress = make_progress(global);
    auto rep = scan::scan(req, *progress);
    if (!rep) {
        print_error(rep.error());
        return exit_code_of(rep.error());
    }
    print_warnings(*rep, global);
    if (int code = write_report(*rep, opt.format, opt.output); code != kExitOk) return code;
    return rep->gate.tripped ? rep->gate.exit_code : kExitOk;
}

}  // namespace

const char* const kImageForms =
    "IMAGE forms:\n"
    "  docker-archive:PATH[:NAME:TAG|:@N]   output of `docker save` / skopeo docker-archive\n"
    "  oci:DIR[:TAG|@sha256:DIGEST]         OCI image layout directory\n"
    "  oci-archive:PATH[:TAG]               OCI image layout in a tar file\n"
    "  rootfs:DIR                           a plain root filesystem directory\n"
    "  docker-daemon:REF                    an image of the local Docker Engine (docker save)\n"
    "  REFERENCE                            pulled from its registry: alpine:3.19,\n"
    "                                       host:5000/ns/app@sha256:…, docker://ghcr.io/o/app:1\n"
    "  PATH                                 any local form above, detected from its content\n";

int fill_request(const std::string& image, const WalkOptions& walk, const CacheOptions& cache,
                 scan::ScanRequest& req) {
    req.image = image;
    if (int code = source_options(walk, req.source); code != kExitOk) return code;
    req.limits = walk.limits;
    req.max_file_size = walk.max_file_size;
    req.jobs = walk.jobs;
    if (!cache.no_cache) {
        req.cache_dir = cache.cache_dir.empty() ? analyze::default_cache_dir()
                                                : std::filesystem::path(cache.cache_dir);
    }
    return kExitOk;
}

void print_warnings(const report::Report& report, const GlobalOptions& global) {
    auto print = [&](const Diagnostics& ds) {
        for (const auto& d : ds) {
            if (d.severity != Diagnostic::Severity::Warning) continue;
            if (global.quiet && !report::is_coverage_warning(d)) continue;
            std::cerr << "berth: warning: " << d.where << ": " << d.message << "\n";
        }
    };
    print(report.inventory.diagnostics);
    print(report.diagnostics);
    if (report.gate.incomplete) {
        std::cerr << "berth: error: the scan is incomplete (see the warnings above); the gate "
                     "fails (pass --allow-incomplete to accept an incomplete scan)\n";
    }
}

void add_format_option(CLI::App& cmd, std::string& format, report::Kind kind) {
    std::string help = "Report format:";
    std::vector<std::string> names;
    for (const auto& w : report::writers()) {
        if (!w.supports(kind)) continue;
        help += "\n  " + std::string(w.name) + ": " + std::string(w.description);
        names.emplace_back(w.name);
    }
    // transform, not check: only a transform may rewrite the value ("text" → "table").
    cmd.add_option("-f,--format", format, help)
        ->transform(CLI::Validator(
            [kind](std::string& value) -> std::string {
                if (value == "text") value = "table";  // docker-bench's name for it
                auto w = report::find_writer(value, kind);
                return w ? std::string() : w.error().message;
            },
            // CLI::IsMember's form: --help shows the choices, completions offer them.
            "{" + text::join(names, ",") + "}"))
        ->capture_default_str();
}

int write_report(const report::Report& report, const std::string& format,
                 const std::string& output) {
    auto writer = report::find_writer(format, report.kind);
    if (!writer) {
        print_error(writer.error());
        return kExitUsage;
    }
    report::WriteOptions options;
    const char* no_colour = std::getenv("NO_COLOR");  // no-color.org: set and not empty
    options.colour = output.empty() && format == "table" && ::isatty(STDOUT_FILENO) != 0 &&
                     (no_colour == nullptr || *no_colour == '\0');
    if (auto st = write_output(output, (*writer)->write(report, options)); !st) {
        print_error(st.error());
        return kExitRuntime;
    }
    return kExitOk;
}

Command register_scan(CLI::App& root, const GlobalOptions& global) {
    auto opt = std::make_shared<ScanOptions>();
    auto* cmd = root.add_subcommand(
        "scan",
        "Find known vulnerabilities in an image's packages, using the local advisory database "
        "(build it with `berth db import` or `berth db update`)");
    cmd->footer(
        std::string(kImageForms) +
        "  sbom:FILE                            match an existing CycloneDX/SPDX SBOM\n"
        "\nEach finding lists every id of the flaw (CVE, DSA/DLA, GHSA, OSV ids), the installed "
        "and\n"
        "fixed versions, the status (fixed, affected, will_not_fix, end_of_life, fix_deferred) "
        "and\n"
        "the layer that introduced the package. Nothing is downloaded for matching: the scan uses\n"
        "only the database file; the first scan without --db and without a database runs\n"
        "`berth db update` first (unless --offline).\n"
        "Severities: UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL (any case).\n"
        "\nExamples:\n"
        "  berth db update && berth scan oci:./images:app\n"
        "  berth scan --severity high,critical --ignore-unfixed --exit-code 1 "
        "docker-archive:app.tar\n"
        "  berth scan --format sarif -o berth.sarif alpine:3.19          # GitHub code scanning\n"
        "  berth scan docker-daemon:myapp:latest\n"
        "  berth scan --vex app.openvex.json --ignorefile .trivyignore sbom:app.cdx.json");
    cmd->add_option("IMAGE", opt->image, "Image (or sbom:FILE) to scan; see IMAGE forms below")
        ->required();
    add_format_option(*cmd, opt->format, report::Kind::Scan);
    cmd->add_option("-o,--output", opt->output, "Write the report to FILE instead of stdout");
    cmd->add_option(
        "--db", opt->db,
        "Advisory database (default $BERTH_DB, else $XDG_CACHE_HOME/berth/db/berth.db)");
    cmd->add_option("-s,--severity", opt->severities,
                    "Report only these severities, comma-separated: UNKNOWN, LOW, MEDIUM, HIGH, "
                    "CRITICAL (any case)")
        ->delimiter(',');
    cmd->add_option("--scanners", opt->scanners,
                    "What to look for, comma-separated: vuln (known vulnerabilities in the "
                    "packages), config (image misconfigurations), secret (secrets in file "
                    "contents)")
        ->delimiter(',')
        ->capture_default_str();
    cmd->add_option("--trusted-registry", opt->trusted_registries,
                    "A registry the image and its base may come from (repeatable): a host "
                    "(docker.io), a registry/path prefix (ghcr.io/acme) or *.domain; default: "
                    "lint.allowed-registries of ./.berth.yaml, else any (image check IC010)");
    cmd->add_option("--exit-code", opt->exit_code,
                    "Exit with this code when any (unsuppressed) finding or failed check is "
                    "reported")
        ->check(CLI::Range(0, 255))
        ->capture_default_str();
    cmd->add_flag("--allow-incomplete", opt->allow_incomplete,
                  "Let the --exit-code gate pass when some package database or analyzer input "
                  "could not be read (the report still lists it); by default such a scan fails "
                  "the gate");
    cmd->add_flag("--offline", opt->offline,
                  "Never download: without a database at the default path the scan fails "
                  "instead of running `berth db update` first");
    cmd->add_flag("--ignore-unfixed", opt->ignore_unfixed,
                  "Report only findings that have a fixed version");
    cmd->add_option("--ignore-status", opt->ignore_statuses,
                    "Leave out findings with these statuses, comma-separated: fixed, affected, "
                    "will_not_fix, end_of_life, fix_deferred")
        ->delimiter(',');
    cmd->add_option("--ignorefile", opt->ignorefile,
                    "Ids to ignore: .trivyignore lines (ID [exp:YYYY-MM-DD]) or YAML/JSON entries "
                    "with purls");
    cmd->add_option("--vex", opt->vex,
                    "VEX document (OpenVEX, CycloneDX VEX or CSAF VEX JSON): not_affected/fixed "
                    "statements suppress findings");
    cmd->add_option("--secret-config", opt->secret_config,
                    "Secret rules and allow rules to add (Trivy's trivy-secret.yaml shape: rules, "
                    "allow-rules, enable-builtin-rules, disable-rules, disable-allow-rules, "
                    "exclude-block); see docs/secrets.md");
    cmd->add_option("--db-max-age", opt->max_age,
                    "Warn when the database is older than this (0 = never)")
        ->capture_default_str();
    add_cache_options(*cmd, opt->cache);
    add_walk_options(*cmd, opt->walk);
    return {cmd, [opt, &global] { return run_scan(*opt, global); }};
}

}  // namespace berth::cli

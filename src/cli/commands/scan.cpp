// SPDX-License-Identifier: Apache-2.0
// `berth scan IMAGE`: inventory + match against the local advisory database + report.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <set>

#include "cli/commands/commands.hpp"
#include "core/stream.hpp"
#include "core/time.hpp"
#include "report/report.hpp"
#include "sbom/decode.hpp"
#include "vuln/db/build.hpp"
#include "vuln/db/store.hpp"
#include "vuln/match/match.hpp"
#include "vuln/suppress.hpp"

namespace berth::cli {
namespace {

struct ScanOptions {
    std::string image;
    std::string format = "table";
    std::string output;
    std::string db;
    std::vector<std::string> severities;
    int exit_code = 0;
    bool ignore_unfixed = false;
    std::string ignorefile;
    std::string vex;
    std::string max_age = "7d";
    CacheOptions cache;
    WalkOptions walk;
};

// Ignore files, VEX documents and SBOMs are read whole, up to 256 MiB.
Result<std::string> read_text_file(const std::string& path) {
    auto stream = open_file_range(path);
    if (!stream) return fail(stream.error());
    return read_all(**stream, 256U << 20U, path);
}

// "7d", "36h", "90m", "0" (never warn) → seconds.
Result<std::chrono::seconds> parse_duration(const std::string& text) {
    if (text == "0") return std::chrono::seconds(0);
    char* end = nullptr;
    const long long n = std::strtoll(text.c_str(), &end, 10);
    if (end == text.c_str() || n < 0 || n > 100000000) {
        return fail(ErrorCode::InvalidArgument, "bad duration '" + text + "' (e.g. 7d, 36h)");
    }
    const std::string unit(end);
    if (unit == "d") return std::chrono::seconds(n * 86400);
    if (unit == "h") return std::chrono::seconds(n * 3600);
    if (unit == "m") return std::chrono::seconds(n * 60);
    if (unit == "s" || unit.empty()) return std::chrono::seconds(n);
    return fail(ErrorCode::InvalidArgument, "bad duration unit in '" + text + "' (use d, h, m or s)");
}


using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

int run_scan(const ScanOptions& opt, const GlobalOptions& global) {
    // BERTH_TIMINGS=1 prints where the time went (bench/scan.sh reads it).
    const bool timings = std::getenv("BERTH_TIMINGS") != nullptr;
    const auto t_start = Clock::now();
    auto max_age = parse_duration(opt.max_age);
    if (!max_age) {
        print_error(max_age.error());
        return kExitUsage;
    }
    std::set<vuln::Level> levels;
    for (const auto& s : opt.severities) {
        bool ok = false;
        for (auto l : {vuln::Level::Unknown, vuln::Level::Low, vuln::Level::Medium, vuln::Level::High,
                       vuln::Level::Critical}) {
            if (s == vuln::level_name(l)) {
                levels.insert(l);
                ok = true;
            }
        }
        if (!ok) {
            print_error(Error{ErrorCode::InvalidArgument,
                              "unknown severity '" + s + "' (UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL)", "--severity"});
            return kExitUsage;
        }
    }
    // Suppression files are read first: a typo in a path should not cost a whole scan.
    std::optional<vuln::IgnoreFile> ignore;
    if (!opt.ignorefile.empty()) {
        auto text = read_text_file(opt.ignorefile);
        if (!text) {
            print_error(text.error());
            return kExitUsage;
        }
        auto parsed = vuln::parse_ignore_file(*text, opt.ignorefile, format_date(output_time()));
        if (!parsed) {
            print_error(parsed.error());
            return kExitUsage;
        }
        ignore = std::move(*parsed);
    }
    std::optional<vuln::VexDocument> vex;
    if (!opt.vex.empty()) {
        auto text = read_text_file(opt.vex);
        if (!text) {
            print_error(text.error());
            return kExitUsage;
        }
        auto parsed = vuln::parse_openvex(*text, opt.vex);
        if (!parsed) {
            print_error(parsed.error());
            return kExitUsage;
        }
        vex = std::move(*parsed);
    }
    const auto t_db = Clock::now();
    const std::filesystem::path db_path = opt.db.empty() ? vuln::db::default_db_path() : std::filesystem::path(opt.db);
    auto db = vuln::db::Reader::open(db_path);
    if (!db) {
        print_error(db.error());
        return kExitRuntime;
    }
    auto status = db->status(/*counts=*/false);
    if (!status) {
        print_error(status.error());
        return kExitRuntime;
    }

    const double open_ms = ms_since(t_db);
    report::ScanReport rep;
    rep.db.schema_version = status->schema_version;
    rep.db.built_at = status->built_at;
    rep.db.path = db_path.string();
    if (auto age = vuln::db::database_age(status->built_at); age && max_age->count() > 0 && *age > *max_age) {
        rep.diagnostics.push_back({Diagnostic::Severity::Warning,
                                   "the vulnerability database was built " + std::to_string(age->count() / 86400) +
                                       " days ago (older than --db-max-age " + opt.max_age +
                                       "); run `berth db update` for current advisories",
                                   db_path.string()});
    }

    const auto t_inventory = Clock::now();
    std::vector<std::string> image_ids;
    if (opt.image.rfind("sbom:", 0) == 0) {
        const std::string path = opt.image.substr(5);
        auto text = read_text_file(path);
        if (!text) {
            print_error(text.error());
            return kExitRuntime;
        }
        auto decoded = sbom::decode_sbom(*text, path);
        if (!decoded) {
            print_error(decoded.error());
            return kExitRuntime;
        }
        rep.inventory = std::move(decoded->inventory);
        rep.target.reference = opt.image;
        rep.target.name = decoded->image.name.empty() ? path : decoded->image.name;
        if (decoded->image.manifest_digest) rep.target.manifest_digest = *decoded->image.manifest_digest;
        if (decoded->image.image_id) rep.target.config_digest = *decoded->image.image_id;
        for (const auto& l : decoded->image.layers) rep.target.diff_ids.push_back(l.diff_id);
    } else {
        InventoryRun run;
        if (int code = run_inventory(opt.image, opt.walk, opt.cache, global, run); code != kExitOk) return code;
        rep.inventory = std::move(run.result.inventory);
        rep.target.reference = opt.image;
        rep.target.name = run.meta.name;
        if (run.meta.manifest_digest) rep.target.manifest_digest = *run.meta.manifest_digest;
        if (run.meta.image_id) rep.target.config_digest = *run.meta.image_id;
        rep.target.os_arch = run.meta.os + "/" + run.meta.architecture;
        for (const auto& l : run.meta.layers) rep.target.diff_ids.push_back(l.diff_id);
    }
    image_ids.push_back(rep.target.reference);
    image_ids.push_back(rep.target.name);
    if (!rep.target.manifest_digest.empty()) image_ids.push_back(rep.target.manifest_digest.str());
    if (!rep.target.config_digest.empty()) image_ids.push_back(rep.target.config_digest.str());

    const double inventory_ms = ms_since(t_inventory);
    const auto t_match = Clock::now();
    vuln::match::MatchStats mstats;
    auto findings = vuln::match::match_inventory(rep.inventory, *db, rep.diagnostics, &mstats);
    const double match_ms = ms_since(t_match);
    if (!findings) {
        print_error(findings.error());
        return kExitRuntime;
    }
    vuln::apply_suppressions(*findings, rep.inventory, ignore ? &*ignore : nullptr, vex ? &*vex : nullptr,
                             image_ids, rep.diagnostics);
    for (auto& f : *findings) {
        if (opt.ignore_unfixed && f.status != vuln::FindingStatus::Fixed) continue;
        if (!levels.empty() && levels.count(f.level) == 0) continue;
        rep.findings.push_back(std::move(f));
    }
    if (timings) {
        std::fprintf(stderr,
                     "timing: open-db %.2f ms, inventory %.2f ms, match %.2f ms (%zu packages, %zu looked up, "
                     "%zu affected entries, %zu findings), total %.2f ms\n",
                     open_ms, inventory_ms, match_ms, mstats.packages, mstats.packages_matched, mstats.affected_rows,
                     findings->size(), ms_since(t_start));
    }
    std::optional<long long> epoch;
    rep.created = report_timestamp(epoch);
    if (!global.quiet) {
        for (const auto& d : rep.diagnostics) {
            if (d.severity == Diagnostic::Severity::Warning) std::cerr << "berth: warning: " << d.where << ": " << d.message << "\n";
        }
    }

    std::string text;
    if (opt.format == "json") {
        text = report::write_json(rep);
    } else if (opt.format == "sarif") {
        text = report::write_sarif(rep);
    } else if (opt.format == "cyclonedx") {
        text = report::write_cyclonedx(rep);
    } else {
        const bool colour = opt.output.empty() && ::isatty(STDOUT_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
        text = report::write_table(rep, colour);
    }
    if (auto st = write_output(opt.output, text); !st) {
        print_error(st.error());
        return kExitRuntime;
    }
    if (opt.exit_code != 0) {
        for (const auto& f : rep.findings) {
            if (!f.suppressed) return opt.exit_code;
        }
    }
    return kExitOk;
}

}  // namespace

Command register_scan(CLI::App& root, const GlobalOptions& global) {
    auto opt = std::make_shared<ScanOptions>();
    auto* cmd = root.add_subcommand(
        "scan",
        "Find known vulnerabilities in an image's packages, using the local advisory database "
        "(build it with `berth db import` or `berth db update`)");
    cmd->footer(
        "IMAGE forms: as for `berth inspect`, or sbom:FILE to match an existing CycloneDX/SPDX SBOM.\n"
        "Each finding lists every id of the flaw (CVE, DSA/DLA, GHSA, OSV ids), the installed and\n"
        "fixed versions, the status (fixed, affected, will_not_fix) and the layer that introduced\n"
        "the package. Nothing is downloaded: the scan uses only the database file.\n"
        "\nExamples:\n"
        "  berth db import ./advisories/ && berth scan oci:./images:app\n"
        "  berth scan --severity HIGH,CRITICAL --ignore-unfixed --exit-code 1 docker-archive:app.tar\n"
        "  berth scan --format sarif -o berth.sarif oci:./images:app      # GitHub code scanning\n"
        "  berth scan --vex app.openvex.json --ignorefile .trivyignore sbom:app.cdx.json");
    cmd->add_option("IMAGE", opt->image, "Image (or sbom:FILE) to scan")->required();
    cmd->add_option("-f,--format", opt->format, "Report format")
        ->check(CLI::IsMember({"table", "json", "sarif", "cyclonedx"}))
        ->capture_default_str();
    cmd->add_option("-o,--output", opt->output, "Write the report to FILE instead of stdout");
    cmd->add_option("--db", opt->db, "Advisory database (default $BERTH_DB, else $XDG_CACHE_HOME/berth/db/berth.db)");
    cmd->add_option("-s,--severity", opt->severities, "Report only these severities (comma-separated)")
        ->delimiter(',');
    cmd->add_option("--exit-code", opt->exit_code, "Exit with this code when any finding is reported")
        ->check(CLI::Range(0, 255))
        ->capture_default_str();
    cmd->add_flag("--ignore-unfixed", opt->ignore_unfixed, "Report only findings that have a fixed version");
    cmd->add_option("--ignorefile", opt->ignorefile,
                    "Ids to ignore: .trivyignore lines (ID [exp:YYYY-MM-DD]) or YAML/JSON entries with purls");
    cmd->add_option("--vex", opt->vex, "OpenVEX document: not_affected/fixed statements suppress findings");
    cmd->add_option("--db-max-age", opt->max_age, "Warn when the database is older than this (0 = never)")
        ->capture_default_str();
    add_cache_options(*cmd, opt->cache);
    add_walk_options(*cmd, opt->walk);
    return {cmd, [opt, &global] { return run_scan(*opt, global); }};
}

}  // namespace berth::cli

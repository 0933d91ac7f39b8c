// SPDX-License-Identifier: Apache-2.0
#include "scan/scan.hpp"

#include <algorithm>
#include <cstdlib>
#include <future>
#include <iterator>
#include <random>
#include <utility>

#include "analyze/analyzer.hpp"
#include "analyze/files/secrets.hpp"
#include "analyze/inventory.hpp"
#include "analyze/plugins.hpp"
#include "core/digest.hpp"
#include "core/stream.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "imagecheck/imagecheck.hpp"
#include "sbom/decode.hpp"
#include "secret/config.hpp"
#include "vuln/db/build.hpp"
#include "vuln/db/store.hpp"
#include "vuln/match/match.hpp"
#include "vuln/suppress.hpp"

namespace berth::scan {
namespace {

using report::Report;

// Ignore files, VEX documents and SBOMs are read whole, up to 256 MiB.
Result<std::string> read_text_file(const std::string& path) {
    auto stream = open_file_range(path);
    if (!stream) return fail(stream.error());
    return read_all(**stream, 256U << 20U, path);
}

// A suppression file the user named is part of the request: any problem with it is theirs.
Error as_usage_error(Error e) {
    e.code = ErrorCode::InvalidArgument;
    return e;
}

struct Suppressions {
    std::optional<vuln::IgnoreFile> ignore;
    std::optional<vuln::VexDocument> vex;
};

Result<Suppressions> load_suppressions(const ScanRequest& req) {
    Suppressions out;
    if (!req.ignore_file.empty()) {
        auto text = read_text_file(req.ignore_file);
        if (!text) return fail(as_usage_error(text.error()));
        auto parsed = vuln::parse_ignore_file(*text, req.ignore_file, format_date(output_time()));
        if (!parsed) return fail(as_usage_error(parsed.error()));
        out.ignore = std::move(*parsed);
    }
    if (!req.vex_file.empty()) {
        auto text = read_text_file(req.vex_file);
        if (!text) return fail(as_usage_error(text.error()));
        auto parsed = vuln::parse_vex(*text, req.vex_file);
        if (!parsed) return fail(as_usage_error(parsed.error()));
        out.vex = std::move(*parsed);
    }
    return out;
}

// Opens the database, records it in the report and warns when it is older than allowed.
Result<vuln::db::Reader> open_db(const ScanRequest& req, Report& rep) {
    const std::filesystem::path path =
        req.db_path.empty() ? vuln::db::default_db_path() : req.db_path;
    auto db = vuln::db::Reader::open(path);
    if (!db) return fail(db.error());
    auto status = db->status(/*counts=*/false);
    if (!status) return fail(status.error());
    rep.db.schema_version = status->schema_version;
    rep.db.built_at = status->built_at;
    rep.db.path = path.string();
    auto age = vuln::db::database_age(status->built_at);
    if (age && req.db_max_age.count() > 0 && *age > req.db_max_age) {
        rep.diagnostics.push_back({Diagnostic::Severity::Warning,
                                   "the vulnerability database was built " +
                                       std::to_string(age->count() / 86400) +
                                       " days ago (older than --db-max-age " + req.db_max_age_text +
                                       "); run `berth db update` for current advisories",
                                   path.string()});
    }
    return db;
}

// sbom:FILE — the inventory comes from a CycloneDX or SPDX document.
Status inventory_from_sbom(const std::string& path, Report& rep) {
    auto text = read_text_file(path);
    if (!text) return fail(text.error());
    auto decoded = sbom::decode_sbom(*text, path);
    if (!decoded) return fail(decoded.error());
    rep.inventory = std::move(decoded->inventory);
    rep.target.source = "sbom";
    rep.target.name = decoded->image.name.empty() ? path : decoded->image.name;
    if (decoded->image.manifest_digest)
        rep.target.manifest_digest = *decoded->image.manifest_digest;
    if (decoded->image.image_id) rep.target.config_digest = *decoded->image.image_id;
    if (!decoded->image.os.empty()) {
        rep.target.os_arch = decoded->image.os + "/" + decoded->image.architecture;
    }
    for (const auto& l : decoded->image.layers) {
        rep.target.diff_ids.push_back(l.diff_id);
        rep.target.layers.push_back({l.digest, l.diff_id, ""});
    }
    return {};
}

// The target fields of a walked image.
void describe_image(const image::Image& img, const analyze::InventoryResult& inv, Report& rep) {
    rep.target.source = img.source;
    rep.target.name = img.reference.empty() ? rep.target.reference : img.reference;
    if (img.manifest_digest) rep.target.manifest_digest = *img.manifest_digest;
    if (img.config_digest) rep.target.config_digest = *img.config_digest;
    if (!img.platform.os.empty()) {
        rep.target.os_arch = img.platform.os + "/" + img.platform.architecture;
    }
    for (std::size_t i = 0; i < img.layers.size(); ++i) {
        report::Layer l{img.layers[i].digest, img.layers[i].diff_id, img.layers[i].created_by};
        if (l.digest.empty() && i < inv.layers.size()) l.digest = inv.layers[i].digest;
        rep.target.diff_ids.push_back(l.diff_id);
        rep.target.layers.push_back(std::move(l));
    }
}

// `--scanners config` on an image: the image checks (src/imagecheck/) over its config, history
// and merged inventory. Only failed rules come back; they join the rule results the gate reads.
void run_image_checks(const ScanRequest& req, const image::Image& img, Report& rep) {
    if (req.kind != report::Kind::Scan || !req.scanners.config) return;
    imagecheck::Options options;
    options.trusted_registries = req.trusted_registries;
    auto results = imagecheck::check_image(img, rep.inventory, options);
    rep.rule_results.insert(rep.rule_results.end(), std::make_move_iterator(results.begin()),
                            std::make_move_iterator(results.end()));
}

// The rules of --secret-config (built-in + the file's), or null: no config, or secrets not
// scanned (`berth sbom` and scans without `secret` never pay for the analyzer).
Result<std::shared_ptr<const secret::Engine>> secret_engine(const ScanRequest& req) {
    if (req.kind != report::Kind::Scan || !req.scanners.secret || !req.secret_config) {
        return std::shared_ptr<const secret::Engine>();
    }
    auto config = secret::load_config(*req.secret_config);
    if (!config)
        return fail(ErrorCode::InvalidArgument, config.error().message, config.error().where);
    return secret::Engine::create(*config);
}

// Each secret is a failed rule result, before the --severity filter and the gate. Secrets of
// files a later layer removed stay: the layer still ships them.
void add_secret_results(const secret::Engine& engine, Report& rep) {
    for (const auto& s : rep.inventory.secrets) {
        check::RuleResult r;
        r.rule = engine.rule_info(s.rule_id);
        if (r.rule == nullptr) continue;  // not this rule set's (the cache key includes it)
        r.outcome = check::Outcome::Fail;
        r.message = std::string(r.rule->title) + ": " + s.match;
        if (s.removed_later) {
            r.message += " (deleted in a later layer; still in layer " +
                         std::to_string(s.location.layer_introduced) + ")";
        }
        const std::string layer =
            s.location.layer_diff_id.empty() ? std::string() : s.location.layer_diff_id.str();
        check::Location loc;
        loc.path = s.location.path;
        loc.line = s.line;
        loc.end_line = s.line;
        loc.layer = layer;
        loc.created_by = s.location.created_by;
        r.locations.push_back(std::move(loc));
        rep.rule_results.push_back(std::move(r));
    }
}

// Opens the image and builds its inventory (layer walk, or the layer cache).
Status inventory_from_image(const ScanRequest& req,
                            const std::shared_ptr<const secret::Engine>& secrets,
                            Progress& progress, Report& rep) {
    progress.phase(Progress::Phase::Open, req.image);
    auto img = image::open_image(req.image, req.source);
    if (!img) return fail(img.error());
    progress.phase(Progress::Phase::Inventory, req.image);
    analyze::InventoryOptions options;
    options.limits = req.limits;
    options.jobs = req.jobs;
    options.spool.max_size = req.max_file_size;
    options.cache_dir = req.cache_dir;
    options.progress = [&progress](std::size_t done, std::size_t total) {
        progress.layers(done, total);
    };
    options.bytes_progress = [&progress](std::uint64_t done, std::uint64_t total) {
        progress.bytes(done, total);
    };
    auto analyzers = analyze::all_analyzers();
    std::erase_if(analyzers, [](const auto& a) { return a->name() == analyze::kSecretsAnalyzer; });
    if (req.kind == report::Kind::Scan && req.scanners.secret) {
        // Built-in rules: the analyzer compiles them on first use (run() warms them up).
        analyzers.push_back(secrets ? analyze::make_secrets(secrets) : analyze::make_secrets());
    }
    auto result = analyze::build_inventory(*img, analyzers, options);
    if (!result) return fail(result.error());
    describe_image(*img, *result, rep);
    rep.cache.layers_from_cache = result->layers_from_cache;
    rep.cache.layers_walked = result->layers.size() - result->layers_from_cache;
    rep.inventory = std::move(result->inventory);
    run_image_checks(req, *img, rep);
    return {};
}

// The ids a VEX statement may use for the scanned image.
std::vector<std::string> image_ids(const Report& rep) {
    std::vector<std::string> ids{rep.target.reference, rep.target.name};
    if (!rep.target.manifest_digest.empty()) ids.push_back(rep.target.manifest_digest.str());
    if (!rep.target.config_digest.empty()) ids.push_back(rep.target.config_digest.str());
    return ids;
}

// Match, suppress, filter; sets the gate.
Status find_vulnerabilities(const ScanRequest& req, const vuln::db::Reader& db,
                            const Suppressions& supp, Progress& progress, Report& rep) {
    progress.phase(Progress::Phase::Match, rep.db.path);
    auto findings = vuln::match::match_inventory(rep.inventory, db, rep.diagnostics);
    if (!findings) return fail(findings.error());
    if (supp.vex) {
        rep.diagnostics.insert(rep.diagnostics.end(), supp.vex->diagnostics.begin(),
                               supp.vex->diagnostics.end());
    }
    vuln::apply_suppressions(*findings, rep.inventory, supp.ignore ? &*supp.ignore : nullptr,
                             supp.vex ? &*supp.vex : nullptr, image_ids(rep), rep.diagnostics);
    for (auto& f : *findings) {
        if (req.ignore_unfixed && f.status != vuln::FindingStatus::Fixed) continue;
        if (req.ignore_statuses.count(f.status) != 0) continue;
        if (!req.severities.empty() && req.severities.count(f.level) == 0) continue;
        rep.findings.push_back(std::move(f));
    }
    return {};
}

// The level a rule's severity counts as for --severity (Info has no CVSS-like rank: UNKNOWN).
vuln::Level level_of(check::Severity s) {
    switch (s) {
        case check::Severity::Info:
            return vuln::Level::Unknown;
        case check::Severity::Low:
            return vuln::Level::Low;
        case check::Severity::Medium:
            return vuln::Level::Medium;
        case check::Severity::High:
            return vuln::Level::High;
        case check::Severity::Critical:
            return vuln::Level::Critical;
    }
    return vuln::Level::Unknown;
}

// Keeps the rule results --severity asks for; sets the gate from what remains: an unsuppressed
// finding or a failed scored rule trips it, and so does an incomplete scan (fail closed).
void filter_and_gate(const ScanRequest& req, Report& rep) {
    if (!req.severities.empty()) {
        std::erase_if(rep.rule_results, [&](const check::RuleResult& r) {
            return r.rule != nullptr && req.severities.count(level_of(r.rule->severity)) == 0;
        });
    }
    rep.gate.exit_code = req.exit_code;
    if (req.exit_code == 0) return;
    for (const auto& f : rep.findings) {
        if (!f.suppressed) rep.gate.tripped = true;
    }
    for (const auto& r : rep.rule_results) {
        if (r.outcome == check::Outcome::Fail && r.rule != nullptr && r.rule->scored) {
            rep.gate.tripped = true;
        }
    }
    // Packages that were never read cannot be reported as clean (fail closed).
    if (!req.allow_incomplete && !report::incomplete_inputs(rep).empty()) {
        rep.gate.tripped = true;
        rep.gate.incomplete = true;
    }
}

// Timestamp and serial: reproducible under SOURCE_DATE_EPOCH (the serial is then derived from
// the target), else now and random.
void stamp(Report& rep) {
    rep.created = format_rfc3339(output_time());
    std::optional<std::string> seed;
    if (auto epoch = source_date_epoch()) {
        seed = rep.target.name + "\n" +
               (rep.target.config_digest.empty() ? "" : rep.target.config_digest.str()) + "\n" +
               std::to_string(*epoch);
    }
    rep.serial_uuid = make_uuid(seed);
}

Result<Report> run(const ScanRequest& req, Progress& progress) {
    Report rep;
    rep.kind = req.kind;
    rep.target.reference = req.image;
    const bool scanning = req.kind == report::Kind::Scan;
    const bool vulnerabilities = scanning && req.scanners.vuln;
    // Suppression files and the database first: a typo should not cost a whole walk.
    Suppressions supp;
    std::optional<vuln::db::Reader> db;
    if (scanning) {
        auto loaded = load_suppressions(req);
        if (!loaded) return fail(loaded.error());
        supp = std::move(*loaded);
    }
    if (vulnerabilities) {
        progress.phase(Progress::Phase::Database, req.db_path.string());
        auto opened = open_db(req, rep);
        if (!opened) return fail(opened.error());
        db.emplace(std::move(*opened));
    }
    auto secrets = secret_engine(req);
    if (!secrets) return fail(secrets.error());
    std::future<void> warm;  // the built-in secret rules compile while the image is opened
    if (scanning && req.scanners.secret && !*secrets) {
        warm = std::async(std::launch::async, [] { (void)secret::Engine::builtin(); });
    }
    constexpr std::string_view kSbomPrefix = "sbom:";
    Status inv = req.image.rfind(kSbomPrefix, 0) == 0
                     ? inventory_from_sbom(req.image.substr(kSbomPrefix.size()), rep)
                     : inventory_from_image(req, *secrets, progress, rep);
    if (!inv) return fail(inv.error());
    if (scanning && req.scanners.secret && req.image.rfind(kSbomPrefix, 0) != 0) {
        add_secret_results(*secrets ? **secrets : *secret::Engine::builtin(), rep);
    }
    if (vulnerabilities) {
        if (auto st = find_vulnerabilities(req, *db, supp, progress, rep); !st) {
            return fail(st.error());
        }
    }
    if (scanning) filter_and_gate(req, rep);
    progress.phase(Progress::Phase::Report, req.image);
    stamp(rep);
    return rep;
}

}  // namespace

Result<report::Report> scan(const ScanRequest& request, Progress& progress) {
    auto out = run(request, progress);
    progress.finish();
    return out;
}

Result<std::set<vuln::Level>> parse_severities(const std::vector<std::string>& values) {
    constexpr vuln::Level kAll[] = {vuln::Level::Unknown, vuln::Level::Low, vuln::Level::Medium,
                                    vuln::Level::High, vuln::Level::Critical};
    std::set<vuln::Level> out;
    for (const auto& raw : values) {
        const std::string_view value = text::trim(raw);
        bool ok = false;
        for (auto l : kAll) {
            if (text::iequals(value, vuln::level_name(l))) {
                out.insert(l);
                ok = true;
            }
        }
        if (!ok) {
            return fail(ErrorCode::InvalidArgument,
                        "unknown severity '" + raw + "' (UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL)",
                        "--severity");
        }
    }
    return out;
}

Result<std::set<vuln::FindingStatus>> parse_statuses(const std::vector<std::string>& values) {
    using S = vuln::FindingStatus;
    constexpr S kAll[] = {S::Fixed, S::Affected, S::WillNotFix, S::EndOfLife, S::FixDeferred};
    std::set<S> out;
    for (const auto& raw : values) {
        const std::string_view value = text::trim(raw);
        const auto* it = std::find_if(std::begin(kAll), std::end(kAll), [&](S s) {
            return text::iequals(value, vuln::status_name(s));
        });
        if (it == std::end(kAll)) {
            return fail(ErrorCode::InvalidArgument,
                        "unknown status '" + raw +
                            "' (fixed, affected, will_not_fix, end_of_life, fix_deferred)",
                        "--ignore-status");
        }
        out.insert(*it);
    }
    return out;
}

Result<Scanners> parse_scanners(const std::vector<std::string>& values) {
    Scanners out{false, false, false};
    for (const auto& raw : values) {
        const std::string value = text::lower(text::trim(raw));
        if (value == "vuln") {
            out.vuln = true;
        } else if (value == "config" || value == "misconfig") {
            out.config = true;
        } else if (value == "secret") {
            out.secret = true;
        } else {
            return fail(ErrorCode::InvalidArgument,
                        "unknown scanner '" + raw + "' (vuln, config, secret)", "--scanners");
        }
    }
    if (!out.vuln && !out.config && !out.secret) {
        return fail(ErrorCode::InvalidArgument, "no scanner given (vuln, config, secret)",
                    "--scanners");
    }
    return out;
}

Result<std::chrono::seconds> parse_duration(std::string_view text) {
    if (text == "0") return std::chrono::seconds(0);
    const std::string s(text);
    char* end = nullptr;
    const long long n = std::strtoll(s.c_str(), &end, 10);
    if (end == s.c_str() || n < 0 || n > 100000000) {
        return fail(ErrorCode::InvalidArgument, "bad duration '" + s + "' (e.g. 7d, 36h)");
    }
    const std::string unit(end);
    if (unit == "d") return std::chrono::seconds(n * 86400);
    if (unit == "h") return std::chrono::seconds(n * 3600);
    if (unit == "m") return std::chrono::seconds(n * 60);
    if (unit == "s" || unit.empty()) return std::chrono::seconds(n);
    return fail(ErrorCode::InvalidArgument, "bad duration unit in '" + s + "' (use d, h, m or s)");
}

std::string make_uuid(const std::optional<std::string>& seed) {
    std::string hex;
    if (seed) {
        hex = sha256_of(*seed).hex.substr(0, 32);
    } else {
        std::random_device rd;
        static constexpr char kHex[] = "0123456789abcdef";
        for (int i = 0; i < 32; ++i) hex.push_back(kHex[rd() % 16U]);
    }
    hex[12] = '4';
    hex[16] = "89ab"[static_cast<unsigned char>(hex[16]) % 4U];
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
           hex.substr(16, 4) + "-" + hex.substr(20);
}

}  // namespace berth::scan

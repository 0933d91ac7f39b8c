// SPDX-License-Identifier: Apache-2.0
// `berth db import|update|status`: the local advisory database.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/commands/commands.hpp"
#include "core/json.hpp"
#include "core/text.hpp"
#include "vuln/db/build.hpp"
#include "vuln/db/feeds.hpp"
#include "vuln/db/lock.hpp"
#include "vuln/db/store.hpp"

namespace berth::cli {
namespace {

namespace fs = std::filesystem;

struct DbOptions {
    std::string db;
    std::vector<std::string> inputs;
    bool append = false;
    std::string mirror;
    std::string key;
    std::vector<std::string> only;
    std::vector<std::string> feed_urls;  ///< --feed NAME=URL
    std::vector<std::string> feeds;      ///< --feeds LIST
    std::vector<std::string> alpine_branches;
    double max_download_mib = static_cast<double>(vuln::db::kDefaultMaxDownloadBytes >> 20U);
    bool force = false;
    std::string format = "table";
    std::string max_age = "7d";
    double lock_timeout = static_cast<double>(vuln::db::kDefaultLockTimeout.count());
};

fs::path db_path(const DbOptions& o) {
    return o.db.empty() ? vuln::db::default_db_path() : fs::path(o.db);
}

// How import and update wait for another writer, and what the user sees while they do.
vuln::db::LockOptions lock_options(const DbOptions& o, const GlobalOptions& global) {
    vuln::db::LockOptions l;
    l.timeout = std::chrono::milliseconds(static_cast<long long>(o.lock_timeout * 1000));
    if (!global.quiet) {
        l.on_wait = [&o](long holder) {
            std::cerr << "berth: note: another berth process"
                      << (holder > 0 ? " (PID " + std::to_string(holder) + ")" : std::string())
                      << " is writing " << db_path(o).string() << "; waiting up to "
                      << o.lock_timeout << " s for it (--lock-timeout)\n";
        };
    }
    return l;
}

void print_diagnostics(const Diagnostics& diags, const GlobalOptions& global) {
    if (global.quiet) return;
    for (const auto& d : diags) {
        std::cerr << "berth: "
                  << (d.severity == Diagnostic::Severity::Warning ? "warning: " : "note: ")
                  << d.where << ": " << d.message << "\n";
    }
}

// Releases in numeric order: "Alpine:v3.3" before "Alpine:v3.10".
void print_counts(const std::map<std::string, std::size_t>& counts) {
    std::vector<std::pair<std::string, std::size_t>> rows(counts.begin(), counts.end());
    std::sort(rows.begin(), rows.end(),
              [](const auto& x, const auto& y) { return text::natural_less(x.first, y.first); });
    for (const auto& [k, v] : rows) std::cout << "  " << k << ": " << v << "\n";
}

// Import counts advisory RECORDS read (one advisory split over several files, as Alpine secdb
// does per release, is several records); status counts DISTINCT advisories (source + id) stored.
void print_build(const vuln::db::BuildStats& s, const fs::path& path) {
    std::cout << "built " << path.string() << ": read " << s.advisories << " advisory records from "
              << s.files << " files in " << static_cast<long long>(s.seconds * 1000) << " ms";
    if (s.seconds > 0)
        std::cout << " (" << static_cast<long long>(static_cast<double>(s.advisories) / s.seconds)
                  << "/s)";
    std::cout << "\n";
    if (auto db = vuln::db::Reader::open(path); db) {
        if (auto st = db->status(); st) {
            std::cout
                << "  the database holds " << st->advisories
                << " distinct advisories (one per source and id: records of one id are merged, "
                   "the newest wins)\n";
        }
    }
    std::cout << "records per source:\n";
    print_counts(s.per_source);
    if (s.skipped_files != 0)
        std::cout << "  skipped files of unknown format: " << s.skipped_files << "\n";
    if (s.skipped_affected != 0) {
        std::cout << "  affected entries of ecosystems berth does not match (kept out): "
                  << s.skipped_affected << "\n";
    }
}

int run_import(const DbOptions& o, const GlobalOptions& global) {
    std::vector<fs::path> inputs(o.inputs.begin(), o.inputs.end());
    Diagnostics diags;
    auto bar = make_progress(global);
    bar->phase(Progress::Phase::Import, "advisories");
    const vuln::db::ImportProgress progress = [&bar](std::size_t n) { bar->advisories(n); };
    auto r = vuln::db::build_database(db_path(o), inputs, o.append, diags, progress,
                                      lock_options(o, global));
    bar->finish();
    print_diagnostics(diags, global);
    if (!r) {
        print_error(r.error());
        return r.error().code == ErrorCode::NotFound ? kExitUsage : kExitRuntime;
    }
    print_build(*r, db_path(o));
    return kExitOk;
}

// The mirror mode (--mirror / $BERTH_DB_MIRROR): a berth-format mirror's signed archives.
int run_mirror_update(const DbOptions& o, const std::string& mirror, const GlobalOptions& global) {
    vuln::db::UpdateOptions u;
    u.mirror = mirror;
    u.public_key = o.key;
    u.only = o.only;
    u.lock = lock_options(o, global);
    auto bar = make_progress(global);
    bar->phase(Progress::Phase::Database, "download");
    u.progress = [&bar](std::string_view /*name*/, std::uint64_t now, std::uint64_t total) {
        bar->bytes(now, total);
    };
    Diagnostics diags;
    auto r = vuln::db::update_database(db_path(o), u, diags);
    bar->finish();
    print_diagnostics(diags, global);
    if (!r) {
        print_error(r.error());
        return r.error().code == ErrorCode::InvalidArgument ? kExitUsage : kExitRuntime;
    }
    std::cout << "downloaded " << r->archives << " archives (" << r->bytes << " bytes) from "
              << u.mirror << "\n";
    print_build(r->build, db_path(o));
    return kExitOk;
}

// "NAME=URL,NAME=URL" ($BERTH_FEED) or one --feed value each → base_urls.
Status add_feed_urls(const std::vector<std::string>& items, vuln::db::FeedOptions& f) {
    for (const auto& item : items) {
        const auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == item.size()) {
            return fail(ErrorCode::InvalidArgument,
                        "--feed takes NAME=URL (osv=, alpine=, debian=), not \"" + item + "\"");
        }
        f.base_urls[item.substr(0, eq)] = item.substr(eq + 1);
    }
    return {};
}

std::vector<std::string> env_list(const char* name) {
    const char* v = std::getenv(name);
    if (v == nullptr) return {};
    std::vector<std::string> out;
    for (const auto& part : text::split(v, ',')) {
        const auto t = text::trim(part);
        if (!t.empty()) out.emplace_back(t);
    }
    return out;
}

// The feed options of the command line over $BERTH_FEED / $BERTH_FEEDS, with the progress bar.
Result<vuln::db::FeedOptions> feed_options(const DbOptions& o, const GlobalOptions& global,
                                           Progress& bar) {
    vuln::db::FeedOptions f;
    if (auto s = add_feed_urls(env_list("BERTH_FEED"), f); !s) return fail(s.error());
    if (auto s = add_feed_urls(o.feed_urls, f); !s) return fail(s.error());
    f.select = o.feeds.empty() ? env_list("BERTH_FEEDS") : o.feeds;
    f.alpine_branches = o.alpine_branches;
    f.max_download_bytes = static_cast<std::uint64_t>(o.max_download_mib * 1024 * 1024);
    f.force = o.force;
    f.lock = lock_options(o, global);
    auto current = std::make_shared<std::string>();
    f.progress = [&bar, current](std::string_view name, std::uint64_t now, std::uint64_t total) {
        if (*current != name) {
            *current = std::string(name);
            bar.phase(Progress::Phase::Database, name);
        }
        bar.bytes(now, total);
    };
    f.import_progress = [&bar, current](std::size_t n) {
        if (*current != "import") {
            *current = "import";
            bar.phase(Progress::Phase::Import, "advisories");
        }
        bar.advisories(n);
    };
    return f;
}

// `berth db update` from the upstream feeds; also what the first `berth scan` runs.
int run_feed_update(const DbOptions& o, const GlobalOptions& global) {
    auto bar = make_progress(global);
    auto f = feed_options(o, global, *bar);
    if (!f) {
        print_error(f.error());
        return kExitUsage;
    }
    Diagnostics diags;
    auto r = vuln::db::update_from_feeds(db_path(o), *f, diags);
    bar->finish();
    print_diagnostics(diags, global);
    if (!r) {
        print_error(r.error());
        return r.error().code == ErrorCode::InvalidArgument ? kExitUsage : kExitRuntime;
    }
    if (global.quiet) return kExitOk;
    std::size_t fetched = 0;
    for (const auto& s : r->sources) {
        if (s.kind == vuln::db::FeedOutcome::Kind::Downloaded ||
            s.kind == vuln::db::FeedOutcome::Kind::Resumed)
            ++fetched;
    }
    std::cout << "feeds: " << r->sources.size() << " sources, " << fetched << " downloaded ("
              << r->bytes << " bytes), " << r->sources.size() - fetched
              << " unchanged or skipped\n";
    for (const auto& s : r->sources) {
        std::cout << "  " << s.name << ": " << vuln::db::outcome_name(s.kind);
        if (s.bytes != 0) std::cout << " (" << s.bytes << " bytes)";
        std::cout << "\n";
    }
    if (!r->rebuilt) {
        std::cout << "the database is up to date (no feed changed): " << db_path(o).string()
                  << "\n";
        return kExitOk;
    }
    print_build(r->build, db_path(o));
    return kExitOk;
}

int run_update(const DbOptions& o, const GlobalOptions& global) {
    std::string mirror = o.mirror;
    if (mirror.empty()) {
        if (const char* m = std::getenv("BERTH_DB_MIRROR"); m != nullptr) mirror = m;
    }
    if (!mirror.empty()) return run_mirror_update(o, mirror, global);
    if (!o.key.empty() || !o.only.empty()) {
        std::cerr << "berth: error: --key and --only apply to --mirror updates\n";
        return kExitUsage;
    }
    return run_feed_update(o, global);
}

int run_status(const DbOptions& o, const GlobalOptions& /*global*/) {
    vuln::db::remove_stale_work_files(db_path(o));
    auto db = vuln::db::Reader::open(db_path(o));
    if (!db) {
        print_error(db.error());
        return kExitRuntime;
    }
    auto s = db->status();
    if (!s) {
        print_error(s.error());
        return kExitRuntime;
    }
    const auto age = vuln::db::database_age(s->built_at);
    if (o.format == "json") {
        nlohmann::json j = {
            {"path", db_path(o).string()},
            {"schema_version", s->schema_version},
            {"built_at", s->built_at},
            {"built_by", s->built_by},
            {"age_seconds", age ? nlohmann::json(age->count()) : nlohmann::json(nullptr)},
            {"advisories", s->advisories},
            {"per_source", s->per_source},
            {"per_ecosystem", s->per_ecosystem}};
        std::cout << to_canonical_json(j);
        return kExitOk;
    }
    std::cout << "database:       " << db_path(o).string() << "\n"
              << "schema version: " << s->schema_version << "\n"
              << "built:          " << s->built_at << " by " << s->built_by;
    if (age) std::cout << " (" << age->count() / 3600 << " hours ago)";
    std::cout << "\nadvisories:     " << s->advisories << " distinct (one per source and id)\n\n"
              << "distinct advisories per source:\n";
    print_counts(s->per_source);
    std::cout << "\naffected package entries per ecosystem and release:\n";
    print_counts(s->per_ecosystem);
    return kExitOk;
}

}  // namespace

int update_missing_database(const std::filesystem::path& db, const GlobalOptions& global) {
    DbOptions o;
    o.db = db.string();
    if (!global.quiet) {
        std::cerr << "berth: note: no vulnerability database at " << db.string()
                  << "; downloading the advisory feeds first (`berth db update`; pass "
                     "--offline to skip)\n";
    }
    return run_update(o, global);
}

Command register_db(CLI::App& root, const GlobalOptions& global) {
    auto opt = std::make_shared<DbOptions>();
    auto* cmd =
        root.add_subcommand("db", "Build, update and inspect the local vulnerability database");
    cmd->require_subcommand(1);
    cmd->add_option("--db", opt->db,
                    "Database file (default $BERTH_DB, else $XDG_CACHE_HOME/berth/db/berth.db)");
    cmd->add_option("--lock-timeout", opt->lock_timeout,
                    "Seconds import and update wait for another berth process writing the same "
                    "database (its lock is DB.lock) before they fail; 0 fails at once")
        ->check(CLI::Range(0.0, 86400.0))
        ->capture_default_str();
    cmd->footer(
        "Examples:\n"
        "  berth db import advisories/osv/ debian/DSA-list.txt alpine-secdb/v3.19/main.json\n"
        "  berth db update                      # from OSV, Alpine secdb, Debian tracker\n"
        "  berth db update --feeds osv/PyPI,alpine --alpine-branches v3.19,v3.20\n"
        "  berth db update --feed osv=https://osv.internal.example   # air-gapped copy\n"
        "  berth db update --mirror https://mirror.example/berth-db --key mirror.pub\n"
        "  berth db status --format json");

    auto* imp = cmd->add_subcommand("import",
                                    "Build the database from advisory files, directories or zips: "
                                    "OSV JSON, the Debian security "
                                    "tracker (JSON export, DSA/DLA lists), Ubuntu CVE tracker "
                                    "files, Alpine secdb JSON (detected from content)");
    imp->add_option("PATH", opt->inputs, "Advisory files, directories or zip archives")->required();
    imp->add_flag("--append", opt->append, "Keep the advisories already in the database");

    auto* upd = cmd->add_subcommand(
        "update",
        "Download the advisory feeds (OSV exports, Alpine secdb, Debian security tracker; "
        "docs/advisories.md), or a berth-format mirror's archives, and swap the database "
        "atomically. Unchanged feeds are not downloaded again (ETag/Last-Modified); a feed that "
        "fails leaves the database as it was");
    upd->add_option("--feed", opt->feed_urls,
                    "NAME=URL: fetch feed NAME (osv, alpine, debian) from this base URL instead "
                    "of upstream, laid out as upstream is (repeatable; also $BERTH_FEED as "
                    "NAME=URL,…)");
    upd->add_option("--feeds", opt->feeds,
                    "Fetch only these feeds or sources, comma-separated: osv, alpine, debian, "
                    "osv/ECOSYSTEM (osv/PyPI, osv/Red Hat), alpine/BRANCH[/REPO] (default: all; "
                    "also $BERTH_FEEDS)")
        ->delimiter(',');
    upd->add_option("--alpine-branches", opt->alpine_branches,
                    "Alpine secdb branches to fetch, comma-separated (default v3.10 … v3.24)")
        ->delimiter(',');
    upd->add_option("--max-download-size", opt->max_download_mib,
                    "Largest download accepted per feed source, in MiB")
        ->check(CLI::Range(1.0, 1048576.0))
        ->capture_default_str();
    upd->add_flag("--force", opt->force,
                  "Download every feed again (no conditional requests, no resumption)");
    upd->add_option("--mirror", opt->mirror,
                    "Update from a berth-format mirror instead of the feeds (its index.json lists "
                    "the archives; default $BERTH_DB_MIRROR)");
    upd->add_option("--key", opt->key,
                    "PEM public key; the mirror's index.json.sig must verify with it");
    upd->add_option("--only", opt->only, "Fetch only these mirror archives (names from the index)")
        ->delimiter(',');

    auto* st = cmd->add_subcommand(
        "status", "Show what the database holds, when it was built and its schema");
    st->add_option("-f,--format", opt->format, "Output format")
        ->check(CLI::IsMember({"table", "json"}))
        ->capture_default_str();

    return {cmd, [opt, &global, imp, upd, st] {
                if (imp->parsed()) return run_import(*opt, global);
                if (upd->parsed()) return run_update(*opt, global);
                if (st->parsed()) return run_status(*opt, global);
                return kExitUsage;
            }};
}

}  // namespace berth::cli

// SPDX-License-Identifier: Apache-2.0
// The upstream feed catalogue and the all-or-nothing update built on it (feeds.hpp). Downloads are
// feeds_fetch.cpp; the import, the temporary database and the rename are build.cpp's.
#include "vuln/db/feeds.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "core/text.hpp"
#include "net/http.hpp"
#include "vuln/db/feeds_internal.hpp"
#include "vuln/db/store.hpp"

namespace berth::vuln::db {
namespace {

namespace fs = std::filesystem;
using detail::FeedState;
using detail::Fetched;

// Files of a source name: "osv/Red Hat" → "osv-Red_Hat".
std::string file_stem(std::string_view name) {
    std::string out;
    for (char c : name) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
        out.push_back(c == '/' ? '-' : keep ? c : '_');
    }
    return out;
}

std::string base_url(const FeedOptions& o, std::string_view feed, std::string_view fallback) {
    const auto it = o.base_urls.find(std::string(feed));
    std::string base = it != o.base_urls.end() ? it->second : std::string(fallback);
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base;
}

FeedSource osv_source(const FeedOptions& o, std::string_view ecosystem) {
    const std::string name = "osv/" + std::string(ecosystem);
    // Path segments are percent-encoded: "Red Hat" → "Red%20Hat" (the bucket's object name).
    return {"osv", name,
            base_url(o, "osv", kOsvBaseUrl) + "/" + net::url_encode(ecosystem) + "/all.zip",
            file_stem(name) + ".zip", false};
}

FeedSource alpine_source(const FeedOptions& o, std::string_view branch, std::string_view repo) {
    const std::string name = "alpine/" + std::string(branch) + "/" + std::string(repo);
    return {"alpine", name,
            base_url(o, "alpine", kAlpineBaseUrl) + "/" + std::string(branch) + "/" +
                std::string(repo) + ".json",
            file_stem(name) + ".json", true};
}

// Every source when nothing is selected.
std::vector<FeedSource> all_defaults(const FeedOptions& o) {
    std::vector<FeedSource> out;
    for (auto eco : default_osv_ecosystems()) out.push_back(osv_source(o, eco));
    std::vector<std::string> branches(o.alpine_branches.begin(), o.alpine_branches.end());
    if (branches.empty()) {
        for (auto b : default_alpine_branches()) branches.emplace_back(b);
    }
    for (const auto& b : branches) {
        for (const char* repo : {"main", "community"}) out.push_back(alpine_source(o, b, repo));
    }
    out.push_back({"debian", "debian", base_url(o, "debian", kDebianBaseUrl) + "/data/json",
                   "debian.json", false});
    return out;
}

bool selected_by(const FeedSource& s, std::string_view item) {
    return s.name == item || s.feed == item ||
           (s.name.size() > item.size() && s.name.starts_with(item) && s.name[item.size()] == '/');
}

Status check_base(std::string_view feed, const std::string& url) {
    if (feed != "osv" && feed != "alpine" && feed != "debian") {
        return fail(ErrorCode::InvalidArgument,
                    "unknown feed \"" + std::string(feed) + "\" (feeds: osv, alpine, debian)");
    }
    if (!url.starts_with("https://") && !url.starts_with("http://")) {
        return fail(ErrorCode::InvalidArgument,
                    "feed " + std::string(feed) + ": the base URL must be http:// or https://",
                    url);
    }
    return {};
}

// The source whose local file `where` (an import error's location) is inside, if any.
const Fetched* source_of(const std::vector<Fetched>& got, const std::string& where) {
    for (const auto& f : got) {
        const std::string file = f.file.string();
        if (!file.empty() && where.starts_with(file)) return &f;
    }
    return nullptr;
}

Error feed_error(std::string_view name, const Error& e) {
    return Error{e.code, "feed " + std::string(name) + ": " + e.message, e.where};
}

// Fetches every source; all failures are collected so that one run names each of them.
Result<std::vector<Fetched>> fetch_all(const std::vector<FeedSource>& sources,
                                       const detail::FeedDirs& dirs, const FeedState& state,
                                       const FeedOptions& options) {
    std::vector<Fetched> got;
    std::vector<Error> failed;
    std::set<std::string> unreachable;  // feeds whose server could not be reached at all
    for (const auto& s : sources) {
        if (unreachable.count(s.feed) != 0) continue;
        std::optional<detail::CopyInfo> cached;
        if (auto it = state.cache.find(s.name); it != state.cache.end()) cached = it->second;
        auto r = detail::fetch_source(s, dirs, cached, options);
        if (!r) {
            failed.push_back(feed_error(s.name, r.error()));
            // A transport error (no DNS, no route, refused): the feed's other sources would
            // fail the same way, each after its retries.
            if (r.error().code == ErrorCode::Io && !r.error().message.starts_with("HTTP ")) {
                unreachable.insert(s.feed);
                failed.back().message += " (the other " + s.feed + " sources were not tried)";
            }
            continue;
        }
        got.push_back(std::move(*r));
    }
    if (failed.empty()) return got;
    Error e = failed.front();
    if (failed.size() > 1) {
        e.message = std::to_string(failed.size()) + " feeds failed:";
        for (const auto& f : failed) e.message += " " + f.message + " (" + f.where + ");";
        e.message.pop_back();
        e.where.clear();
    }
    e.message += "; nothing was changed (the database and the feed cache are as before)";
    return fail(std::move(e));
}

// True when the database is the one built from exactly these copies (nothing to rebuild).
bool up_to_date(const fs::path& db_path, const FeedState& state, const std::vector<Fetched>& got) {
    std::map<std::string, std::string> now;
    for (const auto& f : got) {
        if (f.fresh) return false;
        if (f.outcome.kind != FeedOutcome::Kind::Missing) now[f.outcome.name] = f.copy.sha256;
    }
    if (now != state.db_sources || state.db_built_at.empty()) return false;
    auto db = Reader::open(db_path);
    if (!db) return false;
    auto st = db->status(/*counts=*/false);
    return st && st->built_at == state.db_built_at;
}

// After the swap: fresh copies move into the cache, and state.json records the database.
Status commit_cache(const fs::path& db_path, const detail::FeedDirs& dirs, FeedState& state,
                    const std::vector<Fetched>& got) {
    std::error_code ec;
    state.db_sources.clear();
    for (const auto& f : got) {
        const std::string& name = f.outcome.name;
        if (f.outcome.kind == FeedOutcome::Kind::Missing) {
            state.cache.erase(name);
            continue;
        }
        if (f.fresh) {
            const fs::path to = dirs.cache / f.file.filename();
            fs::rename(f.file, to, ec);
            if (ec) return fail(ErrorCode::Io, "cannot move into the feed cache", to.string());
            fs::remove(fs::path(f.file.string() + ".json"), ec);
        }
        state.cache[name] = f.copy;
        state.db_sources[name] = f.copy.sha256;
    }
    state.db_built_at.clear();
    if (auto db = Reader::open(db_path)) {
        if (auto st = db->status(/*counts=*/false)) state.db_built_at = st->built_at;
    }
    return detail::save_state(feeds_dir(db_path) / "state.json", state);
}

}  // namespace

const std::vector<std::string_view>& default_osv_ecosystems() {
    // OSV's names (the bucket's top-level folders), sorted; see vuln/ecosystem.cpp.
    static const std::vector<std::string_view> kList = {
        "AlmaLinux", "Chainguard",  "crates.io", "Go",        "Hex",       "Mageia", "Maven",
        "npm",       "NuGet",       "openSUSE",  "Packagist", "Photon OS", "Pub",    "PyPI",
        "Red Hat",   "Rocky Linux", "RubyGems",  "SUSE",      "Ubuntu",    "Wolfi"};
    return kList;
}

const std::vector<std::string_view>& default_alpine_branches() {
    // Releases whose images are still met (3.10 and later); older ones by --alpine-branches.
    static const std::vector<std::string_view> kList = {
        "v3.10", "v3.11", "v3.12", "v3.13", "v3.14", "v3.15", "v3.16", "v3.17",
        "v3.18", "v3.19", "v3.20", "v3.21", "v3.22", "v3.23", "v3.24"};
    return kList;
}

std::string_view outcome_name(FeedOutcome::Kind kind) {
    switch (kind) {
        case FeedOutcome::Kind::Downloaded:
            return "downloaded";
        case FeedOutcome::Kind::Resumed:
            return "resumed";
        case FeedOutcome::Kind::NotModified:
            return "not modified";
        case FeedOutcome::Kind::Missing:
            break;
    }
    return "not published (skipped)";
}

fs::path feeds_dir(const fs::path& db_path) {
    return fs::path(db_path.string() + ".feeds");
}

Result<std::vector<FeedSource>> plan_feeds(const FeedOptions& options) {
    for (const auto& [feed, url] : options.base_urls) {
        if (auto s = check_base(feed, url); !s) return fail(s.error());
    }
    std::vector<FeedSource> all = all_defaults(options);
    if (options.select.empty()) return all;
    // "osv/ECOSYSTEM" outside the default list is fetched when named.
    for (const auto& item : options.select) {
        if (!item.starts_with("osv/") || item.size() == 4) continue;
        const bool known = std::any_of(all.begin(), all.end(),
                                       [&](const FeedSource& s) { return s.name == item; });
        if (!known) all.push_back(osv_source(options, std::string_view(item).substr(4)));
    }
    std::vector<FeedSource> out;
    for (const auto& s : all) {
        if (std::any_of(options.select.begin(), options.select.end(),
                        [&](const std::string& item) { return selected_by(s, item); }))
            out.push_back(s);
    }
    for (const auto& item : options.select) {
        if (std::none_of(out.begin(), out.end(),
                         [&](const FeedSource& s) { return selected_by(s, item); })) {
            return fail(ErrorCode::InvalidArgument,
                        "--feeds: \"" + item +
                            "\" names no source (feeds: osv, alpine, debian; sources such as "
                            "osv/PyPI, alpine/v3.20/main)");
        }
    }
    return out;
}

Result<FeedUpdateStats> update_from_feeds(const fs::path& db_path, const FeedOptions& options,
                                          Diagnostics& diagnostics) {
    auto sources = plan_feeds(options);
    if (!sources) return fail(sources.error());
    auto lock = WriterLock::acquire(db_path, options.lock.timeout, options.lock.on_wait);
    if (!lock) return fail(lock.error());
    remove_stale_work_files(db_path, &*lock);
    const detail::FeedDirs dirs{feeds_dir(db_path) / "cache", feeds_dir(db_path) / "new"};
    std::error_code ec;
    fs::create_directories(dirs.cache, ec);
    if (!ec) fs::create_directories(dirs.fresh, ec);
    if (ec) {
        return fail(ErrorCode::Io, "cannot create the feed directory: " + ec.message(),
                    feeds_dir(db_path).string());
    }
    FeedState state = detail::load_state(feeds_dir(db_path) / "state.json");
    auto got = fetch_all(*sources, dirs, state, options);
    if (!got) return fail(got.error());

    FeedUpdateStats stats;
    std::vector<fs::path> inputs;
    for (const auto& f : *got) {
        stats.sources.push_back(f.outcome);
        stats.bytes += f.outcome.bytes;
        if (f.outcome.kind == FeedOutcome::Kind::Missing) {
            diagnostics.push_back({Diagnostic::Severity::Info,
                                   "not published upstream (HTTP 404); skipped", f.outcome.url});
            continue;
        }
        inputs.push_back(f.file);
    }
    if (up_to_date(db_path, state, *got)) return stats;
    auto built = build_database_locked(*lock, inputs, /*append=*/false, diagnostics,
                                       options.import_progress);
    if (!built) {
        // A copy that does not import is dropped, so the next run fetches it whole again.
        if (const Fetched* bad = source_of(*got, built.error().where)) {
            const Error e = feed_error(bad->outcome.name, built.error());
            fs::remove(bad->file, ec);
            fs::remove(fs::path(bad->file.string() + ".json"), ec);
            return fail(e);
        }
        return fail(built.error());
    }
    stats.rebuilt = true;
    stats.build = std::move(*built);
    if (auto s = commit_cache(db_path, dirs, state, *got); !s) return fail(s.error());
    return stats;
}

}  // namespace berth::vuln::db

// SPDX-License-Identifier: Apache-2.0
// `berth db update` without a mirror: the database is built from the upstream feeds themselves
// (docs/advisories.md, "Feeds"): OSV's per-ecosystem exports (`<base>/<Ecosystem>/all.zip`), the
// Alpine secdb (`<base>/<branch>/<repo>.json`) and the Debian security tracker's JSON export
// (`<base>/data/json`). Each download is one *source* ("osv/PyPI", "alpine/v3.20/main",
// "debian"); sources are grouped into *feeds* ("osv", "alpine", "debian") whose base URL the user
// may point elsewhere (`--feed NAME=URL`).
//
// Layout beside the database `D` (all under D's writer lock, lock.hpp):
//   D.feeds/state.json      per source: URL, ETag, Last-Modified, size, sha256 of the copy in
//                           D.feeds/cache/; and which copies the database was built from
//   D.feeds/cache/FILE      the last copy of each source that went into a database
//   D.feeds/new/FILE(.json) downloads not yet in a database: complete ones are reused (sent as
//                           the conditional request's validators), a partial one is resumed with
//                           Range/If-Range
// An update is all or nothing: a source that fails (HTTP error, transfer cut short, a file that
// does not import) leaves the database, the cache and state.json as they were and is named in the
// error. Unchanged sources are answered 304 and read from the cache; when every source is
// unchanged and the database is the one they built, nothing is rebuilt.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/result.hpp"
#include "vuln/db/build.hpp"

namespace berth::vuln::db {

/// Upstream base URLs (docs/advisories.md cites where each is documented).
inline constexpr std::string_view kOsvBaseUrl =
    "https://osv-vulnerabilities.storage.googleapis.com";
inline constexpr std::string_view kAlpineBaseUrl = "https://secdb.alpinelinux.org";
inline constexpr std::string_view kDebianBaseUrl = "https://security-tracker.debian.org/tracker";

/// Default cap on one download (the biggest OSV exports are a few hundred MB).
inline constexpr std::uint64_t kDefaultMaxDownloadBytes = std::uint64_t{2} << 30U;

/// One download.
struct FeedSource {
    std::string feed;  ///< "osv", "alpine", "debian"
    std::string name;  ///< "osv/PyPI", "alpine/v3.20/main", "debian"
    std::string url;
    std::string file;         ///< local file name: "osv-PyPI.zip", "alpine-v3.20-main.json"
    bool missing_ok = false;  ///< a 404 skips it with a note (not every branch has every repo)
};

/// The OSV ecosystems fetched by default: every ecosystem berth matches (vuln/ecosystem.cpp)
/// except Alpine and Debian, whose native feeds are fetched instead.
const std::vector<std::string_view>& default_osv_ecosystems();

/// The Alpine branches fetched by default (main and community of each).
const std::vector<std::string_view>& default_alpine_branches();

struct FeedOptions {
    /// Which sources (`--feeds`): feed names ("osv"), source names ("osv/PyPI") or prefixes of
    /// them ("alpine/v3.20"); empty = every default source. "osv/ECOSYSTEM" may name an OSV
    /// ecosystem outside the default list.
    std::vector<std::string> select;
    std::map<std::string, std::string> base_urls;  ///< feed name → base URL (`--feed`)
    std::vector<std::string> alpine_branches;      ///< empty = default_alpine_branches()
    std::uint64_t max_download_bytes = kDefaultMaxDownloadBytes;
    int max_attempts = 4;  ///< per request, on 429/5xx and connection errors
    bool force = false;    ///< no conditional requests, no resumption: download everything
    /// (source name, bytes done, bytes total (0 = unknown)) while a source downloads.
    std::function<void(std::string_view, std::uint64_t, std::uint64_t)> progress;
    ImportProgress import_progress;  ///< advisories so far while the database is rebuilt
    LockOptions lock;
};

/// The sources `options` select, in a fixed order. Errors: InvalidArgument for an unknown feed in
/// `base_urls`, a selection that matches nothing, or a base URL that is not http(s).
Result<std::vector<FeedSource>> plan_feeds(const FeedOptions& options);

/// What happened to one source.
struct FeedOutcome {
    enum class Kind { Downloaded, Resumed, NotModified, Missing };
    std::string name;
    std::string url;
    Kind kind = Kind::Downloaded;
    std::uint64_t bytes = 0;  ///< body bytes received in this run
};

std::string_view outcome_name(FeedOutcome::Kind kind);

struct FeedUpdateStats {
    std::vector<FeedOutcome> sources;
    std::uint64_t bytes = 0;  ///< body bytes received in this run
    bool rebuilt = false;     ///< false: every source unchanged, the database kept as it was
    BuildStats build;         ///< when rebuilt
};

/// Fetches every planned source (conditionally, resuming partial downloads), rebuilds `db_path`
/// from them with build_database_locked() and swaps it in; the writer lock is held from before the
/// first request until the state is saved. Errors name the failing sources ("feed osv/PyPI: HTTP
/// 500 …"); the database and the feed cache are then unchanged.
Result<FeedUpdateStats> update_from_feeds(const std::filesystem::path& db_path,
                                          const FeedOptions& options, Diagnostics& diagnostics);

/// `D.feeds`, the directory of the feed cache and download state of database `D`.
std::filesystem::path feeds_dir(const std::filesystem::path& db_path);

}  // namespace berth::vuln::db

// SPDX-License-Identifier: Apache-2.0
// Internal to berth_vuln_db: the feed state file and the download of one source (feeds_fetch.cpp),
// used by the update in feeds.cpp. Callers outside src/vuln/db/ use feeds.hpp.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "vuln/db/feeds.hpp"

namespace berth::vuln::db::detail {

/// A local copy of a source and the validators it was served with.
struct CopyInfo {
    std::string url;
    std::string etag;
    std::string last_modified;
    std::uint64_t size = 0;
    std::string sha256;
};

/// D.feeds/state.json.
struct FeedState {
    std::map<std::string, CopyInfo> cache;          ///< source name → its copy in cache/
    std::string db_built_at;                        ///< the database these copies built
    std::map<std::string, std::string> db_sources;  ///< source name → sha256 built from
};

/// Reads state.json; a missing or unreadable file is an empty state (everything is fetched).
FeedState load_state(const std::filesystem::path& file);

/// Writes state.json atomically (temporary file, rename).
Status save_state(const std::filesystem::path& file, const FeedState& state);

/// The directories of one update.
struct FeedDirs {
    std::filesystem::path cache;  ///< D.feeds/cache
    std::filesystem::path fresh;  ///< D.feeds/new
};

/// One source after its request.
struct Fetched {
    FeedOutcome outcome;
    std::filesystem::path file;  ///< the copy to import (empty when Missing)
    CopyInfo copy;
    bool fresh = false;  ///< the copy is in new/ (to move into cache/ once built)
};

/// Fetches `source`: a conditional GET against the newest complete local copy (new/, else the
/// cache entry `cached`), resuming an interrupted download in new/ with Range/If-Range.
/// Errors: Io "HTTP N" and transport errors, Truncated (a cut transfer; the bytes stay in new/
/// to be resumed), LimitExceeded (over options.max_download_bytes).
Result<Fetched> fetch_source(const FeedSource& source, const FeedDirs& dirs,
                             const std::optional<CopyInfo>& cached, const FeedOptions& options);

}  // namespace berth::vuln::db::detail

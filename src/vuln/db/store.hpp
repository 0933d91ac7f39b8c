// SPDX-License-Identifier: Apache-2.0
// The advisory database: one SQLite file. Written by `berth db import|update` (always into a new
// file that is then renamed over the old one), opened read-only by `berth scan`.
//
// Schema (version kSchemaVersion):
//   meta(key PRIMARY KEY, value)              schema_version, built_at, built_by, sources
//   advisory(pk, id, source, aliases, summary, details, published, modified, withdrawn,
//            severity, refs)                  UNIQUE(source, id); JSON arrays in text columns
//   affected(advisory → advisory.pk, eco, pkg, ecosystem, state, severity, data)
//            INDEX (eco, pkg): eco = ecosystem_key(), pkg = normalize_package_name();
//            data = the ranges/versions/purl/note as compact JSON, parsed only when matched
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "vuln/advisory.hpp"

struct sqlite3;

namespace berth::vuln::db {

inline constexpr int kSchemaVersion = 1;

/// What `berth db status` prints.
struct DbStatus {
    int schema_version = 0;
    std::string built_at;  ///< RFC 3339 UTC
    std::string built_by;  ///< "berth 0.1.0"
    std::size_t advisories = 0;
    std::map<std::string, std::size_t> per_source;     ///< advisories per Advisory::source
    std::map<std::string, std::size_t> per_ecosystem;  ///< affected entries per ecosystem key
};

/// One affected entry found for a package, with the advisory's primary key.
struct AffectedRow {
    std::int64_t advisory_pk = 0;
    Affected affected;
};

/// Adds advisories to a database file (created when missing). One transaction for the whole
/// import: nothing is visible until commit(). Not thread-safe.
class Writer {
  public:
    /// Opens or creates `path` for writing (fast, unsafe pragmas: the caller builds a temporary
    /// file and renames it). Errors: Io, Format (not a berth database / other schema version).
    static Result<Writer> open(const std::filesystem::path& path);
    Writer(Writer&&) noexcept;
    Writer& operator=(Writer&&) noexcept;
    ~Writer();

    /// Inserts an advisory. For an existing (source, id): a newer `modified` replaces it, an older
    /// one is dropped, the same `modified` merges (affected entries added, aliases united: one
    /// advisory split over several files, as Alpine secdb does per release). Affected entries
    /// whose ecosystem has no key are kept out (counted).
    Status add(const Advisory& advisory);
    /// Records build metadata and commits.
    Status commit(std::string_view built_by);

    [[nodiscard]] std::size_t skipped_affected() const { return skipped_affected_; }

  private:
    struct Impl;
    explicit Writer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
    std::size_t skipped_affected_ = 0;
};

/// Read-only access for matching.
class Reader {
  public:
    /// Opens read-only. Errors: NotFound, Format (not a berth database, other schema version).
    static Result<Reader> open(const std::filesystem::path& path);
    Reader(Reader&&) noexcept;
    Reader& operator=(Reader&&) noexcept;
    ~Reader();

    /// Affected entries for (ecosystem key, normalized package name).
    Result<std::vector<AffectedRow>> lookup(std::string_view eco_key,
                                            std::string_view package) const;
    /// True when some affected entry has this ecosystem key.
    Result<bool> has_ecosystem(std::string_view eco_key) const;
    /// The advisory with primary key `pk` (affected entries left empty).
    Result<Advisory> advisory(std::int64_t pk) const;
    /// Build metadata, and with `counts` the per-source/ecosystem counts (a full scan of the
    /// tables: `berth db status` wants them, a scan does not).
    Result<DbStatus> status(bool counts = true) const;

  private:
    struct Impl;
    explicit Reader(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// The default database path: $BERTH_DB, else $XDG_CACHE_HOME/berth/db/berth.db, else
/// ~/.cache/berth/db/berth.db.
std::filesystem::path default_db_path();

}  // namespace berth::vuln::db

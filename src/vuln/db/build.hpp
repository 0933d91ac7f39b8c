// SPDX-License-Identifier: Apache-2.0
// Building a database file from advisory inputs, and updating it from a mirror. Both write a new
// file beside the target and rename it over the old one, so a killed build never leaves a
// half-written database where scans look; both hold the database's writer lock (lock.hpp) from
// before they read the old database until after the rename, so concurrent writers queue up
// instead of dropping each other's advisories.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/result.hpp"
#include "vuln/db/lock.hpp"

namespace berth::vuln::db {

struct BuildStats {
    std::size_t files = 0;
    std::size_t skipped_files = 0;
    std::size_t advisories = 0;
    std::size_t skipped_affected = 0;  ///< affected entries of ecosystems berth cannot match
    std::map<std::string, std::size_t> per_source;
    double seconds = 0;
};

/// Called with (advisories so far) while importing.
using ImportProgress = std::function<void(std::size_t)>;

/// Builds `db_path` from `inputs` (files, directories, zips of any supported format). With
/// `append`, the existing database's advisories are kept (same source+id: the newer wins).
/// Takes the writer lock first (waiting as `lock` says).
/// Errors: the first unreadable or malformed input (the old database is untouched); Io when
/// another writer keeps the lock longer than `lock.timeout`.
Result<BuildStats> build_database(const std::filesystem::path& db_path,
                                  const std::vector<std::filesystem::path>& inputs, bool append,
                                  Diagnostics& diagnostics, const ImportProgress& progress = {},
                                  const LockOptions& lock = {});

/// build_database() for a caller that already holds the database's writer lock.
Result<BuildStats> build_database_locked(const WriterLock& lock,
                                         const std::vector<std::filesystem::path>& inputs,
                                         bool append, Diagnostics& diagnostics,
                                         const ImportProgress& progress = {});

struct UpdateOptions {
    std::string mirror;                ///< base URL; `index.json` there lists the archives
    std::filesystem::path public_key;  ///< PEM key; when set, index.json.sig must verify
    std::vector<std::string> only;     ///< archive names to fetch (empty = all)
    /// (bytes done, bytes total) per download; total 0 when unknown.
    std::function<void(std::string_view name, std::uint64_t, std::uint64_t)> progress;
    int max_attempts = 4;  ///< per request, on 429/5xx and connection errors
    LockOptions lock;      ///< held from the first download to the rename
};

struct UpdateStats {
    std::size_t archives = 0;
    std::uint64_t bytes = 0;
    BuildStats build;
};

/// Fetches the mirror's index.json ({"format": 1, "archives": [{"name", "path", "sha256",
/// "size"}]}), verifies its signature when a key is given, downloads every archive, checks size
/// and sha256, builds a new database from them and renames it over `db_path`.
/// Errors: Io/NotFound (HTTP), DigestMismatch, Format (index), Truncated (short download).
Result<UpdateStats> update_database(const std::filesystem::path& db_path,
                                    const UpdateOptions& options, Diagnostics& diagnostics);

/// Removes `<db>.tmp.PID` files and `<db>.update.PID` directories left by builds and updates
/// that were killed mid-way. Only a writer makes them, and only while it holds the lock: so with
/// the lock (`held`, or free now and taken for the cleanup) every one not of this process is a
/// leftover, even when its PID was reused since; without it, those of processes that no longer
/// exist. Every `berth db` command calls it first. Best effort, never fails.
void remove_stale_work_files(const std::filesystem::path& db_path,
                             const WriterLock* held = nullptr);

/// Age of a database built at `built_at` (RFC 3339 UTC), or nullopt when it does not parse.
std::optional<std::chrono::seconds> database_age(const std::string& built_at);

}  // namespace berth::vuln::db

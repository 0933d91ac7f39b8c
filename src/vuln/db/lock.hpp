// SPDX-License-Identifier: Apache-2.0
// One writer at a time per database. `berth db import` (with or without --append) and `berth db
// update` build a new file beside the database and rename it over the old one; two of them at
// once would each start from the same old database and the last rename would drop the other's
// advisories. Each writer therefore holds an exclusive flock(2) on `<db>.lock` (beside the
// database, never removed: unlinking a lock file lets a waiter lock a name nobody else sees)
// from before it reads the old database until after the rename. The file holds the holder's PID
// so that a writer that gives up can say who holds it. The kernel drops the lock when its
// holder dies, so a killed writer never leaves the database locked. Readers (`scan`, `db
// status`) take no lock: they only ever see whole renamed files.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>

#include "core/result.hpp"

namespace berth::vuln::db {

/// How long a writer waits for another one by default (`--lock-timeout`): a full import takes
/// seconds, so a minute covers a queued writer while a stuck one still ends with an error.
inline constexpr std::chrono::seconds kDefaultLockTimeout{60};

/// Called once when the lock is busy and the writer starts waiting: the holder's PID (0 when the
/// lock file names none).
using LockWaitNotice = std::function<void(long holder_pid)>;

/// How a writer waits for the lock.
struct LockOptions {
    std::chrono::milliseconds timeout = kDefaultLockTimeout;
    LockWaitNotice on_wait;
};

/// The exclusive writer lock of one database, held while the object lives (move-only).
class WriterLock {
  public:
    /// Takes the lock, waiting up to `timeout` for the writer that holds it (0: try once).
    /// Errors: Io "locked by another berth writer (PID N)" once the time is up, Io when the lock
    /// file cannot be opened or is not a regular file.
    static Result<WriterLock> acquire(const std::filesystem::path& db_path,
                                      std::chrono::milliseconds timeout,
                                      const LockWaitNotice& on_wait = {});

    /// Takes the lock only if its file exists and no writer holds it now; never creates the
    /// file, never waits, never fails (nullopt).
    static std::optional<WriterLock> try_existing(const std::filesystem::path& db_path);

    /// `<db>.lock`.
    static std::filesystem::path lock_path(const std::filesystem::path& db_path);

    ~WriterLock();
    WriterLock(WriterLock&& other) noexcept;
    WriterLock& operator=(WriterLock&& other) noexcept;
    WriterLock(const WriterLock&) = delete;
    WriterLock& operator=(const WriterLock&) = delete;

    /// The database this lock is for.
    [[nodiscard]] const std::filesystem::path& db_path() const { return db_path_; }

  private:
    WriterLock(std::filesystem::path db_path, int fd) : db_path_(std::move(db_path)), fd_(fd) {}
    void release();

    std::filesystem::path db_path_;
    int fd_ = -1;
};

}  // namespace berth::vuln::db

// SPDX-License-Identifier: Apache-2.0
#include "vuln/db/build.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/version.hpp"
#include "vuln/db/store.hpp"
#include "vuln/import/import.hpp"

namespace berth::vuln::db {

namespace fs = std::filesystem;

namespace {

// A temporary file beside `target` that is removed unless released.
class TempFile {
  public:
    explicit TempFile(const fs::path& target)
        : path_(target.string() + ".tmp." + std::to_string(::getpid())) {}
    ~TempFile() {
        if (!released_) {
            std::error_code ec;
            fs::remove(path_, ec);
        }
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    [[nodiscard]] const fs::path& path() const { return path_; }
    Status commit_to(const fs::path& target) {
        // The bytes must be on disk before the name points at them, or a crash right after the
        // rename could leave a torn database where the good one was.
        if (int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) {
            const int rc = ::fsync(fd);
            ::close(fd);
            if (rc != 0) return fail(ErrorCode::Io, "cannot sync the new database", path_.string());
        }
        std::error_code ec;
        fs::rename(path_, target, ec);
        if (ec)
            return fail(ErrorCode::Io, "cannot move the new database into place: " + ec.message(),
                        target.string());
        released_ = true;
        const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
        if (int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); fd >= 0) {
            (void)::fsync(fd);
            ::close(fd);
        }
        return {};
    }

  private:
    fs::path path_;
    bool released_ = false;
};

// Parsing (the importer, on the caller's thread) and SQLite inserts (one writer thread) overlap:
// advisories pass through a bounded queue in import order, so the result is deterministic.
class InsertPipeline {
  public:
    explicit InsertPipeline(Writer& writer) : writer_(writer), thread_([this] { run(); }) {}
    ~InsertPipeline() { close(); }
    InsertPipeline(const InsertPipeline&) = delete;
    InsertPipeline& operator=(const InsertPipeline&) = delete;

    /// Queues an advisory; returns the writer's error once it has failed.
    Status push(Advisory&& a) {
        std::unique_lock lock(mu_);
        space_.wait(lock, [&] { return queue_.size() < kCapacity || !status_; });
        if (!status_) return status_;
        queue_.push_back(std::move(a));
        ready_.notify_one();
        return {};
    }

    /// Waits until every queued advisory is written; returns the first write error.
    Status close() {
        {
            std::lock_guard lock(mu_);
            closed_ = true;
            ready_.notify_one();
        }
        if (thread_.joinable()) thread_.join();
        return status_;
    }

  private:
    static constexpr std::size_t kCapacity = 4096;

    void run() {
        std::deque<Advisory> batch;
        for (;;) {
            {
                std::unique_lock lock(mu_);
                ready_.wait(lock, [&] { return !queue_.empty() || closed_; });
                if (queue_.empty() && closed_) return;
                batch.swap(queue_);
                space_.notify_all();
            }
            for (auto& a : batch) {
                if (auto s = writer_.add(a); !s) {
                    std::lock_guard lock(mu_);
                    status_ = s;
                    queue_.clear();
                    space_.notify_all();
                    return;
                }
            }
            batch.clear();
        }
    }

    Writer& writer_;
    std::mutex mu_;
    std::condition_variable ready_;
    std::condition_variable space_;
    std::deque<Advisory> queue_;
    bool closed_ = false;
    Status status_;
    std::thread thread_;  // last: starts after the members it uses exist
};

// True while `pid` runs (a zombie, killed but not yet reaped, does not count).
bool process_running(long pid) {
    if (pid <= 0) return false;
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) return false;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) return true;  // no /proc: trust kill()
    const auto paren = line.rfind(')');
    return paren == std::string::npos || paren + 2 >= line.size() || line[paren + 2] != 'Z';
}

// The PID in a leftover's name (`<base><prefix>PID`), 0 when `name` is not one.
long leftover_pid(const std::string& name, const std::string& base) {
    for (const std::string& prefix : {base + ".tmp.", base + ".update."}) {
        if (name.rfind(prefix, 0) != 0) continue;
        const std::string pid_text = name.substr(prefix.size());
        if (pid_text.empty() || pid_text.size() > 9 ||
            pid_text.find_first_not_of("0123456789") != std::string::npos)
            return 0;
        return std::strtol(pid_text.c_str(), nullptr, 10);
    }
    return 0;
}

void remove_leftovers(const fs::path& db_path, bool lock_held) {
    const fs::path dir = db_path.has_parent_path() ? db_path.parent_path() : fs::path(".");
    const std::string base = db_path.filename().string();
    const long self = ::getpid();
    std::error_code ec;
    std::vector<fs::path> stale;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const long pid = leftover_pid(it->path().filename().string(), base);
        // A running writer keeps its files: it is this process or, without the lock, any
        // process that still exists.
        if (pid > 0 && pid != self && (lock_held || !process_running(pid)))
            stale.push_back(it->path());
    }
    for (const auto& p : stale) fs::remove_all(p, ec);
}

}  // namespace

void remove_stale_work_files(const fs::path& db_path, const WriterLock* held) {
    if (held != nullptr) return remove_leftovers(db_path, true);
    auto lock = WriterLock::try_existing(db_path);
    remove_leftovers(db_path, lock.has_value());
}

Result<BuildStats> build_database(const fs::path& db_path, const std::vector<fs::path>& inputs,
                                  bool append, Diagnostics& diagnostics,
                                  const ImportProgress& progress, const LockOptions& lock) {
    auto held = WriterLock::acquire(db_path, lock.timeout, lock.on_wait);
    if (!held) return fail(held.error());
    return build_database_locked(*held, inputs, append, diagnostics, progress);
}

Result<BuildStats> build_database_locked(const WriterLock& lock,
                                         const std::vector<fs::path>& inputs, bool append,
                                         Diagnostics& diagnostics, const ImportProgress& progress) {
    const fs::path& db_path = lock.db_path();
    const auto start = std::chrono::steady_clock::now();
    remove_stale_work_files(db_path, &lock);
    std::error_code ec;
    TempFile tmp(db_path);
    fs::remove(tmp.path(), ec);
    if (append && fs::exists(db_path, ec)) {
        // Check it is ours before copying, so a wrong --db path is not silently extended.
        if (auto r = Reader::open(db_path); !r) return fail(r.error());
        fs::copy_file(db_path, tmp.path(), fs::copy_options::overwrite_existing, ec);
        if (ec)
            return fail(ErrorCode::Io, "cannot copy the database: " + ec.message(),
                        db_path.string());
    }
    auto opened = Writer::open(tmp.path());
    if (!opened) return fail(opened.error());
    std::optional<Writer> writer(std::move(*opened));
    BuildStats stats;
    std::optional<InsertPipeline> pipeline(std::in_place, *writer);
    auto sink = [&](Advisory&& a) -> Status {
        if (auto s = pipeline->push(std::move(a)); !s) return s;
        ++stats.advisories;
        if (progress && stats.advisories % 1000 == 0) progress(stats.advisories);
        return {};
    };
    for (const auto& in : inputs) {
        auto r = import::import_path(in, sink, diagnostics);
        if (!r) {
            (void)pipeline->close();
            return fail(r.error());
        }
        // A file named on the command line must be advisories; only directory/zip walks skip.
        if (fs::is_regular_file(in, ec) && r->files > 0 && r->skipped_files == r->files &&
            in.extension() != ".zip") {
            return fail(ErrorCode::Format,
                        "not an advisory file of a known format (OSV JSON, Debian tracker, "
                        "Ubuntu CVE tracker, Alpine secdb)",
                        in.string());
        }
        stats.files += r->files;
        stats.skipped_files += r->skipped_files;
        for (const auto& [k, v] : r->per_source) stats.per_source[k] += v;
    }
    if (auto s = pipeline->close(); !s) return fail(s.error());
    pipeline.reset();
    if (stats.advisories == 0 && !append) {
        return fail(ErrorCode::NotFound, "no advisories found in the inputs",
                    inputs.empty() ? "" : inputs.front().string());
    }
    if (auto s = writer->commit(std::string("berth ") + kVersion); !s) return fail(s.error());
    stats.skipped_affected = writer->skipped_affected();
    writer.reset();  // close the SQLite handle before the rename
    if (auto s = tmp.commit_to(db_path); !s) return fail(s.error());
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (progress) progress(stats.advisories);
    return stats;
}

std::optional<std::chrono::seconds> database_age(const std::string& built_at) {
    std::tm tm{};
    const char* end = ::strptime(built_at.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (end == nullptr || *end != '\0') return std::nullopt;
    const std::time_t built = ::timegm(&tm);
    return std::chrono::seconds(std::time(nullptr) - built);
}

}  // namespace berth::vuln::db

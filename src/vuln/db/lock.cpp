// SPDX-License-Identifier: Apache-2.0
#include "vuln/db/lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <thread>
#include <utility>

namespace berth::vuln::db {

namespace fs = std::filesystem;

namespace {

constexpr auto kPollInterval = std::chrono::milliseconds(100);

// Opens (creating when `create`) the lock file: a regular file, not followed through a symlink,
// never blocking on a FIFO planted under its name. -1 with errno set on failure.
int open_lock_file(const fs::path& path, bool create) {
    const int flags = O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | (create ? O_CREAT : 0);
    int fd = ::open(path.c_str(), O_RDWR | flags, 0644);
    if (fd < 0 && errno == EACCES) fd = ::open(path.c_str(), O_RDONLY | flags);  // lock, no PID
    if (fd < 0) return -1;
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        errno = EINVAL;
        return -1;
    }
    return fd;
}

// The PID the holder wrote into the lock file, 0 when there is none (yet).
long holder_pid(int fd) {
    char buf[32] = {};
    const ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
    if (n <= 0) return 0;
    long pid = 0;
    for (ssize_t i = 0; i < n && buf[i] >= '0' && buf[i] <= '9' && pid < 100'000'000; ++i)
        pid = pid * 10 + (buf[i] - '0');
    return pid;
}

void write_own_pid(int fd) {
    const std::string text = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd, 0) == 0) (void)!::pwrite(fd, text.data(), text.size(), 0);
}

std::string busy_message(long holder, std::chrono::milliseconds waited) {
    const std::string who = holder > 0
                                ? "another berth process (PID " + std::to_string(holder) + ")"
                                : "another berth process";
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(waited).count();
    return "the database is locked: " + who + " is writing it; gave up after waiting " +
           std::to_string(seconds) +
           " s (let it finish and retry, or wait longer with --lock-timeout SECONDS)";
}

}  // namespace

fs::path WriterLock::lock_path(const fs::path& db_path) {
    return fs::path(db_path.string() + ".lock");
}

Result<WriterLock> WriterLock::acquire(const fs::path& db_path, std::chrono::milliseconds timeout,
                                       const LockWaitNotice& on_wait) {
    const fs::path path = lock_path(db_path);
    std::error_code ec;
    if (db_path.has_parent_path()) fs::create_directories(db_path.parent_path(), ec);
    if (ec) {
        return fail(ErrorCode::Io, "cannot create the database directory: " + ec.message(),
                    db_path.parent_path().string());
    }
    const int fd = open_lock_file(path, /*create=*/true);
    if (fd < 0) {
        return fail(ErrorCode::Io,
                    std::string("cannot open the database lock file: ") + std::strerror(errno),
                    path.string());
    }
    const auto start = std::chrono::steady_clock::now();
    bool noticed = false;
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EINTR) continue;
        if (errno != EWOULDBLOCK) {
            const int err = errno;
            ::close(fd);
            return fail(ErrorCode::Io,
                        std::string("cannot lock the database: ") + std::strerror(err),
                        path.string());
        }
        const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - start);
        if (waited >= timeout) {
            const long holder = holder_pid(fd);
            ::close(fd);
            return fail(ErrorCode::Io, busy_message(holder, timeout), path.string());
        }
        if (!noticed && on_wait) on_wait(holder_pid(fd));
        noticed = true;
        std::this_thread::sleep_for(std::min(kPollInterval, timeout - waited));
    }
    write_own_pid(fd);
    return WriterLock(db_path, fd);
}

std::optional<WriterLock> WriterLock::try_existing(const fs::path& db_path) {
    const int fd = open_lock_file(lock_path(db_path), /*create=*/false);
    if (fd < 0) return std::nullopt;
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);  // another writer holds it: leave its PID in the file
        return std::nullopt;
    }
    return WriterLock(db_path, fd);
}

WriterLock::~WriterLock() {
    release();
}

WriterLock::WriterLock(WriterLock&& other) noexcept
    : db_path_(std::move(other.db_path_)), fd_(std::exchange(other.fd_, -1)) {}

WriterLock& WriterLock::operator=(WriterLock&& other) noexcept {
    if (this != &other) {
        release();
        db_path_ = std::move(other.db_path_);
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

void WriterLock::release() {
    if (fd_ < 0) return;
    // Clear the PID first, so that nobody blames a process that has finished. Closing the last
    // descriptor of the open file releases the flock.
    (void)!::ftruncate(fd_, 0);
    ::close(fd_);
    fd_ = -1;
}

}  // namespace berth::vuln::db

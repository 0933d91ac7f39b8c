// SPDX-License-Identifier: Apache-2.0
#include "core/file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace berth {

UniqueFd::~UniqueFd() {
    if (fd_ >= 0) ::close(fd_);
}

UniqueFd& UniqueFd::operator=(UniqueFd&& o) noexcept {
    if (this != &o) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = o.release();
    }
    return *this;
}

int UniqueFd::release() {
    return std::exchange(fd_, -1);
}

std::string_view file_type_name(FileType type) {
    switch (type) {
        case FileType::Regular:
            return "regular file";
        case FileType::Directory:
            return "directory";
        case FileType::Symlink:
            return "symbolic link";
        case FileType::Fifo:
            return "FIFO (named pipe)";
        case FileType::Socket:
            return "socket";
        case FileType::CharDevice:
            return "character device";
        case FileType::BlockDevice:
            return "block device";
        case FileType::Other:
            break;
    }
    return "special file";
}

namespace {

FileType type_of(mode_t m) {
    if (S_ISREG(m)) return FileType::Regular;
    if (S_ISDIR(m)) return FileType::Directory;
    if (S_ISLNK(m)) return FileType::Symlink;
    if (S_ISFIFO(m)) return FileType::Fifo;
    if (S_ISSOCK(m)) return FileType::Socket;
    if (S_ISCHR(m)) return FileType::CharDevice;
    if (S_ISBLK(m)) return FileType::BlockDevice;
    return FileType::Other;
}

class FileRangeStream final : public ByteStream {
  public:
    FileRangeStream(UniqueFd fd, std::uint64_t offset, std::uint64_t length, std::string name)
        : fd_(std::move(fd)),
          pos_(offset),
          end_(length == UINT64_MAX ? UINT64_MAX : offset + length),
          name_(std::move(name)) {}

    Result<std::size_t> read(void* buf, std::size_t size) override {
        if (pos_ >= end_) return std::size_t{0};
        const std::uint64_t want = std::min<std::uint64_t>(size, end_ - pos_);
        for (;;) {
            const ssize_t n = ::pread(fd_.get(), buf, want, static_cast<off_t>(pos_));
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) {
                return fail(ErrorCode::Io, std::string("read failed: ") + std::strerror(errno),
                            name_);
            }
            if (n == 0 && end_ != UINT64_MAX) {
                return fail(ErrorCode::Truncated,
                            "file ends " + std::to_string(end_ - pos_) +
                                " bytes before the member it holds",
                            name_);
            }
            pos_ += static_cast<std::uint64_t>(n);
            return static_cast<std::size_t>(n);
        }
    }

  private:
    UniqueFd fd_;
    std::uint64_t pos_;
    std::uint64_t end_;
    std::string name_;
};

}  // namespace

Result<FileStat> stat_fd(int fd, const std::string& where) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) return fail(errno_error(errno, "cannot stat", where));
    FileStat s;
    s.type = type_of(st.st_mode);
    s.mode = static_cast<std::uint32_t>(st.st_mode & 07777U);
    s.uid = st.st_uid;
    s.gid = st.st_gid;
    s.size = static_cast<std::uint64_t>(std::max<off_t>(st.st_size, 0));
    s.dev = static_cast<std::uint64_t>(st.st_dev);
    s.mtime = static_cast<std::int64_t>(st.st_mtime);
    return s;
}

Status require_regular(int fd, const std::string& where) {
    auto st = stat_fd(fd, where);
    if (!st) return fail(st.error());
    if (st->type == FileType::Regular) return {};
    std::string msg = "is a " + std::string(file_type_name(st->type)) + ", not a regular file";
    if (st->type == FileType::Fifo || st->type == FileType::Socket ||
        st->type == FileType::CharDevice) {
        msg +=
            ": berth reads only regular files (a pipe or device is not seekable and may never "
            "end)";
    }
    // A directory where a file belongs is an ordinary I/O mistake (as before this check).
    return fail(st->type == FileType::Directory ? ErrorCode::Io : ErrorCode::Unsupported,
                std::move(msg), where);
}

Error errno_error(int err, std::string_view what, const std::string& where) {
    const ErrorCode code = err == ENOENT || err == ENOTDIR ? ErrorCode::NotFound : ErrorCode::Io;
    return Error{code, std::string(what) + ": " + std::strerror(err), where};
}

Result<UniqueFd> open_regular(const std::filesystem::path& path) {
    const std::string where = path.string();
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
    if (!fd.valid()) return fail(errno_error(errno, "cannot open", where));
    if (auto s = require_regular(fd.get(), where); !s) return fail(s.error());
    // Regular files never block; clearing the flag keeps later reads ordinary.
    const int flags = ::fcntl(fd.get(), F_GETFL);
    if (flags >= 0) ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK);
    return fd;
}

Result<std::string> read_fd(int fd, std::uint64_t max_bytes, const std::string& where) {
    std::string out;
    char buf[64 * 1024];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail(errno_error(errno, "read failed", where));
        if (n == 0) return out;
        const auto got = static_cast<std::size_t>(n);
        if (out.size() + got > max_bytes) {
            return fail(ErrorCode::LimitExceeded,
                        "larger than the limit of " + std::to_string(max_bytes) + " bytes", where);
        }
        out.append(buf, got);
    }
}

Result<std::string> read_regular_file(const std::filesystem::path& path, std::uint64_t max_bytes) {
    auto fd = open_regular(path);
    if (!fd) return fail(fd.error());
    return read_fd(fd->get(), max_bytes, path.string());
}

std::unique_ptr<ByteStream> file_range_stream(UniqueFd fd, std::uint64_t offset,
                                              std::uint64_t length, std::string name) {
    return std::make_unique<FileRangeStream>(std::move(fd), offset, length, std::move(name));
}

}  // namespace berth

// SPDX-License-Identifier: Apache-2.0
#include "core/stream.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace berth {
namespace {

class FileRangeStream final : public ByteStream {
  public:
    FileRangeStream(int fd, std::uint64_t offset, std::uint64_t length, std::string name)
        : fd_(fd),
          pos_(offset),
          end_(length == UINT64_MAX ? UINT64_MAX : offset + length),
          name_(std::move(name)) {}
    ~FileRangeStream() override { ::close(fd_); }
    FileRangeStream(const FileRangeStream&) = delete;
    FileRangeStream& operator=(const FileRangeStream&) = delete;

    Result<std::size_t> read(void* buf, std::size_t size) override {
        if (pos_ >= end_) return std::size_t{0};
        std::uint64_t want = std::min<std::uint64_t>(size, end_ - pos_);
        for (;;) {
            ssize_t n = ::pread(fd_, buf, want, static_cast<off_t>(pos_));
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
    int fd_;
    std::uint64_t pos_;
    std::uint64_t end_;
    std::string name_;
};

}  // namespace

Result<std::unique_ptr<ByteStream>> open_file_range(const std::filesystem::path& path,
                                                    std::uint64_t offset, std::uint64_t length) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        return fail(err == ENOENT ? ErrorCode::NotFound : ErrorCode::Io,
                    std::string("cannot open: ") + std::strerror(err), path.string());
    }
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        ::close(fd);
        return fail(ErrorCode::Io, "is a directory, expected a file", path.string());
    }
    return std::unique_ptr<ByteStream>(
        std::make_unique<FileRangeStream>(fd, offset, length, path.string()));
}

Result<std::string> read_all(ByteStream& stream, std::uint64_t max_bytes, const std::string& what) {
    std::string out;
    char buf[64 * 1024];
    for (;;) {
        auto n = stream.read(buf, sizeof buf);
        if (!n) return fail(n.error());
        if (*n == 0) break;
        if (out.size() + *n > max_bytes) {
            return fail(ErrorCode::LimitExceeded,
                        "larger than the limit of " + std::to_string(max_bytes) + " bytes", what);
        }
        out.append(buf, *n);
    }
    return out;
}

}  // namespace berth

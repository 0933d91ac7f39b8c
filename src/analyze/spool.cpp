// SPDX-License-Identifier: Apache-2.0
#include "analyze/spool.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace berth::analyze {
namespace {

namespace fs = std::filesystem;

class MemoryFile final : public RandomAccessFile {
  public:
    explicit MemoryFile(std::string bytes) : bytes_(std::move(bytes)) {}
    [[nodiscard]] std::uint64_t size() const override { return bytes_.size(); }
    [[nodiscard]] Result<std::string> read_at(std::uint64_t offset, std::size_t n) const override {
        if (offset >= bytes_.size()) return std::string();
        return bytes_.substr(static_cast<std::size_t>(offset), n);
    }

  private:
    std::string bytes_;
};

// A temporary file already unlinked: only the descriptor keeps it alive.
class SpilledFile final : public RandomAccessFile {
  public:
    SpilledFile(int fd, std::uint64_t size, std::string where)
        : fd_(fd), size_(size), where_(std::move(where)) {}
    ~SpilledFile() override { ::close(fd_); }
    SpilledFile(const SpilledFile&) = delete;
    SpilledFile& operator=(const SpilledFile&) = delete;

    [[nodiscard]] std::uint64_t size() const override { return size_; }
    [[nodiscard]] Result<std::string> read_at(std::uint64_t offset, std::size_t n) const override {
        if (offset >= size_) return std::string();
        n = static_cast<std::size_t>(std::min<std::uint64_t>(n, size_ - offset));
        std::string out(n, '\0');
        std::size_t got = 0;
        while (got < n) {
            ssize_t r = ::pread(fd_, out.data() + got, n - got, static_cast<off_t>(offset + got));
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) {
                return fail(ErrorCode::Io,
                            std::string("cannot read the spooled copy: ") +
                                (r < 0 ? std::strerror(errno) : "unexpected end"),
                            where_);
            }
            got += static_cast<std::size_t>(r);
        }
        return out;
    }

  private:
    int fd_;
    std::uint64_t size_;
    std::string where_;
};

Error too_large(std::uint64_t size, const SpoolOptions& options, const std::string& where) {
    return Error{ErrorCode::LimitExceeded,
                 "file of " + std::to_string(size) + " bytes exceeds the random-access limit of " +
                     std::to_string(options.max_size) + " bytes (--max-file-size); not analyzed",
                 where};
}

fs::path spool_dir(const SpoolOptions& options) {
    if (!options.dir.empty()) return options.dir;
    if (const char* t = std::getenv("TMPDIR"); t != nullptr && *t != '\0') return t;
    return "/tmp";
}

// Creates an unlinked temporary file in the spool directory.
Result<int> open_temporary(const SpoolOptions& options, const std::string& where) {
    fs::path dir = spool_dir(options);
    std::error_code ec;
    fs::create_directories(dir, ec);
    std::string tmpl = (dir / "berth-spool-XXXXXX").string();
    std::vector<char> name(tmpl.begin(), tmpl.end());
    name.push_back('\0');
    int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0) {
        return fail(
            ErrorCode::Io,
            "cannot create a temporary file in " + dir.string() + ": " + std::strerror(errno),
            where);
    }
    ::unlink(name.data());
    return fd;
}

Status write_all(int fd, const char* data, std::size_t n, const std::string& where) {
    while (n > 0) {
        ssize_t w = ::write(fd, data, n);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) {
            return fail(ErrorCode::Io,
                        std::string("cannot write the spool: ") + std::strerror(errno), where);
        }
        data += w;
        n -= static_cast<std::size_t>(w);
    }
    return {};
}

}  // namespace

Result<std::unique_ptr<RandomAccessFile>> spool(ByteStream& content, std::uint64_t declared_size,
                                                const SpoolOptions& options,
                                                const std::string& where) {
    if (declared_size > options.max_size) return fail(too_large(declared_size, options, where));
    std::string memory;
    int fd = -1;
    std::uint64_t total = 0;
    std::vector<char> buf(64U << 10U);
    auto fail_closing = [&fd](Error e) -> Result<std::unique_ptr<RandomAccessFile>> {
        if (fd >= 0) ::close(fd);
        return fail(std::move(e));
    };
    for (;;) {
        auto n = content.read(buf.data(), buf.size());
        if (!n) return fail_closing(n.error());
        if (*n == 0) break;
        total += *n;
        if (total > options.max_size) return fail_closing(too_large(total, options, where));
        if (fd < 0 && total <= options.memory_limit) {
            memory.append(buf.data(), *n);
            continue;
        }
        if (fd < 0) {  // crossing the memory limit: move what we have to a file
            auto opened = open_temporary(options, where);
            if (!opened) return fail_closing(opened.error());
            fd = *opened;
            if (auto st = write_all(fd, memory.data(), memory.size(), where); !st) {
                return fail_closing(st.error());
            }
            memory.clear();
            memory.shrink_to_fit();
        }
        if (auto st = write_all(fd, buf.data(), *n, where); !st) return fail_closing(st.error());
    }
    if (fd < 0)
        return std::unique_ptr<RandomAccessFile>(std::make_unique<MemoryFile>(std::move(memory)));
    return std::unique_ptr<RandomAccessFile>(std::make_unique<SpilledFile>(fd, total, where));
}

Result<std::size_t> RandomAccessStream::read(void* buf, std::size_t size) {
    auto bytes = file_.read_at(pos_, size);
    if (!bytes) return fail(bytes.error());
    std::memcpy(buf, bytes->data(), bytes->size());
    pos_ += bytes->size();
    return bytes->size();
}

std::unique_ptr<RandomAccessFile> memory_file(std::string bytes) {
    return std::make_unique<MemoryFile>(std::move(bytes));
}

}  // namespace berth::analyze

// SPDX-License-Identifier: Apache-2.0
// The one way berth opens a file it was given by path: open without blocking (O_NONBLOCK, so a
// FIFO with no writer or a device cannot hang the open), fstat the descriptor, refuse anything but
// a regular file with an error naming the path and what it is, then read with a size cap.
//
//   open_regular("/tmp/x/index.json")  (a FIFO)
//     → Unsupported "is a FIFO (named pipe), not a regular file …", where "/tmp/x/index.json"
//
// A pipe (`docker-archive:/dev/stdin` fed by `docker save |`) is refused the same way: berth
// reads image archives by offset and never spools an unbounded stream (docs/design.md).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/stream.hpp"

namespace berth {

/// An owned file descriptor, closed when the object goes (-1 = none). Move-only.
class UniqueFd {
  public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : fd_(fd) {}
    ~UniqueFd();
    UniqueFd(UniqueFd&& o) noexcept : fd_(o.release()) {}
    UniqueFd& operator=(UniqueFd&& o) noexcept;
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;

    [[nodiscard]] int get() const { return fd_; }
    [[nodiscard]] bool valid() const { return fd_ >= 0; }
    /// Gives up ownership: the caller closes the descriptor.
    int release();

  private:
    int fd_ = -1;
};

/// What a path names, from st_mode.
enum class FileType { Regular, Directory, Symlink, Fifo, Socket, CharDevice, BlockDevice, Other };

/// "regular file", "directory", "symbolic link", "FIFO (named pipe)", "socket",
/// "character device", "block device", "special file".
std::string_view file_type_name(FileType type);

/// The parts of struct stat berth judges or reports.
struct FileStat {
    FileType type = FileType::Other;
    std::uint32_t mode = 0;  ///< permission bits with setuid/setgid/sticky (st_mode & 07777)
    std::uint32_t uid = 0;
    std::uint32_t gid = 0;
    std::uint64_t size = 0;
    std::uint64_t dev = 0;  ///< the filesystem (st_dev), for staying on one like `find -xdev`
    std::int64_t mtime = 0;
};

/// fstat(2) of an open descriptor. Errors: Io, `where` naming the file.
Result<FileStat> stat_fd(int fd, const std::string& where);

/// Fails unless `fd` is a regular file: Unsupported "is a FIFO (named pipe), not a regular file"
/// (and for sockets and devices; pipes add that they are not seekable), Io "is a directory, not
/// a regular file" for a directory. Errors: Io when fstat fails.
Status require_regular(int fd, const std::string& where);

/// Maps an errno from open/stat to an Error: ENOENT/ENOTDIR → NotFound, others → Io, with
/// "`what`: strerror" as the message.
Error errno_error(int err, std::string_view what, const std::string& where);

/// Opens `path` (symlinks followed, as the user named it) read-only with O_NONBLOCK,
/// O_NOCTTY and O_CLOEXEC, checks it is a regular file, then clears O_NONBLOCK.
/// Errors: NotFound, Io (permission, a directory, …), Unsupported (FIFO, socket, device), with
/// `where` = the path.
Result<UniqueFd> open_regular(const std::filesystem::path& path);

/// Reads an open regular file from its current offset to the end, failing with LimitExceeded
/// past `max_bytes`. Errors: Io, LimitExceeded; `where` names the file.
Result<std::string> read_fd(int fd, std::uint64_t max_bytes, const std::string& where);

/// open_regular() then read_fd(): a whole regular file of at most `max_bytes`.
Result<std::string> read_regular_file(const std::filesystem::path& path, std::uint64_t max_bytes);

/// A stream over [offset, offset + length) of an open file (whole file when length is
/// UINT64_MAX), read with pread so several streams may share one file. Takes the descriptor.
std::unique_ptr<ByteStream> file_range_stream(UniqueFd fd, std::uint64_t offset,
                                              std::uint64_t length, std::string name);

}  // namespace berth

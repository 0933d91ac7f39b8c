// SPDX-License-Identifier: Apache-2.0
// Read-only access to a directory tree as if it were `/`: an audited host (`audit host --root`)
// or an unpacked image (`rootfs:`). Every path is resolved INSIDE the root, the way
// openat2(2) RESOLVE_IN_ROOT does it: an absolute symlink target starts again at the root, `..`
// stops at the root, so no path, link or `..` chain can reach a file of the machine running
// berth.
//
//   root /mnt/host holding etc/docker/daemon.json -> /srv/other.json
//     read("/etc/docker/daemon.json")     reads /mnt/host/srv/other.json (or NotFound)
//     stat("/../../../etc/shadow")        stats /mnt/host/etc/shadow
//
// Two resolvers give the same answers: the kernel's (openat2 via syscall(), Linux >= 5.6) and a
// userspace one that walks component by component with openat(O_PATH | O_NOFOLLOW) from
// descriptors it holds, reading each symlink and splicing its target into the remaining path
// (40 links at most, like the kernel). `..` pops a held descriptor instead of opening "..", so a
// directory renamed or swapped for a link mid-walk never leads out. Auto uses the kernel's when
// openat2 answers (it may be missing or blocked by seccomp) and the userspace one otherwise.
//
// Files are opened with O_NONBLOCK and checked with fstat, like core/file.hpp: a FIFO or device
// under the root is refused by read()/open_regular() with an error naming it, never waited on.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/file.hpp"
#include "core/result.hpp"

namespace berth {

/// A directory tree read as a root filesystem; copies share the root descriptor.
class RootedFs {
  public:
    enum class Resolver { Auto, Kernel, Userspace };

    /// Opens `root` (which must be a directory; symlinks in `root` itself are followed).
    /// Errors: NotFound when it is missing or not a directory, Io, Unsupported when
    /// Resolver::Kernel is asked for and openat2 is not available.
    static Result<RootedFs> open(const std::filesystem::path& root,
                                 Resolver resolver = Resolver::Auto);

    /// True when paths are resolved by the kernel (openat2), false for the userspace resolver.
    [[nodiscard]] bool uses_kernel() const { return kernel_; }
    /// The root as given to open().
    [[nodiscard]] const std::string& root() const { return root_; }
    /// The root joined with `path`, for messages ("/mnt/host" + "/etc/passwd").
    [[nodiscard]] std::string where(std::string_view path) const;

    /// Opens regular file `path` for reading (symlinks followed inside the root unless
    /// `follow_last` is false, then a final symlink is refused). Errors: NotFound, Io,
    /// Unsupported (FIFO, socket, device, or a final link when not following), `where` naming
    /// the file under the root (a directory is Io, as in core/file.hpp).
    [[nodiscard]] Result<UniqueFd> open_regular(std::string_view path,
                                                bool follow_last = true) const;
    /// Reads regular file `path` whole. Errors as open_regular(), plus LimitExceeded past
    /// `max_bytes`.
    [[nodiscard]] Result<std::string> read(std::string_view path, std::uint64_t max_bytes) const;
    /// What `path` names, symlinks followed inside the root. Errors: NotFound, Io.
    [[nodiscard]] Result<FileStat> stat(std::string_view path) const;
    /// What `path` names, a final symlink not followed. Errors: NotFound, Io.
    [[nodiscard]] Result<FileStat> lstat(std::string_view path) const;
    /// The target of symlink `path` as stored. Errors: NotFound, Io (EINVAL: not a link).
    [[nodiscard]] Result<std::string> readlink(std::string_view path) const;
    /// Names in directory `path` (without "." and ".."), sorted. Errors: NotFound, Io.
    [[nodiscard]] Result<std::vector<std::string>> list(std::string_view path) const;

  private:
    RootedFs(std::shared_ptr<UniqueFd> root_fd, std::string root, bool kernel)
        : root_fd_(std::move(root_fd)), root_(std::move(root)), kernel_(kernel) {}

    // Opens `path` under the root with open(2) `flags` (O_CLOEXEC added; O_NOFOLLOW added when
    // !follow_last). Returns the descriptor or -errno.
    [[nodiscard]] int open_in_root(std::string_view path, int flags, bool follow_last) const;
    [[nodiscard]] int open_userspace(std::string_view path, int flags, bool follow_last) const;
    [[nodiscard]] Result<UniqueFd> open_checked(std::string_view path, int flags,
                                                bool follow_last) const;

    std::shared_ptr<UniqueFd> root_fd_;
    std::string root_;
    bool kernel_ = false;
};

}  // namespace berth

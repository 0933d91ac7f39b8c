// SPDX-License-Identifier: Apache-2.0
#include "core/rooted_fs.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <utility>

namespace berth {
namespace {

// Like the kernel's MAXSYMLINKS: more links than this in one resolution is a loop.
constexpr int kMaxLinks = 40;

// openat2(2) confined to the root. Returns the descriptor or -errno.
int openat2_in_root(int root_fd, std::string_view path, int flags) {
    open_how how{};
    how.flags = static_cast<std::uint64_t>(flags);
    how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
    const std::string p = path.empty() ? std::string(".") : std::string(path);
    for (;;) {
        const long fd = ::syscall(SYS_openat2, root_fd, p.c_str(), &how, sizeof how);
        if (fd >= 0) return static_cast<int>(fd);
        if (errno != EINTR) return -errno;
    }
}

void push_components(std::string_view path, std::deque<std::string>& todo) {
    std::vector<std::string> parts;
    std::size_t i = 0;
    while (i <= path.size()) {
        std::size_t j = path.find('/', i);
        if (j == std::string_view::npos) j = path.size();
        if (j > i) parts.emplace_back(path.substr(i, j - i));
        i = j + 1;
    }
    // A trailing slash asks for a directory (following a final link), as "name/." does.
    if (!parts.empty() && path.back() == '/') parts.emplace_back(".");
    todo.insert(todo.begin(), parts.begin(), parts.end());
}

// The target of the symlink open as O_PATH descriptor `fd`; empty on failure (errno set).
std::string read_link_fd(int fd) {
    std::string target(256, '\0');
    for (;;) {
        const ssize_t n = ::readlinkat(fd, "", target.data(), target.size());
        if (n < 0) return {};
        if (static_cast<std::size_t>(n) < target.size()) {
            target.resize(static_cast<std::size_t>(n));
            return target;
        }
        if (target.size() >= 65536) {
            errno = ENAMETOOLONG;
            return {};
        }
        target.resize(target.size() * 2);
    }
}

int fd_or_errno(int fd) {
    return fd >= 0 ? fd : -errno;
}

}  // namespace

Result<RootedFs> RootedFs::open(const std::filesystem::path& root, Resolver resolver) {
    const std::string where = root.string();
    auto fd = std::make_shared<UniqueFd>(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!fd->valid()) {
        const int err = errno;
        if (err == ENOENT || err == ENOTDIR) {
            return fail(ErrorCode::NotFound, "not a directory", where);
        }
        return fail(errno_error(err, "cannot open the root directory", where));
    }
    bool kernel = false;
    if (resolver != Resolver::Userspace) {
        // openat2 may be missing (ENOSYS, Linux < 5.6) or refused by a seccomp filter (EPERM).
        const int probe = openat2_in_root(fd->get(), ".", O_PATH | O_CLOEXEC);
        kernel = probe >= 0;
        if (kernel) ::close(probe);
        if (!kernel && resolver == Resolver::Kernel) {
            return fail(
                ErrorCode::Unsupported,
                std::string("openat2(RESOLVE_IN_ROOT) is not available: ") + std::strerror(-probe),
                where);
        }
    }
    return RootedFs(std::move(fd), where, kernel);
}

std::string RootedFs::where(std::string_view path) const {
    std::string r = root_;
    while (r.size() > 1 && r.back() == '/') r.pop_back();
    if (r == "/") r.clear();
    if (path.empty() || path.front() != '/') r.push_back('/');
    return r + std::string(path);
}

int RootedFs::open_in_root(std::string_view path, int flags, bool follow_last) const {
    flags |= O_CLOEXEC;
    if (!follow_last) flags |= O_NOFOLLOW;
    if (kernel_) {
        // EAGAIN: a rename raced with a ".." step; the kernel asks for a retry.
        for (int attempt = 0; attempt < 8; ++attempt) {
            const int fd = openat2_in_root(root_fd_->get(), path, flags);
            if (fd != -EAGAIN) return fd;
        }
    }
    return open_userspace(path, flags, follow_last);
}

int RootedFs::open_userspace(std::string_view path, int flags, bool follow_last) const {
    // stack[0] is the root; each further entry a directory reached from the one below it.
    std::vector<UniqueFd> stack;
    stack.emplace_back(::openat(root_fd_->get(), ".", O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!stack.back().valid()) return -errno;
    std::deque<std::string> todo;
    push_components(path, todo);
    int links = 0;
    while (!todo.empty()) {
        const std::string c = std::move(todo.front());
        todo.pop_front();
        if (c == ".") continue;
        if (c == "..") {
            if (stack.size() > 1) stack.pop_back();  // clamped at the root
            continue;
        }
        const bool last = todo.empty();
        UniqueFd fd(::openat(stack.back().get(), c.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC));
        if (!fd.valid()) return -errno;
        struct stat st {};
        if (::fstat(fd.get(), &st) != 0) return -errno;
        if (S_ISLNK(st.st_mode) && (follow_last || !last)) {
            if (++links > kMaxLinks) return -ELOOP;
            const std::string target = read_link_fd(fd.get());
            if (target.empty()) return errno != 0 ? -errno : -ENOENT;
            if (target.front() == '/') stack.resize(1);
            push_components(target, todo);
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            stack.push_back(std::move(fd));
            continue;
        }
        if (!last) return -ENOTDIR;
        // O_NOFOLLOW: had the name become a link since it was looked at, this fails (ELOOP).
        return fd_or_errno(::openat(stack.back().get(), c.c_str(), flags | O_NOFOLLOW));
    }
    return fd_or_errno(::openat(stack.back().get(), ".", flags));
}

Result<UniqueFd> RootedFs::open_checked(std::string_view path, int flags, bool follow_last) const {
    const int fd = open_in_root(path, flags, follow_last);
    if (fd < 0) {
        if (fd == -ELOOP && !follow_last) {
            return fail(ErrorCode::Unsupported, "is a symbolic link, not a regular file",
                        where(path));
        }
        return fail(errno_error(-fd, "cannot open", where(path)));
    }
    return UniqueFd(fd);
}

Result<UniqueFd> RootedFs::open_regular(std::string_view path, bool follow_last) const {
    auto fd = open_checked(path, O_RDONLY | O_NONBLOCK | O_NOCTTY, follow_last);
    if (!fd) return fail(fd.error());
    if (auto s = require_regular(fd->get(), where(path)); !s) return fail(s.error());
    const int flags = ::fcntl(fd->get(), F_GETFL);
    if (flags >= 0) ::fcntl(fd->get(), F_SETFL, flags & ~O_NONBLOCK);
    return fd;
}

Result<std::string> RootedFs::read(std::string_view path, std::uint64_t max_bytes) const {
    auto fd = open_regular(path);
    if (!fd) return fail(fd.error());
    return read_fd(fd->get(), max_bytes, where(path));
}

Result<FileStat> RootedFs::stat(std::string_view path) const {
    auto fd = open_checked(path, O_PATH, true);
    if (!fd) return fail(fd.error());
    return stat_fd(fd->get(), where(path));
}

Result<FileStat> RootedFs::lstat(std::string_view path) const {
    const int fd = open_in_root(path, O_PATH, false);
    if (fd < 0) return fail(errno_error(-fd, "cannot stat", where(path)));
    const UniqueFd owned(fd);
    return stat_fd(owned.get(), where(path));
}

Result<std::string> RootedFs::readlink(std::string_view path) const {
    const int fd = open_in_root(path, O_PATH, false);
    if (fd < 0) return fail(errno_error(-fd, "cannot read link", where(path)));
    const UniqueFd owned(fd);
    errno = 0;
    std::string target = read_link_fd(owned.get());
    if (target.empty()) return fail(errno_error(errno, "cannot read link", where(path)));
    return target;
}

Result<std::vector<std::string>> RootedFs::list(std::string_view path) const {
    const int fd = open_in_root(path, O_RDONLY | O_DIRECTORY, true);
    if (fd < 0) return fail(errno_error(-fd, "cannot list", where(path)));
    DIR* d = ::fdopendir(fd);
    if (d == nullptr) {
        const int err = errno;
        ::close(fd);
        return fail(errno_error(err, "cannot list", where(path)));
    }
    std::vector<std::string> out;
    while (const dirent* e = ::readdir(d)) {
        const std::string_view n = e->d_name;
        if (n != "." && n != "..") out.emplace_back(n);
    }
    ::closedir(d);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace berth

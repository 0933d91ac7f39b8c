// SPDX-License-Identifier: Apache-2.0
#include "image/blob_store.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <locale.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>
#include <system_error>
#include <utility>
#include <vector>

#include "core/file.hpp"

namespace berth::image {
namespace fs = std::filesystem;

Result<std::string> normalize_member_path(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t i = 0;
    while (i <= path.size()) {
        std::size_t j = path.find('/', i);
        if (j == std::string_view::npos) j = path.size();
        std::string_view comp = path.substr(i, j - i);
        if (comp == "..") {
            if (parts.empty()) {
                return fail(ErrorCode::UnsafePath,
                            "path '" + std::string(path) + "' climbs above the root");
            }
            parts.pop_back();
        } else if (!comp.empty() && comp != ".") {
            parts.push_back(comp);
        }
        i = j + 1;
    }
    std::string out;
    for (auto p : parts) {
        if (!out.empty()) out.push_back('/');
        out.append(p);
    }
    return out;
}

namespace {
locale_t utf8_locale() {
    // Created once, never freed: a process-lifetime constant.
    static locale_t loc = [] {
        locale_t l = ::newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
        return l;
    }();
    return loc;
}
}  // namespace

Utf8LocaleScope::Utf8LocaleScope() {
    if (locale_t l = utf8_locale(); l != static_cast<locale_t>(nullptr)) previous_ = ::uselocale(l);
}

Utf8LocaleScope::~Utf8LocaleScope() {
    if (previous_ != nullptr) ::uselocale(static_cast<locale_t>(previous_));
}

Result<std::string> BlobStore::read_small(std::string_view path, std::uint64_t max_bytes) const {
    auto stream = open(path);
    if (!stream) return fail(stream.error());
    return read_all(**stream, max_bytes, location() + "/" + std::string(path));
}

namespace {

class DirStore final : public BlobStore {
  public:
    explicit DirStore(fs::path root) : root_(std::move(root)), name_(root_.string()) {}

    bool exists(std::string_view path) const override {
        auto p = resolve(path);
        std::error_code ec;
        return p && fs::is_regular_file(*p, ec);
    }

    Result<std::unique_ptr<ByteStream>> open(std::string_view path) const override {
        auto p = resolve(path);
        if (!p) return fail(p.error());
        return open_file_range(*p);
    }

    Result<std::uint64_t> size(std::string_view path) const override {
        auto p = resolve(path);
        if (!p) return fail(p.error());
        std::error_code ec;
        auto n = fs::file_size(*p, ec);
        if (ec) return fail(ErrorCode::NotFound, ec.message(), p->string());
        return static_cast<std::uint64_t>(n);
    }

    std::vector<std::string> list(std::string_view dir) const override {
        std::vector<std::string> out;
        auto norm = normalize_member_path(dir);
        if (!norm) return out;
        std::error_code ec;
        fs::path base = root_ / *norm;
        for (fs::recursive_directory_iterator it(base, ec), end; !ec && it != end;
             it.increment(ec)) {
            // Names as they are in the tree (links not followed), and only what open() serves.
            std::string rel = it->path().lexically_relative(root_).generic_string();
            if (exists(rel)) out.push_back(std::move(rel));
        }
        std::sort(out.begin(), out.end());
        return out;
    }

    const std::string& location() const override { return name_; }

  private:
    Result<fs::path> resolve(std::string_view path) const {
        auto norm = normalize_member_path(path);
        if (!norm) return fail(with_where(norm.error(), name_));
        fs::path p = root_ / *norm;
        std::error_code ec;
        fs::path canon = fs::weakly_canonical(p, ec);
        if (ec) return fail(ErrorCode::Io, ec.message(), p.string());
        auto rel = canon.lexically_relative(root_);
        if (rel.empty() || *rel.begin() == "..") {
            return fail(ErrorCode::UnsafePath, "resolves outside the image directory", p.string());
        }
        if (!fs::exists(canon, ec)) return fail(ErrorCode::NotFound, "no such file", p.string());
        return canon;
    }

    fs::path root_;
    std::string name_;
};

struct TarMember {
    char type = 'f';  // 'f' file, 'd' dir, 's' symlink, 'h' hardlink, 'o' other
    std::uint64_t offset = 0;
    std::uint64_t size = 0;
    std::string link;  // normalized target for links
};

class TarStore final : public BlobStore {
  public:
    // `path` is where member bytes are read (the archive, or /proc/self/fd/N of a spool whose
    // descriptor `owned_fd` the store closes); `name` is the archive as the user named it.
    TarStore(fs::path path, std::string name, std::map<std::string, TarMember, std::less<>> members,
             int owned_fd = -1)
        : path_(std::move(path)),
          name_(std::move(name)),
          members_(std::move(members)),
          owned_fd_(owned_fd) {}
    ~TarStore() override {
        if (owned_fd_ >= 0) ::close(owned_fd_);
    }
    TarStore(const TarStore&) = delete;
    TarStore& operator=(const TarStore&) = delete;

    bool exists(std::string_view path) const override { return find(path).has_value(); }

    Result<std::unique_ptr<ByteStream>> open(std::string_view path) const override {
        auto m = find(path);
        if (!m) return fail(m.error());
        return open_file_range(path_, (*m)->offset, (*m)->size);
    }

    Result<std::uint64_t> size(std::string_view path) const override {
        auto m = find(path);
        if (!m) return fail(m.error());
        return (*m)->size;
    }

    std::vector<std::string> list(std::string_view dir) const override {
        std::vector<std::string> out;
        for (const auto& [name, m] : members_) {
            if (m.type != 'f' && m.type != 'h' && m.type != 's') continue;
            if (dir.empty() || (name.size() > dir.size() && name.compare(0, dir.size(), dir) == 0 &&
                                name[dir.size()] == '/')) {
                if (find(name)) out.push_back(name);
            }
        }
        return out;
    }

    const std::string& location() const override { return name_; }

  private:
    Result<const TarMember*> find(std::string_view path) const {
        auto norm = normalize_member_path(path);
        if (!norm) return fail(with_where(norm.error(), name_));
        std::string cur = *norm;
        for (int hops = 0; hops < 16; ++hops) {
            auto it = members_.find(cur);
            if (it == members_.end()) {
                return fail(ErrorCode::NotFound, "no member '" + cur + "' in the archive", name_);
            }
            const TarMember& m = it->second;
            if (m.type == 'f') return &m;
            if (m.type != 's' && m.type != 'h') {
                return fail(ErrorCode::Format, "member '" + cur + "' is not a regular file", name_);
            }
            cur = m.link;
        }
        return fail(ErrorCode::Format, "too many links resolving '" + std::string(path) + "'",
                    name_);
    }

    fs::path path_;
    std::string name_;
    std::map<std::string, TarMember, std::less<>> members_;
    int owned_fd_ = -1;
};

struct ArchiveDeleter {
    void operator()(archive* a) const { archive_read_free(a); }
};

// gzip, zstd, xz and bzip2 magic numbers: a compressed outer archive (`docker save | gzip`).
bool compressed_magic(const unsigned char* m, std::size_t n) {
    if (n >= 2 && m[0] == 0x1f && m[1] == 0x8b) return true;
    if (n >= 4 && m[0] == 0x28 && m[1] == 0xb5 && m[2] == 0x2f && m[3] == 0xfd) return true;
    if (n >= 6 && std::memcmp(m,
                              "\xfd"
                              "7zXZ\0",
                              6) == 0)
        return true;
    return n >= 3 && std::memcmp(m, "BZh", 3) == 0;
}

// Where spools go: $TMPDIR, else /var/tmp (disk-backed where /tmp may be RAM), else /tmp.
fs::path spool_dir() {
    if (const char* t = std::getenv("TMPDIR"); t != nullptr && *t != '\0') return t;
    std::error_code ec;
    return fs::is_directory("/var/tmp", ec) ? fs::path("/var/tmp") : fs::path("/tmp");
}

// The regular-file members of a compressed outer archive, decompressed in ONE sequential pass
// into a temporary file that is unlinked as soon as it is created: it never shows in the
// directory and goes with the process, even after a crash. Members are read back by offset like
// an uncompressed archive's (docker save writes manifest.json last, and layers are walked in
// manifest order and in parallel, so a single forward pass could not serve them).
// Cost: disk = the members' uncompressed size; memory = one 64 KiB buffer. Bounded: the spool
// stops with LimitExceeded before it leaves less than kSpoolReserve free on its filesystem.
class Spool {
  public:
    static constexpr std::uint64_t kSpoolReserve = std::uint64_t{256} << 20;

    static Result<Spool> create(const std::string& where) {
        const fs::path dir = spool_dir();
        std::string templ = (dir / "berth-spool-XXXXXX").string();
        const int fd = ::mkstemp(templ.data());
        if (fd < 0) {
            return fail(ErrorCode::Io,
                        "cannot create a spool file in " + dir.string() +
                            " for the compressed archive: " + std::strerror(errno) +
                            " (set TMPDIR)",
                        where);
        }
        ::unlink(templ.c_str());
        return Spool(fd, dir.string());
    }
    Spool(Spool&& o) noexcept
        : fd_(std::exchange(o.fd_, -1)), dir_(std::move(o.dir_)), size_(o.size_) {}
    Spool(const Spool&) = delete;
    Spool& operator=(const Spool&) = delete;
    Spool& operator=(Spool&&) = delete;
    ~Spool() {
        if (fd_ >= 0) ::close(fd_);
    }

    [[nodiscard]] std::uint64_t size() const { return size_; }
    // The descriptor's path; the store reopens it per member (pread streams, like a file).
    [[nodiscard]] fs::path path() const { return "/proc/self/fd/" + std::to_string(fd_); }
    int release() { return std::exchange(fd_, -1); }

    // Appends the current entry's data. Errors: Format (damaged or truncated input), Io,
    // LimitExceeded (disk reserve).
    Status append_entry(archive* a, const std::string& where) {
        std::vector<char> buf(64 * 1024);
        for (;;) {
            const la_ssize_t n = archive_read_data(a, buf.data(), buf.size());
            if (n == 0) return {};
            if (n < 0) {
                return fail(ErrorCode::Format,
                            std::string("the compressed archive is damaged or truncated: ") +
                                archive_error_string(a),
                            where);
            }
            if (auto s = write_all(buf.data(), static_cast<std::size_t>(n), where); !s) return s;
        }
    }

  private:
    Spool(int fd, std::string dir) : fd_(fd), dir_(std::move(dir)) {}

    Status write_all(const char* p, std::size_t n, const std::string& where) {
        const std::uint64_t before = size_;
        while (n > 0) {
            const ssize_t w = ::write(fd_, p, n);
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) {
                return fail(ErrorCode::Io,
                            "cannot spool the decompressed archive to " + dir_ + ": " +
                                std::strerror(errno) +
                                " (free space there, set TMPDIR, or decompress the archive first)",
                            where);
            }
            p += w;
            n -= static_cast<std::size_t>(w);
            size_ += static_cast<std::uint64_t>(w);
        }
        constexpr std::uint64_t kCheckEvery = std::uint64_t{64} << 20;
        if (before / kCheckEvery != size_ / kCheckEvery) {
            struct statvfs v {};
            if (::fstatvfs(fd_, &v) == 0 &&
                static_cast<std::uint64_t>(v.f_bavail) * v.f_frsize < kSpoolReserve) {
                return fail(
                    ErrorCode::LimitExceeded,
                    "spooling the decompressed archive would leave less than 256 MiB free in " +
                        dir_ + " (after " + std::to_string(size_ >> 20) +
                        " MiB); set TMPDIR or decompress the archive first",
                    where);
            }
        }
        return {};
    }

    int fd_ = -1;
    std::string dir_;
    std::uint64_t size_ = 0;
};

// One member from the header just read: its type, link target and data offset (in the archive,
// or in the spool when there is one: then regular files' data is copied there).
Result<std::pair<std::string, TarMember>> read_member(archive* a, archive_entry* e,
                                                      const std::string& where, Spool* spool) {
    const char* raw = archive_entry_pathname(e);
    auto name = normalize_member_path(raw != nullptr ? raw : "");
    if (!name) return fail(with_where(name.error(), where));
    TarMember m;
    // Uncompressed: after the header is read, the tar reader has consumed exactly the header
    // blocks, so the consumed-byte count is the member's data offset. Blob digests are verified
    // when read, so a wrong offset could never go unnoticed.
    m.offset =
        spool != nullptr ? spool->size() : static_cast<std::uint64_t>(archive_filter_bytes(a, 0));
    m.size = static_cast<std::uint64_t>(archive_entry_size(e));
    if (const char* hl = archive_entry_hardlink(e); hl != nullptr) {
        m.type = 'h';
        auto t = normalize_member_path(hl);
        if (!t) return fail(with_where(t.error(), where + "/" + *name));
        m.link = *t;
    } else {
        switch (archive_entry_filetype(e)) {
            case AE_IFREG:
                m.type = 'f';
                break;
            case AE_IFDIR:
                m.type = 'd';
                break;
            case AE_IFLNK: {
                m.type = 's';
                const char* target = archive_entry_symlink(e);
                std::string t = target != nullptr ? target : "";
                // Symlink targets are relative to the link's directory.
                std::string dir = name->find('/') == std::string::npos
                                      ? std::string()
                                      : name->substr(0, name->rfind('/'));
                std::string joined = (!t.empty() && t[0] == '/') ? t : dir + "/" + t;
                auto nt = normalize_member_path(joined);
                if (!nt) return fail(with_where(nt.error(), where + "/" + *name));
                m.link = *nt;
                break;
            }
            default:
                m.type = 'o';
                break;
        }
    }
    if (spool != nullptr && m.type == 'f') {
        if (auto s = spool->append_entry(a, where); !s) return fail(s.error());
        m.size = spool->size() - m.offset;
    }
    return std::make_pair(std::move(*name), std::move(m));
}

}  // namespace

Result<std::shared_ptr<BlobStore>> open_dir_store(const fs::path& root) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) {
        return fail(ErrorCode::NotFound, "not a directory", root.string());
    }
    fs::path canon = fs::canonical(root, ec);
    if (ec) return fail(ErrorCode::Io, ec.message(), root.string());
    return std::shared_ptr<BlobStore>(std::make_shared<DirStore>(canon));
}

Result<std::shared_ptr<BlobStore>> open_tar_store(const fs::path& tar_path) {
    const std::string where = tar_path.string();
    // One descriptor, checked to be a regular file before anything is read: a FIFO or a pipe
    // (`docker save | berth scan docker-archive:/dev/stdin`) would be consumed here and could not
    // be read again by offset, so it is refused with a message saying so (README: sources).
    auto fd = open_regular(tar_path);
    if (!fd) {
        Error e = fd.error();
        if (e.code == ErrorCode::Unsupported) {
            e.message +=
                " (an image archive is read by member offset: write it to a file, e.g. "
                "`docker save -o image.tar`, and give that file)";
        }
        return fail(std::move(e));
    }
    unsigned char magic[6] = {};
    const ssize_t got = ::pread(fd->get(), magic, sizeof magic, 0);
    const bool compressed = got > 0 && compressed_magic(magic, static_cast<std::size_t>(got));
    Utf8LocaleScope utf8;
    std::unique_ptr<archive, ArchiveDeleter> a(archive_read_new());
    archive_read_support_format_tar(a.get());
    archive_read_support_format_gnutar(a.get());
    std::optional<Spool> spool;
    if (compressed) {
        archive_read_support_filter_all(a.get());
        auto s = Spool::create(where);
        if (!s) return fail(s.error());
        spool.emplace(std::move(*s));
    }
    if (archive_read_open_fd(a.get(), fd->get(), 64 * 1024) != ARCHIVE_OK) {
        return fail(
            ErrorCode::Format,
            std::string(compressed ? "the compressed archive is damaged or truncated: " : "") +
                archive_error_string(a.get()),
            where);
    }
    std::map<std::string, TarMember, std::less<>> members;
    for (;;) {
        archive_entry* e = nullptr;
        int r = archive_read_next_header(a.get(), &e);
        if (r == ARCHIVE_EOF) break;
        if (r < ARCHIVE_WARN) {
            return fail(
                ErrorCode::Format,
                std::string(compressed
                                ? "the compressed archive is damaged, truncated or not a tar: "
                                : "not a readable tar archive: ") +
                    archive_error_string(a.get()),
                where);
        }
        if (archive_entry_pathname(e) == nullptr) continue;
        auto m = read_member(a.get(), e, where, spool ? &*spool : nullptr);
        if (!m) return fail(m.error());
        members[m->first] = std::move(m->second);
    }
    if (spool) {
        const fs::path path = spool->path();
        return std::shared_ptr<BlobStore>(
            std::make_shared<TarStore>(path, where, std::move(members), spool->release()));
    }
    return std::shared_ptr<BlobStore>(
        std::make_shared<TarStore>(tar_path, where, std::move(members)));
}

}  // namespace berth::image

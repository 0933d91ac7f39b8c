// SPDX-License-Identifier: Apache-2.0
#include "image/blob_store.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <locale.h>

#include <fstream>
#include <map>
#include <system_error>

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
        for (fs::recursive_directory_iterator it(base, ec), end; !ec && it != end; it.increment(ec)) {
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
    TarStore(fs::path path, std::map<std::string, TarMember, std::less<>> members)
        : path_(std::move(path)), name_(path_.string()), members_(std::move(members)) {}

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
        return fail(ErrorCode::Format, "too many links resolving '" + std::string(path) + "'", name_);
    }

    fs::path path_;
    std::string name_;
    std::map<std::string, TarMember, std::less<>> members_;
};

struct ArchiveDeleter {
    void operator()(archive* a) const { archive_read_free(a); }
};

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
    {
        std::ifstream in(tar_path, std::ios::binary);
        if (!in) return fail(ErrorCode::NotFound, "cannot open archive", where);
        unsigned char magic[4] = {};
        in.read(reinterpret_cast<char*>(magic), 4);
        if ((magic[0] == 0x1f && magic[1] == 0x8b) ||
            (magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd)) {
            return fail(ErrorCode::Unsupported,
                        "the archive is compressed; berth reads image archives in place and needs "
                        "them uncompressed (e.g. `gunzip -k` or `zstd -d` it first)",
                        where);
        }
    }
    Utf8LocaleScope utf8;
    std::unique_ptr<archive, ArchiveDeleter> a(archive_read_new());
    archive_read_support_format_tar(a.get());
    archive_read_support_format_gnutar(a.get());
    if (archive_read_open_filename(a.get(), tar_path.c_str(), 64 * 1024) != ARCHIVE_OK) {
        return fail(ErrorCode::Format, archive_error_string(a.get()), where);
    }
    std::map<std::string, TarMember, std::less<>> members;
    for (;;) {
        archive_entry* e = nullptr;
        int r = archive_read_next_header(a.get(), &e);
        if (r == ARCHIVE_EOF) break;
        if (r < ARCHIVE_WARN) {
            return fail(ErrorCode::Format,
                        std::string("not a readable tar archive: ") + archive_error_string(a.get()),
                        where);
        }
        const char* raw = archive_entry_pathname(e);
        if (raw == nullptr) continue;
        auto name = normalize_member_path(raw);
        if (!name) return fail(with_where(name.error(), where));
        TarMember m;
        // After the header is read, the tar reader has consumed exactly the header blocks, so the
        // consumed-byte count of the (uncompressed) stream is the member's data offset. Blob
        // digests are verified when read, so a wrong offset could never go unnoticed.
        m.offset = static_cast<std::uint64_t>(archive_filter_bytes(a.get(), 0));
        m.size = static_cast<std::uint64_t>(archive_entry_size(e));
        if (const char* hl = archive_entry_hardlink(e); hl != nullptr) {
            m.type = 'h';
            auto t = normalize_member_path(hl);
            if (!t) return fail(with_where(t.error(), where + "/" + *name));
            m.link = *t;
        } else {
            switch (archive_entry_filetype(e)) {
                case AE_IFREG: m.type = 'f'; break;
                case AE_IFDIR: m.type = 'd'; break;
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
                default: m.type = 'o'; break;
            }
        }
        members[*name] = std::move(m);
    }
    return std::shared_ptr<BlobStore>(std::make_shared<TarStore>(tar_path, std::move(members)));
}

}  // namespace berth::image

// SPDX-License-Identifier: Apache-2.0
// Docker Engine API (docs.docker.com/engine/api/v1.41: ImageInspect, ImageGet). The export is a
// `docker save` tar whose manifest.json comes last (moby image/tarexport), so it cannot be
// read in one pass the way the layer walker wants. Instead a BlobStore is built over the
// export: one pass indexes member names, sizes and links and keeps the small members (JSON,
// the config) in memory; opening a large member (a layer) starts a fresh export and streams
// up to that member. read_docker_archive() then works unchanged, and the layer cache (asked
// by diffID before any layer is opened) makes a warm rescan cost one export pass.
#include "image/registry/daemon.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>

#include "engine/client.hpp"
#include "engine/models.hpp"
#include "image/blob_store.hpp"
#include "image/readers.hpp"
#include "image/reference.hpp"

namespace berth::image::registry {
namespace {

constexpr std::uint64_t kKeepSmall = 64U << 10U;
constexpr std::uint64_t kKeepTotal = 64ULL << 20U;

std::string path_escape(std::string_view name) {
    std::string out;
    for (char c : name) {
        auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) != 0 || std::string_view("._-/:@").find(c) != std::string_view::npos) {
            out += c;
        } else {
            out += net::url_encode(std::string_view(&c, 1));
        }
    }
    return out;
}

// A tar read from a forward-only HTTP body through libarchive's callback interface.
class TarReader {
  public:
    explicit TarReader(std::unique_ptr<ByteStream> body)
        : body_(std::move(body)), a_(archive_read_new()) {
        archive_read_support_format_tar(a_);
        archive_read_support_format_gnutar(a_);
    }
    ~TarReader() { archive_read_free(a_); }
    TarReader(const TarReader&) = delete;
    TarReader& operator=(const TarReader&) = delete;

    Status open(const std::string& where) {
        where_ = where;
        if (archive_read_open(a_, this, nullptr, &TarReader::on_read, nullptr) != ARCHIVE_OK) {
            return fail(error());
        }
        return {};
    }
    // Next header; nullptr at the end.
    Result<archive_entry*> next() {
        archive_entry* e = nullptr;
        int r = archive_read_next_header(a_, &e);
        if (r == ARCHIVE_EOF) return static_cast<archive_entry*>(nullptr);
        if (r < ARCHIVE_WARN) return fail(error());
        return e;
    }
    Result<std::size_t> read_data(void* buf, std::size_t size) {
        la_ssize_t n = archive_read_data(a_, buf, size);
        if (n < 0) return fail(error());
        return static_cast<std::size_t>(n);
    }
    Status skip() {
        if (archive_read_data_skip(a_) != ARCHIVE_OK) return fail(error());
        return {};
    }

  private:
    Error error() const {
        if (body_error_) return *body_error_;
        const char* msg = archive_error_string(a_);
        return Error{
            ErrorCode::Format,
            std::string("the image export is not a readable tar: ") + (msg != nullptr ? msg : "?"),
            where_};
    }
    static la_ssize_t on_read(archive* a, void* self_ptr, const void** out) {
        auto* self = static_cast<TarReader*>(self_ptr);
        auto n = self->body_->read(self->buf_, sizeof self->buf_);
        if (!n) {
            self->body_error_ = n.error();
            archive_set_error(a, EIO, "%s", n.error().message.c_str());
            return -1;
        }
        *out = self->buf_;
        return static_cast<la_ssize_t>(*n);
    }

    std::unique_ptr<ByteStream> body_;
    archive* a_;
    std::string where_;
    std::optional<Error> body_error_;
    char buf_[256 * 1024];
};

// A member of the export streamed from a fresh export (owns the reader).
class MemberStream final : public ByteStream {
  public:
    explicit MemberStream(std::unique_ptr<TarReader> r) : r_(std::move(r)) {}
    Result<std::size_t> read(void* buf, std::size_t size) override {
        return r_->read_data(buf, size);
    }

  private:
    std::unique_ptr<TarReader> r_;
};

class MemoryStream final : public ByteStream {
  public:
    explicit MemoryStream(std::shared_ptr<const std::string> data) : data_(std::move(data)) {}
    Result<std::size_t> read(void* buf, std::size_t size) override {
        std::size_t n = std::min(size, data_->size() - pos_);
        std::memcpy(buf, data_->data() + pos_, n);
        pos_ += n;
        return n;
    }

  private:
    std::shared_ptr<const std::string> data_;
    std::size_t pos_ = 0;
};

struct Member {
    std::uint64_t size = 0;
    char type = 'f';                          // f file, l link (symlink or hardlink), o other
    std::string link;                         // normalized target
    std::shared_ptr<const std::string> data;  // kept small members
};

class ExportStore final : public BlobStore {
  public:
    ExportStore(engine::Client docker, std::string name, std::string location)
        : docker_(std::move(docker)), name_(std::move(name)), location_(std::move(location)) {}

    Result<std::unique_ptr<TarReader>> start() const {
        auto body = docker_.open(std::string(engine::kApiVersion) + "/images/" +
                                 path_escape(name_) + "/get");
        if (!body) return fail(body.error());
        auto r = std::make_unique<TarReader>(std::move(*body));
        if (auto st = r->open(location_); !st) return fail(st.error());
        return r;
    }

    // One pass over the export: index members, keep the small ones.
    Status index(const std::string& keep_also) {
        auto r = start();
        if (!r) return fail(r.error());
        std::uint64_t kept = 0;
        for (;;) {
            auto e = (*r)->next();
            if (!e) return fail(e.error());
            if (*e == nullptr) break;
            auto name = normalize_member_path(
                archive_entry_pathname(*e) != nullptr ? archive_entry_pathname(*e) : "");
            if (!name) return fail(with_where(name.error(), location_));
            Member m;
            m.size = static_cast<std::uint64_t>(archive_entry_size(*e));
            if (const char* hl = archive_entry_hardlink(*e); hl != nullptr) {
                auto t = normalize_member_path(hl);
                if (!t) return fail(with_where(t.error(), location_ + "/" + *name));
                m.type = 'l';
                m.link = *t;
            } else if (archive_entry_filetype(*e) == AE_IFLNK) {
                const char* target = archive_entry_symlink(*e);
                std::string t = target != nullptr ? target : "";
                std::string dir =
                    name->find('/') == std::string::npos ? "" : name->substr(0, name->rfind('/'));
                auto nt = normalize_member_path(!t.empty() && t[0] == '/' ? t : dir + "/" + t);
                if (!nt) return fail(with_where(nt.error(), location_ + "/" + *name));
                m.type = 'l';
                m.link = *nt;
            } else if (archive_entry_filetype(*e) != AE_IFREG) {
                m.type = 'o';
            }
            const bool wanted =
                m.type == 'f' && (m.size <= kKeepSmall || *name == keep_also ||
                                  *name == keep_also + ".json" || *name == "manifest.json");
            if (wanted && m.size <= kMaxMetadataBytes && kept + m.size <= kKeepTotal) {
                std::string data;
                data.resize(m.size);
                std::size_t got = 0;
                while (got < data.size()) {
                    auto n = (*r)->read_data(data.data() + got, data.size() - got);
                    if (!n) return fail(n.error());
                    if (*n == 0) break;
                    got += *n;
                }
                if (got != data.size())
                    return fail(ErrorCode::Truncated, "export ends inside " + *name, location_);
                kept += m.size;
                m.data = std::make_shared<const std::string>(std::move(data));
            } else if (auto st = (*r)->skip(); !st) {
                return fail(st.error());
            }
            members_[*name] = std::move(m);
        }
        return {};
    }

    bool exists(std::string_view path) const override { return find(path).has_value(); }

    Result<std::unique_ptr<ByteStream>> open(std::string_view path) const override {
        auto m = find(path);
        if (!m) return fail(m.error());
        if ((*m)->second.data)
            return std::unique_ptr<ByteStream>(std::make_unique<MemoryStream>((*m)->second.data));
        const std::string& want = (*m)->first;
        auto r = start();
        if (!r) return fail(r.error());
        for (;;) {
            auto e = (*r)->next();
            if (!e) return fail(e.error());
            if (*e == nullptr) break;
            auto name = normalize_member_path(
                archive_entry_pathname(*e) != nullptr ? archive_entry_pathname(*e) : "");
            if (name && *name == want)
                return std::unique_ptr<ByteStream>(std::make_unique<MemberStream>(std::move(*r)));
            if (auto st = (*r)->skip(); !st) return fail(st.error());
        }
        return fail(ErrorCode::NotFound,
                    "member '" + want + "' is missing from a second export (the image changed?)",
                    location_);
    }

    Result<std::uint64_t> size(std::string_view path) const override {
        auto m = find(path);
        if (!m) return fail(m.error());
        return (*m)->second.size;
    }

    std::vector<std::string> list(std::string_view dir) const override {
        std::vector<std::string> out;
        for (const auto& [name, m] : members_) {
            if (m.type == 'o') continue;
            if (dir.empty() || (name.size() > dir.size() && name.compare(0, dir.size(), dir) == 0 &&
                                name[dir.size()] == '/')) {
                if (find(name)) out.push_back(name);
            }
        }
        return out;
    }

    const std::string& location() const override { return location_; }

  private:
    using Iter = std::map<std::string, Member, std::less<>>::const_iterator;
    Result<Iter> find(std::string_view path) const {
        auto norm = normalize_member_path(path);
        if (!norm) return fail(with_where(norm.error(), location_));
        std::string cur = *norm;
        for (int hops = 0; hops < 16; ++hops) {
            auto it = members_.find(cur);
            if (it == members_.end())
                return fail(ErrorCode::NotFound, "no member '" + cur + "' in the export",
                            location_);
            if (it->second.type == 'f') return it;
            if (it->second.type != 'l')
                return fail(ErrorCode::Format, "member '" + cur + "' is not a regular file",
                            location_);
            cur = it->second.link;
        }
        return fail(ErrorCode::Format, "too many links resolving '" + std::string(path) + "'",
                    location_);
    }

    engine::Client docker_;
    std::string name_;
    std::string location_;
    std::map<std::string, Member, std::less<>> members_;
};

}  // namespace

Result<Image> read_docker_daemon(const std::string& name, const Platform& platform) {
    (void)platform;  // a daemon stores one platform per image name
    if (name.empty())
        return fail(ErrorCode::InvalidArgument,
                    "docker-daemon: needs an image, e.g. docker-daemon:alpine:3.19");
    auto ep = engine::resolve_endpoint_from_env();
    if (!ep) return fail(ep.error());
    const engine::Client docker(std::move(*ep));
    const std::string where = docker.endpoint().host + " " + name;
    auto body =
        docker.get(std::string(engine::kApiVersion) + "/images/" + path_escape(name) + "/json",
                   kMaxMetadataBytes);
    if (!body && body.error().code == ErrorCode::NotFound) {
        return fail(ErrorCode::NotFound, "no such image in the daemon", where);
    }
    if (!body) return fail(body.error());
    auto inspect = engine::parse_image_inspect(*body, where);
    if (!inspect) return fail(inspect.error());
    const std::string& id = inspect->id;
    auto config_digest = parse_digest(id.rfind("sha256:", 0) == 0 ? id : "sha256:" + id);
    if (!config_digest) return fail(ErrorCode::Format, "image inspect has no valid Id", where);

    auto store = std::make_shared<ExportStore>(docker, id, "docker-daemon:" + name);
    if (auto st = store->index("blobs/sha256/" + config_digest->hex); !st) return fail(st.error());
    // The export by ID holds exactly this image (with no RepoTags), so select it by position.
    auto image = read_docker_archive(store, "@0");
    if (!image) return fail(image.error());
    if (image->config_digest && *image->config_digest != *config_digest) {
        return fail(ErrorCode::DigestMismatch,
                    "the exported config hashes to " + image->config_digest->str() +
                        ", the daemon says " + id,
                    where);
    }
    if (auto ref = parse_reference(name)) image->reference = ref->str();
    image->repo_tags = inspect->repo_tags;
    return image;
}

}  // namespace berth::image::registry

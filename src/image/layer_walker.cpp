// SPDX-License-Identifier: Apache-2.0
#include "image/layer_walker.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>

#include "core/file.hpp"
#include "core/rooted_fs.hpp"
#include "image/blob_store.hpp"
#include "image/read_ahead.hpp"

namespace berth::image {
namespace {

constexpr std::size_t kTarBufSize = 256 * 1024;
constexpr std::string_view kWhiteoutPrefix = ".wh.";
constexpr std::string_view kOpaqueMarker = ".wh..wh..opq";
constexpr std::string_view kAufsMetaPrefix = ".wh..wh.";

// Hashes and counts every byte read through it.
class HashingStream final : public ByteStream {
  public:
    explicit HashingStream(ByteStream& inner) : inner_(inner) {}
    Result<std::size_t> read(void* buf, std::size_t size) override {
        auto n = inner_.read(buf, size);
        if (n && *n > 0) {
            hash_.update(buf, *n);
            count_.fetch_add(*n, std::memory_order_relaxed);
        }
        return n;
    }
    // Reads to the end (hashing); used to finish digests and after structural errors.
    Status drain() {
        std::vector<char> buf(64 * 1024);
        for (;;) {
            auto n = read(buf.data(), buf.size());
            if (!n) return fail(n.error());
            if (*n == 0) return {};
        }
    }
    // Read by the walker's ratio check while the read-ahead thread counts.
    std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }
    Digest finish() { return hash_.finish(); }

  private:
    ByteStream& inner_;
    Sha256 hash_;
    std::atomic<std::uint64_t> count_{0};
};

// Feeds libarchive from the decompressed stream, hashing it (diffID) and enforcing the
// size and ratio limits. Errors are kept here so they are reported as berth errors rather
// than libarchive's generic "read callback failed".
struct TarFeed {
    ByteStream* decompressed = nullptr;
    const HashingStream* blob = nullptr;
    const Limits* limits = nullptr;
    Sha256 hash;
    // An uncompressed layer's diffID is its blob digest (the same bytes, all of them: finish()
    // reads the feed to its end): hashing them twice was a third of a scan's CPU.
    bool same_as_blob = false;
    std::uint64_t count = 0;
    // Two buffers used in turn: the one libarchive reads now and the one before it stay intact,
    // so the raw bytes of the headers just parsed can be looked at (see raw_bytes()).
    std::vector<char> bufs[2] = {std::vector<char>(kTarBufSize), std::vector<char>(kTarBufSize)};
    std::uint64_t buf_start[2] = {0, 0};
    std::size_t buf_len[2] = {0, 0};
    int cur = 0;
    std::optional<Error> error;
    bool eof = false;

    static la_ssize_t read_cb(archive* a, void* self, const void** out) {
        auto* feed = static_cast<TarFeed*>(self);
        feed->cur ^= 1;
        std::vector<char>& buf = feed->bufs[feed->cur];
        *out = buf.data();
        feed->buf_start[feed->cur] = feed->count;
        feed->buf_len[feed->cur] = 0;
        // Fill the buffer (decompressors return short reads at their own buffer edges): the
        // two-buffer window raw_bytes() relies on then always spans 2 x kTarBufSize.
        Result<std::size_t> n = std::size_t{0};
        while (*n < buf.size()) {
            auto part = feed->decompressed->read(buf.data() + *n, buf.size() - *n);
            if (!part) {
                n = fail(part.error());
                break;
            }
            if (*part == 0) break;
            *n += *part;
        }
        if (!n) {
            feed->error = n.error();
            archive_set_error(a, EIO, "%s", n.error().message.c_str());
            return -1;
        }
        if (*n == 0) {
            feed->eof = true;
            return 0;
        }
        feed->buf_len[feed->cur] = *n;
        if (!feed->same_as_blob) feed->hash.update(buf.data(), *n);
        feed->count += *n;
        if (auto st = feed->check_limits(); !st) {
            feed->error = st.error();
            archive_set_error(a, EFBIG, "%s", st.error().message.c_str());
            return -1;
        }
        return static_cast<la_ssize_t>(*n);
    }

    // Copies stream bytes [from, to) into `out` when both buffers still hold them.
    bool raw_bytes(std::uint64_t from, std::uint64_t to, std::string& out) const {
        out.clear();
        const int prev = cur ^ 1;
        for (int b : {prev, cur}) {
            std::uint64_t s = buf_start[b];
            std::uint64_t e = s + buf_len[b];
            std::uint64_t lo = std::max(from + out.size(), s);
            std::uint64_t hi = std::min(to, e);
            if (lo == from + out.size() && lo < hi) out.append(bufs[b].data() + (lo - s), hi - lo);
        }
        return out.size() == to - from;
    }

    // The layer's expanded size is the tar bytes plus the holes of sparse entries: a sparse
    // entry a few blocks long can stand for a petabyte of zeros that a reader would produce.
    Status check_limits() const {
        const std::uint64_t out = count + holes;
        const std::string sparse = holes == 0 ? "" : " (sparse-file holes included)";
        if (out > limits->max_layer_bytes) {
            return fail(ErrorCode::LimitExceeded, "layer decompresses to more than " +
                                                      std::to_string(limits->max_layer_bytes) +
                                                      " bytes" + sparse +
                                                      " (limit --max-layer-bytes)");
        }
        if (out > limits->ratio_floor && blob->count() > 0 &&
            out / blob->count() > limits->max_ratio) {
            return fail(ErrorCode::LimitExceeded,
                        "decompression ratio exceeds 1:" + std::to_string(limits->max_ratio) +
                            " (" + std::to_string(out) + " bytes" + sparse + " out of " +
                            std::to_string(blob->count()) +
                            " compressed): possible decompression bomb (limit --max-ratio)");
        }
        return {};
    }

    // Counts `n` bytes of sparse-file hole against the limits (kept in `error` when one breaks).
    Status add_hole(std::uint64_t n) {
        holes = n > UINT64_MAX - holes ? UINT64_MAX : holes + n;
        if (auto st = check_limits(); !st) {
            error = st.error();
            return st;
        }
        return {};
    }

    std::uint64_t holes = 0;  ///< sparse-file hole bytes seen so far
};

struct ArchiveDeleter {
    void operator()(archive* a) const { archive_read_free(a); }
};

std::uint64_t parse_tar_size(const char* field) {
    // Base-256 (GNU) when the high bit is set; else octal, NUL/space terminated.
    const auto* f = reinterpret_cast<const unsigned char*>(field);
    std::uint64_t v = 0;
    if ((f[0] & 0x80U) != 0) {
        for (int i = 1; i < 12; ++i) v = (v << 8U) | f[i];
        return v;
    }
    for (int i = 0; i < 12 && f[i] >= '0' && f[i] <= '7'; ++i) v = v * 8 + (f[i] - '0');
    return v;
}

// libarchive cuts a pax `path`/`linkpath` (and a GNU long name) at an embedded NUL and reports
// the shorter name without complaint, while Go's archive/tar rejects it: a scanner and the
// runtime would disagree about the file. So the raw extension headers of each entry — the
// bytes between the entry's first header and its data — are checked here.
// Example record: "16 path=etc/a\0b\n" → error.
bool extension_headers_hide_nul(std::string_view raw) {
    std::size_t o = 0;
    while (o + 512 <= raw.size()) {
        const char* h = raw.data() + o;
        char type = h[156];
        std::uint64_t size = parse_tar_size(h + 124);
        std::size_t body = o + 512;
        if (size > raw.size() - body) return false;
        std::string_view data = raw.substr(body, static_cast<std::size_t>(size));
        if (type == 'x' || type == 'g') {
            std::size_t r = 0;
            while (r < data.size()) {
                std::size_t sp = data.find(' ', r);
                if (sp == std::string_view::npos) break;
                // The length counts the whole record; more than 9 digits cannot fit in a header
                // we accepted, and would overflow the sum below (a hostile header looped here).
                if (sp - r > 9) break;
                std::uint64_t len = 0;
                for (std::size_t i = r; i < sp && data[i] >= '0' && data[i] <= '9'; ++i) {
                    len = len * 10 + static_cast<std::uint64_t>(data[i] - '0');
                }
                if (len <= sp - r + 1 || len > data.size() - r) break;
                std::string_view rec = data.substr(sp + 1, r + len - sp - 2);  // key=value
                std::size_t eq = rec.find('=');
                if (eq != std::string_view::npos) {
                    std::string_view key = rec.substr(0, eq);
                    if ((key == "path" || key == "linkpath") &&
                        rec.substr(eq + 1).find('\0') != std::string_view::npos) {
                        return true;
                    }
                }
                r += len;
            }
        } else if (type == 'L' || type == 'K') {
            std::string_view name = data.substr(0, data.find_last_not_of('\0') + 1);
            if (name.find('\0') != std::string_view::npos) return true;
        }
        o = body + static_cast<std::size_t>((size + 511) / 512 * 512);
    }
    return false;
}

// Streams the current entry's data through archive_read_data_block (zero-copy inside
// libarchive); counts what was delivered so truncation inside data can be told apart from a
// missing trailer.
class EntryContent final : public ByteStream {
  public:
    EntryContent(archive* a, TarFeed& feed, std::uint64_t size) : a_(a), feed_(feed), size_(size) {}

    Result<std::size_t> read(void* buf, std::size_t size) override {
        while (!done_ && block_pos_ == block_size_ && hole_ == 0) {
            if (auto st = next_block(); !st) return fail(st.error());
        }
        if (done_) return std::size_t{0};
        if (hole_ > 0) {
            std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(hole_, size));
            std::memset(buf, 0, n);
            hole_ -= n;
            delivered_ += n;
            return n;
        }
        std::size_t n = std::min(size, block_size_ - block_pos_);
        std::memcpy(buf, block_ + block_pos_, n);
        block_pos_ += n;
        delivered_ += n;
        return n;
    }

    // Skips what the visitor left unread, without copying.
    Status drain() {
        while (!done_) {
            delivered_ += (block_size_ - block_pos_) + hole_;
            block_pos_ = block_size_;
            hole_ = 0;
            if (auto st = next_block(); !st) return st;
        }
        return {};
    }

    std::uint64_t delivered() const { return delivered_; }
    bool failed() const { return failed_; }

  private:
    Status next_block() {
        const void* block = nullptr;
        std::size_t bsize = 0;
        la_int64_t offset = 0;
        int r = archive_read_data_block(a_, &block, &bsize, &offset);
        if (r == ARCHIVE_EOF) {
            done_ = true;
            return {};
        }
        if (r < ARCHIVE_WARN) {
            failed_ = true;
            done_ = true;
            if (feed_.error) return fail(*feed_.error);
            // All data arrived and the stream ended: only padding is missing (umoci insert).
            // The content is complete; the walker reports the damaged trailer.
            if (feed_.eof && delivered_ >= size_) return {};
            return fail(ErrorCode::Truncated, archive_error_string(a_));
        }
        // Sparse entries: a jump in offset is a hole of zeros, counted against the limits
        // before a single zero is produced.
        hole_ = static_cast<std::uint64_t>(offset) > delivered_
                    ? static_cast<std::uint64_t>(offset) - delivered_
                    : 0;
        if (hole_ > 0) {
            if (auto st = feed_.add_hole(hole_); !st) {
                failed_ = true;
                done_ = true;
                hole_ = 0;
                return st;
            }
        }
        block_ = static_cast<const char*>(block);
        block_size_ = bsize;
        block_pos_ = 0;
        return {};
    }

    archive* a_;
    TarFeed& feed_;
    std::uint64_t size_;
    const char* block_ = nullptr;
    std::size_t block_size_ = 0;
    std::size_t block_pos_ = 0;
    std::uint64_t hole_ = 0;
    std::uint64_t delivered_ = 0;
    bool done_ = false;
    bool failed_ = false;
};

EntryType map_type(archive_entry* e) {
    if (archive_entry_hardlink(e) != nullptr) return EntryType::Hardlink;
    switch (archive_entry_filetype(e)) {
        case AE_IFREG:
            return EntryType::File;
        case AE_IFDIR:
            return EntryType::Directory;
        case AE_IFLNK:
            return EntryType::Symlink;
        case AE_IFCHR:
            return EntryType::CharDevice;
        case AE_IFBLK:
            return EntryType::BlockDevice;
        case AE_IFIFO:
            return EntryType::Fifo;
        default:
            return EntryType::Other;
    }
}

std::string parent_of(const std::string& path) {
    auto slash = path.rfind('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

std::string join_path(const std::string& dir, std::string_view name) {
    return dir.empty() ? std::string(name) : dir + "/" + std::string(name);
}

// Entry checks shared by tar and directory layers.
class EntryPolicy {
  public:
    EntryPolicy(const LayerRef& layer, const Limits& limits, LayerSummary& summary)
        : label_(layer_label(layer)), limits_(limits), summary_(summary) {}

    std::string where(std::string_view path) const { return label_ + "/" + std::string(path); }

    // Normalizes a raw tar name into entry.path / entry.whiteout. Returns false (no error) for
    // entries that are not delivered (AUFS metadata).
    Result<bool> classify(std::string_view raw, Entry& entry) {
        if (raw.find('\0') != std::string_view::npos) {
            return fail(ErrorCode::UnsafePath, "entry name contains a NUL byte",
                        where(std::string(raw.substr(0, raw.find('\0')))));
        }
        std::string_view rel = raw;
        bool absolute = !rel.empty() && rel.front() == '/';
        auto norm = normalize_member_path(rel);
        if (!norm) {
            return fail(ErrorCode::UnsafePath, "entry name climbs out of the image root with '..'",
                        where(raw));
        }
        if (absolute && !norm->empty()) {
            summary_.diagnostics.push_back({Diagnostic::Severity::Warning,
                                            "absolute entry name '" + std::string(raw) +
                                                "'; read relative to the image root as Docker does",
                                            where(*norm)});
        }
        if (norm->size() > limits_.max_path_length) {
            return fail(ErrorCode::LimitExceeded,
                        "entry name is " + std::to_string(norm->size()) +
                            " bytes, over the limit of " + std::to_string(limits_.max_path_length),
                        where(norm->substr(0, 64) + "…"));
        }
        // AUFS bookkeeping (.wh..wh.plnk/, .wh..wh.aufs) is not content; Docker skips it and
        // everything under it.
        std::string dir = parent_of(*norm);
        if (dir.rfind(kAufsMetaPrefix, 0) == 0 ||
            dir.find("/" + std::string(kAufsMetaPrefix)) != std::string::npos) {
            return false;
        }
        std::string_view base = std::string_view(*norm).substr(dir.empty() ? 0 : dir.size() + 1);
        entry.whiteout = Whiteout::None;
        if (base.substr(0, kWhiteoutPrefix.size()) == kWhiteoutPrefix) {
            if (base == kOpaqueMarker) {
                entry.whiteout = Whiteout::Opaque;
                entry.path = dir;
                ++summary_.opaque_dirs;
            } else if (base.substr(0, kAufsMetaPrefix.size()) == kAufsMetaPrefix) {
                return false;  // AUFS bookkeeping (.wh..wh.plnk, .wh..wh.aufs): not content
            } else {
                std::string_view name = base.substr(kWhiteoutPrefix.size());
                if (name.empty() || name == "." || name == "..") {
                    return fail(ErrorCode::Format, "whiteout names no file", where(*norm));
                }
                entry.whiteout = Whiteout::File;
                entry.path = join_path(dir, name);
                ++summary_.whiteouts;
            }
        } else {
            entry.path = std::move(*norm);
        }
        return true;
    }

    // Rejects entries written through a symlink of this layer, and hardlinks leaving the image.
    Status check(Entry& entry) {
        if (!symlinks_.empty()) {
            for (std::size_t i = entry.path.find('/'); i != std::string::npos;
                 i = entry.path.find('/', i + 1)) {
                if (symlinks_.count(entry.path.substr(0, i)) != 0U) {
                    return fail(ErrorCode::UnsafePath,
                                "entry is written through the symlink '" + entry.path.substr(0, i) +
                                    "' (a path-traversal attack)",
                                where(entry.path));
                }
            }
        }
        if (entry.type == EntryType::Hardlink) {
            std::string_view target = entry.link_target;
            auto norm = normalize_member_path(target);
            if (!norm) {
                return fail(ErrorCode::UnsafePath,
                            "hardlink target '" + entry.link_target + "' leaves the image root",
                            where(entry.path));
            }
            entry.link_target = *norm;
        }
        if (entry.type == EntryType::Symlink && entry.whiteout == Whiteout::None) {
            symlinks_.insert(entry.path);
        } else if (!symlinks_.empty()) {
            symlinks_.erase(entry.path);
        }
        if (++summary_.entries > limits_.max_entries) {
            return fail(ErrorCode::LimitExceeded,
                        "layer has more than " + std::to_string(limits_.max_entries) +
                            " entries (limit --max-entries)",
                        where(entry.path));
        }
        return {};
    }

    const std::string& label() const { return label_; }

  private:
    std::string label_;
    const Limits& limits_;
    LayerSummary& summary_;
    std::unordered_set<std::string> symlinks_;
};

Error verify_error(const std::string& label, std::string_view what, const Digest& want,
                   const Digest& got) {
    return Error{
        ErrorCode::DigestMismatch,
        std::string(what) + " mismatch: expected " + want.str() + ", content is " + got.str(),
        label};
}

// One walk of a tar layer (compressed or not): open, then one call of next() per entry, then
// finish(). Every structural error goes through layer_error(), which checks the blob digest
// first: a corrupt download is reported as what it is, not as the gzip or tar error it causes.
class TarWalk {
  public:
    TarWalk(const LayerRef& layer, LayerVisitor& visitor, const Limits& limits, ByteStream& raw)
        : layer_(layer),
          visitor_(visitor),
          limits_(limits),
          label_(layer_label(layer)),
          blob_(raw),
          policy_(layer, limits, summary_) {
        summary_.index = layer.index;
    }

    // Sets up decompression and libarchive. An empty blob is an empty layer (some tools write
    // them for metadata-only steps): `empty` is set and the walk is over.
    Status open(bool& empty) {
        std::string head(512, '\0');
        std::size_t got = 0;
        while (got < head.size()) {
            auto n = blob_.read(head.data() + got, head.size() - got);
            if (!n) return fail(layer_error(n.error()));
            if (*n == 0) break;
            got += *n;
        }
        head.resize(got);
        auto comp = detect_compression(head);
        if (!comp) return fail(layer_error(comp.error()));
        summary_.compression = *comp;
        decompressed_ = make_decompressor(*comp, blob_, std::move(head));
        read_ahead_ = std::make_unique<ReadAhead>(*decompressed_);
        feed_.decompressed = read_ahead_.get();
        feed_.same_as_blob = *comp == Compression::None;
        feed_.blob = &blob_;
        feed_.limits = &limits_;
        archive_.reset(archive_read_new());
        archive* a = archive_.get();
        archive_read_support_format_tar(a);
        archive_read_support_format_gnutar(a);
        archive_read_support_filter_none(a);
        empty = false;
        if (archive_read_open(a, &feed_, nullptr, &TarFeed::read_cb, nullptr) == ARCHIVE_OK) {
            return {};
        }
        if (feed_.error) return fail(layer_error(*feed_.error));
        if (got != 0) return fail(layer_error(tar_error("not a tar stream: ")));
        empty = true;
        return {};
    }

    // Reads and delivers the next entry; `done` is set at the end of the archive.
    Status next(bool& done) {
        archive_entry* ae = nullptr;
        const int r = archive_read_next_header(archive_.get(), &ae);
        if (r == ARCHIVE_EOF) {
            done = true;
            return {};
        }
        // ARCHIVE_RETRY (-10) sits above ARCHIVE_WARN: libarchive's tar reader returns it for a
        // header that fails its checksum, with no entry ("Damaged tar archive"). A warning whose
        // entry has no name or no file type ("Too many special headers" after 32 chained GNU
        // long-name headers) is no entry either. Both keep libarchive's own message.
        const bool no_entry = r == ARCHIVE_WARN && ((archive_entry_pathname(ae) == nullptr &&
                                                     archive_entry_pathname_utf8(ae) == nullptr) ||
                                                    archive_entry_filetype(ae) == 0);
        if (r < ARCHIVE_WARN || r == ARCHIVE_RETRY || no_entry) {
            if (feed_.error) return fail(layer_error(*feed_.error));
            if (summary_.entries == 0) return fail(layer_error(tar_error("not a tar stream: ")));
            Error e = tar_error("damaged tar after entry '" + last_path_ + "': ");
            if (r == ARCHIVE_RETRY) e.message += " (a header that fails its checksum)";
            e.code = feed_.eof && r < ARCHIVE_WARN ? ErrorCode::Truncated : ErrorCode::Format;
            return fail(layer_error(std::move(e)));
        }
        if (r == ARCHIVE_WARN) {
            const char* msg = archive_error_string(archive_.get());
            summary_.diagnostics.push_back(
                {Diagnostic::Severity::Warning,
                 std::string("tar: ") + (msg != nullptr ? msg : "warning"), label_});
        }
        Entry entry;
        auto deliver = read_header(ae, entry);
        if (!deliver) return fail(deliver.error());
        if (!*deliver) {
            ++summary_.entries;
            return {};
        }
        if (auto st = policy_.check(entry); !st) return fail(layer_error(st.error()));
        return deliver_content(entry, done);
    }

    // Finishes both hashes (the tar reader stops at the end-of-archive blocks, the layer may
    // hold more padding, and the compressed stream ends after that) and verifies the digests.
    Result<LayerSummary> finish() {
        if (trailer_truncated_) {
            summary_.diagnostics.push_back(
                {Diagnostic::Severity::Warning,
                 "tar stream ends without the padding and end-of-archive blocks after the last "
                 "entry (as umoci 0.4.7 insert writes); all entries were read",
                 label_});
        }
        if (archive_ && !feed_.eof) {
            for (;;) {
                const void* unused = nullptr;
                la_ssize_t n = TarFeed::read_cb(archive_.get(), &feed_, &unused);
                if (n < 0) return fail(layer_error(*feed_.error));
                if (n == 0) break;
            }
        }
        stop_reading_ahead();
        if (auto st = blob_.drain(); !st) return fail(layer_error(st.error()));
        summary_.digest = blob_.finish();
        summary_.diff_id = feed_.same_as_blob ? summary_.digest : feed_.hash.finish();
        summary_.compressed_bytes = blob_.count();
        summary_.uncompressed_bytes = feed_.count;
        if (auto st = verify(); !st) return fail(st.error());
        return std::move(summary_);
    }

    // The summary of an empty blob (no tar at all).
    Result<LayerSummary> finish_empty() {
        stop_reading_ahead();
        summary_.digest = blob_.finish();
        summary_.diff_id = feed_.hash.finish();
        if (!layer_.digest.empty() && summary_.digest != layer_.digest) {
            return fail(verify_error(label_, "blob digest", layer_.digest, summary_.digest));
        }
        return std::move(summary_);
    }

  private:
    // The producer thread owns blob_ until it is stopped.
    void stop_reading_ahead() {
        if (read_ahead_) read_ahead_->stop();
    }

    Error layer_error(Error e) {
        stop_reading_ahead();
        if (!layer_.digest.empty() && blob_.drain()) {
            Digest got = blob_.finish();
            if (got != layer_.digest) {
                Error m = verify_error(label_, "blob digest", layer_.digest, got);
                m.message += " (and then: " + e.message + ")";
                return m;
            }
        }
        if (e.where.empty() || e.where.rfind(label_, 0) != 0) e = with_where(std::move(e), label_);
        return e;
    }

    Error tar_error(std::string prefix) {
        const char* msg = archive_error_string(archive_.get());
        return Error{ErrorCode::Format,
                     std::move(prefix) + (msg != nullptr ? msg : "unreadable tar header"),
                     {}};
    }

    // Fills `entry` from the tar header; false when the entry is not delivered (AUFS
    // metadata). Rejects NUL bytes hidden in pax or GNU long-name extension headers.
    Result<bool> read_header(archive_entry* ae, Entry& entry) {
        const char* name = archive_entry_pathname(ae);
        if (name == nullptr) name = archive_entry_pathname_utf8(ae);
        if (name == nullptr) {
            return fail(
                layer_error(Error{ErrorCode::Format,
                                  "entry without a readable name after '" + last_path_ + "'",
                                  {}}));
        }
        // Extension headers precede the entry's own 512-byte header.
        const auto header_pos =
            static_cast<std::uint64_t>(archive_read_header_position(archive_.get()));
        const auto data_pos = static_cast<std::uint64_t>(archive_filter_bytes(archive_.get(), 0));
        if (data_pos > header_pos + 512) {
            if (!feed_.raw_bytes(header_pos, data_pos, raw_headers_)) {
                return fail(
                    layer_error(Error{ErrorCode::LimitExceeded, "extension headers of over 256 KiB",
                                      policy_.where(name)}));
            }
            if (extension_headers_hide_nul(raw_headers_)) {
                return fail(layer_error(Error{
                    ErrorCode::UnsafePath, "entry name contains a NUL byte (pax or GNU long name)",
                    policy_.where(name)}));
            }
        }
        entry.layer = layer_.index;
        entry.type = map_type(ae);
        auto deliver = policy_.classify(name, entry);
        if (!deliver) return fail(layer_error(deliver.error()));
        last_path_ = entry.path;
        entry.mode = static_cast<std::uint32_t>(archive_entry_perm(ae)) & 07777U;
        entry.uid = archive_entry_uid(ae);
        entry.gid = archive_entry_gid(ae);
        entry.mtime = archive_entry_mtime(ae);
        entry.size = archive_entry_size_is_set(ae) != 0
                         ? static_cast<std::uint64_t>(archive_entry_size(ae))
                         : 0;
        if (entry.type == EntryType::Hardlink) {
            entry.link_target = archive_entry_hardlink(ae);
        } else if (entry.type == EntryType::Symlink) {
            const char* t = archive_entry_symlink(ae);
            entry.link_target = t != nullptr ? t : "";
        }
        return *deliver;
    }

    Error truncated_in(const Entry& entry, const EntryContent& content) {
        return layer_error(Error{ErrorCode::Truncated,
                                 "layer ends inside this entry's data (" +
                                     std::to_string(content.delivered()) + " of " +
                                     std::to_string(entry.size) + " bytes)",
                                 policy_.where(entry.path)});
    }

    // Hands the entry and its data to the visitor, then skips what it did not read. A stream
    // that ends after all data but before the tar trailer sets `done` (see finish()).
    Status deliver_content(const Entry& entry, bool& done) {
        EntryContent content(archive_.get(), feed_, entry.size);
        if (auto st = visitor_.on_entry(entry, content); !st) {
            if (feed_.error) return fail(layer_error(*feed_.error));
            if (content.failed() && content.delivered() < entry.size) {
                return fail(truncated_in(entry, content));
            }
            if (!content.failed()) {
                return fail(layer_error(with_where(st.error(), policy_.where(entry.path))));
            }
        }
        if (!content.failed()) {
            if (auto st = content.drain(); !st && feed_.error)
                return fail(layer_error(*feed_.error));
        }
        if (!content.failed()) return {};
        if (feed_.error) return fail(layer_error(*feed_.error));
        if (content.delivered() < entry.size || !feed_.eof)
            return fail(truncated_in(entry, content));
        // All data arrived, then the stream ended: only the padding and end-of-archive blocks
        // are missing. umoci 0.4.7 `insert` writes such layers; Go's archive/tar (Docker,
        // containerd, skopeo) accepts them, so berth does too, with a warning.
        trailer_truncated_ = true;
        done = true;
        return {};
    }

    Status verify() const {
        if (!layer_.digest.empty() && summary_.digest != layer_.digest) {
            return fail(verify_error(label_, "blob digest", layer_.digest, summary_.digest));
        }
        if (layer_.size != 0 && summary_.compressed_bytes != layer_.size) {
            return fail(ErrorCode::DigestMismatch,
                        "blob size mismatch: manifest says " + std::to_string(layer_.size) +
                            " bytes, blob has " + std::to_string(summary_.compressed_bytes),
                        label_);
        }
        if (!layer_.diff_id.empty() && summary_.diff_id != layer_.diff_id) {
            return fail(verify_error(label_, "diffID (sha256 of the uncompressed layer)",
                                     layer_.diff_id, summary_.diff_id));
        }
        return {};
    }

    const LayerRef& layer_;
    LayerVisitor& visitor_;
    const Limits& limits_;
    std::string label_;
    LayerSummary summary_;
    HashingStream blob_;
    std::unique_ptr<ByteStream> decompressed_;
    std::unique_ptr<ReadAhead> read_ahead_;  // reads, hashes and inflates blob_ on its own thread
    TarFeed feed_;
    std::unique_ptr<archive, ArchiveDeleter> archive_;
    EntryPolicy policy_;
    std::string last_path_;
    std::string raw_headers_;
    bool trailer_truncated_ = false;
};

Result<LayerSummary> walk_tar_layer(const LayerRef& layer, LayerVisitor& visitor,
                                    const Limits& limits) {
    auto raw = layer.open();
    if (!raw) return fail(with_where(raw.error(), layer_label(layer)));
    Utf8LocaleScope utf8;
    TarWalk walk(layer, visitor, limits, **raw);
    bool empty = false;
    if (auto st = walk.open(empty); !st) return fail(st.error());
    if (empty) return walk.finish_empty();
    for (bool done = false; !done;) {
        if (auto st = walk.next(done); !st) return fail(st.error());
    }
    return walk.finish();
}

// --- directory layers (rootfs:) -------------------------------------------------------------

class DirWalker {
  public:
    DirWalker(const LayerRef& layer, LayerVisitor& visitor, const Limits& limits,
              LayerSummary& summary)
        : layer_(layer),
          visitor_(visitor),
          limits_(limits),
          policy_(layer, limits, summary),
          summary_(summary) {}

    Status run() {
        // Every name is opened inside the rootfs (core/rooted_fs.hpp): a directory swapped for a
        // symlink while the tree is walked cannot lead out of it, and a FIFO is never opened.
        auto rooted = RootedFs::open(layer_.directory);
        if (!rooted) return fail(rooted.error());
        auto top = rooted->stat("/");
        if (!top) return fail(top.error());
        fs_.emplace(std::move(*rooted));
        root_dev_ = top->dev;
        return walk_dir("");
    }

  private:
    // An entry from lstat inside the root: files, directories, links (not followed), devices.
    Entry entry_for(const std::string& rel, const FileStat& st) const {
        Entry e;
        e.layer = layer_.index;
        e.path = rel;
        e.mode = st.mode;
        e.uid = st.uid;
        e.gid = st.gid;
        e.mtime = st.mtime;
        switch (st.type) {
            case FileType::Regular:
                e.type = EntryType::File;
                e.size = st.size;
                break;
            case FileType::Directory:
                e.type = EntryType::Directory;
                break;
            case FileType::Symlink:
                e.type = EntryType::Symlink;
                e.link_target = fs_->readlink(rel).value_or("");
                break;
            case FileType::CharDevice:
                e.type = EntryType::CharDevice;
                break;
            case FileType::BlockDevice:
                e.type = EntryType::BlockDevice;
                break;
            case FileType::Fifo:
                e.type = EntryType::Fifo;
                break;
            default:
                e.type = EntryType::Other;
                break;
        }
        return e;
    }

    Status visit(const Entry& e) {
        if (e.type != EntryType::File) {
            NullStream none;
            if (auto s = visitor_.on_entry(e, none); !s) {
                return fail(with_where(s.error(), policy_.where(e.path)));
            }
            return {};
        }
        // Not following a final symlink: had the file become one since lstat, it is refused.
        auto fd = fs_->open_regular(e.path, /*follow_last=*/false);
        if (!fd) {
            summary_.diagnostics.push_back(
                {Diagnostic::Severity::Warning, fd.error().message, policy_.where(e.path)});
            return {};
        }
        auto content = file_range_stream(std::move(*fd), 0, UINT64_MAX, fs_->where(e.path));
        if (auto s = visitor_.on_entry(e, *content); !s) {
            return fail(with_where(s.error(), policy_.where(e.path)));
        }
        summary_.uncompressed_bytes += e.size;
        return {};
    }

    Status walk_dir(const std::string& rel) {
        auto names = fs_->list(rel);
        if (!names) {
            summary_.diagnostics.push_back(
                {Diagnostic::Severity::Warning, names.error().message, policy_.where(rel)});
            return {};
        }
        for (const auto& n : *names) {
            const std::string child_rel = join_path(rel, n);
            auto st = fs_->lstat(child_rel);
            if (!st) continue;  // vanished while walking
            Entry e = entry_for(child_rel, *st);
            if (e.path.size() > limits_.max_path_length) {
                return fail(ErrorCode::LimitExceeded,
                            "path is " + std::to_string(e.path.size()) +
                                " bytes, over the limit of " +
                                std::to_string(limits_.max_path_length),
                            policy_.where(e.path.substr(0, 64) + "…"));
            }
            if (auto s = policy_.check(e); !s) return s;
            if (auto s = visit(e); !s) return s;
            // Stay on one filesystem, like `find -xdev`: /proc or /sys of a live root are not
            // part of the image.
            if (e.type == EntryType::Directory && st->dev == root_dev_) {
                if (auto s = walk_dir(child_rel); !s) return s;
            }
        }
        return {};
    }

    struct NullStream final : ByteStream {
        Result<std::size_t> read(void*, std::size_t) override { return std::size_t{0}; }
    };

    const LayerRef& layer_;
    LayerVisitor& visitor_;
    const Limits& limits_;
    EntryPolicy policy_;
    LayerSummary& summary_;
    std::optional<RootedFs> fs_;
    std::uint64_t root_dev_ = 0;
};

}  // namespace

std::string_view entry_type_name(EntryType t) {
    switch (t) {
        case EntryType::File:
            return "file";
        case EntryType::Directory:
            return "dir";
        case EntryType::Symlink:
            return "symlink";
        case EntryType::Hardlink:
            return "hardlink";
        case EntryType::CharDevice:
            return "char";
        case EntryType::BlockDevice:
            return "block";
        case EntryType::Fifo:
            return "fifo";
        case EntryType::Other:
            return "other";
    }
    return "other";
}

std::string layer_label(const LayerRef& layer) {
    std::string s = "layer " + std::to_string(layer.index);
    if (!layer.digest.empty()) {
        s += " (" + short_digest(layer.digest) + ")";
    } else if (!layer.diff_id.empty()) {
        s += " (" + short_digest(layer.diff_id) + ")";
    }
    return s;
}

Result<LayerSummary> walk_layer(const LayerRef& layer, LayerVisitor& visitor,
                                const Limits& limits) {
    if (!layer.directory.empty()) {
        LayerSummary summary;
        summary.index = layer.index;
        DirWalker walker(layer, visitor, limits, summary);
        if (auto st = walker.run(); !st) return fail(st.error());
        return summary;
    }
    if (!layer.open) {
        return fail(ErrorCode::Internal, "layer has neither a blob nor a directory",
                    layer_label(layer));
    }
    return walk_tar_layer(layer, visitor, limits);
}

namespace {

// Counts the blob bytes every layer's stream hands out, for WalkBytesProgress.
class ByteCounter {
  public:
    ByteCounter(const WalkBytesProgress& report, std::uint64_t total)
        : report_(report), total_(total) {}

    void add(std::size_t n) {
        std::lock_guard<std::mutex> lock(mutex_);
        done_ += n;
        if (done_ - reported_ >= kStep) flush_locked();
    }
    void flush() {
        std::lock_guard<std::mutex> lock(mutex_);
        if (done_ != reported_) flush_locked();
    }

  private:
    static constexpr std::uint64_t kStep = 1 << 20;
    void flush_locked() {
        reported_ = done_;
        report_(done_, total_);
    }
    const WalkBytesProgress& report_;
    const std::uint64_t total_;
    std::mutex mutex_;
    std::uint64_t done_ = 0;
    std::uint64_t reported_ = 0;
};

class CountingStream final : public ByteStream {
  public:
    CountingStream(std::unique_ptr<ByteStream> inner, ByteCounter& counter)
        : inner_(std::move(inner)), counter_(counter) {}
    Result<std::size_t> read(void* buf, std::size_t size) override {
        auto n = inner_->read(buf, size);
        if (n && *n > 0) counter_.add(*n);
        return n;
    }

  private:
    std::unique_ptr<ByteStream> inner_;
    ByteCounter& counter_;
};

// The layer with its blob read through `counter`.
LayerRef counted(const LayerRef& layer, ByteCounter& counter) {
    LayerRef out = layer;
    if (!layer.open) return out;
    out.open = [open = layer.open, &counter]() -> Result<std::unique_ptr<ByteStream>> {
        auto raw = open();
        if (!raw) return fail(raw.error());
        return std::unique_ptr<ByteStream>(
            std::make_unique<CountingStream>(std::move(*raw), counter));
    };
    return out;
}

std::uint64_t declared_total(const Image& image) {
    std::uint64_t total = 0;
    for (const auto& l : image.layers) {
        if (l.size == 0 && l.open) return 0;  // one unknown size: the total is unknown
        total += l.size;
    }
    return total;
}

}  // namespace

std::vector<Result<LayerSummary>> walk_layers(const Image& image,
                                              const std::vector<LayerVisitor*>& visitors,
                                              const Limits& limits, unsigned jobs,
                                              const WalkProgress& progress,
                                              const WalkBytesProgress& bytes) {
    BERTH_ASSERT(visitors.size() == image.layers.size(), "one visitor per layer");
    const std::size_t n = image.layers.size();
    std::optional<ByteCounter> counter;
    if (bytes) counter.emplace(bytes, declared_total(image));
    std::vector<Result<LayerSummary>> results(n, fail(ErrorCode::Internal, "not walked"));
    if (jobs == 0) jobs = std::max(1U, std::thread::hardware_concurrency());
    std::atomic<std::size_t> next{0};
    std::size_t done = 0;
    std::mutex progress_mutex;
    auto work = [&] {
        for (std::size_t i = next++; i < n; i = next++) {
            // An exception escaping a thread would call std::terminate; the only expected one
            // is std::bad_alloc. Report it as this layer's error instead.
            try {
                results[i] =
                    counter ? walk_layer(counted(image.layers[i], *counter), *visitors[i], limits)
                            : walk_layer(image.layers[i], *visitors[i], limits);
            } catch (const std::exception& e) {
                results[i] =
                    fail(ErrorCode::Internal, std::string("unexpected failure: ") + e.what(),
                         layer_label(image.layers[i]));
            }
            if (progress) {
                std::lock_guard<std::mutex> lock(progress_mutex);
                progress(++done, n);
            }
        }
    };
    const std::size_t threads = std::min<std::size_t>(jobs, n);
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    if (counter) counter->flush();
    return results;
}

}  // namespace berth::image

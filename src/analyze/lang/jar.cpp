// SPDX-License-Identifier: Apache-2.0
// lang/jar: the Maven artifacts in Java archives (.jar .war .ear .par .sar .jpi .hpi), nested
// archives included, after Trivy pkg/dependency/parser/java/jar (its offline mode: berth asks no
// Maven Central search) and syft's java archive cataloger.
//
// An archive is a zip file: read with libarchive's seekable zip reader over the walker's spool
// (random access: the central directory is at the end). Per archive:
//   1. every pom.properties with group, artifact and version is a package (shaded/fat jars list
//      each bundled artifact; anywhere in the archive, as Trivy reads them: shading tools move
//      them out of META-INF/maven/);
//   2. the archive's own identity is the pom.properties whose artifact and version match the
//      file name (Trivy; also GROUP.ARTIFACT-VERSION.jar, Quarkus' naming), or the only one; else,
//      with no pom.properties of its own, the only META-INF/maven/**/pom.xml, then
//      META-INF/MANIFEST.MF (lang/java_meta.hpp), then the file name (artifact and version only:
//      the group is unknown offline);
//   3. nested archives are read the same way, located as OUTER!/ENTRY
//      (opt/app.war!/WEB-INF/lib/log4j-1.2.17.jar), at most kMaxDepth deep.
// Example: opt/app.war holding WEB-INF/lib/slf4j-api-1.7.30.jar
//     → pkg:maven/org.slf4j/slf4j-api@1.7.30 at opt/app.war!/WEB-INF/lib/slf4j-api-1.7.30.jar
//
// Bounded: the entry count is read from the end-of-central-directory record before libarchive
// indexes the archive (at most kMaxEntries); metadata files are read to 1 MiB, nested archives to
// 32 MiB (held in memory while read), and at most 256 MiB are inflated per top-level archive in
// all (a zip bomb stops there). Each cut is a warning naming the archive path; the packages found
// so far are kept. Nested entries named with ".." segments or absolute paths are skipped.
#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/lang/java_meta.hpp"
#include "analyze/lang/lang_util.hpp"
#include "analyze/plugins.hpp"

namespace berth::analyze {
namespace {

// libarchive's message for the last error; it may have none (NULL), as fuzzed zips showed.
std::string archive_why(struct archive* a) {
    const char* msg = archive_error_string(a);
    return msg != nullptr ? msg : "unknown error";
}

constexpr std::string_view kName = "lang/jar";
constexpr std::size_t kMaxDepth = 4;                          // archives inside the top-level one
constexpr std::size_t kMaxMetaBytes = std::size_t{1} << 20U;  // pom.properties, pom.xml, MANIFEST
constexpr std::size_t kMaxNestedBytes = std::size_t{32} << 20U;    // one nested archive, inflated
constexpr std::uint64_t kMaxInflated = std::uint64_t{256} << 20U;  // per top-level archive
constexpr std::uint64_t kMaxEntries = 200'000;                     // per archive

constexpr std::array<std::string_view, 7> kExtensions = {".jar", ".war", ".ear", ".par",
                                                         ".sar", ".jpi", ".hpi"};

bool archive_name(std::string_view path) {
    return std::any_of(kExtensions.begin(), kExtensions.end(),
                       [&](std::string_view e) { return lang::iends_with(path, e); });
}

bool unsafe_name(std::string_view name) {
    return name.starts_with("/") || name == ".." || name.starts_with("../") ||
           name.find("/../") != std::string_view::npos || name.ends_with("/..");
}

// The entry count of the end-of-central-directory record (zip64 too); nullopt when there is
// none in the last 64 KiB (not a zip file, or cut off).
std::optional<std::uint64_t> zip_entry_count(const RandomAccessFile& f) {
    const std::uint64_t tail = std::min<std::uint64_t>(f.size(), 65'557);
    auto bytes = f.read_at(f.size() - tail, static_cast<std::size_t>(tail));
    if (!bytes) return std::nullopt;
    const auto eocd = bytes->rfind(std::string_view("PK\x05\x06", 4));
    if (eocd == std::string::npos || eocd + 22 > bytes->size()) return std::nullopt;
    const auto u = [&](std::size_t at, std::size_t width) {
        std::uint64_t v = 0;
        for (std::size_t i = width; i-- > 0;)
            v = (v << 8U) | static_cast<unsigned char>((*bytes)[at + i]);
        return v;
    };
    const std::uint64_t count = u(eocd + 10, 2);
    if (count != 0xffff || eocd < 20) return count;
    // Zip64: the locator just before the record gives the zip64 end record's offset.
    if (std::string_view(*bytes).substr(eocd - 20, 4) != std::string_view("PK\x06\x07", 4))
        return count;
    auto rec = f.read_at(u(eocd - 20 + 8, 8), 56);
    if (!rec || rec->size() < 56 || !rec->starts_with(std::string_view("PK\x06\x06", 4)))
        return std::nullopt;
    std::uint64_t v = 0;
    for (std::size_t i = 8; i-- > 0;) v = (v << 8U) | static_cast<unsigned char>((*rec)[32 + i]);
    return v;
}

// libarchive reading a RandomAccessFile.
struct Source {
    const RandomAccessFile& file;
    std::uint64_t pos = 0;
    std::string buf;
};

la_ssize_t on_read(struct archive* a, void* client, const void** out) {
    auto* s = static_cast<Source*>(client);
    auto bytes = s->file.read_at(s->pos, 64U << 10U);
    if (!bytes) {
        archive_set_error(a, EIO, "%s", bytes.error().message.c_str());
        return ARCHIVE_FATAL;
    }
    s->buf = std::move(*bytes);
    s->pos += s->buf.size();
    *out = s->buf.data();
    return static_cast<la_ssize_t>(s->buf.size());
}

la_int64_t on_seek(struct archive* /*a*/, void* client, la_int64_t offset, int whence) {
    auto* s = static_cast<Source*>(client);
    const auto size = static_cast<la_int64_t>(s->file.size());
    const la_int64_t base =
        whence == SEEK_SET ? 0 : (whence == SEEK_CUR ? static_cast<la_int64_t>(s->pos) : size);
    const la_int64_t to = base + offset;
    if (to < 0) return ARCHIVE_FATAL;
    s->pos = static_cast<std::uint64_t>(to);
    return to;
}

la_int64_t on_skip(struct archive* /*a*/, void* client, la_int64_t request) {
    auto* s = static_cast<Source*>(client);
    const auto left = static_cast<la_int64_t>(s->file.size() - std::min(s->pos, s->file.size()));
    const la_int64_t n = std::max<la_int64_t>(0, std::min(request, left));
    s->pos += static_cast<std::uint64_t>(n);
    return n;
}

using ArchivePtr = std::unique_ptr<struct archive, int (*)(struct archive*)>;

// What one archive holds about identities, before they are decided.
struct Found {
    std::vector<lang::MavenCoordinates> properties;  // complete and distinct
    std::vector<lang::MavenCoordinates> poms;
    lang::MavenCoordinates manifest;
};

// One top-level archive being read: the packages found and what was spent.
class Walk {
  public:
    explicit Walk(LayerAnalysis& out) : out_(out) {}

    void read(const RandomAccessFile& file, const std::string& path, std::size_t depth);
    std::vector<sbom::Package> take() { return std::move(packages_); }

  private:
    bool entries(struct archive* a, const std::string& path, std::size_t depth, Found& found);
    void nested(struct archive* a, struct archive_entry* e, const std::string& path,
                std::size_t depth);
    Result<std::string> data(struct archive* a, std::size_t cap, const std::string& where);
    void decide(const Found& found, const std::string& path, bool whole);
    void add(const lang::MavenCoordinates& c, const std::string& path);
    void warn(std::string message, std::string where) {
        out_.diagnostics.push_back(lang::warning(kName, std::move(message), std::move(where)));
    }

    LayerAnalysis& out_;
    std::vector<sbom::Package> packages_;
    std::uint64_t inflated_ = 0;
    bool depth_noted_ = false;
};

void Walk::read(const RandomAccessFile& file, const std::string& path, std::size_t depth) {
    const auto count = zip_entry_count(file);
    if (!count) {
        warn("not a zip archive, or cut off (no end of central directory record)", path);
        return;
    }
    if (*count > kMaxEntries) {
        warn(std::to_string(*count) + " entries, more than " + std::to_string(kMaxEntries) +
                 ": not read",
             path);
        return;
    }
    ArchivePtr a(archive_read_new(), archive_read_free);
    Source source{file, 0, {}};
    archive_read_support_format_zip_seekable(a.get());
    archive_read_set_read_callback(a.get(), on_read);
    archive_read_set_seek_callback(a.get(), on_seek);
    archive_read_set_skip_callback(a.get(), on_skip);
    archive_read_set_callback_data(a.get(), &source);
    if (archive_read_open1(a.get()) != ARCHIVE_OK) {
        warn(std::string("not a readable zip archive: ") + archive_why(a.get()), path);
        return;
    }
    Found found;
    const bool whole = entries(a.get(), path, depth, found);
    decide(found, path, whole);
}

// Reads the entries of an open archive; false when reading stopped before the end (a warning
// says why).
bool Walk::entries(struct archive* a, const std::string& path, std::size_t depth, Found& found) {
    struct archive_entry* e = nullptr;
    for (;;) {
        const int rc = archive_read_next_header(a, &e);
        if (rc == ARCHIVE_EOF) return true;
        if (rc < ARCHIVE_WARN) {
            warn(std::string("zip archive unreadable: ") + archive_why(a), path);
            return false;
        }
        const char* raw = archive_entry_pathname(e);
        if (raw == nullptr || archive_entry_filetype(e) != AE_IFREG) continue;
        const std::string_view name(raw);
        const std::string where = path + "!/" + std::string(name);
        const std::string_view base = lang::base_name(name);
        // pom.properties anywhere (as Trivy: shading tools move them); pom.xml only where
        // maven-archiver writes it.
        const bool pom_xml = base == "pom.xml" && name.starts_with("META-INF/maven/");
        if (base == "pom.properties" || pom_xml || name == "META-INF/MANIFEST.MF") {
            auto text = data(a, kMaxMetaBytes, where);
            if (!text) {
                warn(text.error().message, where);
                if (text.error().code == ErrorCode::LimitExceeded && inflated_ > kMaxInflated)
                    return false;
                continue;
            }
            if (base == "pom.properties") {
                auto c = lang::parse_pom_properties(*text);
                const bool dup = std::any_of(
                    found.properties.begin(), found.properties.end(), [&](const auto& p) {
                        return p.group == c.group && p.artifact == c.artifact &&
                               p.version == c.version;
                    });
                if (c.complete() && !dup) found.properties.push_back(std::move(c));
            } else if (base == "pom.xml") {
                found.poms.push_back(lang::parse_pom_xml(*text));
            } else {
                found.manifest = lang::parse_manifest(*text);
            }
        } else if (archive_name(name)) {
            nested(a, e, path, depth);
            if (inflated_ > kMaxInflated) return false;
        }
    }
}

void Walk::nested(struct archive* a, struct archive_entry* e, const std::string& path,
                  std::size_t depth) {
    const std::string name = archive_entry_pathname(e);
    const std::string where = path + "!/" + name;
    if (unsafe_name(name)) {
        warn("nested archive with an unsafe name (absolute or \"..\"): not read", where);
        return;
    }
    if (depth + 1 > kMaxDepth) {
        if (!depth_noted_) {
            warn("archives nested more than " + std::to_string(kMaxDepth) +
                     " deep: the deeper ones are not read",
                 where);
        }
        depth_noted_ = true;
        return;
    }
    if (archive_entry_size_is_set(e) != 0 &&
        static_cast<std::uint64_t>(archive_entry_size(e)) > kMaxNestedBytes) {
        warn("nested archive larger than " + std::to_string(kMaxNestedBytes >> 20U) +
                 " MiB: not read",
             where);
        return;
    }
    auto bytes = data(a, kMaxNestedBytes, where);
    if (!bytes) {
        warn(bytes.error().message, where);
        return;
    }
    const auto inner = memory_file(std::move(*bytes));
    read(*inner, where, depth + 1);
}

// The current entry's bytes, at most `cap` (LimitExceeded past it, or past the walk's budget).
Result<std::string> Walk::data(struct archive* a, std::size_t cap, const std::string& where) {
    std::string out;
    std::array<char, 64U << 10U> chunk{};
    for (;;) {
        const la_ssize_t n = archive_read_data(a, chunk.data(), chunk.size());
        if (n == 0) return out;
        if (n < 0) {
            return fail(ErrorCode::Format, std::string("zip entry unreadable: ") + archive_why(a),
                        where);
        }
        inflated_ += static_cast<std::uint64_t>(n);
        if (inflated_ > kMaxInflated) {
            return fail(ErrorCode::LimitExceeded,
                        "more than " + std::to_string(kMaxInflated >> 20U) +
                            " MiB inflated from one archive (a zip bomb?): the rest is not read",
                        where);
        }
        if (static_cast<std::size_t>(n) > cap - out.size()) {
            return fail(ErrorCode::LimitExceeded,
                        "entry larger than " + std::to_string(cap >> 20U) + " MiB: not read",
                        where);
        }
        out.append(chunk.data(), static_cast<std::size_t>(n));
    }
}

// Lists the archive's bundled artifacts and decides its own identity (see the header). When
// reading stopped early (`whole` false) only what was found is listed: the archive's own
// pom.properties may be among the entries not read, so no fallback identity is guessed.
void Walk::decide(const Found& found, const std::string& path, bool whole) {
    const lang::MavenCoordinates file = lang::parse_jar_file_name(lang::base_name(path));
    bool own = found.properties.size() == 1;
    for (const auto& p : found.properties) {
        add(p, path);
        // Quarkus names its libraries GROUP.ARTIFACT-VERSION.jar (lib/main/): the same jar.
        const bool named =
            file.artifact == p.artifact || file.artifact == p.group + "." + p.artifact;
        if (!file.artifact.empty() && named && p.version == file.version) own = true;
    }
    if (own || !whole) return;
    if (found.properties.empty() && found.poms.size() == 1 && found.poms[0].complete()) {
        add(found.poms[0], path);
    } else if (found.manifest.complete()) {
        add(found.manifest, path);
    } else if (!file.artifact.empty()) {
        add(file, path);
    }
}

void Walk::add(const lang::MavenCoordinates& c, const std::string& path) {
    const bool seen = std::any_of(packages_.begin(), packages_.end(), [&](const sbom::Package& p) {
        return p.purl_namespace == c.group && p.name == c.artifact && p.version == c.version &&
               p.location.path == path;
    });
    if (!seen)
        packages_.push_back(lang::make_package("maven", c.group, c.artifact, c.version, path));
}

class Jar final : public Analyzer {
  public:
    [[nodiscard]] std::string_view name() const override { return kName; }
    [[nodiscard]] int version() const override { return 1; }
    [[nodiscard]] bool needs_random_access() const override { return true; }

    [[nodiscard]] bool required(std::string_view path, const FileInfo& info) const override {
        return info.type == image::EntryType::File && archive_name(path);
    }

    Status analyze(const AnalysisInput& input, LayerAnalysis& out) const override {
        if (input.random == nullptr) {
            return fail(ErrorCode::Internal, "lang/jar needs random access", input.path);
        }
        Walk walk(out);
        walk.read(*input.random, input.path, 0);
        auto packages = walk.take();
        if (packages.size() > input.max_packages) {
            return fail(too_many_packages(input.max_packages, input.path));
        }
        // Pushed even when empty: this snapshot of the path replaces an older one.
        out.package_dbs.push_back(PackageDb{std::string(kName), input.path, std::move(packages)});
        return {};
    }
};

}  // namespace

std::unique_ptr<Analyzer> make_jar() {
    return std::make_unique<Jar>();
}

}  // namespace berth::analyze

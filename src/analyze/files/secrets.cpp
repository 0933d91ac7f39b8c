// SPDX-License-Identifier: Apache-2.0
// files/secrets: secrets in file contents (src/secret/engine.hpp), in every layer. The merge keeps
// findings of files a later layer deleted or replaced (sbom::SecretFinding::removed_later): the
// bytes are still in the image.
//
//   layer 1  app/.env  "AWS_SECRET_ACCESS_KEY=…" then layer 2 `rm app/.env`
//     → SecretFinding{rule "aws-secret-access-key", line 1, match "AWS_…=wJal****…",
//                     location {path "app/.env", layer_introduced 1}, removed_later true}
//
// What is not read (docs/secrets.md lists it): files over 10 MiB; empty files; well-known
// locations that hold documentation, translations, time zones, terminal and font data, and the
// package managers' own databases (var/lib/dpkg, var/lib/rpm, var/lib/apk: checksums, not
// secrets); media, archive, compiled-object and font extensions. Binary files (a NUL in the first
// 8 KiB) are opened and dropped after the first chunk. Paths are never skipped for words such as
// `test` or `example`.
#include "analyze/files/secrets.hpp"

#include <array>
#include <string>
#include <string_view>

#include "analyze/plugins.hpp"

namespace berth::analyze {
namespace {

constexpr std::uint64_t kMaxSize = 10ULL << 20U;

constexpr std::array<std::string_view, 17> kSkipPrefixes = {
    "usr/share/doc/",   "usr/share/man/",      "usr/share/info/",     "usr/share/locale/",
    "usr/share/i18n/",  "usr/share/zoneinfo/", "usr/share/terminfo/", "usr/share/fonts/",
    "usr/share/icons/", "usr/share/mime/",     "usr/lib/locale/",     "usr/share/X11/locale/",
    "lib/terminfo/",    "var/lib/dpkg/",       "var/lib/rpm/",        "var/lib/apk/",
    "lib/apk/db/",
};

constexpr std::array<std::string_view, 46> kSkipExtensions = {
    ".mo",   ".gmo",  ".png",  ".jpg",   ".jpeg", ".gif",   ".ico", ".webp", ".bmp",   ".tif",
    ".tiff", ".svgz", ".woff", ".woff2", ".ttf",  ".otf",   ".eot", ".pcf",  ".mp3",   ".mp4",
    ".wav",  ".ogg",  ".avi",  ".mkv",   ".zip",  ".gz",    ".tgz", ".bz2",  ".xz",    ".zst",
    ".7z",   ".jar",  ".war",  ".whl",   ".so",   ".a",     ".o",   ".pyc",  ".class", ".dll",
    ".exe",  ".pdf",  ".deb",  ".rpm",   ".iso",  ".qcow2",
};

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

class Secrets final : public Analyzer {
  public:
    explicit Secrets(std::shared_ptr<const secret::Engine> engine) : engine_(std::move(engine)) {}
    [[nodiscard]] std::string_view name() const override { return kSecretsAnalyzer; }
    [[nodiscard]] int version() const override { return 1; }
    [[nodiscard]] std::string cache_salt() const override {
        return engine_ ? engine_->fingerprint() : std::string();
    }
    [[nodiscard]] bool required(std::string_view path, const FileInfo& info) const override {
        if (info.type != image::EntryType::File || info.size == 0 || info.size > kMaxSize) {
            return false;
        }
        for (auto p : kSkipPrefixes) {
            if (path.starts_with(p)) return false;
        }
        for (auto e : kSkipExtensions) {
            if (ends_with(path, e)) return false;
        }
        return path.find(".so.") == std::string_view::npos;  // libfoo.so.1.2
    }
    Status analyze(const AnalysisInput& input, LayerAnalysis& out) const override {
        const secret::Engine& engine = engine_ ? *engine_ : *secret::Engine::builtin();
        std::vector<secret::Finding> found;
        auto scanned = engine.scan(input.path, input.content, found);
        if (!scanned) return fail(scanned.error());
        for (auto& f : found) {
            sbom::SecretFinding s;
            s.rule_id = std::move(f.rule_id);
            s.category = std::move(f.category);
            s.line = f.line;
            s.match = std::move(f.match);
            s.location.path = input.path;
            out.secrets.push_back(std::move(s));
        }
        return {};
    }

  private:
    std::shared_ptr<const secret::Engine> engine_;  // null = the built-in rules, compiled lazily
};

}  // namespace

std::unique_ptr<Analyzer> make_secrets() {
    return std::make_unique<Secrets>(nullptr);
}

std::unique_ptr<Analyzer> make_secrets(std::shared_ptr<const secret::Engine> engine) {
    return std::make_unique<Secrets>(std::move(engine));
}

}  // namespace berth::analyze

// SPDX-License-Identifier: Apache-2.0
// files/pkg_cache: files of package-manager caches left in an image (after dockle DKL-DI-0005
// "Clear apt-get caches" and hadolint DL3009/DL3019/DL3032/DL3042/DL3060, which judge the
// Dockerfile instead). One finding per cached file, so the merge drops the ones a later layer
// deletes; the image check (imagecheck IC007) adds them up per cache directory. `detail` is that
// directory. Decided from the path and header alone; no byte is read.
//
//   cache directory                          files counted            kind
//   var/lib/apt/lists                        all but lock             apt-lists
//   var/cache/apt/archives                   *.deb                    apt-archives
//   var/cache/apt                            *.bin (pkgcache.bin)     apt-cache
//   var/cache/apk                            all                      apk
//   var/cache/yum, var/cache/dnf             all                      yum, dnf
//   root/.cache/pip, home/USER/.cache/pip    all                      pip
//   root/.npm/_cacache, home/USER/.npm/_cacache  all                  npm
//
//   var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4 (9 MB)
//     → FileFinding{analyzer "files/pkg_cache", kind "apt-lists", detail "var/lib/apt/lists",
//                   size 9000000, location.path "var/lib/apt/lists/deb…Packages.lz4"}
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "analyze/files/file_mode.hpp"
#include "analyze/plugins.hpp"

namespace berth::analyze {
namespace {

constexpr std::string_view kName = "files/pkg_cache";

struct Cache {
    std::string_view dir;     ///< with trailing '/'; for home caches, the part after home/USER/
    std::string_view suffix;  ///< files must end with it; "" = any
    std::string_view kind;
};

constexpr std::array<Cache, 6> kSystem{{
    {"var/lib/apt/lists/", "", "apt-lists"},
    {"var/cache/apt/archives/", ".deb", "apt-archives"},
    {"var/cache/apt/", ".bin", "apt-cache"},
    {"var/cache/apk/", "", "apk"},
    {"var/cache/yum/", "", "yum"},
    {"var/cache/dnf/", "", "dnf"},
}};

constexpr std::array<Cache, 2> kHome{{
    {".cache/pip/", "", "pip"},
    {".npm/_cacache/", "", "npm"},
}};

struct Match {
    const Cache* cache = nullptr;
    std::size_t dir_length = 0;  ///< length of the cache directory in the path, without '/'
};

Match home_cache(std::string_view path, std::size_t home_length) {
    const std::string_view rest = path.substr(home_length);
    for (const Cache& c : kHome) {
        if (rest.starts_with(c.dir) && rest.size() > c.dir.size())
            return {&c, home_length + c.dir.size() - 1};
    }
    return {};
}

// The cache a path belongs to; no allocation (required() is the hot path).
Match match(std::string_view path) {
    if (path.starts_with("root/")) return home_cache(path, 5);
    if (path.starts_with("home/")) {
        const auto slash = path.find('/', 5);
        return slash == std::string_view::npos ? Match{} : home_cache(path, slash + 1);
    }
    for (const Cache& c : kSystem) {
        if (!path.starts_with(c.dir) || !path.ends_with(c.suffix)) continue;
        if (path.size() == c.dir.size()) continue;
        if (c.kind == "apt-lists" && path == "var/lib/apt/lists/lock") return {};
        if (c.kind == "apt-cache" && path.find('/', c.dir.size()) != std::string_view::npos)
            continue;  // var/cache/apt/archives/… without .deb: partial/, lock
        return {&c, c.dir.size() - 1};
    }
    return {};
}

class PkgCache final : public Analyzer {
  public:
    [[nodiscard]] std::string_view name() const override { return kName; }
    [[nodiscard]] int version() const override { return 1; }
    [[nodiscard]] bool required(std::string_view path, const FileInfo& info) const override {
        return info.type == image::EntryType::File && match(path).cache != nullptr;
    }
    Status analyze(const AnalysisInput& input, LayerAnalysis& out) const override {
        const Match m = match(input.path);
        if (m.cache == nullptr) return {};
        out.file_findings.push_back(header_finding(kName, std::string(m.cache->kind),
                                                   input.path.substr(0, m.dir_length), input));
        return {};
    }
};

}  // namespace

std::unique_ptr<Analyzer> make_pkg_cache() {
    return std::make_unique<PkgCache>();
}

}  // namespace berth::analyze

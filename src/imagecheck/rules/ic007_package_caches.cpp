// SPDX-License-Identifier: Apache-2.0
// IC007 (dockle DKL-DI-0005, hadolint DL3009/DL3019/DL3042): no package-manager caches left in
// the image. The files/pkg_cache findings (one per cached file still present after the merge)
// are added up per cache directory and layer:
//   var/lib/apt/lists  (layer sha256:…, RUN apt-get update && apt-get install -y curl)
//     "12 files, 18.3 MiB"
#include <map>
#include <tuple>

#include "imagecheck/rules/rules.hpp"
#include "imagecheck/support.hpp"

namespace berth::imagecheck {
namespace {

constexpr Reference kRefs[] = {{"dockle", "DKL-DI-0005"},
                               {"hadolint", "DL3009"},
                               {"hadolint", "DL3019"},
                               {"hadolint", "DL3042"}};
constexpr check::RuleInfo kInfo{
    .id = "image/IC007",
    .title = "Remove package-manager caches",
    .severity = Severity::Low,
    .description =
        "Package indexes and downloaded packages (apt lists and archives, apk, yum and dnf "
        "caches, pip and npm caches) make the image bigger and slower to pull, and are stale "
        "the day after the build.",
    .remediation =
        "Clean up in the same RUN that installs: `rm -rf /var/lib/apt/lists/*`, "
        "`apk add --no-cache`, `dnf clean all`, `pip install --no-cache-dir`, `npm cache "
        "clean --force`, or use a cache mount (`RUN --mount=type=cache`).",
    .references = kRefs,
};

struct Total {
    std::size_t files = 0;
    std::uint64_t bytes = 0;
    check::Location where;
};

void evaluate(const Context& ctx, check::RuleResult& out) {
    std::map<std::tuple<std::string, std::string>, Total> dirs;  // (directory, layer)
    for (const auto* f : findings_of(ctx.inventory, "files/pkg_cache")) {
        check::Location l = file_location(*f);
        Total& t = dirs[{f->detail, l.layer}];
        if (t.files == 0) {
            t.where = std::move(l);
            t.where.path = f->detail;
        }
        ++t.files;
        t.bytes += f->size;
    }
    if (dirs.empty()) return;
    std::uint64_t bytes = 0;
    for (auto& [key, t] : dirs) {
        t.where.object =
            std::to_string(t.files) + (t.files == 1 ? " file, " : " files, ") + human_size(t.bytes);
        bytes += t.bytes;
        out.locations.push_back(std::move(t.where));
    }
    out.message = std::to_string(dirs.size()) + " package-manager cache" +
                  (dirs.size() == 1 ? "" : "s") + " left behind (" + human_size(bytes) + ")";
}

}  // namespace

Rule make_ic007_package_caches() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::imagecheck

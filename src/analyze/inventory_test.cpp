// SPDX-License-Identifier: Apache-2.0
// The merge on hand-made layer records: which database snapshot is current after whiteouts,
// which layer introduced and last changed each package, owned files, deletion flags; and the
// layer cache round trip.
#include "analyze/inventory.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "test_support.hpp"

namespace berth::analyze {
namespace {

sbom::Package deb(const std::string& name, const std::string& version, std::uint64_t size = 1,
                  std::vector<std::string> files = {}) {
    sbom::Package p;
    p.type = "deb";
    p.name = name;
    p.version = version;
    p.arch = "amd64";
    p.installed_size = size;
    p.files = std::move(files);
    return p;
}

LayerRecord status_layer(std::vector<sbom::Package> pkgs,
                         const std::string& path = "var/lib/dpkg/status") {
    LayerRecord r;
    r.analysis.package_dbs.push_back({"pkgdb/dpkg", path, std::move(pkgs)});
    return r;
}

LayerRecord deletions(std::vector<std::string> whiteouts, std::vector<std::string> opaque = {}) {
    LayerRecord r;
    r.whiteouts = std::move(whiteouts);
    r.opaque_dirs = std::move(opaque);
    return r;
}

image::Image image_with(std::size_t layers) {
    image::Image img;
    for (std::size_t i = 0; i < layers; ++i) {
        image::LayerRef l;
        l.index = i;
        l.diff_id = sha256_of("layer" + std::to_string(i));
        img.layers.push_back(l);
    }
    return img;
}

// name → (introduced, changed, whited_out)
struct Want {
    std::string name;
    std::string version;
    std::size_t introduced;
    std::size_t changed;
    bool whited_out;
    friend bool operator==(const Want&, const Want&) = default;
};

void PrintTo(const Want& w, std::ostream* os) {
    *os << w.name << "@" << w.version << " introduced=" << w.introduced << " changed=" << w.changed
        << (w.whited_out ? " whited-out" : "");
}

std::vector<Want> summarize(const sbom::Inventory& inv) {
    std::vector<Want> out;
    for (const auto& p : inv.packages) {
        out.push_back({p.name, p.version, p.location.layer_introduced, p.location.layer_changed,
                       p.files_whited_out});
    }
    return out;
}

struct MergeCase {
    std::string name;
    std::vector<LayerRecord> layers;
    std::vector<Want> want;
};

std::vector<MergeCase> merge_cases() {
    return {
        {"single_layer",
         {status_layer({deb("a", "1.0"), deb("b", "2.0")})},
         {{"a", "1.0", 0, 0, false}, {"b", "2.0", 0, 0, false}}},
        {"upgrade_and_install_in_later_layer",
         {status_layer({deb("a", "1.0"), deb("b", "1.0")}),
          status_layer({deb("a", "1.0"), deb("b", "2.0"), deb("c", "1.0")})},
         {{"a", "1.0", 0, 0, false}, {"b", "2.0", 1, 1, false}, {"c", "1.0", 1, 1, false}}},
        {"record_changed_without_version_change",
         {status_layer({deb("a", "1.0", 10)}), status_layer({deb("a", "1.0", 10)}),
          status_layer({deb("a", "1.0", 12)}), status_layer({deb("a", "1.0", 12)})},
         {{"a", "1.0", 0, 2, false}}},
        {"removed_by_package_manager",
         {status_layer({deb("a", "1.0"), deb("b", "1.0")}), status_layer({deb("a", "1.0")})},
         {{"a", "1.0", 0, 0, false}}},
        {"downgrade_then_back_counts_from_last_change",
         {status_layer({deb("a", "1.0")}), status_layer({deb("a", "2.0")}),
          status_layer({deb("a", "1.0")})},
         {{"a", "1.0", 2, 2, false}}},
        {"database_whited_out",
         {status_layer({deb("a", "1.0")}), deletions({"var/lib/dpkg/status"})},
         {}},
        {"database_dir_whited_out",
         {status_layer({deb("a", "1.0")}), deletions({"var/lib/dpkg"})},
         {}},
        {"database_dir_made_opaque",
         {status_layer({deb("a", "1.0")}), deletions({}, {"var/lib/dpkg"})},
         {}},
        {"database_rewritten_after_whiteout",
         {status_layer({deb("a", "1.0")}), deletions({"var/lib/dpkg/status"}),
          status_layer({deb("b", "1.0")})},
         {{"b", "1.0", 2, 2, false}}},
        {"file_whited_out_flags_package",
         {status_layer({deb("curl", "7.88", 1, {"usr/bin/curl", "usr/share/doc/curl/copyright"})}),
          deletions({"usr/bin/curl"})},
         {{"curl", "7.88", 0, 0, true}}},
        {"parent_dir_whited_out_flags_package",
         {status_layer({deb("curl", "7.88", 1, {"usr/share/doc/curl/copyright"})}),
          deletions({"usr/share/doc"})},
         {{"curl", "7.88", 0, 0, true}}},
        {"deletion_before_install_does_not_flag",
         {deletions({"usr/bin/curl"}), status_layer({deb("curl", "7.88", 1, {"usr/bin/curl"})})},
         {{"curl", "7.88", 1, 1, false}}},
        {"deleted_between_snapshots_restarts",
         {status_layer({deb("a", "1.0")}), deletions({"var/lib/dpkg/status"}),
          status_layer({deb("a", "1.0")})},
         {{"a", "1.0", 2, 2, false}}},
        {"opaque_parent_between_snapshots_restarts",
         {status_layer({deb("a", "1.0")}), deletions({}, {"var/lib"}),
          status_layer({deb("a", "1.0")})},
         {{"a", "1.0", 2, 2, false}}},
        {"same_name_several_versions_like_rpm_kernels",
         {status_layer({deb("kernel", "5.14-1")}),
          status_layer({deb("kernel", "5.14-1"), deb("kernel", "5.14-2")})},
         {{"kernel", "5.14-1", 0, 0, false}, {"kernel", "5.14-2", 1, 1, false}}},
        {"status_d_files_attributed_separately",
         {status_layer({deb("base-files", "12.4")}, "var/lib/dpkg/status.d/base"),
          status_layer({deb("libc6", "2.36")}, "var/lib/dpkg/status.d/libc6")},
         {{"base-files", "12.4", 0, 0, false}, {"libc6", "2.36", 1, 1, false}}},
        {"status_d_file_whited_out",
         {status_layer({deb("base-files", "12.4")}, "var/lib/dpkg/status.d/base"),
          status_layer({deb("libc6", "2.36")}, "var/lib/dpkg/status.d/libc6"),
          deletions({"var/lib/dpkg/status.d/base"})},
         {{"libc6", "2.36", 1, 1, false}}},
    };
}

class Merge : public ::testing::TestWithParam<MergeCase> {};

TEST_P(Merge, AttributesLayers) {
    const auto& c = GetParam();
    auto inv = merge_layers(image_with(c.layers.size()), c.layers);
    EXPECT_EQ(summarize(inv), c.want);
}

INSTANTIATE_TEST_SUITE_P(Table, Merge, ::testing::ValuesIn(merge_cases()),
                         [](const ::testing::TestParamInfo<MergeCase>& p) { return p.param.name; });

TEST(Merge, LayerDigestsAndOwnedFiles) {
    std::vector<LayerRecord> layers{status_layer({deb("bash", "5.2")}),
                                    status_layer({deb("bash", "5.2")})};
    layers[0].analysis.owned_files.push_back({"pkgdb/dpkg",
                                              "bash:amd64",
                                              "var/lib/dpkg/info/bash:amd64.list",
                                              {"bin/bash", "usr/share/doc/bash/copyright"}});
    layers.push_back(deletions({"bin/bash"}));
    auto img = image_with(3);
    auto inv = merge_layers(img, layers);
    ASSERT_EQ(inv.packages.size(), 1U);
    const auto& p = inv.packages[0];
    EXPECT_EQ(p.location.layer_diff_id, img.layers[0].diff_id);
    EXPECT_EQ(p.location.path, "var/lib/dpkg/status");
    EXPECT_EQ(p.files, (std::vector<std::string>{"bin/bash", "usr/share/doc/bash/copyright"}));
    EXPECT_TRUE(p.files_whited_out);
}

TEST(Merge, OsFromTheFinalFiles) {
    LayerRecord l0;
    l0.analysis.os_releases.push_back(
        {"etc/os-release",
         {"debian", "12", "bookworm", "Debian GNU/Linux 12", "", "etc/os-release"}});
    LayerRecord l1;
    l1.analysis.os_releases.push_back(
        {"etc/os-release", {"alpine", "3.19.1", "", "Alpine Linux", "", "etc/os-release"}});
    auto inv = merge_layers(image_with(2), {l0, l1});
    ASSERT_TRUE(inv.os.has_value());
    EXPECT_EQ(inv.os->id, "alpine");
    auto gone = merge_layers(image_with(3), {l0, l1, deletions({"etc/os-release"})});
    EXPECT_FALSE(gone.os.has_value());
}

TEST(LayerCache, RoundTripAndMisses) {
    auto dir = test::temp_dir("berth-cache");
    LayerCache cache(dir, "format=1,pkgdb/dpkg@1");
    LayerRecord rec = status_layer({deb("a", "1:1.0-1", 42, {"usr/bin/a"})});
    rec.analysis.package_dbs[0].packages[0].epoch = "1";
    rec.analysis.os_releases.push_back(
        {"etc/os-release", {"debian", "12", "bookworm", "Debian", "", "etc/os-release"}});
    rec.whiteouts = {"etc/motd"};
    rec.opaque_dirs = {"opt/app"};
    rec.summary.entries = 7;
    rec.summary.compression = image::Compression::Zstd;
    rec.summary.diagnostics.push_back({Diagnostic::Severity::Warning, "trailer", "layer 0"});
    const Digest id = sha256_of("x");
    EXPECT_FALSE(cache.load(id).has_value());
    ASSERT_TRUE(cache.store(id, rec).has_value());
    auto got = cache.load(id);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->whiteouts, rec.whiteouts);
    EXPECT_EQ(got->opaque_dirs, rec.opaque_dirs);
    EXPECT_EQ(got->summary.entries, 7U);
    EXPECT_EQ(got->summary.compression, image::Compression::Zstd);
    ASSERT_EQ(got->summary.diagnostics.size(), 1U);
    ASSERT_EQ(got->analysis.package_dbs.size(), 1U);
    const auto& p = got->analysis.package_dbs[0].packages[0];
    EXPECT_EQ(p.version, "1:1.0-1");
    EXPECT_EQ(p.epoch, "1");
    EXPECT_EQ(p.installed_size, 42U);
    EXPECT_EQ(p.files, (std::vector<std::string>{"usr/bin/a"}));
    EXPECT_EQ(got->analysis.os_releases.at(0).info.version_codename, "bookworm");

    // Another analyzer set or version is another key: a miss, never a stale hit.
    LayerCache other(dir, "format=1,pkgdb/dpkg@2");
    EXPECT_FALSE(other.load(id).has_value());
    // A damaged entry is a miss.
    for (const auto& f : std::filesystem::recursive_directory_iterator(dir)) {
        if (f.is_regular_file())
            std::ofstream(f.path(), std::ios::trunc) << "{\"format\": 1, \"diff";
    }
    EXPECT_FALSE(cache.load(id).has_value());
}

sbom::FileFinding setuid_finding(const std::string& path) {
    sbom::FileFinding f;
    f.analyzer = "files/setuid";
    f.kind = "setuid";
    f.detail = "setuid uid 0 (mode 4755)";
    f.mode = 04755;
    f.location.path = path;
    return f;
}

LayerRecord findings_layer(std::vector<std::string> paths, std::vector<std::string> written = {}) {
    LayerRecord r;
    for (const auto& p : paths) {
        r.analysis.file_findings.push_back(setuid_finding(p));
        r.written.push_back(path_hash(p));
    }
    for (const auto& w : written) r.written.push_back(path_hash(w));
    std::sort(r.written.begin(), r.written.end());
    return r;
}

std::vector<std::string> finding_summary(const sbom::Inventory& inv) {
    std::vector<std::string> out;
    for (const auto& f : inv.file_findings) {
        out.push_back(f.location.path + "@" + std::to_string(f.location.layer_introduced));
    }
    return out;
}

TEST(Merge, FileFindingsFollowWhiteoutsAndRewrites) {
    std::vector<LayerRecord> layers{
        findings_layer({"usr/bin/passwd", "usr/bin/su", "usr/bin/mount", "opt/x/tool", "bin/ping"}),
        deletions({"usr/bin/su"}, {"opt/x"}),   // deleted; opaque parent empties opt/x
        findings_layer({}, {"usr/bin/mount"}),  // rewritten without the bit (chmod u-s)
        findings_layer({"bin/ping"}),           // flagged again: the newer one stays
    };
    auto img = image_with(4);
    img.layers[0].created_by = "COPY rootfs/ /";
    img.layers[3].created_by = "RUN chmod u+s /bin/ping";
    auto inv = merge_layers(img, layers);
    EXPECT_EQ(finding_summary(inv), (std::vector<std::string>{"bin/ping@3", "usr/bin/passwd@0"}));
    ASSERT_EQ(inv.file_findings.size(), 2U);
    EXPECT_EQ(inv.file_findings[0].location.created_by, "RUN chmod u+s /bin/ping");
    EXPECT_EQ(inv.file_findings[0].location.layer_diff_id, img.layers[3].diff_id);
    EXPECT_EQ(inv.file_findings[1].location.created_by, "COPY rootfs/ /");
    EXPECT_EQ(inv.file_findings[1].mode, 04755U);
    // A sibling path or a prefix of the path does not count as a rewrite.
    auto kept = merge_layers(image_with(2), {findings_layer({"usr/bin/su"}),
                                             findings_layer({}, {"usr/bin/s", "usr/bin/su2"})});
    EXPECT_EQ(finding_summary(kept), (std::vector<std::string>{"usr/bin/su@0"}));
}

TEST(Merge, PackagesNameTheInstructionOfTheirLayer) {
    std::vector<LayerRecord> layers{status_layer({deb("bash", "5.2")}),
                                    status_layer({deb("bash", "5.2"), deb("curl", "7.88")})};
    layers[1].analysis.package_dbs[0].packages[1].locations.push_back({});
    layers[1].analysis.package_dbs[0].packages[1].locations[0].path =
        "usr/share/doc/curl/copyright";
    auto img = image_with(2);
    img.history = {{"", "COPY rootfs/ /", "", "", false},
                   {"", "ENV A=1", "", "", true},
                   {"", "RUN install curl", "", "", false}};
    img.layers[0].created_by = "COPY rootfs/ /";
    img.layers[1].created_by = "RUN install curl";
    auto inv = merge_layers(img, layers);
    ASSERT_EQ(inv.packages.size(), 2U);
    EXPECT_EQ(inv.packages[0].location.created_by, "COPY rootfs/ /");
    EXPECT_EQ(inv.packages[1].location.created_by, "RUN install curl");
    ASSERT_EQ(inv.packages[1].locations.size(), 1U);
    EXPECT_EQ(inv.packages[1].locations[0].layer_introduced, 1U);
    EXPECT_EQ(inv.packages[1].locations[0].created_by, "RUN install curl");
    EXPECT_TRUE(inv.diagnostics.empty());

    // A history that does not match the layers: one warning, nothing attributed.
    img.history.pop_back();
    img.layers[0].created_by.clear();
    img.layers[1].created_by.clear();
    auto mismatch = merge_layers(img, layers);
    ASSERT_EQ(mismatch.diagnostics.size(), 1U);
    EXPECT_EQ(mismatch.diagnostics[0].severity, Diagnostic::Severity::Warning);
    EXPECT_NE(
        mismatch.diagnostics[0].message.find("1 layer-creating entries but the image has 2 layers"),
        std::string::npos)
        << mismatch.diagnostics[0].message;
    EXPECT_EQ(mismatch.packages[1].location.created_by, "");
}

TEST(LayerCache, KeepsFileFindingsWrittenPathsAndEcosystem) {
    auto dir = test::temp_dir("berth-cache");
    LayerCache cache(dir, "format=3,files/setuid@1");
    LayerRecord rec = findings_layer({"usr/bin/passwd"}, {"etc/passwd", "usr"});
    rec.analysis.file_findings[0].uid = 0;
    rec.analysis.file_findings[0].gid = 42;
    rec.analysis.file_findings[0].size = 59704;
    sbom::Package npm;
    npm.type = "npm";
    npm.purl_namespace = "@angular";
    npm.name = "core";
    npm.version = "17.0.0";
    npm.location.path = "app/node_modules/@angular/core/package.json";
    npm.locations.push_back({});
    npm.locations[0].path = "app/package-lock.json";
    rec.analysis.package_dbs.push_back({"lang/npm", npm.location.path, {npm}});
    const Digest id = sha256_of("findings");
    ASSERT_TRUE(cache.store(id, rec).has_value());
    auto got = cache.load(id);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->written, rec.written);
    ASSERT_EQ(got->analysis.file_findings.size(), 1U);
    const auto& f = got->analysis.file_findings[0];
    EXPECT_EQ(f.location.path, "usr/bin/passwd");
    EXPECT_EQ(f.kind, "setuid");
    EXPECT_EQ(f.mode, 04755U);
    EXPECT_EQ(f.gid, 42);
    EXPECT_EQ(f.size, 59704U);
    const auto& p = got->analysis.package_dbs.at(0).packages.at(0);
    EXPECT_EQ(p.purl_namespace, "@angular");
    ASSERT_EQ(p.locations.size(), 1U);
    EXPECT_EQ(p.locations[0].path, "app/package-lock.json");
}

TEST(LayerCache, EntryOfTheOldFormatIsAMissAndIsRemoved) {
    auto dir = test::temp_dir("berth-cache");
    const std::string key = "format=3,pkgdb/dpkg@1";
    LayerCache cache(dir, key);
    const Digest id = sha256_of("old");
    // Store, then rewrite the entry as format 2 wrote it: same keys minus the new ones.
    ASSERT_TRUE(cache.store(id, status_layer({deb("a", "1.0")})).has_value());
    std::filesystem::path entry;
    for (const auto& f : std::filesystem::recursive_directory_iterator(dir)) {
        if (f.is_regular_file()) entry = f.path();
    }
    ASSERT_FALSE(entry.empty());
    const std::string old_entry =
        R"({"format":2,"diff_id":")" + id.str() + R"(","analyzers":")" + key +
        R"(","whiteouts":[],"opaque_dirs":[],"summary":{"compression":"gzip","digest":"","diff_id":"",)"
        R"("compressed_bytes":1,"uncompressed_bytes":2,"entries":3,"whiteouts":0,"opaque_dirs":0},)"
        R"("package_dbs":[{"analyzer":"pkgdb/dpkg","path":"var/lib/dpkg/status","packages":[]}],)"
        R"("owned_files":[],"os_releases":[],"diagnostics":[]})";
    std::ofstream(entry, std::ios::trunc) << old_entry;
    EXPECT_FALSE(cache.load(id).has_value());
    EXPECT_FALSE(std::filesystem::exists(entry)) << "an entry of another format is cleaned up";
    // A format-3 entry missing a new key (hand-edited, half-written) is a miss too, not a crash.
    ASSERT_TRUE(cache.store(id, status_layer({deb("a", "1.0")})).has_value());
    std::string text = test::read_text_file(entry);
    text.replace(text.find("\"written\""), 9, "\"writteX\"");
    std::ofstream(entry, std::ios::trunc) << text;
    EXPECT_FALSE(cache.load(id).has_value());
    // The key names the format, so an older key never even finds a newer file.
    EXPECT_NE(analyzers_key({}).find("format=5"), std::string::npos);
}

TEST(LayerCache, KeepsIncompleteDiagnosticsAndHardlinks) {
    auto dir = test::temp_dir("berth-cache");
    LayerCache cache(dir, "format=4,pkgdb/dpkg@1");
    LayerRecord rec;
    rec.analysis.diagnostics.push_back(
        {Diagnostic::Severity::Warning, "pkgdb/rpm: bad", "layer 0/x", /*incomplete=*/true});
    rec.analysis.diagnostics.push_back({Diagnostic::Severity::Warning, "just so", "layer 0/y"});
    rec.hardlinks.push_back({"var/lib/dpkg/status", "tmp/x", 0644});
    const Digest id = sha256_of("links");
    ASSERT_TRUE(cache.store(id, rec).has_value());
    auto got = cache.load(id);
    ASSERT_TRUE(got.has_value());
    ASSERT_EQ(got->analysis.diagnostics.size(), 2U);
    EXPECT_TRUE(got->analysis.diagnostics[0].incomplete);
    EXPECT_FALSE(got->analysis.diagnostics[1].incomplete);
    ASSERT_EQ(got->hardlinks.size(), 1U);
    EXPECT_EQ(got->hardlinks[0].path, "var/lib/dpkg/status");
    EXPECT_EQ(got->hardlinks[0].target, "tmp/x");
    EXPECT_EQ(got->hardlinks[0].mode, 0644U);
}

// --- hardlinks: build_inventory on layers built here as plain ustar ---------------------------

using test::tar_of;
using test::ustar;

image::Image image_of_tars(const std::vector<std::string>& tars) {
    image::Image img;
    for (std::size_t i = 0; i < tars.size(); ++i) {
        image::LayerRef l;
        l.index = i;
        l.diff_id = sha256_of(tars[i]);
        l.open = [t = tars[i]]() -> Result<std::unique_ptr<ByteStream>> {
            return std::make_unique<test::ChunkedStream>(t, 4096);
        };
        img.layers.push_back(std::move(l));
    }
    return img;
}

const std::string kStatus =
    "Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nVersion: "
    "1:1.2.13.dfsg-1\n\nPackage: bash\nStatus: install ok installed\nArchitecture: "
    "amd64\nVersion: 5.2.15-2+b2\n\n";

struct HardlinkRun {
    std::vector<std::string> packages;  ///< "name@layer"
    std::vector<std::string> incomplete;
};

HardlinkRun inventory_of(const std::vector<std::string>& tars) {
    auto analyzers = all_analyzers();
    InventoryOptions options;
    options.jobs = 1;
    auto got = build_inventory(image_of_tars(tars), analyzers, options);
    EXPECT_TRUE(got.has_value()) << got.error().to_string();
    HardlinkRun out;
    if (!got) return out;
    for (const auto& p : got->inventory.packages) {
        out.packages.push_back(p.name + "@" + std::to_string(p.location.layer_introduced) + " " +
                               p.location.path);
    }
    for (const auto& d : got->inventory.diagnostics) {
        if (d.incomplete) out.incomplete.push_back(d.where + ": " + d.message);
    }
    return out;
}

const std::vector<std::string> kBothAt0 = {"bash@0 var/lib/dpkg/status",
                                           "zlib1g@0 var/lib/dpkg/status"};
const std::vector<std::string> kBothAt1 = {"bash@1 var/lib/dpkg/status",
                                           "zlib1g@1 var/lib/dpkg/status"};

TEST(Hardlinks, TargetEarlierInTheSameLayer) {
    auto got = inventory_of({tar_of({ustar("tmp/x", '0', kStatus), ustar("var/lib/dpkg/", '5'),
                                     ustar("var/lib/dpkg/status", '1', "", "tmp/x")})});
    EXPECT_EQ(got.packages, kBothAt0);
    EXPECT_TRUE(got.incomplete.empty());
}

TEST(Hardlinks, TargetInALowerLayer) {
    auto got = inventory_of(
        {tar_of({ustar("tmp/x", '0', kStatus)}),
         tar_of({ustar("etc/other", '0', "x"), ustar("var/lib/dpkg/status", '1', "", "tmp/x")})});
    EXPECT_EQ(got.packages, kBothAt1);
    EXPECT_TRUE(got.incomplete.empty());
}

TEST(Hardlinks, LinkToALinkOfALowerLayer) {
    // Layer 0: tmp/a with data, tmp/b linked to it; layer 1 links the database to tmp/b.
    auto got =
        inventory_of({tar_of({ustar("tmp/a", '0', kStatus), ustar("tmp/b", '1', "", "tmp/a")}),
                      tar_of({ustar("var/lib/dpkg/status", '1', "", "tmp/b")})});
    EXPECT_EQ(got.packages, kBothAt1);
    EXPECT_TRUE(got.incomplete.empty());
}

TEST(Hardlinks, TargetDeletedByAWhiteoutIsIncomplete) {
    auto got = inventory_of(
        {tar_of({ustar("tmp/x", '0', kStatus)}),
         tar_of({ustar("tmp/.wh.x", '0'), ustar("var/lib/dpkg/status", '1', "", "tmp/x")})});
    EXPECT_TRUE(got.packages.empty());
    EXPECT_EQ(got.incomplete,
              (std::vector<std::string>{"layer 1/var/lib/dpkg/status: hardlink target 'tmp/x' is "
                                        "not in the image; not analyzed"}));
}

TEST(Hardlinks, TargetAfterTheLinkIsIncomplete) {
    auto got = inventory_of(
        {tar_of({ustar("var/lib/dpkg/status", '1', "", "tmp/x"), ustar("tmp/x", '0', kStatus)})});
    EXPECT_TRUE(got.packages.empty());
    ASSERT_EQ(got.incomplete.size(), 1U);
    EXPECT_NE(got.incomplete[0].find("does not precede the link"), std::string::npos)
        << got.incomplete[0];
}

TEST(Hardlinks, TargetThatIsADirectoryIsIncomplete) {
    auto got =
        inventory_of({tar_of({ustar("tmp/", '5'), ustar("var/lib/dpkg/status", '1', "", "tmp")})});
    ASSERT_EQ(got.incomplete.size(), 1U);
    EXPECT_NE(got.incomplete[0].find("is not a regular file"), std::string::npos)
        << got.incomplete[0];
}

TEST(Hardlinks, UnwantedHardlinksAreNotRead) {
    auto got = inventory_of({tar_of({ustar("tmp/x", '0', "x"), ustar("tmp/y", '1', "", "tmp/x")})});
    EXPECT_TRUE(got.packages.empty());
    EXPECT_TRUE(got.incomplete.empty());
}

// Every analyzer, not only dpkg: an apk database and an os-release reached through hardlinks.
TEST(Hardlinks, EveryAnalyzerReadsThroughThem) {
    const std::string apk = "P:musl\nV:1.2.4-r2\nA:x86_64\n\n";
    auto analyzers = all_analyzers();
    InventoryOptions options;
    auto got = build_inventory(
        image_of_tars({tar_of({ustar("tmp/apk", '0', apk),
                               ustar("tmp/os", '0', "ID=alpine\nVERSION_ID=3.19.1\n"),
                               ustar("lib/apk/db/installed", '1', "", "tmp/apk"),
                               ustar("etc/os-release", '1', "", "tmp/os")})}),
        analyzers, options);
    ASSERT_TRUE(got.has_value()) << got.error().to_string();
    ASSERT_EQ(got->inventory.packages.size(), 1U);
    EXPECT_EQ(got->inventory.packages[0].name, "musl");
    ASSERT_TRUE(got->inventory.os.has_value());
    EXPECT_EQ(got->inventory.os->id, "alpine");
}

// An analyzer failing on a database marks the inventory incomplete.
// Application packages: each metadata file is its own database, so a later layer deleting a
// package directory drops it, rewriting a file upgrades it (with that layer), and other
// packages keep the layer that installed them.
TEST(Merge, ApplicationPackagesFollowWhiteoutsAndRewrites) {
    const std::string pkg_a = R"({"name":"left-pad","version":"1.0.0"})";
    const std::string pkg_b = R"({"name":"@s/b","version":"2.0.0"})";
    const std::string meta = "Name: Jinja2\nVersion: 2.10\n";
    const std::string meta2 = "Name: Jinja2\nVersion: 2.10.1\n";
    const std::string site = "venv/lib/python3.11/site-packages/";
    auto got = inventory_of({tar_of({ustar("app/node_modules/left-pad/package.json", '0', pkg_a),
                                     ustar("app/node_modules/@s/b/package.json", '0', pkg_b),
                                     ustar(site + "Jinja2-2.10.dist-info/METADATA", '0', meta)}),
                             tar_of({ustar("app/node_modules/.wh.left-pad", '0'),
                                     ustar(site + "Jinja2-2.10.dist-info/METADATA", '0', meta2)})});
    EXPECT_EQ(got.packages,
              (std::vector<std::string>{"b@0 app/node_modules/@s/b/package.json",
                                        "Jinja2@1 " + site + "Jinja2-2.10.dist-info/METADATA"}));
    EXPECT_TRUE(got.incomplete.empty());
}

TEST(Incomplete, AnalyzerFailureIsMarked) {
    auto got = inventory_of(
        {tar_of({ustar("var/lib/rpm/rpmdb.sqlite", '0',
                       "SQLite format 3" + std::string(1, '\0') + std::string(4000, '\xff'))})});
    ASSERT_EQ(got.incomplete.size(), 1U);
    // The rpm reader's own reason (a damaged file has no Packages table) after the database path.
    EXPECT_EQ(got.incomplete[0].rfind("var/lib/rpm/rpmdb.sqlite: pkgdb/rpm: ", 0), 0U)
        << got.incomplete[0];
}

TEST(LayerCache, PathHashIsStableFnv1a) {
    EXPECT_EQ(path_hash(""), 14695981039346656037ULL);
    EXPECT_EQ(path_hash("a"), 0xaf63dc4c8601ec8cULL);  // FNV-1a 64 test vector
    EXPECT_NE(path_hash("usr/bin/su"), path_hash("usr/bin/su2"));
}

}  // namespace
}  // namespace berth::analyze

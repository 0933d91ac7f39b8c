// SPDX-License-Identifier: Apache-2.0
// End-to-end tests of `berth inspect` on the real fixture images (tests/fixtures/build-images.sh):
// goldens of the JSON report, and an oracle built from gzip/zstd/tar/sha256sum that checks the
// walker's counts, sizes and diffIDs independently of berth's code.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "core/json.hpp"
#include "test_support.hpp"

namespace berth::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

struct FixtureCase {
    const char* name;  // golden file stem
    const char* spec;  // IMAGE argument; "@" stands for the fixture directory
};

void PrintTo(const FixtureCase& c, std::ostream* os) {
    *os << c.name;
}

const FixtureCase kFixtures[] = {
    {"minimal_oci", "oci:@/oci:minimal"},
    {"layered_oci", "oci:@/oci:layered"},
    {"opaque_oci", "oci:@/oci:opaque"},
    {"layered_zstd_oci", "oci:@/oci-zstd:layered-zstd"},
    {"minimal_docker_archive", "docker-archive:@/minimal.docker.tar"},
    {"layered_docker_archive", "docker-archive:@/layered.docker.tar"},
    {"layered_oci_archive", "oci-archive:@/layered.oci.tar:layered"},
    {"multi_docker_archive_layered", "docker-archive:@/multi.docker.tar:berth/layered:latest"},
    {"multi_docker_archive_index1", "docker-archive:@/multi.docker.tar:@1"},
    {"legacy_docker_archive_dup", "@/legacy.docker.tar:berth/legacy-dup:latest"},
    {"rootfs_minimal", "rootfs:@/rootfs/minimal"},
    {"bare_path_oci_archive", "@/layered.oci.tar"},
};

std::string expand(const std::string& spec, const fs::path& dir) {
    std::string out = spec;
    auto at = out.find('@');
    if (at != std::string::npos && (at == 0 || out[at - 1] == ':')) {
        out.replace(at, 1, dir.string());
    }
    return out;
}

// The base layers come from debootstrap of the current Debian release, so their counts and
// sizes follow Debian point releases; CheckCountsAgainstTar verifies them with tar(1) instead.
constexpr std::uint64_t kVolatileLayerBytes = 1U << 20U;

void redact(json& j, const fs::path& fixtures) {
    static const std::regex kDigest("sha256:[0-9a-f]{12}([0-9a-f]{52})?");
    if (j.is_string()) {
        std::string s = std::regex_replace(j.get<std::string>(), kDigest, "sha256:<digest>");
        // berth reports canonical paths: a symlinked fixtures directory shows up resolved.
        std::error_code ec;
        const fs::path canonical = fs::canonical(fixtures, ec);
        for (const std::string& dir :
             {fixtures.string(), ec ? std::string() : canonical.string()}) {
            auto pos = dir.empty() ? std::string::npos : s.find(dir);
            if (pos != std::string::npos) s.replace(pos, dir.size(), "<fixtures>");
        }
        j = s;
    } else if (j.is_array() || j.is_object()) {
        for (auto& v : j) redact(v, fixtures);
    }
}

json redacted_report(const json& report, const fs::path& fixtures) {
    json r = report;
    redact(r, fixtures);
    r["created"] = "<time>";           // the report's time
    r["image"]["created"] = "<time>";  // the image's
    for (auto& h : r["history"]) h["created"] = "<time>";
    for (auto& l : r["layers"]) {
        if (l["uncompressed_size"].get<std::uint64_t>() > kVolatileLayerBytes) {
            for (const char* k : {"compressed_size", "uncompressed_size", "entries"})
                l[k] = "<volatile>";
        } else {
            l["compressed_size"] = "<volatile>";  // depends on the compressor's version
        }
    }
    for (const char* k : {"compressed_size", "uncompressed_size", "entries"})
        r["totals"][k] = "<volatile>";
    // Diagnostics name layers by digest, already redacted above.
    return r;
}

class InspectFixture : public ::testing::TestWithParam<FixtureCase> {};

TEST_P(InspectFixture, JsonMatchesGolden) {
    auto dir = fixture_images_dir();
    if (!dir)
        GTEST_SKIP()
            << "fixture images absent: run tests/fixtures/build-images.sh (scripts/test.sh does)";
    const FixtureCase& c = GetParam();
    auto r = run_berth({"inspect", "--quiet", "--format", "json", expand(c.spec, *dir)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json report = json::parse(r.out);
    std::string got = to_canonical_json(redacted_report(report, *dir));
    fs::path golden = fs::path(BERTH_SOURCE_DIR) / "tests/e2e/testdata/inspect" /
                      (std::string(c.name) + ".golden.json");
    if (std::getenv("BERTH_UPDATE_GOLDEN") != nullptr) {
        std::ofstream(golden, std::ios::binary) << got;
        GTEST_SKIP() << "golden written: " << golden;
    }
    ASSERT_TRUE(fs::exists(golden)) << "no golden " << golden << "; run with BERTH_UPDATE_GOLDEN=1";
    EXPECT_EQ(got, read_text_file(golden));
}

INSTANTIATE_TEST_SUITE_P(Fixtures, InspectFixture, ::testing::ValuesIn(kFixtures),
                         [](const ::testing::TestParamInfo<FixtureCase>& p) {
                             return std::string(p.param.name);
                         });

json inspect_json(const std::string& spec) {
    auto r = run_berth({"inspect", "--quiet", "--format", "json", spec});
    EXPECT_EQ(r.exit_code, 0) << spec << ": " << r.err;
    return r.exit_code == 0 ? json::parse(r.out) : json();
}

// Counts, sizes and diffIDs of every OCI fixture layer, recomputed with gzip/zstd, tar and
// sha256sum, must equal what the walker measured.
TEST(InspectOracle, CountsSizesAndDiffIdsAgreeWithTar) {
    auto dir = fixture_images_dir();
    if (!dir) GTEST_SKIP() << "fixture images absent: run tests/fixtures/build-images.sh";
    for (std::string spec : {"oci:@/oci:minimal", "oci:@/oci:layered", "oci:@/oci:opaque",
                             "oci:@/oci-zstd:layered-zstd"}) {
        spec = expand(spec, *dir);
        std::string layout = spec.substr(4, spec.rfind(':') - 4);
        json report = inspect_json(spec);
        ASSERT_TRUE(report.is_object());
        for (const auto& l : report["layers"]) {
            std::string hex = l["digest"].get<std::string>().substr(7);
            std::string blob = layout + "/blobs/sha256/" + hex;
            std::string cat = l["compression"] == "zstd" ? "zstd -dc" : "gzip -dc";
            // umoci insert layers lack their tar trailer; GNU tar then exits 2 after listing
            // every entry, so its status is not checked here.
            auto tar = run_shell(cat + " < '" + blob + "' | tar -tf - 2>/dev/null | wc -l");
            auto wh =
                run_shell(cat + " < '" + blob +
                          "' | tar -tf - 2>/dev/null | grep -c '/\\.wh\\.[^/]*$\\|^\\.wh\\.' ");
            auto opq = run_shell(cat + " < '" + blob +
                                 "' | tar -tf - 2>/dev/null | grep -c '\\.wh\\.\\.wh\\.\\.opq$'");
            auto bytes = run_shell(cat + " < '" + blob + "' | wc -c");
            auto sha = run_shell(cat + " < '" + blob + "' | sha256sum | cut -d' ' -f1");
            SCOPED_TRACE(spec + " layer " + std::to_string(l["index"].get<int>()));
            EXPECT_EQ(l["entries"].get<std::uint64_t>(), std::stoull(tar.out));
            EXPECT_EQ(l["whiteouts"].get<std::uint64_t>() + l["opaque_dirs"].get<std::uint64_t>(),
                      std::stoull(wh.out));
            EXPECT_EQ(l["opaque_dirs"].get<std::uint64_t>(), std::stoull(opq.out));
            EXPECT_EQ(l["uncompressed_size"].get<std::uint64_t>(), std::stoull(bytes.out));
            EXPECT_EQ(l["diff_id"].get<std::string>(), "sha256:" + sha.out.substr(0, 64));
            EXPECT_EQ(l["compressed_size"].get<std::uint64_t>(), fs::file_size(blob));
        }
    }
}

// The same image read from every source kind has the same layers (diffIDs and entry counts)
// and the same config.
TEST(InspectOracle, AllSourceKindsAgree) {
    auto dir = fixture_images_dir();
    if (!dir) GTEST_SKIP() << "fixture images absent: run tests/fixtures/build-images.sh";
    json base = inspect_json(expand("oci:@/oci:layered", *dir));
    ASSERT_TRUE(base.is_object());
    for (const char* spec : {"oci:@/oci-zstd:layered-zstd", "docker-archive:@/layered.docker.tar",
                             "oci-archive:@/layered.oci.tar:layered",
                             "docker-archive:@/multi.docker.tar:berth/layered:latest",
                             "docker-archive:@/legacy.docker.tar:berth/layered:latest"}) {
        SCOPED_TRACE(spec);
        json other = inspect_json(expand(spec, *dir));
        ASSERT_TRUE(other.is_object());
        ASSERT_EQ(other["layers"].size(), base["layers"].size());
        for (std::size_t i = 0; i < base["layers"].size(); ++i) {
            EXPECT_EQ(other["layers"][i]["diff_id"], base["layers"][i]["diff_id"]) << i;
            EXPECT_EQ(other["layers"][i]["entries"], base["layers"][i]["entries"]) << i;
            EXPECT_EQ(other["layers"][i]["whiteouts"], base["layers"][i]["whiteouts"]) << i;
        }
        EXPECT_EQ(other["config"], base["config"]);
        EXPECT_EQ(other["image"]["platform"], base["image"]["platform"]);
        EXPECT_EQ(other["target"]["os_arch"], base["target"]["os_arch"]);
    }
}

TEST(InspectCli, VersionAndHelp) {
    auto v = run_berth({"--version"});
    EXPECT_EQ(v.exit_code, 0);
    EXPECT_EQ(v.out.rfind("berth ", 0), 0U) << v.out;
    auto h = run_berth({"--help"});
    EXPECT_EQ(h.exit_code, 0);
    EXPECT_NE(h.out.find("inspect"), std::string::npos);
    auto ih = run_berth({"inspect", "--help"});
    EXPECT_EQ(ih.exit_code, 0);
    EXPECT_NE(ih.out.find("Examples:"), std::string::npos);
    EXPECT_NE(ih.out.find("docker-archive:PATH"), std::string::npos);
}

TEST(InspectCli, UsageErrorsExitTwo) {
    EXPECT_EQ(run_berth({}).exit_code, 2);
    EXPECT_EQ(run_berth({"inspect"}).exit_code, 2);
    EXPECT_EQ(run_berth({"inspect", "--format", "yaml", "x"}).exit_code, 2);
    EXPECT_EQ(run_berth({"nosuchverb"}).exit_code, 2);
}

TEST(InspectCli, MissingImageIsARuntimeErrorNamingIt) {
    auto r = run_berth({"inspect", "oci:/nonexistent/berth-layout:latest"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("/nonexistent/berth-layout"), std::string::npos) << r.err;
    // Registry references are pulled since issue 5; a host that cannot resolve (RFC 2606
    // .invalid) is a runtime error naming the reference, without depending on the network.
    auto reg = run_berth({"inspect", "berth-test.invalid/library/alpine:3.19"});
    EXPECT_EQ(reg.exit_code, 3);
    EXPECT_NE(reg.err.find("berth-test.invalid/library/alpine:3.19"), std::string::npos) << reg.err;
    EXPECT_NE(reg.err.find("[io]"), std::string::npos) << reg.err;
}

TEST(InspectCli, ArchiveWithSeveralImagesNeedsAName) {
    auto dir = fixture_images_dir();
    if (!dir) GTEST_SKIP() << "fixture images absent: run tests/fixtures/build-images.sh";
    auto r = run_berth({"inspect", "docker-archive:" + (*dir / "multi.docker.tar").string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("berth/minimal:latest"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("berth/layered:latest"), std::string::npos) << r.err;
}

TEST(InspectCli, OutputFileAndTable) {
    auto dir = fixture_images_dir();
    if (!dir) GTEST_SKIP() << "fixture images absent: run tests/fixtures/build-images.sh";
    fs::path out = temp_dir("berth-inspect") / "report.json";
    auto r = run_berth({"inspect", "-q", "--format", "json", "-o", out.string(),
                        "oci:" + (*dir / "oci").string() + ":layered"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(r.out.empty());
    json j = json::parse(read_text_file(out));
    EXPECT_EQ(j["layers"].size(), 4U);
    auto t = run_berth({"inspect", "oci:" + (*dir / "oci").string() + ":layered"});
    ASSERT_EQ(t.exit_code, 0) << t.err;
    EXPECT_NE(t.out.find("LAYER"), std::string::npos);
    EXPECT_NE(t.out.find("User         nobody"), std::string::npos) << t.out;
}

}  // namespace
}  // namespace berth::test

namespace berth::test {
namespace {

// The merged view on the real 4-layer and opaque fixtures: what each whiteout kind removes,
// which layer last wrote a path, and symlinks resolved inside the image.
TEST(InspectPaths, WhiteoutsAndLastWriterOnRealImages) {
    auto dir = fixture_images_dir();
    if (!dir) GTEST_SKIP() << "fixture images absent: run tests/fixtures/build-images.sh";
    struct Want {
        const char* path;
        bool exists;
        int layer;             // -1 when absent
        const char* resolved;  // nullptr when absent
    };
    const Want layered[] = {
        {"/etc/motd", false, -1, nullptr},            // file whiteout (layer 3)
        {"/usr/bin/curl", false, -1, nullptr},        // whiteout of a file from layer 1
        {"/opt/app/main.py", false, -1, nullptr},     // whiteout of a file from layer 2
        {"/opt/app/data", false, -1, nullptr},        // directory whiteout ...
        {"/opt/app/data/a.txt", false, -1, nullptr},  // ... removes its children too
        {"/etc/berth-layer3", false, -1, nullptr},
        {"/opt/app/package.json", true, 2, "opt/app/package.json"},
        {"/var/lib/dpkg/status", true, 1, "var/lib/dpkg/status"},  // rewritten by layer 1
        {"/etc/os-release", true, 0, "usr/lib/os-release"},        // relative symlink
        {"/bin/sh", true, 0, "usr/bin/dash"},  // through the /bin -> usr/bin symlink
    };
    std::vector<std::string> args{"inspect", "-q", "--format", "json",
                                  "oci:" + (*dir / "oci").string() + ":layered"};
    for (const auto& w : layered) {
        args.emplace_back("--path");
        args.emplace_back(w.path);
    }
    auto r = run_berth(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json j = json::parse(r.out);
    ASSERT_EQ(j["paths"].size(), std::size(layered));
    for (std::size_t i = 0; i < std::size(layered); ++i) {
        const auto& got = j["paths"][i];
        SCOPED_TRACE(layered[i].path);
        EXPECT_EQ(got["exists"].get<bool>(), layered[i].exists);
        if (layered[i].exists) {
            EXPECT_EQ(got["layer"].get<int>(), layered[i].layer);
            EXPECT_EQ(got["resolved"].get<std::string>(), layered[i].resolved);
        } else {
            EXPECT_TRUE(got["layer"].is_null());
        }
    }

    // Opaque directory: layer 2 hides a and b that layer 1 put in /opt/app, keeps its own c.
    auto o = run_berth({"inspect", "-q", "--format", "json",
                        "oci:" + (*dir / "oci").string() + ":opaque", "--path", "/opt/app/a",
                        "--path", "/opt/app/b", "--path", "/opt/app/c", "--path", "/opt/app"});
    ASSERT_EQ(o.exit_code, 0) << o.err;
    json oj = json::parse(o.out);
    EXPECT_FALSE(oj["paths"][0]["exists"].get<bool>());
    EXPECT_FALSE(oj["paths"][1]["exists"].get<bool>());
    EXPECT_EQ(oj["paths"][2]["layer"].get<int>(), 2);
    EXPECT_EQ(oj["paths"][3]["type"].get<std::string>(), "dir");
}

}  // namespace
}  // namespace berth::test

// SPDX-License-Identifier: Apache-2.0
// End-to-end tests of `berth sbom` on the real fixture images. The oracle is dpkg itself:
// `dpkg-query --admindir` over the fixture's root filesystem lists what is installed, and the
// fixture's own info/*.list files say which packages own the files later layers delete.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "test_support.hpp"

namespace berth::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

using PkgSet = std::set<std::string>;  // "name version arch source source_version"

json sbom_json(const std::string& spec, std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"sbom", "-q", "--format", "json", "--no-cache", spec};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = run_berth(args);
    EXPECT_EQ(r.exit_code, 0) << spec << ": " << r.err;
    return r.exit_code == 0 ? json::parse(r.out) : json::object();
}

PkgSet berth_set(const json& j) {
    PkgSet out;
    for (const auto& p : j["packages"]) {
        out.insert(p["name"].get<std::string>() + " " + p["version"].get<std::string>() + " " +
                   p["arch"].get<std::string>() + " " + p["source_name"].get<std::string>() + " " +
                   p["source_version"].get<std::string>());
    }
    return out;
}

PkgSet dpkg_query_set(const fs::path& root) {
    auto r = run_shell("dpkg-query --admindir='" + (root / "var/lib/dpkg").string() +
                       "' -W -f='${db:Status-Abbrev}|${Package} ${Version} ${Architecture} "
                       "${source:Package} ${source:Version}\\n' | sed -n 's/^ii |//p'");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    PkgSet out;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) out.insert(line);
    }
    return out;
}

TEST(SbomDpkg, MinimalImageMatchesDpkgQuery) {
    auto dir = fixture_images_dir();
    if (!dir) GTEST_SKIP() << "fixture images absent: run tests/fixtures/build-images.sh";
    PkgSet want = dpkg_query_set(*dir / "rootfs/minimal");
    ASSERT_GT(want.size(), 50U);
    for (std::string spec :
         {"oci:@/oci:minimal", "docker-archive:@/minimal.docker.tar", "rootfs:@/rootfs/minimal"}) {
        spec.replace(spec.find('@'), 1, dir->string());
        SCOPED_TRACE(spec);
        json j = sbom_json(spec);
        EXPECT_EQ(berth_set(j), want);
        ASSERT_TRUE(j["os"].is_object());
        EXPECT_EQ(j["os"]["id"], "debian");
        EXPECT_EQ(j["os"]["version_codename"], "bookworm");
        for (const auto& p : j["packages"]) {
            EXPECT_EQ(p["layer"]["index"].get<int>(), 0);
            EXPECT_FALSE(p["files_whited_out"].get<bool>()) << p["name"];
            EXPECT_EQ(p["purl"].get<std::string>().rfind("pkg:deb/debian/", 0), 0U) << p["purl"];
            EXPECT_NE(p["purl"].get<std::string>().find("distro=debian-12."), std::string::npos)
                << p["purl"];
        }
    }
}

TEST(SbomDpkg, LayeredImageAttributesLayersAndFlagsDeletedFiles) {
    auto dir = fixture_images_dir();
    if (!dir) GTEST_SKIP() << "fixture images absent: run tests/fixtures/build-images.sh";
    PkgSet base = dpkg_query_set(*dir / "rootfs/minimal");
    // Packages of the base rootfs that own a file layer 3 deletes (etc/motd, usr/bin/curl).
    auto owners = run_shell(
        "cd '" + (*dir / "rootfs/minimal/var/lib/dpkg/info").string() +
        "' && grep -l -x -e /etc/motd -e /usr/bin/curl *.list | sed 's/\\.list$//; s/:.*//'");
    std::set<std::string> base_flagged;
    std::istringstream in(owners.out);
    for (std::string line; std::getline(in, line);) base_flagged.insert(line);

    json j = sbom_json("oci:" + (*dir / "oci").string() + ":layered");
    ASSERT_TRUE(j["packages"].is_array());
    bool saw_curl = false;
    for (const auto& p : j["packages"]) {
        const std::string name = p["name"].get<std::string>();
        const std::string key = name + " " + p["version"].get<std::string>() + " " +
                                p["arch"].get<std::string>() + " " +
                                p["source_name"].get<std::string>() + " " +
                                p["source_version"].get<std::string>();
        SCOPED_TRACE(key);
        // Unchanged base packages come from layer 0; what the second debootstrap added or
        // rewrote comes from layer 1 (the only other layer that touches the dpkg database).
        EXPECT_EQ(p["layer"]["index"].get<int>(), base.count(key) != 0U ? 0 : 1);
        if (name == "curl") {
            saw_curl = true;
            // dpkg still lists curl although layer 3 deleted /usr/bin/curl: listed, flagged.
            EXPECT_TRUE(p["files_whited_out"].get<bool>());
        } else if (base.count(key) != 0U) {
            EXPECT_EQ(p["files_whited_out"].get<bool>(), base_flagged.count(name) != 0U);
        }
    }
    EXPECT_TRUE(saw_curl);
    EXPECT_GT(j["packages"].size(), base.size());
}

TEST(SbomCache, WarmRunSkipsEveryLayerAndAgrees) {
    auto dir = fixture_images_dir();
    if (!dir) GTEST_SKIP() << "fixture images absent: run tests/fixtures/build-images.sh";
    fs::path cache = temp_dir("berth-sbom-cache");
    std::string spec = "oci:" + (*dir / "oci").string() + ":layered";
    auto run = [&] {
        auto r = run_berth({"sbom", "-q", "--format", "json", "--cache-dir", cache.string(), spec});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return json::parse(r.out);
    };
    json cold = run();
    json warm = run();
    EXPECT_EQ(cold["cache"]["layers_from_cache"], 0);
    EXPECT_EQ(warm["cache"]["layers_from_cache"], 4);
    EXPECT_EQ(warm["cache"]["layers_walked"], 0);
    EXPECT_EQ(cold["packages"], warm["packages"]);
    EXPECT_EQ(cold["os"], warm["os"]);
    // The docker-archive copy shares diffIDs: all of its layers come from the cache too.
    auto r = run_berth({"sbom", "-q", "--format", "json", "--cache-dir", cache.string(),
                        "docker-archive:" + (*dir / "layered.docker.tar").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json other = json::parse(r.out);
    EXPECT_EQ(other["cache"]["layers_from_cache"], 4);
    EXPECT_EQ(berth_set(other), berth_set(cold));
    // docker-archive has no blob digests, so compare layers by diffID.
    for (std::size_t i = 0; i < cold["packages"].size() && i < other["packages"].size(); ++i) {
        EXPECT_EQ(other["packages"][i]["layer"]["diff_id"],
                  cold["packages"][i]["layer"]["diff_id"]);
    }
}

TEST(SbomCli, PluginsGolden) {
    auto r = run_berth({"plugins"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    fs::path golden = fs::path(BERTH_SOURCE_DIR) / "tests/e2e/testdata/plugins.golden";
    if (std::getenv("BERTH_UPDATE_GOLDEN") != nullptr) {
        std::ofstream(golden, std::ios::binary) << r.out;
        GTEST_SKIP() << "golden written: " << golden;
    }
    EXPECT_EQ(r.out, read_text_file(golden));
}

}  // namespace
}  // namespace berth::test

namespace berth::test {
namespace {

// berth's CycloneDX and SPDX output for a real image validate against the official schemas.
TEST(SbomSchema, FixtureOutputValidates) {
    auto dir = fixture_images_dir();
    if (!dir) GTEST_SKIP() << "fixture images absent: run tests/fixtures/build-images.sh";
    auto shared = shared_data_dir();
    if (!shared) GTEST_SKIP() << "shared data absent: the schemas live in ../shared/data/schemas";
    fs::path out = temp_dir("berth-sbom-schema");
    for (const char* format : {"cyclonedx", "spdx"}) {
        fs::path file = out / (std::string(format) + ".json");
        auto r = run_berth({"sbom", "-q", "--no-cache", "--format", format, "-o", file.string(),
                            "oci:" + (*dir / "oci").string() + ":layered"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    auto v = run_shell("'" + std::string(BERTH_SOURCE_DIR) + "/tests/schema/validate.sh' '" +
                       (*shared / "schemas").string() + "' '" + (out / "cyclonedx.json").string() +
                       "' '" + (out / "spdx.json").string() + "'");
    if (v.exit_code == 77) GTEST_SKIP() << "no schema validator (node/npm): " << v.err;
    EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
}

}  // namespace
}  // namespace berth::test

namespace berth::test {
namespace {

// With SOURCE_DATE_EPOCH set, CycloneDX and SPDX output are byte-identical across runs (and
// across cold and warm cache), so they can be goldens and diffs.
TEST(SbomCli, SourceDateEpochMakesOutputReproducible) {
    auto dir = fixture_images_dir();
    if (!dir) GTEST_SKIP() << "fixture images absent: run tests/fixtures/build-images.sh";
    ::setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    fs::path cache = temp_dir("berth-sbom-repro");
    const std::string spec = "oci:" + (*dir / "oci").string() + ":layered";
    for (const char* format : {"cyclonedx", "spdx"}) {
        SCOPED_TRACE(format);
        auto a = run_berth({"sbom", "-q", "--format", format, "--cache-dir", cache.string(), spec});
        auto b = run_berth({"sbom", "-q", "--format", format, "--cache-dir", cache.string(), spec});
        ASSERT_EQ(a.exit_code, 0) << a.err;
        EXPECT_EQ(a.out, b.out);
        EXPECT_NE(a.out.find("2023-11-14T22:13:20Z"), std::string::npos);
    }
    ::unsetenv("SOURCE_DATE_EPOCH");
}

}  // namespace
}  // namespace berth::test

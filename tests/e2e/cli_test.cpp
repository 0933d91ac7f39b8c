// SPDX-License-Identifier: Apache-2.0
// What a new user hits first, end to end through the real binary: repeatable options next to the
// IMAGE argument, mistyped commands and source prefixes, a directory that is not an image, and
// compressed `docker save | gzip` archives (made with the real gzip and zstd commands).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace berth::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string quote(const fs::path& p) {
    return "'" + p.string() + "'";
}

// A Debian root with one dpkg package.
fs::path debian_root(const std::string& name) {
    const fs::path root = temp_dir(name) / "root";
    fs::create_directories(root / "var/lib/dpkg");
    fs::create_directories(root / "etc");
    std::ofstream(root / "etc/os-release") << "ID=debian\nVERSION_ID=\"12\"\n";
    std::ofstream(root / "var/lib/dpkg/status")
        << "Package: hyperthing\nStatus: install ok installed\nArchitecture: amd64\nVersion: "
           "1.2-3\n\n";
    return root;
}

// --- 1. repeatable options take one value each ------------------------------------------------

TEST(CliOptions, RepeatableOptionsLeaveTheImageArgument) {
    const std::string image = "rootfs:" + debian_root("cli-repeat").string();
    const std::vector<std::vector<std::string>> forms = {
        {"--insecure-registry=127.0.0.1:5000", image},
        {"--insecure-registry", "127.0.0.1:5000", image},
        {"--registry-mirror", "https://mirror.example", "--insecure-registry", "h:5000", image},
        {"--insecure-registry", "a:1", "--insecure-registry", "b:2", image},
    };
    for (const auto& form : forms) {
        std::vector<std::string> args = {"sbom", "-q", "--no-cache", "--format", "json"};
        args.insert(args.end(), form.begin(), form.end());
        auto r = run_berth(args);
        SCOPED_TRACE(form.front() + " … " + form.back());
        ASSERT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(r.err.find("is required"), std::string::npos) << r.err;
        EXPECT_NE(r.out.find("hyperthing"), std::string::npos);
    }
}

TEST(CliOptions, ARepeatableOptionTakesOneValuePerOccurrence) {
    // `--insecure-registry a b IMAGE`: b is a positional (the IMAGE), not a second registry, so
    // IMAGE is one argument too many.
    const std::string image = "rootfs:" + debian_root("cli-extra").string();
    auto r = run_berth({"sbom", "--insecure-registry", "a:1", "b:2", image});
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_NE(r.err.find("not expected: " + image), std::string::npos) << r.err;
}

// --- 2. mistyped commands ---------------------------------------------------------------------

TEST(CliCommands, MistypedCommandSuggestsTheNearest) {
    struct Row {
        std::vector<std::string> args;
        std::string want;
    };
    const std::vector<Row> rows = {
        {{"scna", "x"}, "berth: unknown command \"scna\"; did you mean \"scan\"?"},
        {{"sbmo"}, "berth: unknown command \"sbmo\"; did you mean \"sbom\"?"},
        {{"db", "stauts"}, "berth db: unknown command \"stauts\"; did you mean \"status\"?"},
        {{"db", "--db", "x.db", "improt", "y"},
         "berth db: unknown command \"improt\"; did you mean \"import\"?"},
        {{"-q", "audti", "host"}, "berth: unknown command \"audti\"; did you mean \"audit\"?"},
        {{"frobnicate"}, "berth: unknown command \"frobnicate\"\n"},
    };
    for (const auto& row : rows) {
        auto r = run_berth(row.args);
        SCOPED_TRACE(row.args.front());
        EXPECT_EQ(r.exit_code, 2);
        EXPECT_NE(r.err.find(row.want), std::string::npos) << r.err;
        EXPECT_EQ(r.err.find("A subcommand is required"), std::string::npos) << r.err;
    }
}

TEST(CliCommands, BareCommandGroupPrintsUsage) {
    // Usage on stdout as git and docker print it; exit 2 (usage error) as git fails (exit 1),
    // not 0 as docker does: a script that lost its command must not pass.
    auto bare = run_berth({});
    EXPECT_EQ(bare.exit_code, 2) << bare.err;
    EXPECT_NE(bare.out.find("Usage: berth"), std::string::npos) << bare.out;
    EXPECT_NE(bare.out.find("scan"), std::string::npos) << bare.out;
    auto db = run_berth({"db"});
    EXPECT_EQ(db.exit_code, 2) << db.err;
    EXPECT_NE(db.out.find("Usage: berth db"), std::string::npos) << db.out;
    EXPECT_NE(db.out.find("status"), std::string::npos) << db.out;
    // A leaf command without its argument is still a usage error.
    auto scan = run_berth({"sbom"});
    EXPECT_EQ(scan.exit_code, 2);
    EXPECT_NE(scan.err.find("IMAGE is required"), std::string::npos) << scan.err;
}

// --- 3. mistyped source prefixes --------------------------------------------------------------

TEST(CliSources, MistypedPrefixIsAUsageError) {
    auto r = run_berth({"sbom", "dockr-archive:x.tar"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("did you mean 'docker-archive:'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("Known prefixes"), std::string::npos) << r.err;
}

// --- 4. a directory that is not an image ------------------------------------------------------

TEST(CliSources, NotARootFilesystemWarns) {
    const fs::path dir = temp_dir("cli-notroot");
    std::ofstream(dir / "README") << "a source tree, not a root filesystem\n";
    auto r = run_berth({"sbom", "--no-cache", "rootfs:" + dir.string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("warning"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("no OS release file"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("no package database"), std::string::npos) << r.err;
    auto quiet = run_berth({"sbom", "-q", "--no-cache", "rootfs:" + dir.string()});
    EXPECT_EQ(quiet.err, "");

    auto root = run_berth({"sbom", "--no-cache", "rootfs:" + debian_root("cli-isroot").string()});
    EXPECT_EQ(root.exit_code, 0) << root.err;
    EXPECT_EQ(root.err.find("no OS release file"), std::string::npos) << root.err;
}

// --- 5. compressed outer archives -------------------------------------------------------------

// The packages and layers of `sbom -f json`, without the input's name.
json sbom_content(const std::string& spec) {
    auto r = run_berth({"sbom", "-q", "--no-cache", "--format", "json", spec});
    EXPECT_EQ(r.exit_code, 0) << spec << ": " << r.err;
    if (r.exit_code != 0) return json::object();
    json j = json::parse(r.out);
    return json{{"packages", j["packages"]}, {"os", j["os"]}};
}

// A docker-archive made by testdata/tiny_docker_archive.py (manifest.json last, as docker save
// writes it), compressed with the real gzip and zstd; cut in half, it is a clear error (exit 3).
TEST(CliSources, CompressedTinyArchive) {
    const fs::path dir = temp_dir("cli-tiny");
    const fs::path tar = dir / "tiny.tar";
    const std::string script =
        std::string(BERTH_SOURCE_DIR) + "/tests/e2e/testdata/tiny_docker_archive.py";
    ASSERT_EQ(run_shell("python3 '" + script + "' >" + quote(tar)).exit_code, 0);
    const json want = sbom_content(tar.string());
    ASSERT_EQ(want["packages"].size(), 1U) << want.dump();
    for (const std::string tool : {"gzip", "zstd"}) {
        SCOPED_TRACE(tool);
        const fs::path out = dir / (tool == "gzip" ? "tiny.tar.gz" : "tiny.tar.zst");
        ASSERT_EQ(run_shell(tool + " -c -q " + quote(tar) + " >" + quote(out)).exit_code, 0);
        EXPECT_EQ(sbom_content(out.string()), want);
        EXPECT_EQ(sbom_content("docker-archive:" + out.string()), want);
        const fs::path cut = dir / ("cut-" + out.filename().string());
        ASSERT_EQ(run_shell("head -c $(( $(stat -c %s " + quote(out) + ") / 2 )) " + quote(out) +
                            " >" + quote(cut))
                      .exit_code,
                  0);
        auto r = run_berth({"sbom", "--no-cache", "docker-archive:" + cut.string()});
        EXPECT_EQ(r.exit_code, 3) << r.out;
        EXPECT_NE(r.err.find("damaged or truncated"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find(cut.string()), std::string::npos) << r.err;
    }
}

TEST(CliSources, CompressedArchivesReadLikeUncompressed) {
    auto images = fixture_images_dir();
    if (!images) GTEST_SKIP() << "fixture images not built (scripts/test.sh builds them)";
    const fs::path dir = temp_dir("cli-compressed");
    // skopeo's docker-archive and oci-archive (manifest.json and index.json come after the layers)
    // and the legacy layout (layer.tar members that are symlinks).
    for (const std::string name : {"layered.docker.tar", "legacy.docker.tar", "layered.oci.tar"}) {
        SCOPED_TRACE(name);
        const fs::path tar = *images / name;
        ASSERT_TRUE(fs::exists(tar));
        const std::string selector = name == "legacy.docker.tar" ? ":berth/layered:latest" : "";
        const json want = sbom_content(tar.string() + selector);
        ASSERT_FALSE(want["packages"].empty());
        for (const std::string tool : {"gzip", "zstd"}) {
            const fs::path out = dir / (name + (tool == "gzip" ? ".gz" : ".zst"));
            ASSERT_EQ(run_shell(tool + " -c -q " + quote(tar) + " >" + quote(out)).exit_code, 0);
            EXPECT_EQ(sbom_content(out.string() + selector), want) << tool;
        }
    }
    // The spool goes with the process: nothing named berth-spool-* is left in TMPDIR.
    const fs::path spool = temp_dir("cli-spool");
    const char* bin = std::getenv("BERTH_BIN");
    const fs::path berth =
        bin != nullptr ? fs::path(bin) : fs::path(BERTH_BINARY_DIR) / "src/berth";
    auto r = run_shell("TMPDIR=" + quote(spool) + " " + quote(berth) + " sbom -q --no-cache " +
                       quote(dir / "layered.docker.tar.gz") + " >/dev/null");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(fs::is_empty(spool));
}

TEST(CliSources, TruncatedCompressedArchiveIsAClearError) {
    auto images = fixture_images_dir();
    if (!images) GTEST_SKIP() << "fixture images not built (scripts/test.sh builds them)";
    const fs::path dir = temp_dir("cli-truncated");
    const fs::path gz = dir / "layered.tar.gz";
    // Cut in the middle of the compressed stream (inside a layer).
    ASSERT_EQ(run_shell("gzip -c " + quote(*images / "layered.docker.tar") + " >" + quote(gz) +
                        " && truncate -s $(( $(stat -c %s " + quote(gz) + ") / 2 )) " + quote(gz))
                  .exit_code,
              0);
    auto r = run_berth({"sbom", "--no-cache", gz.string()});
    EXPECT_EQ(r.exit_code, 3) << r.out;
    EXPECT_NE(r.err.find("damaged or truncated"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(gz.string()), std::string::npos) << r.err;
}

}  // namespace
}  // namespace berth::test

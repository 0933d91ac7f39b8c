// SPDX-License-Identifier: Apache-2.0
// Issue 11, items 7 and 8, through the real binary: packages behind a hardlink are listed; a scan
// that could not read a package database fails the --exit-code gate unless --allow-incomplete
// is given and every format says what was not read; and errors that used to mislead (a bad
// digest in index.json as a usage error, "the index has: none", a symlink loop without the word,
// --max-ratio 0, a dropped database table as [io], SBOM purl warnings hidden by -q). Every input
// is built here.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/digest.hpp"
#include "test_support.hpp"

namespace berth::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// An OCI layout holding one image of uncompressed `layers`, tagged "latest"; `index_digest`
// replaces the manifest digest in index.json when set.
struct Layout {
    fs::path dir;
    std::string put(const std::string& data) const {
        const Digest d = sha256_of(data);
        std::ofstream(dir / "blobs/sha256" / d.hex, std::ios::binary) << data;
        return d.str();
    }
    void index(const json& manifests) const {
        std::ofstream(dir / "oci-layout") << R"({"imageLayoutVersion":"1.0.0"})";
        std::ofstream(dir / "index.json")
            << json{{"schemaVersion", 2}, {"manifests", manifests}}.dump();
    }
};

Layout layout(const std::string& name, const std::vector<std::string>& layers,
              const std::string& index_digest = "") {
    Layout l{temp_dir(name) / "oci"};
    fs::create_directories(l.dir / "blobs/sha256");
    json diff_ids = json::array();
    json descs = json::array();
    for (const auto& t : layers) {
        const std::string d = l.put(t);
        diff_ids.push_back(d);
        descs.push_back({{"mediaType", "application/vnd.oci.image.layer.v1.tar"},
                         {"digest", d},
                         {"size", t.size()}});
    }
    const std::string config = json{{"architecture", "amd64"},
                                    {"os", "linux"},
                                    {"rootfs", {{"type", "layers"}, {"diff_ids", diff_ids}}}}
                                   .dump();
    const std::string manifest = json{
        {"schemaVersion", 2},
        {"mediaType", "application/vnd.oci.image.manifest.v1+json"},
        {"config",
         {{"mediaType", "application/vnd.oci.image.config.v1+json"},
          {"digest", l.put(config)},
          {"size", config.size()}}},
        {"layers", descs}}.dump();
    const std::string md = l.put(manifest);
    l.index(json::array({{{"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                          {"digest", index_digest.empty() ? md : index_digest},
                          {"size", manifest.size()},
                          {"annotations", {{"org.opencontainers.image.ref.name", "latest"}}}}}));
    return l;
}

const std::string kOsRelease = "ID=debian\nVERSION_ID=\"12\"\n";
const std::string kStatus =
    "Package: zlib1g\nStatus: install ok installed\nArchitecture: amd64\nVersion: "
    "1:1.2.13.dfsg-1\n\nPackage: bash\nStatus: install ok installed\nArchitecture: "
    "amd64\nVersion: 5.2.15-2+b2\n\n";

// An advisory database with one Debian advisory (for `scan`).
fs::path advisory_db(const std::string& name) {
    const fs::path dir = temp_dir(name);
    std::ofstream(dir / "osv.json")
        << R"({"id":"DSA-0000-1","modified":"2024-01-01T00:00:00Z","affected":[{"package":)"
           R"({"ecosystem":"Debian:12","name":"nothing-here"},"ranges":[{"type":"ECOSYSTEM",)"
           R"("events":[{"introduced":"0"},{"fixed":"2"}]}]}]})";
    auto r =
        run_berth({"db", "import", "--db", (dir / "t.db").string(), (dir / "osv.json").string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return dir / "t.db";
}

std::vector<std::string> package_names(const std::string& json_text) {
    std::vector<std::string> names;
    json j = json::parse(json_text);
    for (const auto& p : j["packages"]) names.push_back(p["name"].get<std::string>());
    return names;
}

// --- item 7: hardlinks -----------------------------------------------------------------------

TEST(Issue11Hardlinks, DpkgStatusLinkedInTheSameLayerIsRead) {
    auto l = layout("hl-same",
                    {tar_of({ustar("etc/os-release", '0', kOsRelease), ustar("tmp/x", '0', kStatus),
                             ustar("var/lib/dpkg/status", '1', "", "tmp/x")})});
    auto r = run_berth({"sbom", "--no-cache", "--format", "json", "oci:" + l.dir.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(package_names(r.out), (std::vector<std::string>{"bash", "zlib1g"}));
}

TEST(Issue11Hardlinks, DpkgStatusLinkedToALowerLayerIsRead) {
    auto l =
        layout("hl-lower",
               {tar_of({ustar("etc/os-release", '0', kOsRelease), ustar("tmp/x", '0', kStatus)}),
                tar_of({ustar("var/lib/dpkg/status", '1', "", "tmp/x")})});
    auto r = run_berth({"sbom", "--no-cache", "--format", "json", "oci:" + l.dir.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(package_names(r.out), (std::vector<std::string>{"bash", "zlib1g"}));
    json j = json::parse(r.out);
    EXPECT_EQ(j["packages"][0]["layer"]["index"], 1);
    EXPECT_EQ(j["incomplete"], json::array());
}

// --- item 7: the gate fails closed on an incomplete scan ---------------------------------------

fs::path root_with_broken_rpmdb(const std::string& name) {
    const fs::path root = temp_dir(name) / "root";
    fs::create_directories(root / "etc");
    fs::create_directories(root / "var/lib/rpm");
    std::ofstream(root / "etc/os-release") << "ID=rhel\nVERSION_ID=\"9.3\"\n";
    std::ofstream(root / "var/lib/rpm/rpmdb.sqlite")
        << std::string("SQLite format 3") + '\0' + std::string(4000, '\xff');
    return root;
}

TEST(Issue11Incomplete, UnreadableDatabaseFailsTheGate) {
    const fs::path db = advisory_db("inc-db");
    const std::string image = "rootfs:" + root_with_broken_rpmdb("inc-root").string();
    auto gated = run_berth({"scan", "--no-cache", "--db", db.string(), "--exit-code", "1", image});
    EXPECT_EQ(gated.exit_code, 1) << gated.err;
    EXPECT_NE(gated.err.find("the scan is incomplete"), std::string::npos) << gated.err;
    EXPECT_NE(gated.out.find("INCOMPLETE: 1 input was not read"), std::string::npos) << gated.out;
    EXPECT_NE(gated.out.find("var/lib/rpm/rpmdb.sqlite"), std::string::npos) << gated.out;

    auto allowed = run_berth({"scan", "--no-cache", "--db", db.string(), "--scanners", "vuln",
                              "--exit-code", "1", "--allow-incomplete", image});
    EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
    EXPECT_NE(allowed.out.find("INCOMPLETE"), std::string::npos) << "still said";

    auto quiet_json = run_berth({"scan", "-q", "--no-cache", "--db", db.string(), "--format",
                                 "json", "--exit-code", "1", image});
    EXPECT_EQ(quiet_json.exit_code, 1);
    EXPECT_NE(quiet_json.err.find("rpmdb.sqlite"), std::string::npos) << "shown even with -q";
    json j = json::parse(quiet_json.out);
    ASSERT_EQ(j["incomplete"].size(), 1U) << j.dump();
    EXPECT_EQ(j["incomplete"][0]["where"], "var/lib/rpm/rpmdb.sqlite");
    EXPECT_EQ(j["summary"]["gate_tripped"], true);

    auto sarif =
        run_berth({"scan", "-q", "--no-cache", "--db", db.string(), "--format", "sarif", image});
    EXPECT_EQ(sarif.exit_code, 0) << "no gate without --exit-code";
    json s = json::parse(sarif.out);
    EXPECT_EQ(s["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["level"], "error");
}

// --- item 8: misleading errors ----------------------------------------------------------------

TEST(Issue11Errors, MalformedDigestInIndexJsonIsAFormatError) {
    auto l = layout("bad-index-digest", {tar_of({ustar("etc/os-release", '0', kOsRelease)})},
                    "sha256:xyz");
    auto r = run_berth({"sbom", "--no-cache", "oci:" + l.dir.string()});
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.err.find("[format]"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("sha256:xyz"), std::string::npos) << r.err;
}

TEST(Issue11Errors, NestedIndexWithoutManifestsSaysSo) {
    Layout l{temp_dir("nested-empty") / "oci"};
    fs::create_directories(l.dir / "blobs/sha256");
    const std::string mt = "application/vnd.oci.image.index.v1+json";
    const std::string inner = json{{"schemaVersion", 2}, {"manifests", json::array()}}.dump();
    const std::string mid =
        json{{"schemaVersion", 2},
             {"manifests",
              json::array({{{"mediaType", mt}, {"digest", l.put(inner)}, {"size", inner.size()}}})}}
            .dump();
    l.index(json::array({{{"mediaType", mt}, {"digest", l.put(mid)}, {"size", mid.size()}}}));
    auto r = run_berth({"sbom", "--no-cache", "oci:" + l.dir.string()});
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_EQ(r.err.find("the index has: none"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("nested image index lists no manifests"), std::string::npos) << r.err;
}

TEST(Issue11Errors, SymlinkLoopSaysLoop) {
    auto l =
        layout("symlink-loop",
               {tar_of({ustar("etc/os-release", '0', kOsRelease),
                        ustar("loop-a", '2', "", "loop-b"), ustar("loop-b", '2', "", "loop-a")})});
    auto r =
        run_berth({"inspect", "--format", "json", "--path", "loop-a", "oci:" + l.dir.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json p = json::parse(r.out)["paths"][0];
    EXPECT_EQ(p["resolved"], "");
    EXPECT_NE(p["resolve_error"].get<std::string>().find("symbolic link loop"), std::string::npos)
        << p.dump();
    auto table = run_berth({"inspect", "--path", "loop-a", "oci:" + l.dir.string()});
    EXPECT_NE(table.out.find("does not resolve: symbolic link loop"), std::string::npos)
        << table.out;
}

TEST(Issue11Errors, ZeroLimitsAreUsageErrors) {
    for (const char* option : {"--max-ratio", "--max-layer-bytes", "--max-entries"}) {
        auto r = run_berth({"sbom", option, "0", "rootfs:/nonexistent"});
        EXPECT_EQ(r.exit_code, 2) << option << ": " << r.err;
        EXPECT_NE(r.err.find(option), std::string::npos) << r.err;
    }
}

TEST(Issue11Errors, DroppedDatabaseTableIsAFormatError) {
    const fs::path db = advisory_db("dropped-table");
    auto drop = run_shell("python3 -c \"import sqlite3; c = sqlite3.connect('" + db.string() +
                          "'); c.execute('DROP TABLE affected'); c.commit()\"");
    ASSERT_EQ(drop.exit_code, 0) << drop.err;
    auto r = run_berth({"scan", "--no-cache", "--db", db.string(),
                        "rootfs:" + root_with_broken_rpmdb("dropped-root").string()});
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.err.find("no such table: affected"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("[format]"), std::string::npos) << r.err;
}

TEST(Issue11Errors, SbomPurlWarningsReachStderrEvenQuiet) {
    const fs::path dir = temp_dir("purl-warn");
    std::ofstream(dir / "in.cdx.json")
        << R"({"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[)"
           R"({"type":"library","name":"x","version":"1","purl":"pkg:deb/debian/x@1"},)"
           R"({"type":"library","name":"bad","version":"1","purl":"notapurl"},)"
           R"({"type":"library","name":"nopurl","version":"1"}]})";
    auto r = run_berth({"sbom", "-q", "sbom:" + (dir / "in.cdx.json").string()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("component skipped (not checked)"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("1 component(s) without a purl skipped"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace berth::test

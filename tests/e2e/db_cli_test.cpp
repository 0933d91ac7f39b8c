// SPDX-License-Identifier: Apache-2.0
// `berth db import|update|status` and `berth scan` end to end: the real binary, a real HTTP
// server on 127.0.0.1 (tests/e2e/mirror_server.py), archives and signatures made with real
// tools (Python's zipfile, the openssl command).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "test_support.hpp"
#include "vuln/db/lock.hpp"

namespace berth {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kTestdata = fs::path(BERTH_SOURCE_DIR) / "tests/e2e/testdata/advisories";

using test::sh_quote;

// A Debian 12 root with hyperthing 1.2-3 installed (see testdata/advisories/README.md).
fs::path make_rootfs(const fs::path& dir) {
    const fs::path root = dir / "rootfs";
    fs::create_directories(root / "var/lib/dpkg");
    fs::create_directories(root / "etc");
    std::ofstream(root / "etc/os-release")
        << "ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n";
    std::ofstream(root / "var/lib/dpkg/status")
        << "Package: hyperthing\nStatus: install ok installed\nArchitecture: amd64\nVersion: "
           "1.2-3\n"
           "Maintainer: x\nDescription: x\n\n";
    return root;
}

// The mirror server, stopped when the test ends.
class Mirror {
  public:
    Mirror(const fs::path& root, const std::string& extra) {
        const fs::path port_file = root.parent_path() / ("port-" + std::to_string(::getpid()));
        log_ = root.parent_path() / "requests.log";
        server_ = std::make_unique<test::BackgroundServer>(
            fs::path(BERTH_SOURCE_DIR) / "tests/e2e/mirror_server.py",
            sh_quote(root.string()) + " --log " + sh_quote(log_.string()) + " " + extra, port_file);
    }
    [[nodiscard]] std::string url() const { return server_->url(); }
    [[nodiscard]] bool up() const { return server_->up(); }
    [[nodiscard]] std::string log() const { return test::read_text_file(log_); }

  private:
    std::unique_ptr<test::BackgroundServer> server_;
    fs::path log_;
};

// Zips `files` into dir/name and writes dir/index.json listing every zip there.
void make_mirror(const fs::path& dir,
                 const std::vector<std::pair<std::string, std::vector<fs::path>>>& archives,
                 bool pad = false) {
    fs::create_directories(dir);
    json index = {{"format", 1}, {"archives", json::array()}};
    for (const auto& [name, files] : archives) {
        std::string py =
            "import zipfile,sys\nz=zipfile.ZipFile(sys.argv[1],'w',zipfile.ZIP_DEFLATED)\n";
        for (const auto& f : files) {
            // Member names keep the parent directory: Alpine's files are all
            // main.json/community.json.
            py += "z.write('" + f.string() + "','" +
                  (f.parent_path().filename() / f.filename()).string() + "')\n";
        }
        if (pad) {
            // Incompressible padding makes the archive slow to download under --throttle.
            py += "import os\nz.writestr('padding.bin', os.urandom(400000), zipfile.ZIP_STORED)\n";
        }
        py += "z.close()\n";
        std::ofstream(dir / "mk.py") << py;
        const fs::path zip = dir / (name + ".zip");
        auto r = test::run_shell("python3 " + sh_quote((dir / "mk.py").string()) + " " +
                                 sh_quote(zip.string()));
        ASSERT_EQ(r.exit_code, 0) << r.err;
        auto sum = test::run_shell("sha256sum " + sh_quote(zip.string()) + " | cut -d' ' -f1");
        std::string hex = sum.out.substr(0, 64);
        index["archives"].push_back({{"name", name},
                                     {"path", name + ".zip"},
                                     {"sha256", hex},
                                     {"size", fs::file_size(zip)}});
    }
    fs::remove(dir / "mk.py");
    std::ofstream(dir / "index.json") << index.dump(2);
}

std::vector<fs::path> test_advisories() {
    std::vector<fs::path> v;
    for (const auto& e : fs::directory_iterator(kTestdata / "osv")) v.push_back(e.path());
    std::sort(v.begin(), v.end());
    return v;
}

std::string sha256_file(const fs::path& p) {
    return test::run_shell("sha256sum " + sh_quote(p.string()) + " | cut -d' ' -f1").out;
}

TEST(DbCli, ImportStatusAndScan) {
    const fs::path dir = test::temp_dir("db-cli");
    const std::string db = (dir / "berth.db").string();
    auto imp = test::run_berth({"db", "import", "--db", db, (kTestdata / "osv").string()});
    ASSERT_EQ(imp.exit_code, 0) << imp.err;
    EXPECT_NE(imp.out.find("read 3 advisory records from 3 files"), std::string::npos) << imp.out;
    EXPECT_NE(imp.out.find("holds 3 distinct advisories"), std::string::npos) << imp.out;

    auto st = test::run_berth({"db", "status", "--db", db, "--format", "json"});
    ASSERT_EQ(st.exit_code, 0) << st.err;
    const auto sj = json::parse(st.out);
    EXPECT_EQ(sj.at("advisories"), 3);
    EXPECT_EQ(sj.at("per_ecosystem").at("debian:12"), 2);
    EXPECT_EQ(sj.at("per_ecosystem").at("debian:11"), 1);
    EXPECT_EQ(sj.at("schema_version"), 1);

    const fs::path root = make_rootfs(dir);
    auto scan = test::run_berth(
        {"scan", "--db", db, "--no-cache", "--format", "json", "rootfs:" + root.string()});
    ASSERT_EQ(scan.exit_code, 0) << scan.err;
    const std::string& out = scan.out;
    EXPECT_NE(out.find("CVE-2026-90001"), std::string::npos) << out;
    EXPECT_NE(out.find("BERTH-TEST-2026-0001"), std::string::npos)
        << "the OSV id is listed as an alias";
    EXPECT_NE(out.find("BERTH-TEST-2026-0002"), std::string::npos);
    EXPECT_EQ(out.find("BERTH-TEST-2026-0003"), std::string::npos)
        << "a Debian 11 advisory matched Debian 12";

    // Gates: --exit-code with findings; --ignore-unfixed drops the unfixed one; an ignore file.
    auto gate = test::run_berth(
        {"scan", "--db", db, "--no-cache", "--exit-code", "5", "rootfs:" + root.string()});
    EXPECT_EQ(gate.exit_code, 5) << gate.err;
    auto unfixed = test::run_berth({"scan", "--db", db, "--no-cache", "--ignore-unfixed",
                                    "--format", "json", "rootfs:" + root.string()});
    ASSERT_EQ(unfixed.exit_code, 0);
    EXPECT_EQ(unfixed.out.find("BERTH-TEST-2026-0002"), std::string::npos);
    std::ofstream(dir / "ignore") << "# judged\nCVE-2026-90001\nBERTH-TEST-2026-0002\n";
    auto ignored =
        test::run_berth({"scan", "--db", db, "--no-cache", "--scanners", "vuln", "--ignorefile",
                         (dir / "ignore").string(), "--exit-code", "5", "rootfs:" + root.string()});
    EXPECT_EQ(ignored.exit_code, 0)
        << "every finding was ignored, the gate must pass: " << ignored.out;
    auto sev =
        test::run_berth({"scan", "--db", db, "--no-cache", "--scanners", "vuln", "--severity",
                         "LOW", "--exit-code", "5", "rootfs:" + root.string()});
    EXPECT_EQ(sev.exit_code, 0) << "no LOW finding exists: " << sev.out;
    auto crit =
        test::run_berth({"scan", "--db", db, "--no-cache", "--severity", "CRITICAL", "--exit-code",
                         "5", "--format", "json", "rootfs:" + root.string()});
    EXPECT_EQ(crit.exit_code, 5) << "the CVSS 9.8 finding is CRITICAL: " << crit.out;
    EXPECT_EQ(json::parse(crit.out).at("summary").at("total"), 1);
    auto range =
        test::run_berth({"scan", "--db", db, "--exit-code", "256", "rootfs:" + root.string()});
    EXPECT_EQ(range.exit_code, 2) << "exit codes above 255 would wrap to 0";
}

// The same findings whether the image or its SBOM is scanned; SARIF and CycloneDX carry them.
TEST(DbCli, SbomInputAndReportFormats) {
    ::setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    const fs::path dir = test::temp_dir("db-cli-sbom");
    const std::string db = (dir / "berth.db").string();
    ASSERT_EQ(test::run_berth({"db", "import", "--db", db, (kTestdata / "osv").string()}).exit_code,
              0);
    const fs::path root = make_rootfs(dir);
    const std::string cdx = (dir / "sbom.cdx.json").string();
    const std::string spdx = (dir / "sbom.spdx.json").string();
    ASSERT_EQ(test::run_berth({"sbom", "--no-cache", "--format", "cyclonedx", "-o", cdx,
                               "rootfs:" + root.string()})
                  .exit_code,
              0);
    ASSERT_EQ(test::run_berth(
                  {"sbom", "--no-cache", "--format", "spdx", "-o", spdx, "rootfs:" + root.string()})
                  .exit_code,
              0);
    auto findings = [&](const std::string& target) {
        auto r = test::run_berth({"scan", "--db", db, "--no-cache", "--format", "json", target});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        const json doc =
            json::parse(r.out);  // owned: a range-for over a temporary's member dangles
        std::vector<std::string> ids;
        for (const auto& f : doc.at("findings")) {
            ids.push_back(f.at("package").at("name").get<std::string>() + " " +
                          f.at("id").get<std::string>() + " " + f.at("status").get<std::string>() +
                          " " + f.at("fixed_version").get<std::string>());
        }
        return ids;
    };
    const auto direct = findings("rootfs:" + root.string());
    const std::vector<std::string> want = {"hyperthing BERTH-TEST-2026-0002 affected ",
                                           "hyperthing CVE-2026-90001 fixed 1.2-3+deb12u1"};
    EXPECT_EQ(direct, want);
    EXPECT_EQ(findings("sbom:" + cdx), want);
    EXPECT_EQ(findings("sbom:" + spdx), want);

    auto sarif = test::run_berth({"scan", "--db", db, "--no-cache", "--scanners", "vuln",
                                  "--format", "sarif", "rootfs:" + root.string()});
    ASSERT_EQ(sarif.exit_code, 0) << sarif.err;
    const auto sj = json::parse(sarif.out);
    EXPECT_EQ(sj.at("version"), "2.1.0");
    EXPECT_EQ(sj.at("runs").at(0).at("results").size(), 2U);
    auto cyclonedx = test::run_berth(
        {"scan", "--db", db, "--no-cache", "--format", "cyclonedx", "rootfs:" + root.string()});
    ASSERT_EQ(cyclonedx.exit_code, 0) << cyclonedx.err;
    const auto cj = json::parse(cyclonedx.out);
    EXPECT_EQ(cj.at("specVersion"), "1.6");
    ASSERT_EQ(cj.at("vulnerabilities").size(), 2U);
    EXPECT_EQ(cj.at("vulnerabilities").at(1).at("id"), "CVE-2026-90001");
}

TEST(DbCli, ClearErrors) {
    const fs::path dir = test::temp_dir("db-cli-err");
    auto none =
        test::run_berth({"scan", "--db", (dir / "missing.db").string(), "rootfs:" + dir.string()});
    EXPECT_EQ(none.exit_code, 3);
    EXPECT_NE(none.err.find("berth db import"), std::string::npos) << none.err;
    std::ofstream(dir / "bad.json") << "{\"id\": \"X\", \"affected\": [";
    auto bad = test::run_berth(
        {"db", "import", "--db", (dir / "b.db").string(), (dir / "bad.json").string()});
    EXPECT_EQ(bad.exit_code, 3);
    EXPECT_NE(bad.err.find("bad.json"), std::string::npos) << bad.err;
    EXPECT_FALSE(fs::exists(dir / "b.db")) << "a failed import must not leave a database";
    // Without --mirror, update reads the upstream feeds (tests/e2e/feeds_test.cpp); a mirror's
    // options without a mirror are a usage error.
    auto noargs =
        test::run_berth({"db", "update", "--db", (dir / "c.db").string(), "--key", "k.pem"});
    EXPECT_EQ(noargs.exit_code, 2) << noargs.err;
}

TEST(DbUpdate, FromMirrorVerifiesAndRetries) {
    const fs::path dir = test::temp_dir("db-update");
    make_mirror(dir / "mirror", {{"test-osv", test_advisories()}});
    // The first GET of the archive is answered 429 with Retry-After: 1.
    Mirror m(dir / "mirror", "--once-429 /test-osv.zip");
    ASSERT_TRUE(m.up());
    const std::string db = (dir / "berth.db").string();
    auto up = test::run_berth({"db", "update", "--db", db, "--mirror", m.url()});
    ASSERT_EQ(up.exit_code, 0) << up.err;
    EXPECT_NE(up.out.find("downloaded 1 archives"), std::string::npos) << up.out;
    const std::string log = m.log();
    EXPECT_NE(log.find("GET /test-osv.zip 429"), std::string::npos) << log;
    auto st = test::run_berth({"db", "status", "--db", db, "--format", "json"});
    EXPECT_EQ(json::parse(st.out).at("advisories"), 3);

    // A signed index: openssl makes the key and the signature, berth checks it.
    ASSERT_EQ(
        test::run_shell("cd " + sh_quote(dir.string()) +
                        " && openssl ecparam -name prime256v1 -genkey -noout -out k.pem"
                        " && openssl ec -in k.pem -pubout -out k.pub 2>/dev/null"
                        " && openssl dgst -sha256 -sign k.pem mirror/index.json | base64 -w0 >"
                        " mirror/index.json.sig")
            .exit_code,
        0);
    auto signed_ok = test::run_berth(
        {"db", "update", "--db", db, "--mirror", m.url(), "--key", (dir / "k.pub").string()});
    EXPECT_EQ(signed_ok.exit_code, 0) << signed_ok.err;
    ASSERT_EQ(test::run_shell("cd " + sh_quote(dir.string()) +
                              " && openssl ecparam -name prime256v1 -genkey -noout -out other.pem"
                              " && openssl ec -in other.pem -pubout -out other.pub 2>/dev/null")
                  .exit_code,
              0);
    const std::string before = sha256_file(db);
    auto wrong_key = test::run_berth(
        {"db", "update", "--db", db, "--mirror", m.url(), "--key", (dir / "other.pub").string()});
    EXPECT_EQ(wrong_key.exit_code, 3);
    EXPECT_NE(wrong_key.err.find("signature"), std::string::npos) << wrong_key.err;
    EXPECT_EQ(sha256_file(db), before) << "a failed update changed the database";
}

// A mirror of the real upstream advisories in ../shared: one archive per source. The updated
// database must hold exactly what `db import` of the same files gives.
TEST(DbUpdate, MirrorOfSharedAdvisoriesEqualsImport) {
    auto shared = test::shared_data_dir();
    if (!shared) GTEST_SKIP() << "shared data absent: ../shared/data (set BERTH_SHARED_DATA)";
    const fs::path adv = *shared / "advisories";
    auto files_in = [](const fs::path& d) {
        std::vector<fs::path> v;
        for (const auto& e : fs::recursive_directory_iterator(d)) {
            if (e.is_regular_file() && e.path().extension() == ".json") v.push_back(e.path());
        }
        std::sort(v.begin(), v.end());
        return v;
    };
    const std::vector<std::pair<std::string, std::vector<fs::path>>> archives = {
        {"crates.io", files_in(adv / "rustsec-osv")},
        {"Alpine", files_in(adv / "alpine-secdb-2020/json")},
        {"Debian",
         {adv / "debian-security-tracker/DSA-list.txt",
          adv / "debian-security-tracker/DLA-list.txt"}},
    };
    const fs::path dir = test::temp_dir("db-update-shared");
    make_mirror(dir / "mirror", archives);
    Mirror m(dir / "mirror", "");
    ASSERT_TRUE(m.up());
    const std::string updated = (dir / "updated.db").string();
    auto up = test::run_berth({"db", "update", "--db", updated, "--mirror", m.url()});
    ASSERT_EQ(up.exit_code, 0) << up.err;
    std::vector<std::string> import_args = {"db", "import", "--db", (dir / "imported.db").string()};
    for (const auto& [name, files] : archives) {
        for (const auto& f : files) import_args.push_back(f.string());
    }
    ASSERT_EQ(test::run_berth(import_args).exit_code, 0);
    auto status = [](const std::string& db) {
        auto j = json::parse(test::run_berth({"db", "status", "--db", db, "--format", "json"}).out);
        return std::make_pair(j.at("per_source"), j.at("per_ecosystem"));
    };
    const auto u = status(updated);
    EXPECT_EQ(u, status((dir / "imported.db").string()));
    EXPECT_GT(u.first.at("osv").get<int>(), 1000);
    EXPECT_GT(u.first.at("debian-dsa").get<int>(), 5000);
    EXPECT_TRUE(u.second.contains("alpine:3.10"));
    // --only fetches one archive; a name the index lacks is an error.
    auto only =
        test::run_berth({"db", "update", "--db", updated, "--mirror", m.url(), "--only", "Alpine"});
    ASSERT_EQ(only.exit_code, 0) << only.err;
    EXPECT_FALSE(status(updated).first.contains("osv"));
    auto unknown =
        test::run_berth({"db", "update", "--db", updated, "--mirror", m.url(), "--only", "Nope"});
    EXPECT_EQ(unknown.exit_code, 3);
    EXPECT_NE(unknown.err.find("Nope"), std::string::npos) << unknown.err;
}

TEST(DbUpdate, TamperedAndTruncatedArchivesLeaveTheOldDatabase) {
    const fs::path dir = test::temp_dir("db-update-bad");
    const std::string db = (dir / "berth.db").string();
    ASSERT_EQ(test::run_berth({"db", "import", "--db", db, (kTestdata / "osv").string()}).exit_code,
              0);
    const std::string before = sha256_file(db);
    make_mirror(dir / "mirror", {{"test-osv", test_advisories()}});
    Mirror m(dir / "mirror", "");
    ASSERT_TRUE(m.up());

    // One byte changed on the mirror's disk after the index was made.
    {
        std::fstream f(dir / "mirror/test-osv.zip",
                       std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(40);
        f.put('\x55');
    }
    auto tampered = test::run_berth({"db", "update", "--db", db, "--mirror", m.url()});
    EXPECT_EQ(tampered.exit_code, 3);
    EXPECT_NE(tampered.err.find("[digest-mismatch]"), std::string::npos) << tampered.err;
    EXPECT_EQ(sha256_file(db), before);

    // The index announces more bytes than the server sends.
    auto index = json::parse(test::read_text_file(dir / "mirror/index.json"));
    index["archives"][0]["size"] = index["archives"][0]["size"].get<std::uint64_t>() + 100;
    std::ofstream(dir / "mirror/index.json") << index.dump();
    auto truncated = test::run_berth({"db", "update", "--db", db, "--mirror", m.url()});
    EXPECT_EQ(truncated.exit_code, 3);
    EXPECT_NE(truncated.err.find("[truncated]"), std::string::npos) << truncated.err;
    EXPECT_EQ(sha256_file(db), before);
    for (const auto& e : fs::directory_iterator(dir)) {
        EXPECT_EQ(e.path().filename().string().find(".update."), std::string::npos)
            << "left behind: " << e.path();
        EXPECT_EQ(e.path().filename().string().find(".tmp."), std::string::npos)
            << "left behind: " << e.path();
    }
}

TEST(DbUpdate, KilledMidwayKeepsTheOldDatabaseWorking) {
    ::setenv("SOURCE_DATE_EPOCH", "1700000000", 1);  // the report's timestamp must not differ
    const fs::path dir = test::temp_dir("db-update-kill");
    const std::string db = (dir / "berth.db").string();
    ASSERT_EQ(test::run_berth({"db", "import", "--db", db, (kTestdata / "osv").string()}).exit_code,
              0);
    const fs::path root = make_rootfs(dir);
    const std::vector<std::string> scan = {
        "scan", "--db", db, "--no-cache", "--format", "json", "rootfs:" + root.string()};
    auto before = test::run_berth(scan);
    ASSERT_EQ(before.exit_code, 0) << before.err;
    auto status = [&] {
        auto j = json::parse(test::run_berth({"db", "status", "--db", db, "--format", "json"}).out);
        j.erase("age_seconds");  // the clock moves on
        return j;
    };
    const json status_before = status();

    make_mirror(dir / "mirror", {{"test-osv", test_advisories()}}, /*pad=*/true);
    Mirror m(dir / "mirror", "--throttle 40000");  // ~10 s for the padded archive
    ASSERT_TRUE(m.up());
    const char* bin = std::getenv("BERTH_BIN");
    const std::string berth = bin != nullptr ? bin : std::string(BERTH_BINARY_DIR) + "/src/berth";
    auto child = test::run_shell(sh_quote(berth) + " db update --db " + sh_quote(db) +
                                 " --mirror " + m.url() + " >/dev/null 2>&1 & echo $!");
    const int pid = std::stoi(child.out);
    for (int i = 0; i < 100 && m.log().find("GET /test-osv.zip 200") == std::string::npos; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    ASSERT_EQ(::kill(pid, SIGKILL), 0) << "the update finished before it could be killed";

    auto after = test::run_berth(scan);
    ASSERT_EQ(after.exit_code, 0) << after.err;
    EXPECT_EQ(after.out, before.out);
    EXPECT_EQ(status(), status_before);

    // The killed update's leftovers go with the next build.
    ::waitpid(pid, nullptr, WNOHANG);
    ASSERT_EQ(test::run_berth({"db", "import", "--db", db, (kTestdata / "osv").string()}).exit_code,
              0);
    for (const auto& e : fs::directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        EXPECT_EQ(name.find(".update."), std::string::npos) << "left behind: " << name;
        EXPECT_EQ(name.find(".tmp."), std::string::npos) << "left behind: " << name;
    }
}

// Import counts records read, status counts distinct (source, id) advisories, and each says so:
// one advisory written twice (two files, same id and record time) is 2 records, 1 advisory.
// Releases sort as numbers: Alpine:v3.3 before Alpine:v3.10, Debian:9 before Debian:10.
TEST(DbCli, CountsSayWhatTheyCountAndReleasesSortNumerically) {
    const fs::path dir = test::temp_dir("db-counts");
    fs::create_directories(dir / "in");
    const std::string releases[] = {"Alpine:v3.10", "Alpine:v3.3", "Alpine:v3.9", "Debian:10",
                                    "Debian:9"};
    int n = 0;
    for (const auto& eco : releases) {
        json a = {{"schema_version", "1.6.0"},
                  {"id", "BERTH-TEST-SORT-" + std::to_string(n)},
                  {"modified", "2026-11-01T00:00:00Z"},
                  {"affected",
                   {{{"package", {{"ecosystem", eco}, {"name", "p"}}},
                     {"ranges", {{{"type", "ECOSYSTEM"}, {"events", {{{"introduced", "0"}}}}}}}}}}};
        std::ofstream(dir / "in" / ("a" + std::to_string(n++) + ".json")) << a.dump();
    }
    // The same advisory again in a second file: one more record, no more advisories.
    fs::copy_file(dir / "in/a0.json", dir / "in/z-again.json");
    const std::string db = (dir / "berth.db").string();
    auto imp = test::run_berth({"db", "import", "--db", db, (dir / "in").string()});
    ASSERT_EQ(imp.exit_code, 0) << imp.err;
    EXPECT_NE(imp.out.find("read 6 advisory records from 6 files"), std::string::npos) << imp.out;
    EXPECT_NE(imp.out.find("holds 5 distinct advisories"), std::string::npos) << imp.out;

    auto st = test::run_berth({"db", "status", "--db", db});
    ASSERT_EQ(st.exit_code, 0) << st.err;
    EXPECT_NE(st.out.find("advisories:     5 distinct"), std::string::npos) << st.out;
    // Ecosystem keys are stored lower-case, Alpine releases without the "v" ("alpine:3.19").
    const auto pos = [&](const std::string& key) { return st.out.find("  " + key + ": "); };
    for (const auto& eco : {"alpine:3.3", "alpine:3.9", "alpine:3.10", "debian:9", "debian:10"}) {
        ASSERT_NE(pos(eco), std::string::npos) << eco << "\n" << st.out;
    }
    EXPECT_LT(pos("alpine:3.3"), pos("alpine:3.9")) << st.out;
    EXPECT_LT(pos("alpine:3.9"), pos("alpine:3.10")) << st.out;
    EXPECT_LT(pos("debian:9"), pos("debian:10")) << st.out;
}

// `n` OSV advisories PREFIX-0 … PREFIX-(n-1) for Debian 12, one file each, in `dir`.
void write_osv_set(const fs::path& dir, const std::string& prefix, int n) {
    fs::create_directories(dir);
    for (int i = 0; i < n; ++i) {
        const json a = {
            {"schema_version", "1.6.0"},
            {"id", prefix + "-" + std::to_string(i)},
            {"modified", "2026-11-01T00:00:00Z"},
            {"affected",
             {{{"package", {{"ecosystem", "Debian:12"}, {"name", "p" + std::to_string(i)}}},
               {"ranges",
                {{{"type", "ECOSYSTEM"},
                  {"events", {{{"introduced", "0"}}, {{"fixed", "1.0"}}}}}}}}}}};
        std::ofstream(dir / (std::to_string(i) + ".json")) << a.dump();
    }
}

std::string berth_binary() {
    const char* bin = std::getenv("BERTH_BIN");
    return bin != nullptr ? bin : std::string(BERTH_BINARY_DIR) + "/src/berth";
}

json db_status(const std::string& db) {
    auto st = test::run_berth({"db", "status", "--db", db, "--format", "json"});
    EXPECT_EQ(st.exit_code, 0) << st.err;
    return st.exit_code == 0 ? json::parse(st.out) : json::object();
}

// Two real `db import --append` processes at once, each with its own advisories: every one of
// them is in the database afterwards. Before the writer lock both exited 0 and the last rename
// dropped the other's set (3,003 of 6,003 advisories, 3 runs out of 3).
TEST(DbLock, ConcurrentAppendsKeepBothSets) {
    const fs::path dir = test::temp_dir("db-lock-race");
    write_osv_set(dir / "a", "RACE-A", 2000);
    write_osv_set(dir / "b", "RACE-B", 2000);
    const std::string db = (dir / "berth.db").string();
    ASSERT_EQ(test::run_berth({"db", "import", "--db", db, (kTestdata / "osv").string()}).exit_code,
              0);
    std::string cmd;
    for (const char* set : {"a", "b"}) {
        const fs::path d = dir / set;
        cmd += "(" + sh_quote(berth_binary()) + " db import --append --db " + sh_quote(db) + " " +
               sh_quote(d.string()) + " >" + sh_quote(d.string() + ".out") + " 2>&1; echo $? >" +
               sh_quote(d.string() + ".rc") + ") & ";
    }
    ASSERT_EQ(test::run_shell(cmd + "wait").exit_code, 0);
    for (const char* set : {"a", "b"}) {
        const fs::path d = dir / set;
        EXPECT_EQ(test::read_text_file(d.string() + ".rc"), "0\n")
            << test::read_text_file(d.string() + ".out");
    }
    const json st = db_status(db);
    EXPECT_EQ(st.value("advisories", 0), 4003) << st.dump();
    for (const auto& e : fs::directory_iterator(dir)) {
        EXPECT_EQ(e.path().filename().string().find(".tmp."), std::string::npos) << e.path();
    }
}

// This test process holds the lock, as a writer would: --lock-timeout 0 fails at once naming it,
// a short timeout fails after waiting (and says it waits), the database stays as it was, and
// once the lock is free the import goes through.
TEST(DbLock, HeldLockFailsWithAClearMessageAndKeepsTheDatabase) {
    const fs::path dir = test::temp_dir("db-lock-held");
    write_osv_set(dir / "a", "HELD", 5);
    const std::string db = (dir / "berth.db").string();
    ASSERT_EQ(test::run_berth({"db", "import", "--db", db, (kTestdata / "osv").string()}).exit_code,
              0);
    const std::string sum = sha256_file(db);
    auto held = vuln::db::WriterLock::acquire(db, std::chrono::milliseconds(0));
    ASSERT_TRUE(held.has_value()) << held.error().to_string();
    const std::string pid = "PID " + std::to_string(::getpid());

    auto now = test::run_berth(
        {"db", "import", "--append", "--lock-timeout", "0", "--db", db, (dir / "a").string()});
    EXPECT_EQ(now.exit_code, 3) << now.err;
    EXPECT_NE(now.err.find("the database is locked"), std::string::npos) << now.err;
    EXPECT_NE(now.err.find(pid), std::string::npos) << now.err;
    EXPECT_NE(now.err.find("--lock-timeout"), std::string::npos) << now.err;
    EXPECT_NE(now.err.find(db + ".lock"), std::string::npos) << now.err;

    const auto start = std::chrono::steady_clock::now();
    auto later = test::run_berth(
        {"db", "import", "--append", "--lock-timeout", "1", "--db", db, (dir / "a").string()});
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
    EXPECT_EQ(later.exit_code, 3) << later.err;
    EXPECT_NE(later.err.find("waiting up to 1 s"), std::string::npos) << later.err;
    EXPECT_NE(later.err.find(pid), std::string::npos) << later.err;
    EXPECT_EQ(sha256_file(db), sum);

    held = fail(ErrorCode::Internal, "released");
    auto free = test::run_berth(
        {"db", "import", "--append", "--lock-timeout", "0", "--db", db, (dir / "a").string()});
    EXPECT_EQ(free.exit_code, 0) << free.err;
    EXPECT_EQ(db_status(db).value("advisories", 0), 8);
    EXPECT_EQ(test::run_berth({"db", "import", "--lock-timeout", "-1", "--db", db, "x"}).exit_code,
              2);
}

// A writer killed mid-way leaves `<db>.tmp.PID` (or `.update.PID`); the next db command of any
// kind, even `status`, removes it once that process is gone.
TEST(DbLock, LeftoversOfDeadWritersGoAtTheNextDbCommand) {
    const fs::path dir = test::temp_dir("db-lock-stale");
    const std::string db = (dir / "berth.db").string();
    ASSERT_EQ(test::run_berth({"db", "import", "--db", db, (kTestdata / "osv").string()}).exit_code,
              0);
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    ::waitpid(child, nullptr, 0);
    const fs::path tmp = db + ".tmp." + std::to_string(child);
    const fs::path update = db + ".update." + std::to_string(child);
    std::ofstream(tmp) << "half a database";
    fs::create_directories(update / "downloads");
    auto st = test::run_berth({"db", "status", "--db", db});
    EXPECT_EQ(st.exit_code, 0) << st.err;
    EXPECT_FALSE(fs::exists(tmp));
    EXPECT_FALSE(fs::exists(update));
}

}  // namespace
}  // namespace berth

// SPDX-License-Identifier: Apache-2.0
// Application packages end to end: the real binary lists npm and Python packages installed in a
// root filesystem, in the SBOM formats, with their layers; and matches them against REAL OSV
// advisories from ../shared/data (GHSA-75v8-2h7p-7m2m for npm formidable, the PyPA records of
// jinja2) — once on a hand-made tree, once on the fixture tests/fixtures/build-lang.sh makes
// with npm and pip (BERTH_LANG_FIXTURES, else build/fixtures/lang).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "test_support.hpp"

namespace berth {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
}

// A Debian 12 root with an npm tree, a Python venv, a gem, a composer vendor dir, a .NET app and
// a conda environment — each a stand-in with a real name and version.
fs::path make_tree(const fs::path& dir) {
    const fs::path root = dir / "rootfs";
    write(root / "etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
    write(root / "app/package.json", R"({"name":"app","version":"0.0.1"})");
    write(root / "app/node_modules/formidable/package.json",
          R"({"name":"formidable","version":"3.5.0","license":"MIT"})");
    write(root / "app/node_modules/@scope/inner/package.json",
          R"({"name":"@scope/inner","version":"1.0.0"})");
    write(root / "opt/venv/lib/python3.11/site-packages/Jinja2-2.10.dist-info/METADATA",
          "Metadata-Version: 2.1\nName: Jinja2\nVersion: 2.10\n\n");
    write(root / "usr/lib/ruby/gems/3.1.0/specifications/rake-13.0.6.gemspec",
          "Gem::Specification.new do |s|\n  s.name = \"rake\".freeze\n  s.version = "
          "\"13.0.6\"\nend\n");
    write(root / "var/www/vendor/composer/installed.json",
          R"({"packages":[{"name":"asm89/stack-cors","version":"1.3.0"}]})");
    write(root / "srv/App.deps.json",
          R"({"libraries":{"Newtonsoft.Json/13.0.1":{"type":"package"}}})");
    write(root / "opt/conda/conda-meta/zlib-1.2.13-h_0.json",
          R"({"name":"zlib","version":"1.2.13","files":["lib/libz.so.1"]})");
    write(root / "app/node_modules/broken/package.json", "{\"name\": ");
    return root;
}

std::optional<fs::path> advisories() {
    auto d = test::shared_data_dir();
    if (!d) return std::nullopt;
    const fs::path npm = *d /
                         "advisories/format-samples/trivy-db/pkg/vulnsrc/ghsa/testdata/happy/ghsa/"
                         "advisories/github-reviewed/2025/04/GHSA-75v8-2h7p-7m2m";
    if (!fs::is_directory(npm) || !fs::is_directory(*d / "advisories/pypa-osv/jinja2"))
        return std::nullopt;
    return *d;
}

// A database with the real npm advisory and every PyPA jinja2 record.
std::string make_db(const fs::path& dir, const fs::path& data) {
    const std::string db = (dir / "berth.db").string();
    const fs::path npm = data /
                         "advisories/format-samples/trivy-db/pkg/vulnsrc/ghsa/testdata/happy/ghsa/"
                         "advisories/github-reviewed/2025/04/GHSA-75v8-2h7p-7m2m";
    auto imp = test::run_berth(
        {"db", "import", "--db", db, npm.string(), (data / "advisories/pypa-osv/jinja2").string()});
    EXPECT_EQ(imp.exit_code, 0) << imp.err << imp.out;
    return db;
}

TEST(LangE2e, SbomListsEveryEcosystemWithPurlsAndWarnsOnBrokenFiles) {
    const fs::path dir = test::temp_dir("lang-sbom");
    const fs::path root = make_tree(dir);
    auto r =
        test::run_berth({"sbom", "--no-cache", "--format", "cyclonedx", "rootfs:" + root.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json doc = json::parse(r.out);
    std::set<std::string> purls;
    for (const auto& c : doc.at("components")) {
        if (c.contains("purl")) purls.insert(c["purl"].get<std::string>());
    }
    for (const char* want :
         {"pkg:npm/formidable@3.5.0", "pkg:npm/%40scope/inner@1.0.0", "pkg:pypi/jinja2@2.10",
          "pkg:gem/rake@13.0.6", "pkg:composer/asm89/stack-cors@1.3.0",
          "pkg:nuget/Newtonsoft.Json@13.0.1", "pkg:conda/zlib@1.2.13"}) {
        EXPECT_EQ(purls.count(want), 1U) << want << "\n" << r.out.substr(0, 2000);
    }
    EXPECT_EQ(purls.count("pkg:npm/app@0.0.1"), 0U) << "the application manifest is not a package";
    EXPECT_NE(r.err.find("app/node_modules/broken/package.json"), std::string::npos) << r.err;

    auto t = test::run_berth({"sbom", "--no-cache", "rootfs:" + root.string()});
    ASSERT_EQ(t.exit_code, 0) << t.err;
    EXPECT_NE(t.out.find("@scope/inner"), std::string::npos) << t.out;
    EXPECT_NE(t.out.find("asm89/stack-cors"), std::string::npos) << t.out;
}

// Finding ids per package purl.
std::map<std::string, std::set<std::string>> findings_by_purl(const json& report) {
    std::map<std::string, std::set<std::string>> out;
    for (const auto& f : report.at("findings")) {
        out[f.at("package").at("purl").get<std::string>()].insert(f.at("id").get<std::string>());
    }
    return out;
}

void expect_real_findings(const json& report) {
    const auto by = findings_by_purl(report);
    auto ids = [&](const std::string& purl) {
        auto it = by.find(purl);
        return it == by.end() ? std::set<std::string>{} : it->second;
    };
    // GHSA-75v8-2h7p-7m2m: formidable >= 3.1.1-canary.20211030, < 3.5.3.
    EXPECT_EQ(ids("pkg:npm/formidable@3.5.0"), std::set<std::string>{"CVE-2025-46653"});
    // PyPA: jinja2 < 2.10.1 (PYSEC-2019-217) and < 2.11.3 (PYSEC-2021-66); the name "Jinja2"
    // meets the advisories' "jinja2" through PEP 503. CVE-2014-1402 was fixed in 2.7.2.
    const auto jinja = ids("pkg:pypi/jinja2@2.10");
    EXPECT_EQ(jinja.count("CVE-2019-10906"), 1U);
    EXPECT_EQ(jinja.count("CVE-2020-28493"), 1U);
    EXPECT_EQ(jinja.count("CVE-2014-1402"), 0U);
}

TEST(LangE2e, RealOsvAdvisoriesMatchNpmAndPypi) {
    auto data = advisories();
    if (!data) GTEST_SKIP() << "shared data absent: advisories (ghsa sample, pypa-osv/jinja2)";
    const fs::path dir = test::temp_dir("lang-match");
    const std::string db = make_db(dir, *data);
    const fs::path root = make_tree(dir);
    auto r = test::run_berth(
        {"scan", "--db", db, "--no-cache", "--format", "json", "rootfs:" + root.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json report = json::parse(r.out);
    expect_real_findings(report);
    // conda has no advisory ecosystem; gem, composer and nuget have none in this database:
    // each is said, not silently skipped.
    const std::string all = r.out + r.err;
    for (const char* said : {"1 conda package(s) were not checked", "1 rubygems package(s)",
                             "1 packagist package(s)", "1 nuget package(s)"}) {
        EXPECT_NE(all.find(said), std::string::npos) << said << "\n" << r.err;
    }
    EXPECT_EQ(all.find("npm package(s) were not checked"), std::string::npos);
}

// A real Go binary (osv-scalibr's linux-amd64 test binary, Go 1.22.0, golang.org/x/xerrors
// replaced by github.com/golang/xerrors) in a root filesystem: sbom lists its modules, and scan
// matches the Go vulndb's GO-2024-2598 (stdlib, fixed in 1.22.1) against the toolchain.
TEST(LangE2e, GoBinaryModulesAndARealStdlibAdvisory) {
    auto d = test::shared_data_dir();
    const fs::path bin = d ? *d / "binaries/scalibr/golang/gobinary/testdata/"
                                  "binary_with_module_replacement-linux-amd64"
                           : fs::path();
    if (!d || !fs::exists(bin) || !fs::exists(*d / "advisories/golang-vulndb-osv")) {
        GTEST_SKIP()
            << "shared data absent: binaries/scalibr gobinary, advisories/golang-vulndb-osv";
    }
    const fs::path dir = test::temp_dir("lang-go");
    const fs::path root = dir / "rootfs";
    write(root / "etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
    fs::create_directories(root / "usr/local/bin");
    fs::copy_file(bin, root / "usr/local/bin/app");
    fs::permissions(root / "usr/local/bin/app",
                    fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
    auto sbom =
        test::run_berth({"sbom", "--no-cache", "--format", "cyclonedx", "rootfs:" + root.string()});
    ASSERT_EQ(sbom.exit_code, 0) << sbom.err;
    for (const char* purl :
         {"pkg:golang/stdlib@v1.22.0",
          "pkg:golang/github.com/golang/xerrors@v0.0.0-20220907171357-04be3eba64a2",
          "pkg:golang/binary_with_module_replacement"}) {
        EXPECT_NE(sbom.out.find(purl), std::string::npos) << purl;
    }
    const std::string db = (dir / "go.db").string();
    auto imp = test::run_berth({"db", "import", "--db", db,
                                (*d / "advisories/golang-vulndb-osv/GO-2024-2598.json").string()});
    ASSERT_EQ(imp.exit_code, 0) << imp.err;
    auto scan = test::run_berth({"scan", "--db", db, "--no-cache", "--scanners", "vuln", "--format",
                                 "json", "rootfs:" + root.string()});
    ASSERT_EQ(scan.exit_code, 0) << scan.err;
    EXPECT_NE(scan.out.find("GO-2024-2598"), std::string::npos) << scan.out.substr(0, 2000);
    EXPECT_NE(scan.out.find("\"1.22.1\""), std::string::npos) << "the fixed version";
}

std::optional<fs::path> lang_fixture() {
    if (const char* env = std::getenv("BERTH_LANG_FIXTURES")) return fs::path(env) / "rootfs";
    auto images = test::fixture_images_dir();
    if (images && fs::is_directory(images->parent_path() / "lang/rootfs"))
        return images->parent_path() / "lang/rootfs";
    return std::nullopt;
}

// The tree npm and pip made (tests/fixtures/build-lang.sh).
TEST(LangE2e, ToolchainBuiltFixture) {
    auto root = lang_fixture();
    if (!root || !fs::is_directory(*root))
        GTEST_SKIP() << "lang fixture absent: run tests/fixtures/build-lang.sh build/fixtures/lang";
    auto s =
        test::run_berth({"sbom", "--no-cache", "--format", "json", "rootfs:" + root->string()});
    ASSERT_EQ(s.exit_code, 0) << s.err;
    std::set<std::string> purls;
    const json sbom = json::parse(s.out);  // not a temporary in the range-for: it must outlive it
    for (const auto& p : sbom.at("packages")) purls.insert(p.at("purl").get<std::string>());
    EXPECT_EQ(purls, (std::set<std::string>{"pkg:npm/%40berth-fixture/greet@1.0.0",
                                            "pkg:npm/formidable@3.5.0", "pkg:pypi/jinja2@2.10"}));
    auto data = advisories();
    if (!data) GTEST_SKIP() << "shared data absent: advisories";
    const fs::path dir = test::temp_dir("lang-fixture");
    const std::string db = make_db(dir, *data);
    auto r = test::run_berth(
        {"scan", "--db", db, "--no-cache", "--format", "json", "rootfs:" + root->string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    expect_real_findings(json::parse(r.out));
}

}  // namespace
}  // namespace berth

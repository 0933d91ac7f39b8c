// SPDX-License-Identifier: Apache-2.0
// pkgdb/apk against hand-made records (testdata/apk_installed/, see its README), against the
// upstream expectations of Trivy and osv-scalibr (shared data, pkgdb/trivy-apk and
// pkgdb/scalibr-apk), and against the real database of Trivy's alpine-310 test image.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "analyze/plugins.hpp"
#include "test_support.hpp"

namespace berth::analyze {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Hands out a string in chunks of at most `chunk` bytes (1 exercises every line boundary).
using StringStream = test::ChunkedStream;

// Fails after handing out some bytes.
class FailingStream final : public ByteStream {
  public:
    Result<std::size_t> read(void* buf, std::size_t size) override {
        if (served_) return fail(ErrorCode::Io, "disk on fire", "blob");
        served_ = true;
        const std::string part = "P:musl\nV:1";
        const std::size_t n = std::min(size, part.size());
        std::copy_n(part.data(), n, static_cast<char*>(buf));
        return n;
    }

  private:
    bool served_ = false;
};

constexpr const char* kDbPath = "lib/apk/db/installed";

struct Run {
    Status status;
    LayerAnalysis out;
};

Run run_apk(ByteStream& content, const std::string& path = kDbPath,
            std::size_t max_packages = 100'000) {
    auto analyzer = make_apk_installed();
    image::Entry entry;
    entry.path = path;
    AnalysisInput input{path, entry, content, 64ULL << 20U, nullptr, max_packages};
    Run r;
    r.status = analyzer->analyze(input, r.out);
    return r;
}

Run run_apk(const std::string& text, std::size_t chunk = SIZE_MAX) {
    StringStream s(text, chunk);
    return run_apk(s);
}

// Every field of a package on one line each, for whole-value comparisons with readable diffs.
std::string describe(const sbom::Package& p) {
    std::ostringstream o;
    o << "type=" << p.type << "\nname=" << p.name << "\nversion=" << p.version
      << "\nepoch=" << p.epoch << "\nupstream_version=" << p.upstream_version
      << "\nrelease=" << p.release << "\narch=" << p.arch << "\nsource_name=" << p.source_name
      << "\nsource_version=" << p.source_version << "\nmaintainer=" << p.maintainer
      << "\nvendor=" << p.vendor << "\nlicense=" << p.license
      << "\nmodularity_label=" << p.modularity_label << "\nchecksum=" << p.checksum
      << "\ninstalled_size=" << p.installed_size << "\nlocation.path=" << p.location.path
      << "\nfiles=";
    for (const auto& f : p.files) o << f << ",";
    o << "\n";
    return o.str();
}

std::string describe(const std::vector<sbom::Package>& ps) {
    std::string s;
    for (const auto& p : ps) s += describe(p) + "--\n";
    return s;
}

std::string describe(const Diagnostics& ds) {
    std::string s;
    for (const auto& d : ds) s += d.where + " " + d.message + "\n";
    return s;
}

// A package as the parser should build it from name/version/arch/origin; other fields set by
// the caller.
sbom::Package apk(std::string name, std::string version, std::string upstream,
                  std::string release) {
    sbom::Package p;
    p.type = "apk";
    p.name = std::move(name);
    p.version = std::move(version);
    p.upstream_version = std::move(upstream);
    p.release = std::move(release);
    p.source_name = p.name;
    p.source_version = p.version;
    p.location.path = kDbPath;
    return p;
}

// ---------------------------------------------------------------------------------------------
// Identity and required()

TEST(ApkInstalled, NameAndVersion) {
    auto a = make_apk_installed();
    EXPECT_EQ(a->name(), "pkgdb/apk");
    EXPECT_EQ(a->version(), 3);
}

struct RequiredCase {
    const char* name;
    const char* path;
    bool want;
};

// NOLINTNEXTLINE(readability-identifier-naming): gtest looks this name up.
void PrintTo(const RequiredCase& c, std::ostream* out) {
    *out << c.name;
}

class ApkRequired : public testing::TestWithParam<RequiredCase> {};

TEST_P(ApkRequired, Decides) {
    const auto& c = GetParam();
    EXPECT_EQ(make_apk_installed()->required(c.path, FileInfo{}), c.want) << c.path;
}

INSTANTIATE_TEST_SUITE_P(
    Table, ApkRequired,
    testing::Values(RequiredCase{"db", "lib/apk/db/installed", true},
                    RequiredCase{"usr_lib", "usr/lib/apk/db/installed", false},
                    RequiredCase{"var_lib", "var/lib/apk/db/installed", false},
                    RequiredCase{"sub_file", "lib/apk/db/installed/test", false},
                    RequiredCase{"inside_other_dir", "foo/lib/apk/db/installed", false},
                    RequiredCase{"absolute", "/lib/apk/db/installed", false},
                    RequiredCase{"dot_slash", "./lib/apk/db/installed", false},
                    RequiredCase{"suffix", "lib/apk/db/installed.new", false},
                    RequiredCase{"lock", "lib/apk/db/lock", false},
                    RequiredCase{"scripts", "lib/apk/db/scripts.tar", false},
                    RequiredCase{"triggers", "lib/apk/db/triggers", false},
                    RequiredCase{"dir", "lib/apk/db", false},
                    RequiredCase{"upper_case", "LIB/APK/DB/INSTALLED", false},
                    RequiredCase{"empty", "", false}),
    [](const testing::TestParamInfo<RequiredCase>& i) { return std::string(i.param.name); });

// scalibr's TestFileRequired table. We take exactly lib/apk/db/installed (where apk-tools 2
// keeps it) and do not limit by size (the file is streamed), so three rows differ by design.
TEST(ApkInstalledOracle, ScalibrFileRequired) {
    auto dir = test::shared_data_dir();
    if (!dir) GTEST_SKIP() << "shared data absent: pkgdb/scalibr-apk";
    const fs::path file = *dir / "pkgdb/scalibr-apk/expected-apk_test.json";
    if (!fs::exists(file)) GTEST_SKIP() << "shared data absent: " << file;
    const json j = json::parse(test::read_text_file(file));
    const std::set<std::string> differ_by_design = {
        "installed file in /usr", "installed file in /var",
        "installed file not required if file size > max file size"};
    auto a = make_apk_installed();
    std::size_t agree = 0;
    std::set<std::string> differ;
    for (const auto& row : j.at("TestFileRequired")) {
        const std::string path = row.at("path").get<std::string>();
        const bool got = a->required(path, FileInfo{});
        EXPECT_EQ(got, path == kDbPath) << path;
        if (got == row.at("wantRequired").get<bool>()) {
            ++agree;
        } else {
            differ.insert(row.at("name").get<std::string>());
        }
    }
    EXPECT_EQ(agree, 6U);
    EXPECT_EQ(differ, differ_by_design);
}

// ---------------------------------------------------------------------------------------------
// Hand-made records, good and bad (also under testdata/apk_installed/*/input/).

struct ParseCase {
    const char* name;
    std::string text;
    std::vector<sbom::Package> want;
    std::vector<std::string> want_diag_where;  ///< where of each diagnostic, in order
};

// NOLINTNEXTLINE(readability-identifier-naming): gtest looks this name up.
void PrintTo(const ParseCase& c, std::ostream* out) {
    *out << c.name;
}

std::vector<ParseCase> parse_cases() {
    std::vector<ParseCase> cs;
    cs.push_back({"empty_file", "", {}, {}});
    cs.push_back({"only_blank_lines", "\n\n  \n\t\n", {}, {}});
    {
        auto p = apk("musl", "1.2.4-r0", "1.2.4", "r0");
        p.arch = "x86_64";
        p.license = "MIT";
        p.maintainer = "Timo Teräs <timo.teras@iki.fi>";
        p.checksum = "Q1sNiqvCNs8BrdoXCGkrtdm01lvB4=";
        p.installed_size = 655360;
        p.files = {"lib/ld-musl-x86_64.so.1", "lib/libc.musl-x86_64.so.1"};
        cs.push_back(
            {"full_record",
             "C:Q1sNiqvCNs8BrdoXCGkrtdm01lvB4=\nP:musl\nV:1.2.4-r0\nA:x86_64\nS:383152\nI:655360\n"
             "T:the musl c library (libc) implementation\nU:https://musl.libc.org/\nL:MIT\no:musl\n"
             "m:Timo Teräs <timo.teras@iki.fi>\nt:1683642107\nc:f93af038c3be4f5e2b5e0a4b1c3e9a8f\n"
             "p:so:libc.musl-x86_64.so.1=1\nF:lib\nR:ld-musl-x86_64.so.1\na:0:0:755\n"
             "Z:Q1aaaaaaaaaaaaaaaaaaaaaaaaaaaa=\nR:libc.musl-x86_64.so.1\na:0:0:777\n"
             "Z:Q1bbbbbbbbbbbbbbbbbbbbbbbbbbbb=\n",
             {p},
             {}});
    }
    {
        auto a = apk("a", "1-r0", "1", "r0");
        auto b = apk("b", "2-r1", "2", "r1");
        cs.push_back(
            {"crlf_and_no_final_newline", "P:a\r\nV:1-r0\r\n\r\nP:b\r\nV:2-r1", {a, b}, {}});
    }
    {
        auto p = apk("scanelf", "1.3.7-r1", "1.3.7", "r1");
        p.source_name = "pax-utils";
        cs.push_back({"origin_differs", "P:scanelf\nV:1.3.7-r1\no:pax-utils\n", {p}, {}});
    }
    cs.push_back(
        {"no_release_suffix", "P:pkgname\nV:1.2.3\n", {apk("pkgname", "1.2.3", "1.2.3", "")}, {}});
    cs.push_back({"suffixed_version",
                  "P:test\nV:2.9.11_pre20061021-r2\n",
                  {apk("test", "2.9.11_pre20061021-r2", "2.9.11_pre20061021", "r2")},
                  {}});
    cs.push_back(
        {"release_without_number", "P:x\nV:1.0-rc\n", {apk("x", "1.0-rc", "1.0-rc", "")}, {}});
    {
        auto p = apk("root-files", "1-r0", "1", "r0");
        p.files = {"a/b/c", "a/x", "top"};
        cs.push_back({"files_before_any_dir_and_duplicates",
                      "P:root-files\nV:1-r0\nR:top\nF:a\nR:x\nF:a/b\nR:c\nF:a\nR:x\nF:empty/dir\n",
                      {p},
                      {}});
    }
    cs.push_back({"missing_version",
                  "P:noversion\nA:x86_64\n\nP:ok\nV:1-r0\n",
                  {apk("ok", "1-r0", "1", "r0")},
                  {"lib/apk/db/installed:1"}});
    cs.push_back({"missing_name",
                  "V:1-r0\nA:x86_64\n\nP:ok\nV:1-r0\n",
                  {apk("ok", "1-r0", "1", "r0")},
                  {"lib/apk/db/installed:1"}});
    {
        auto p = apk("a", "1-r0", "1", "r0");
        p.arch = "x86_64";
        cs.push_back({"garbage_line_inside_record",
                      "P:a\nthis is not a field\nV:1-r0\n:\nA:x86_64\n",
                      {p},
                      {"lib/apk/db/installed:2", "lib/apk/db/installed:4"}});
    }
    {
        auto p = apk("a", "1-r0", "1", "r0");
        cs.push_back(
            {"bad_installed_size", "P:a\nV:1-r0\nI:12kB\n", {p}, {"lib/apk/db/installed:3"}});
        auto q = apk("b", "1-r0", "1", "r0");
        cs.push_back(
            {"negative_installed_size", "P:b\nV:1-r0\nI:-1\n", {q}, {"lib/apk/db/installed:3"}});
    }
    {
        auto a = apk("a", "1-r0", "1", "r0");
        a.files = {"bin/a"};
        auto b = apk("b", "2-r0", "2", "r0");
        b.files = {"b"};
        // The F: of a's record must not leak into b's: b's R: comes before any F: of its own.
        cs.push_back({"missing_blank_line",
                      "P:a\nV:1-r0\nF:bin\nR:a\nP:b\nV:2-r0\nR:b\n",
                      {a, b},
                      {"lib/apk/db/installed:5"}});
    }
    {
        auto p = apk("a", "1-r0", "1", "r0");
        cs.push_back(
            {"empty_file_name", "P:a\nV:1-r0\nF:bin\nR:\n", {p}, {"lib/apk/db/installed:4"}});
    }
    {
        auto p = apk("a", "1-r0", "1", "r0");
        p.license = "(Apache-2.0 OR MIT) AND MPL-2.0";
        p.maintainer = "";
        cs.push_back({"unknown_fields_and_empty_values",
                      "P:a\nV:1-r0\nL:(Apache-2.0 OR MIT) AND MPL-2.0\nm:\nk:100\nq:1\ni:foo "
                      "bar\nX:new field\n",
                      {p},
                      {}});
    }
    cs.push_back({"blank_line_with_spaces_separates",
                  "P:a\nV:1-r0\n   \nP:b\nV:1-r0\n",
                  {apk("a", "1-r0", "1", "r0"), apk("b", "1-r0", "1", "r0")},
                  {}});
    return cs;
}

class ApkParse : public testing::TestWithParam<ParseCase> {};

TEST_P(ApkParse, WholeValue) {
    const auto& c = GetParam();
    for (std::size_t chunk : {std::size_t{1}, std::size_t{3}, SIZE_MAX}) {
        SCOPED_TRACE("chunk " + std::to_string(chunk));
        auto r = run_apk(c.text, chunk);
        ASSERT_TRUE(r.status.has_value()) << r.status.error().to_string();
        ASSERT_EQ(r.out.package_dbs.size(), 1U);
        const auto& db = r.out.package_dbs[0];
        EXPECT_EQ(db.analyzer, "pkgdb/apk");
        EXPECT_EQ(db.path, kDbPath);
        EXPECT_EQ(describe(db.packages), describe(c.want));
        std::vector<std::string> wheres;
        for (const auto& d : r.out.diagnostics) {
            wheres.push_back(d.where);
            EXPECT_EQ(d.severity, Diagnostic::Severity::Warning);
            EXPECT_EQ(d.message.rfind("pkgdb/apk: ", 0), 0U) << d.message;
        }
        EXPECT_EQ(wheres, c.want_diag_where) << describe(r.out.diagnostics);
    }
}

INSTANTIATE_TEST_SUITE_P(Table, ApkParse, testing::ValuesIn(parse_cases()),
                         [](const testing::TestParamInfo<ParseCase>& i) {
                             return std::string(i.param.name);
                         });

TEST(ApkInstalled, NotAnApkDatabaseIsAnError) {
    for (const std::string& text :
         {std::string("asdf\n\nyolo"), std::string("\x7f"
                                                   "ELF\x02\x01\x01\n\x00\x00",
                                                   10)}) {
        auto r = run_apk(text);
        ASSERT_FALSE(r.status.has_value());
        EXPECT_EQ(r.status.error().code, ErrorCode::Format);
        EXPECT_EQ(r.status.error().where, kDbPath);
        EXPECT_TRUE(r.out.package_dbs.empty());
        EXPECT_TRUE(r.out.diagnostics.empty());
    }
}

TEST(ApkInstalled, ReadErrorIsReturned) {
    FailingStream s;
    auto r = run_apk(s);
    ASSERT_FALSE(r.status.has_value());
    EXPECT_EQ(r.status.error().code, ErrorCode::Io);
    EXPECT_TRUE(r.out.package_dbs.empty());
}

TEST(ApkInstalled, OverlongLineIsCutAndReported) {
    const std::string text = "P:a\nV:1-r0\nT:" + std::string(3U << 20U, 'x') + "\nA:x86_64\n";
    auto r = run_apk(text);
    ASSERT_TRUE(r.status.has_value());
    ASSERT_EQ(r.out.package_dbs.at(0).packages.size(), 1U);
    EXPECT_EQ(r.out.package_dbs[0].packages[0].arch, "x86_64");
    ASSERT_EQ(r.out.diagnostics.size(), 1U) << describe(r.out.diagnostics);
    EXPECT_EQ(r.out.diagnostics[0].where, "lib/apk/db/installed:3");
}

TEST(ApkInstalled, DiagnosticsAreCappedPerFile) {
    std::string text = "P:a\nV:1-r0\n";
    for (int i = 0; i < 500; ++i) text += "garbage\n";
    auto r = run_apk(text);
    ASSERT_TRUE(r.status.has_value());
    EXPECT_EQ(r.out.package_dbs.at(0).packages.size(), 1U);
    ASSERT_EQ(r.out.diagnostics.size(), 51U);
    EXPECT_EQ(r.out.diagnostics.back().message, "pkgdb/apk: 450 more problems not listed");
}

TEST(ApkInstalled, AppendsToExistingLayerAnalysis) {
    auto analyzer = make_apk_installed();
    LayerAnalysis out;
    out.diagnostics.push_back({Diagnostic::Severity::Info, "earlier", "x"});
    for (const char* text : {"P:a\nV:1-r0\n", "P:b\nV:2-r0\nbad\n"}) {
        StringStream s(text);
        image::Entry entry;
        const std::string path = kDbPath;
        AnalysisInput input{path, entry, s};
        ASSERT_TRUE(analyzer->analyze(input, out).has_value());
    }
    EXPECT_EQ(out.package_dbs.size(), 2U);
    EXPECT_EQ(out.diagnostics.size(), 2U);
    EXPECT_EQ(out.diagnostics.front().message, "earlier");
}

// Every case directory holds input/lib/apk/db/installed; the README says what each shows. The
// cases must parse without error; the *_bad ones must produce at least one diagnostic and the
// *_good ones none.
TEST(ApkInstalled, TestdataCases) {
    const fs::path root = fs::path(BERTH_SOURCE_DIR) / "src/analyze/pkgdb/testdata/apk_installed";
    ASSERT_TRUE(fs::is_directory(root)) << root;
    std::map<std::string, std::pair<std::size_t, std::size_t>>
        got;  // case → (packages, diagnostics)
    for (const auto& e : fs::directory_iterator(root)) {
        if (!e.is_directory()) continue;
        const std::string name = e.path().filename().string();
        auto r = run_apk(test::read_text_file(e.path() / "input" / kDbPath));
        ASSERT_TRUE(r.status.has_value()) << name << ": " << r.status.error().to_string();
        got[name] = {r.out.package_dbs.at(0).packages.size(), r.out.diagnostics.size()};
    }
    const std::map<std::string, std::pair<std::size_t, std::size_t>> want = {
        {"good_two_packages", {2, 0}},  {"bad_missing_version", {1, 1}},
        {"bad_garbage_lines", {2, 3}},  {"bad_missing_blank_line", {2, 1}},
        {"bad_installed_size", {1, 1}},
    };
    EXPECT_EQ(got, want);
}

// ---------------------------------------------------------------------------------------------
// Oracles from other tools.

std::string base64_to_hex(const std::string& b64) {
    constexpr std::string_view kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string bytes;
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : b64) {
        if (c == '=') break;
        const auto v = kAlphabet.find(c);
        if (v == std::string::npos) return "<bad base64>";
        acc = (acc << 6U) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            bytes.push_back(static_cast<char>((acc >> static_cast<unsigned>(bits)) & 0xFFU));
        }
    }
    constexpr const char* kHex = "0123456789abcdef";
    std::string hex;
    for (unsigned char b : bytes) {
        hex += kHex[b >> 4U];
        hex += kHex[b & 0xFU];
    }
    return hex;
}

// Trivy reports apk licenses split and normalized to SPDX ids; berth keeps the L: field as
// declared. This maps a declared L: to what Trivy reports, for the names in its testdata only
// (an unknown name fails the test instead of passing unnoticed).
std::vector<std::string> trivy_licenses(const std::string& declared,
                                        std::vector<std::string>& unknown) {
    static const std::map<std::string, std::string> normalized = {
        {"MIT", "MIT"},
        {"GPL2", "GPL-2.0-only"},
        {"GPL", "GPL-2.0-or-later"},
        {"GPL2+", "GPL-2.0-or-later"},
        {"BSD", "BSD-3-Clause"},
        {"zlib", "Zlib"},
        {"openssl", "OpenSSL"},
        {"ISC", "ISC"},
        {"Public-Domain", "Public-Domain"},
        {"Apache-2.0", "Apache-2.0"},
        {"MPL-2.0", "MPL-2.0"},
    };
    std::vector<std::string> out;
    std::istringstream in(declared);
    for (std::string word; in >> word;) {
        if (word == "(" || word == ")" || word == "AND" || word == "OR") continue;
        auto it = normalized.find(word);
        if (it == normalized.end()) {
            unknown.push_back(word);
            continue;
        }
        out.push_back(it->second);
    }
    return out;
}

TEST(ApkInstalledOracle, TrivyParseApkInfo) {
    auto dir = test::shared_data_dir();
    if (!dir) GTEST_SKIP() << "shared data absent: pkgdb/trivy-apk";
    const fs::path base = *dir / "pkgdb/trivy-apk";
    if (!fs::exists(base / "testdata/apk")) GTEST_SKIP() << "shared data absent: " << base;
    const json want = json::parse(test::read_text_file(base / "expected-TestParseApkInfo.json"));

    auto r = run_apk(test::read_text_file(base / "testdata/apk"));
    ASSERT_TRUE(r.status.has_value()) << r.status.error().to_string();
    const auto& got = r.out.package_dbs.at(0).packages;
    // The one record Trivy drops (P:invalidPackageWithoutAVersion) is a diagnostic here.
    ASSERT_EQ(r.out.diagnostics.size(), 1U) << describe(r.out.diagnostics);
    EXPECT_EQ(r.out.diagnostics[0].where, "lib/apk/db/installed:23");

    using Row =
        std::tuple<std::string, std::string, std::string, std::string, std::string, std::string,
                   std::string, std::vector<std::string>, std::vector<std::string>>;
    std::set<Row> want_rows;
    std::set<Row> got_rows;
    std::vector<std::string> want_all_files;
    for (const auto& p : want.at("pkgs")) {
        std::vector<std::string> files = p.value("InstalledFiles", std::vector<std::string>{});
        std::sort(files.begin(), files.end());
        want_rows.insert({p.at("Name"), p.at("Version"), p.at("Arch"), p.at("SrcName"),
                          p.at("SrcVersion"), p.at("Maintainer"), p.at("Digest"),
                          p.at("Licenses").get<std::vector<std::string>>(), files});
    }
    std::vector<std::string> unknown;
    std::vector<std::string> got_all_files;
    for (const auto& p : got) {
        const std::string digest = p.checksum.rfind("Q1", 0) == 0
                                       ? "sha1:" + base64_to_hex(p.checksum.substr(2))
                                       : p.checksum;
        got_rows.insert({p.name, p.version, p.arch, p.source_name, p.source_version, p.maintainer,
                         digest, trivy_licenses(p.license, unknown), p.files});
        got_all_files.insert(got_all_files.end(), p.files.begin(), p.files.end());
    }
    EXPECT_TRUE(unknown.empty()) << "license names missing from the test's Trivy table: "
                                 << unknown.size();
    EXPECT_EQ(got.size(), 15U);
    EXPECT_EQ(want_rows.size(), 15U);
    std::size_t matched = 0;
    for (const auto& row : got_rows) matched += want_rows.count(row);
    EXPECT_EQ(matched, 15U);
    EXPECT_EQ(got_rows, want_rows);

    // Trivy's flat list of every installed file.
    auto flat = want.at("files").get<std::vector<std::string>>();
    std::sort(flat.begin(), flat.end());
    std::sort(got_all_files.begin(), got_all_files.end());
    EXPECT_EQ(got_all_files, flat);
}

TEST(ApkInstalledOracle, ScalibrExtract) {
    auto dir = test::shared_data_dir();
    if (!dir) GTEST_SKIP() << "shared data absent: pkgdb/scalibr-apk";
    const fs::path base = *dir / "pkgdb/scalibr-apk";
    if (!fs::exists(base / "expected-apk_test.json"))
        GTEST_SKIP() << "shared data absent: " << base;
    const json j = json::parse(test::read_text_file(base / "expected-apk_test.json"));

    // getPackage(path, name, origin, version, osID, osVersionID, maintainer, arch, license, commit)
    using Row =
        std::tuple<std::string, std::string, std::string, std::string, std::string, std::string>;
    std::size_t cases = 0;
    std::size_t packages_matched = 0;
    for (const auto& tc : j.at("TestExtract")) {
        const std::string name = tc.at("name").get<std::string>();
        SCOPED_TRACE(name);
        const fs::path input = base / tc.at("path").get<std::string>();
        auto r = run_apk(test::read_text_file(input));
        ++cases;
        if (tc.contains("wantErr")) {
            EXPECT_FALSE(r.status.has_value());
            continue;
        }
        ASSERT_TRUE(r.status.has_value()) << r.status.error().to_string();
        EXPECT_TRUE(r.out.diagnostics.empty()) << describe(r.out.diagnostics);
        std::set<Row> want;
        for (const auto& call : tc.at("wantPackages")) {
            const auto& a = call.at("args");
            std::string origin = a.at(2).get<std::string>();
            // scalibr leaves the origin empty when o: is absent; berth names the package itself.
            if (origin.empty()) origin = a.at(1).get<std::string>();
            want.insert({a.at(1), a.at(3), a.at(7), origin, a.at(8), a.at(6)});
        }
        std::set<Row> got;
        for (const auto& p : r.out.package_dbs.at(0).packages) {
            got.insert({p.name, p.version, p.arch, p.source_name, p.license, p.maintainer});
        }
        for (const auto& row : got) packages_matched += want.count(row);
        EXPECT_EQ(got, want);
        EXPECT_EQ(got.size(), r.out.package_dbs[0].packages.size());  // no duplicates
    }
    EXPECT_EQ(cases, 8U);
    // installed 15 + no-origin 1 + single ×3 + different-arch 1.
    EXPECT_EQ(packages_matched, 20U);
}

// ---------------------------------------------------------------------------------------------
// A real image: Trivy's alpine-310 docker-save archive (shared data, images/trivy/…). The
// expected list (expected-alpine-310.tar.gz-packages.tsv) was derived from the same database
// with a script, so this checks the reader on a real file more than it is an independent oracle.

std::map<std::string, std::string> files_from_docker_archive(const fs::path& archive_path,
                                                             const std::set<std::string>& wanted) {
    std::map<std::string, std::string> found;
    auto read_entries = [&wanted, &found](archive* a, auto&& on_layer) {
        archive_entry* e = nullptr;
        while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
            std::string name = archive_entry_pathname(e);
            if (name.rfind("./", 0) == 0) name.erase(0, 2);
            const bool is_layer =
                name.size() > 9 && name.compare(name.size() - 9, 9, "layer.tar") == 0;
            if (!is_layer && wanted.count(name) == 0) continue;
            std::string data;
            char buf[65536];
            for (la_ssize_t n; (n = archive_read_data(a, buf, sizeof buf)) > 0;) {
                data.append(buf, static_cast<std::size_t>(n));
            }
            if (is_layer) {
                on_layer(data);
            } else {
                found[name] = data;
            }
        }
    };
    archive* outer = archive_read_new();
    archive_read_support_filter_all(outer);
    archive_read_support_format_tar(outer);
    if (archive_read_open_filename(outer, archive_path.c_str(), 65536) == ARCHIVE_OK) {
        read_entries(outer, [&](const std::string& layer) {
            archive* inner = archive_read_new();
            archive_read_support_format_tar(inner);
            if (archive_read_open_memory(inner, layer.data(), layer.size()) == ARCHIVE_OK) {
                read_entries(inner, [](const std::string&) {});
            }
            archive_read_free(inner);
        });
    }
    archive_read_free(outer);
    return found;
}

TEST(ApkInstalledOracle, Alpine310Image) {
    auto dir = test::shared_data_dir();
    if (!dir) GTEST_SKIP() << "shared data absent: images/trivy alpine-310";
    const fs::path image = *dir / "images/trivy/pkg/fanal/test/testdata/alpine-310.tar.gz";
    const fs::path tsv = *dir / "images/trivy/expected-alpine-310.tar.gz-packages.tsv";
    if (!fs::exists(image) || !fs::exists(tsv)) GTEST_SKIP() << "shared data absent: " << image;

    auto files =
        files_from_docker_archive(image, {kDbPath, "etc/os-release", "etc/alpine-release"});
    ASSERT_EQ(files.count(kDbPath), 1U);

    std::set<std::string> want;
    std::istringstream in(test::read_text_file(tsv));
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#' || line.rfind("name\t", 0) == 0) continue;
        want.insert(line);
    }
    auto r = run_apk(files[kDbPath]);
    ASSERT_TRUE(r.status.has_value()) << r.status.error().to_string();
    EXPECT_TRUE(r.out.diagnostics.empty()) << describe(r.out.diagnostics);
    std::set<std::string> got;
    for (const auto& p : r.out.package_dbs.at(0).packages) {
        got.insert(p.name + "\t" + p.version + "\t" + p.source_name + "\t" + p.arch + "\t" +
                   p.license);
        EXPECT_TRUE(std::is_sorted(p.files.begin(), p.files.end())) << p.name;
    }
    EXPECT_EQ(want.size(), 14U);
    EXPECT_EQ(got, want);

    // The same image's OS files through os/os-release.
    auto os = make_os_release();
    std::vector<OsRelease> found;
    for (const char* path : {"etc/os-release", "etc/alpine-release"}) {
        ASSERT_EQ(files.count(path), 1U) << path;
        StringStream s(files[path]);
        image::Entry entry;
        const std::string p = path;
        LayerAnalysis out;
        ASSERT_TRUE(os->analyze(AnalysisInput{p, entry, s}, out).has_value());
        EXPECT_TRUE(out.diagnostics.empty());
        found.insert(found.end(), out.os_releases.begin(), out.os_releases.end());
    }
    ASSERT_EQ(found.size(), 2U);
    EXPECT_EQ(found[1].info.id, "alpine");
    EXPECT_EQ(found[1].info.version_id, "3.10.4");
    EXPECT_EQ(found[0].info.id, "alpine");
    EXPECT_EQ(found[0].info.version_id, "3.10.4");
    EXPECT_EQ(found[0].info.pretty_name, "Alpine Linux v3.10");
}

// A database listing more packages than --max-packages fails closed (issue 11: 2 million records
// drove berth past 12 GB): the analyzer stops at the first record over the cap.
TEST(ApkInstalled, PackageCap_FailsClosed) {
    std::string text;
    for (int i = 0; i < 5; ++i) text += "P:p" + std::to_string(i) + "\nV:1.0-r0\n\n";
    StringStream at_cap(text, SIZE_MAX);
    const auto ok = run_apk(at_cap, kDbPath, 5);
    ASSERT_TRUE(ok.status) << ok.status.error().to_string();
    ASSERT_EQ(ok.out.package_dbs.size(), 1U);
    EXPECT_EQ(ok.out.package_dbs[0].packages.size(), 5U);
    for (const bool final_blank : {true, false}) {
        SCOPED_TRACE(final_blank ? "record ended by a blank line" : "record ended by the file");
        StringStream over(final_blank ? text : text.substr(0, text.size() - 1), SIZE_MAX);
        const auto r = run_apk(over, kDbPath, 4);
        ASSERT_FALSE(r.status);
        EXPECT_EQ(r.status.error().code, ErrorCode::LimitExceeded);
        EXPECT_EQ(r.status.error().message,
                  "lists more than 4 packages (--max-packages); the database is not read");
        EXPECT_EQ(r.status.error().where, kDbPath);
        EXPECT_TRUE(r.out.package_dbs.empty());
    }
}

// R: names are joined to their F: directory, so a long directory and many short names would
// multiply memory (issue 11): the walk's budget is charged the joined length before the path
// is built, every package is still listed, and one warning says the lists were cut.
TEST(ApkInstalled, FileListsStopAtTheWalksBudget) {
    const std::string dir(4000, 'd');
    std::string text = "P:big\nV:1.0-r0\nF:" + dir + "\n";
    for (int i = 0; i < 10'000; ++i) text += "R:" + std::to_string(10'000 + i) + "\n";
    text += "\nP:small\nV:2.0-r0\nF:" + dir + "\nR:x\n";
    auto analyzer = make_apk_installed();
    FileListBudget budget(1ULL << 20U);
    struct Run r;
    r.out.file_lists = &budget;
    StringStream content(text, SIZE_MAX);
    image::Entry entry;
    r.status = analyzer->analyze(AnalysisInput{kDbPath, entry, content}, r.out);
    ASSERT_TRUE(r.status) << r.status.error().to_string();
    ASSERT_EQ(r.out.package_dbs.size(), 1U);
    const auto& pkgs = r.out.package_dbs[0].packages;
    ASSERT_EQ(pkgs.size(), 2U);
    const std::size_t per_path = dir.size() + 1 + 5 + FileListBudget::kEntryOverhead;
    EXPECT_EQ(pkgs[0].files.size(), (1ULL << 20U) / per_path);
    EXPECT_TRUE(pkgs[1].files.empty());  // the budget was spent on the first package
    ASSERT_EQ(r.out.diagnostics.size(), 1U);
    EXPECT_EQ(r.out.diagnostics[0].where, kDbPath);
    EXPECT_EQ(r.out.diagnostics[0].message,
              "owned-file paths past 1 MiB per image are not kept (from this file on); the "
              "packages are all listed, their files in part");
}

}  // namespace
}  // namespace berth::analyze

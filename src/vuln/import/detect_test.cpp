// SPDX-License-Identifier: Apache-2.0
// Format detection, parse_document dispatch, and import_path over files, directories and zip
// archives made here with libarchive (good, truncated, unsafe names, oversize members).
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "test_support.hpp"
#include "vuln/import/import_testing.hpp"

namespace berth::vuln::import {
namespace {

namespace fs = std::filesystem;

TEST(Detect, Table) {
    const std::vector<std::tuple<std::string, std::string, std::string, Format>> cases = {
        {"osv_object", R"({"id": "GO-1", "modified": "2021-01-01T00:00:00Z"})", "GO-1.json",
         Format::Osv},
        {"osv_bom_ws", "\xEF\xBB\xBF \n {\"modified\": \"x\", \"id\": \"A\"}", "x", Format::Osv},
        {"osv_array", R"([{"id": "A", "modified": "m"}])", "all.json", Format::Osv},
        {"osv_empty_array", "[ ]", "all.json", Format::Osv},
        {"tracker", R"({"0ad": {"CVE-2020-0003": {"description": "x", "releases": {}}}})", "json",
         Format::DebianTrackerJson},
        {"tracker_temp", R"({ "a" : { "TEMP-0000-1" : { } } })", "json", Format::DebianTrackerJson},
        {"alpine", R"({"distroversion": "v3.10", "reponame": "main", "packages": []})", "main.json",
         Format::AlpineSecdb},
        {"dsa_list", "[29 Mar 2023] DSA-5380-1 xorg-server - security update\n", "list",
         Format::DebianDsaList},
        {"dla_list", "[01 Apr 2023] DLA-3380-1 firmware-nonfree - security update\n", "list",
         Format::DebianDlaList},
        {"list_name_tiebreak", "[01 Apr 2023] XYZ-1 pkg\n", "DLA/list", Format::DebianDlaList},
        {"uct", "Candidate: CVE-2020-0009\nPublicDate: x\n", "CVE-2020-0009", Format::UbuntuUct},
        {"uct_later", "PublicDateAtUSN: x\nCandidate: CVE-2020-0556\n", "CVE-2020-0556",
         Format::UbuntuUct},
        {"nodejs_wg", R"({"id": 1, "created_at": "2015-10-17", "module_name": "x"})", "1.json",
         Format::Unknown},
        {"yaml", "secfixes:\n  1.0-r0:\n    - CVE-1\n", "main.yaml", Format::Unknown},
        {"tsv", "cve\tdir\tpriority\n", "x.tsv", Format::Unknown},
        {"empty", "", "x", Format::Unknown},
        {"brace", "{", "x", Format::Unknown},
        {"array_of_numbers", "[1, 2]", "x", Format::Unknown},
        {"bracket_text", "[not a list\n", "x", Format::Unknown},
    };
    for (const auto& [name, head, file, want] : cases) {
        SCOPED_TRACE(name);
        EXPECT_EQ(format_name(detect_format(head, file)), format_name(want));
    }
}

TEST(Detect, ParseDocumentUnknownFormat) {
    auto r = testing::parse(Format::Unknown, "x", "f");
    ASSERT_FALSE(r.status);
    EXPECT_EQ(r.status.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(r.status.error().where, "f");
}

void write_file(const fs::path& p, const std::string& s) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << s;
}

constexpr const char* kOsvA = R"({"id": "A-1", "modified": "m"})";
constexpr const char* kOsvB = R"([{"id": "B-1", "modified": "m"}, {"id": "B-2", "modified": "m"}])";
constexpr const char* kUct = "Candidate: CVE-2020-1\nbionic_p: needed\n";
constexpr const char* kDsa = "[29 Mar 2023] DSA-1-1 p - x\n\t[bullseye] - p 1.0\n";

struct Collected {
    std::vector<std::string> ids;
    Diagnostics diagnostics;
    Result<ImportStats> stats;
};

Collected run_import(const fs::path& p) {
    Collected c;
    c.stats = import_path(
        p,
        [&](Advisory&& a) -> Status {
            c.ids.push_back(a.id);
            return {};
        },
        c.diagnostics);
    return c;
}

TEST(ImportPath, DirectoryRecursiveSorted) {
    const fs::path dir = test::temp_dir("import-dir");
    write_file(dir / "b/osv.json", kOsvB);
    write_file(dir / "a/z/osv.json", kOsvA);
    write_file(dir / "c/CVE-2020-1", kUct);
    write_file(dir / "c/README.md", "# not an advisory\n");
    write_file(dir / "a/list", kDsa);
    auto c = run_import(dir);
    ASSERT_TRUE(c.stats) << c.stats.error().to_string();
    EXPECT_EQ(c.ids, (std::vector<std::string>{"DSA-1-1", "A-1", "B-1", "B-2", "CVE-2020-1"}));
    EXPECT_EQ(c.stats->files, 5u);
    EXPECT_EQ(c.stats->skipped_files, 1u);
    EXPECT_EQ(c.stats->advisories, 5u);
    EXPECT_EQ(c.stats->per_source, (std::map<std::string, std::size_t>{
                                       {"debian-dsa", 1}, {"osv", 3}, {"ubuntu-uct", 1}}));
    ASSERT_EQ(c.diagnostics.size(), 1u);
    EXPECT_EQ(c.diagnostics[0].where, (dir / "c/README.md").string());
}

TEST(ImportPath, MalformedFileStopsWithWhere) {
    const fs::path dir = test::temp_dir("import-bad");
    write_file(dir / "a.json", kOsvA);
    write_file(dir / "b.json", "{\"id\": \"X\", \"modified\": \"m\",\n \"aliases\": [1]}");
    auto c = run_import(dir);
    ASSERT_FALSE(c.stats);
    EXPECT_EQ(c.stats.error().code, ErrorCode::Format);
    EXPECT_EQ(c.stats.error().where, (dir / "b.json").string());
    EXPECT_EQ(c.stats.error().message, "$.aliases[0]: expected a string, got number");
    EXPECT_EQ(c.ids, std::vector<std::string>{"A-1"});
}

TEST(ImportPath, SinkErrorStops) {
    const fs::path dir = test::temp_dir("import-sink");
    write_file(dir / "b.json", kOsvB);
    Diagnostics diagnostics;
    auto r = import_path(
        dir, [](Advisory&&) -> Status { return fail(ErrorCode::Io, "db full", "db"); },
        diagnostics);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "db full");
}

TEST(ImportPath, Missing) {
    auto c = run_import("/nonexistent/berth/advisories");
    ASSERT_FALSE(c.stats);
    EXPECT_EQ(c.stats.error().code, ErrorCode::NotFound);
}

// Writes a zip with the given (name, content) members; directories when the name ends in '/'.
void write_zip(const fs::path& path,
               const std::vector<std::pair<std::string, std::string>>& members) {
    std::unique_ptr<archive, decltype(&archive_write_free)> a(archive_write_new(),
                                                              archive_write_free);
    ASSERT_EQ(archive_write_set_format_zip(a.get()), ARCHIVE_OK);
    ASSERT_EQ(archive_write_open_filename(a.get(), path.c_str()), ARCHIVE_OK);
    for (const auto& [name, content] : members) {
        std::unique_ptr<archive_entry, decltype(&archive_entry_free)> e(archive_entry_new(),
                                                                        archive_entry_free);
        archive_entry_set_pathname(e.get(), name.c_str());
        const bool is_dir = name.ends_with('/');
        archive_entry_set_filetype(e.get(), is_dir ? AE_IFDIR : AE_IFREG);
        archive_entry_set_perm(e.get(), 0644);
        archive_entry_set_size(e.get(), is_dir ? 0 : static_cast<la_int64_t>(content.size()));
        ASSERT_EQ(archive_write_header(a.get(), e.get()), ARCHIVE_OK)
            << archive_error_string(a.get());
        if (!is_dir) {
            ASSERT_EQ(archive_write_data(a.get(), content.data(), content.size()),
                      static_cast<la_ssize_t>(content.size()));
        }
    }
    ASSERT_EQ(archive_write_close(a.get()), ARCHIVE_OK);
}

TEST(ImportPath, Zip) {
    const fs::path dir = test::temp_dir("import-zip");
    write_zip(dir / "all.zip", {{"osv/", ""},
                                {"osv/A-1.json", kOsvA},
                                {"osv/B.json", kOsvB},
                                {"notes.txt", "hello"},
                                {"list", kDsa}});
    auto c = run_import(dir);  // the directory holding the zip: zips are found by magic, not name
    ASSERT_TRUE(c.stats) << c.stats.error().to_string();
    EXPECT_EQ(c.ids, (std::vector<std::string>{"A-1", "B-1", "B-2", "DSA-1-1"}));
    EXPECT_EQ(c.stats->skipped_files, 1u);
    ASSERT_EQ(c.diagnostics.size(), 1u);
    EXPECT_EQ(c.diagnostics[0].where, (dir / "all.zip").string() + "/notes.txt");
}

TEST(ImportPath, ZipMalformedMemberNamesZipAndMember) {
    const fs::path dir = test::temp_dir("import-zip-bad");
    write_zip(dir / "all.zip", {{"x.json", "{\"id\": \"X\", \"modified\": 1}"}});
    auto c = run_import(dir / "all.zip");
    ASSERT_FALSE(c.stats);
    EXPECT_EQ(c.stats.error().code, ErrorCode::Format);
    EXPECT_EQ(c.stats.error().where, (dir / "all.zip").string() + "/x.json");
    EXPECT_EQ(c.stats.error().message, "$.modified: expected a string, got number");
}

TEST(ImportPath, ZipUnsafeNames) {
    for (const char* name : {"../evil.json", "a/../../evil.json", "/etc/evil.json"}) {
        SCOPED_TRACE(name);
        const fs::path dir = test::temp_dir("import-zip-unsafe");
        write_zip(dir / "all.zip", {{"ok.json", kOsvA}, {name, kOsvA}});
        auto c = run_import(dir / "all.zip");
        ASSERT_FALSE(c.stats);
        EXPECT_EQ(c.stats.error().code, ErrorCode::UnsafePath);
        EXPECT_EQ(c.stats.error().where, (dir / "all.zip").string() + "/" + name);
    }
}

TEST(ImportPath, ZipTruncated) {
    const fs::path dir = test::temp_dir("import-zip-trunc");
    std::string big = "[";
    for (int i = 0; i < 2000; ++i)
        big += std::string(i ? "," : "") + R"({"id": "T-)" + std::to_string(i) +
               R"(", "modified": "m"})";
    big += "]";
    write_zip(dir / "full.zip", {{"a.json", kOsvA}, {"big.json", big}});
    const std::string bytes = test::read_text_file(dir / "full.zip");
    ASSERT_GT(bytes.size(), 400u);
    // Cut inside the second member's data, and just after the first member's header.
    for (const std::size_t keep : {bytes.size() / 2, std::size_t{40}}) {
        SCOPED_TRACE(keep);
        write_file(dir / "cut.zip", bytes.substr(0, keep));
        auto c = run_import(dir / "cut.zip");
        ASSERT_FALSE(c.stats);
        EXPECT_EQ(error_code_name(c.stats.error().code), error_code_name(ErrorCode::Truncated))
            << c.stats.error().to_string();
    }
}

}  // namespace
}  // namespace berth::vuln::import

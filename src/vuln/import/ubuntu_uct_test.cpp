// SPDX-License-Identifier: Apache-2.0
// Ubuntu CVE tracker importer: inline documents, the vuln-list-update sample files (each shows one
// grammar quirk), and every active/ file of the 2020 tracker snapshot against
// uct-package-status.tsv.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "test_support.hpp"
#include "vuln/import/formats.hpp"
#include "vuln/import/import_testing.hpp"

namespace berth::vuln::import {
namespace {

using testing::describe;

constexpr const char* kSmall =
    "Candidate: CVE-2020-0009\n"
    "PublicDate: 2020-01-08 16:15:00 UTC\n"
    "References:\n"
    " https://example.com/a\n"
    "Description:\n"
    " first line\n"
    " second line\n"
    "Ubuntu-Description:\n"
    "Notes:\n"
    " someone> a note: with a colon\n"
    "Bugs:\n"
    " https://bugs.example.com/1\n"
    "Priority: low\n"
    "CVSS:\n"
    " nvd: CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:H/A:N\n"
    "\n"
    "Patches_linux-oem:\n"
    " upstream: https://example.com/commit\n"
    "upstream_linux-oem: released (5.6~rc3)\n"
    "precise/esm_linux-oem: DNE\n"
    "trusty_linux-oem: ignored (out of standard support)\n"
    "trusty/esm_linux-oem: released (4.4.0-1.1~14.04.1)\n"
    "xenial_linux-oem: ignored (was needs-triage now end-of-life)\n"
    "bionic_linux-oem: released (4.15.0-1080.90)\n"
    "eoan_linux-oem: pending (4.15.0-1087.97)\n"
    "focal_linux-oem:needed\n"
    "groovy_linux-oem: deferred (2020-06-01)\n"
    "vivid/ubuntu-core_linux-oem: needed\n"
    "devel_linux-oem: DNE\n"
    "\n"
    "Patches_foo:\n"
    "Priority_foo: high\n"
    "bionic_foo: not-affected (code not present)\n"
    "xenial_foo: needs-triage\n"
    "focal_foo: released\n";

TEST(UbuntuUct, SmallDocument) {
    auto r = testing::parse(Format::UbuntuUct, kSmall, "CVE-2020-0009");
    ASSERT_TRUE(r.status) << r.status.error().to_string();
    ASSERT_EQ(r.advisories.size(), 1u);
    EXPECT_EQ(describe(r.advisories[0]),
              "CVE-2020-0009 (ubuntu-uct)\n"
              "  details: first line\nsecond line\n"
              "  published: 2020-01-08T16:15:00Z\n"
              "  severity: Ubuntu low\n"
              "  severity: CVSS_V3 CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:H/A:N\n"
              "  affected: Ubuntu:14.04 linux-oem ECOSYSTEM{introduced:0 fixed:4.4.0-1.1~14.04.1} "
              "affected sev=low\n"
              "  affected: Ubuntu:16.04 linux-oem ECOSYSTEM{introduced:0} end-of-life sev=low "
              "note=was needs-triage now end-of-life\n"
              "  affected: Ubuntu:18.04 linux-oem ECOSYSTEM{introduced:0 fixed:4.15.0-1080.90} "
              "affected sev=low\n"
              "  affected: Ubuntu:19.10 linux-oem ECOSYSTEM{introduced:0} affected sev=low "
              "note=4.15.0-1087.97\n"
              "  affected: Ubuntu:20.04 linux-oem ECOSYSTEM{introduced:0} affected sev=low\n"
              "  affected: Ubuntu:20.10 linux-oem ECOSYSTEM{introduced:0} fix-deferred sev=low "
              "note=deferred: 2020-06-01\n"
              "  affected: Ubuntu:18.04 foo not-affected sev=high note=code not present\n"
              "  affected: Ubuntu:16.04 foo ECOSYSTEM{introduced:0} affected sev=high\n"
              "  affected: Ubuntu:20.04 foo ECOSYSTEM{introduced:0} affected sev=high "
              "note=released (no version given)\n"
              "  ref: WEB https://example.com/a\n"
              "  ref: REPORT https://bugs.example.com/1\n");
    EXPECT_TRUE(r.diagnostics.empty());
}

TEST(UbuntuUct, EsmDneKeepsPlainRelease) {
    auto r = testing::parse(
        Format::UbuntuUct,
        "Candidate: CVE-1\nPatches_p:\ntrusty_p: ignored (end of life)\ntrusty/esm_p: DNE\n"
        "esm-infra/xenial_p: released (1.0+esm1)\nxenial_p: needed\nhirsute_p: needed\n"
        "zzz_p: needed\n");
    ASSERT_TRUE(r.status);
    ASSERT_EQ(r.advisories.size(), 1u);
    EXPECT_EQ(describe(r.advisories[0]),
              "CVE-1 (ubuntu-uct)\n"
              "  affected: Ubuntu:14.04 p ECOSYSTEM{introduced:0} end-of-life note=end of life\n"
              "  affected: Ubuntu:16.04 p ECOSYSTEM{introduced:0 fixed:1.0+esm1} affected\n"
              "  affected: Ubuntu:21.04 p ECOSYSTEM{introduced:0} affected\n");
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].where, "doc:8");
}

TEST(UbuntuUct, FieldNameWithSpaceIsDiagnostic) {
    auto r = testing::parse(Format::UbuntuUct,
                            "Candidate: CVE-1\n-- Tags_xen: universe\nbionic_xen: needed\n");
    ASSERT_TRUE(r.status);
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].where, "doc:2");
    ASSERT_EQ(r.advisories.size(), 1u);
    EXPECT_EQ(r.advisories[0].affected.size(), 1u);
}

TEST(UbuntuUct, BadDocuments) {
    const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
        {"no_candidate", "PublicDate: 2020-01-01\n", "doc"},
        {"continuation_first", " text\nCandidate: CVE-1\n", "doc:1"},
        {"no_colon", "Candidate: CVE-1\nthis is not a field\n", "doc:2"},
        {"leading_colon", "Candidate: CVE-1\n: value\n", "doc:2"},
    };
    for (const auto& [name, input, where] : cases) {
        SCOPED_TRACE(name);
        auto r = testing::parse(Format::UbuntuUct, input);
        ASSERT_FALSE(r.status);
        EXPECT_EQ(r.status.error().code, ErrorCode::Format);
        EXPECT_EQ(r.status.error().where, where);
    }
}

// The vuln-list-update samples: (file, affected lines we expect, in order).
TEST(UbuntuUct, VulnListUpdateSamples) {
    const auto data = test::shared_data_dir();
    const auto dir = data ? *data / "advisories/format-samples/vuln-list-update/ubuntu/testdata"
                          : std::filesystem::path();
    if (!data || !std::filesystem::exists(dir))
        GTEST_SKIP() << "shared data absent: format-samples/vuln-list-update/ubuntu";
    struct Want {
        const char* file;
        const char* id;
        std::vector<std::string> affected;
    };
    const std::vector<Want> cases = {
        {"blank_lines_in_description",
         "CVE-2017-5192",
         {"Ubuntu:14.04 salt ECOSYSTEM{introduced:0} end-of-life sev=medium note=end of standard "
          "support"}},
        {"empty_status_upstream",
         "CVE-2007-0255",
         {"Ubuntu:6.06 xine-ui ECOSYSTEM{introduced:0} end-of-life note=reached end-of-life",
          "Ubuntu:6.10 xine-ui ECOSYSTEM{introduced:0} affected note=reached end-of-life",
          "Ubuntu:15.10 xine-ui ECOSYSTEM{introduced:0} end-of-life note=reached end-of-life",
          "Ubuntu:16.04 xine-ui ECOSYSTEM{introduced:0} affected"}},
        {"include_pending",
         "CVE-2020-0009",
         {"Ubuntu:16.04 linux-oem ECOSYSTEM{introduced:0} end-of-life sev=low note=was "
          "needs-triage now end-of-life",
          "Ubuntu:18.04 linux-oem ECOSYSTEM{introduced:0 fixed:4.15.0-1080.90} affected sev=low",
          "Ubuntu:19.10 linux-oem ECOSYSTEM{introduced:0} affected sev=low note=4.15.0-1087.97"}},
        {"no_space_before_status",
         "CVE-2019-15903",
         {"Ubuntu:14.04 vnc4 ECOSYSTEM{introduced:0} affected sev=medium",
          "Ubuntu:16.04 vnc4 ECOSYSTEM{introduced:0} affected sev=medium",
          "Ubuntu:18.04 vnc4 ECOSYSTEM{introduced:0} affected sev=medium",
          "Ubuntu:19.04 vnc4 not-affected sev=medium note=code not present",
          "Ubuntu:19.10 vnc4 not-affected sev=medium note=code not present"}},
        {"notes_with_continuation_lines", "CVE-2017-0537", {}},
        {"tags_field_parsing",
         "CVE-2022-22965",
         {"Ubuntu:22.04 libspring-java ECOSYSTEM{introduced:0} affected sev=high",
          "Ubuntu:24.04 libspring-java ECOSYSTEM{introduced:0} affected sev=high"}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.file);
        const std::string text = test::read_text_file(dir / c.file);
        EXPECT_EQ(detect_format(text, c.file), Format::UbuntuUct);
        auto r = testing::parse(Format::UbuntuUct, text, c.file);
        ASSERT_TRUE(r.status) << r.status.error().to_string();
        ASSERT_EQ(r.advisories.size(), 1u);
        EXPECT_EQ(r.advisories[0].id, c.id);
        std::vector<std::string> got;
        for (const auto& a : r.advisories[0].affected) got.push_back(describe(a));
        EXPECT_EQ(got, c.affected);
    }
}

std::string raw_line(const std::string& text, std::size_t line) {
    std::size_t start = 0;
    for (std::size_t i = 1; i < line; ++i) start = text.find('\n', start) + 1;
    return text.substr(start, text.find('\n', start) - start);
}

// Every (cve, priority, release, package, status, version_or_note) row of active/ in
// uct-package-status.tsv is what parse_uct_file reads, and nothing more (DNE lines are not in the
// table); then the Advisory mapping agrees with each row of a plain release.
TEST(UbuntuUct, ActiveFilesReproduceStatusTable) {
    const auto data = test::shared_data_dir();
    const auto dir = data ? *data / "advisories/ubuntu-cve-tracker-2020" : std::filesystem::path();
    if (!data || !std::filesystem::exists(dir / "uct-package-status.tsv")) {
        GTEST_SKIP() << "shared data absent: advisories/ubuntu-cve-tracker-2020";
    }
    using Row =
        std::tuple<std::string, std::string, std::string, std::string, std::string, std::string>;
    std::multiset<Row> want;
    {
        std::ifstream tsv(dir / "uct-package-status.tsv");
        std::string line;
        std::getline(tsv, line);
        while (std::getline(tsv, line)) {
            std::vector<std::string> f;
            std::size_t start = 0;
            for (;;) {
                const std::size_t tab = line.find('\t', start);
                f.push_back(line.substr(start, tab - start));
                if (tab == std::string::npos) break;
                start = tab + 1;
            }
            ASSERT_EQ(f.size(), 7u) << line;
            if (f[1] != "active") continue;
            want.insert(Row{f[0], f[2], f[3], f[4], f[5], std::string(detail::trim(f[6]))});
        }
    }
    ASSERT_GT(want.size(), 100000u);

    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(dir / "active"))
        files.push_back(e.path());
    std::sort(files.begin(), files.end());
    ASSERT_GT(files.size(), 6000u);
    std::multiset<Row> got;
    std::size_t checked = 0;
    std::size_t invisible = 0;
    const std::regex table_line(R"(^\S+?_\S+:\s*\S+(\s*\(.*\))?\s*$)");
    for (const auto& path : files) {
        const std::string text = test::read_text_file(path);
        const std::string name = path.filename().string();
        auto file = detail::parse_uct_file(text, name);
        ASSERT_TRUE(file) << file.error().to_string();
        // Status lines come out as rows; DNE and lines without a status ("upstream_x:") are left
        // out of the table by its maker.
        std::map<std::pair<std::string, std::string>, const detail::UctStatusLine*> plain;
        for (const auto& s : file->statuses) {
            if (s.status == "DNE" || s.status.empty()) continue;
            if (s.release.find('/') == std::string::npos) plain[{s.release, s.package}] = &s;
            // The table's maker read `release_pkg: status (note)` with a regex: lines with "[…]"
            // or an unclosed "(" are not in it, and it kept spaces inside the parentheses.
            if (!std::regex_match(raw_line(text, s.line), table_line)) {
                ++invisible;
                continue;
            }
            got.insert(
                Row{file->candidate, file->priority, s.release, s.package, s.status, s.note});
        }
        auto r = testing::parse(Format::UbuntuUct, text, name);
        ASSERT_TRUE(r.status) << r.status.error().to_string();
        ASSERT_EQ(r.advisories.size(), 1u);
        const Advisory& adv = r.advisories[0];
        EXPECT_EQ(adv.id, file->candidate);
        // Each Affected comes from a status line of its release (the ESM one when there is one).
        for (const auto& a : adv.affected) {
            std::string codename;
            for (const auto& s : file->statuses) {
                const auto rel = s.release.substr(0, s.release.find('/'));
                if (s.package == a.package &&
                    "Ubuntu:" + std::string(detail::ubuntu_release(rel)) == a.ecosystem) {
                    codename = rel;
                }
            }
            ASSERT_FALSE(codename.empty()) << name << " " << describe(a);
            const auto it = plain.find({codename, a.package});
            const auto esm =
                std::find_if(file->statuses.begin(), file->statuses.end(), [&](const auto& s) {
                    return s.package == a.package && s.release == codename + "/esm" &&
                           s.status != "DNE";
                });
            const detail::UctStatusLine* s = esm != file->statuses.end() ? &*esm
                                             : it != plain.end()         ? it->second
                                                                         : nullptr;
            ASSERT_NE(s, nullptr) << name << " " << describe(a);
            ++checked;
            if (s->status == "released" && !s->note.empty()) {
                ASSERT_EQ(a.ranges.size(), 1u);
                EXPECT_EQ(a.ranges[0].events.back().value, s->note) << name;
                EXPECT_EQ(a.state, FixState::Affected) << name;
            } else if (s->status == "not-affected") {
                EXPECT_EQ(a.state, FixState::NotAffected) << name;
            } else if (s->status == "deferred") {
                EXPECT_EQ(a.state, FixState::FixDeferred) << name;
            } else if (s->status == "ignored") {
                const bool eol = s->note.find("end-of-life") != std::string::npos ||
                                 s->note.find("end of life") != std::string::npos ||
                                 s->note.find("out of standard support") != std::string::npos ||
                                 s->note.find("end of standard support") != std::string::npos;
                EXPECT_EQ(a.state, eol ? FixState::EndOfLife : FixState::WillNotFix)
                    << name << " " << s->note;
            } else {
                EXPECT_EQ(a.state, FixState::Affected) << name << " " << s->status;
            }
        }
    }
    EXPECT_GT(checked, 50000u);
    EXPECT_LT(invisible, 30u);
    std::size_t missing = 0;
    for (const auto& row : want) {
        const auto it = got.find(row);
        if (it != got.end()) {
            got.erase(it);
        } else if (++missing <= 10) {
            ADD_FAILURE() << "row not reproduced: " << std::get<0>(row) << " | " << std::get<2>(row)
                          << " | " << std::get<3>(row) << " | " << std::get<4>(row) << " | "
                          << std::get<5>(row);
        }
    }
    EXPECT_EQ(missing, 0u);
    std::size_t extra = 0;
    for (const auto& row : got) {
        if (++extra <= 10) {
            ADD_FAILURE() << "extra row: " << std::get<0>(row) << " | " << std::get<2>(row) << " | "
                          << std::get<3>(row) << " | " << std::get<4>(row) << " | "
                          << std::get<5>(row);
        }
    }
    EXPECT_EQ(extra, 0u);
}

}  // namespace
}  // namespace berth::vuln::import

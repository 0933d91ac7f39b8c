// SPDX-License-Identifier: Apache-2.0
// OSV importer: inline documents (good and bad), every file of the four real OSV databases in the
// shared data (counts and an independent walk of each file), and the vuln-list-update zips checked
// against their goldens.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "core/json_read.hpp"
#include "test_support.hpp"
#include "vuln/import/formats.hpp"
#include "vuln/import/import_testing.hpp"

namespace berth::vuln::import {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::describe;

TEST(Osv, FullObject) {
    const char* doc = R"({
      "schema_version": "1.6.0",
      "id": "RUSTSEC-2021-0001", "aliases": ["GHSA-1", "CVE-2021-1", "GHSA-1"], "related": ["CVE-2021-9"],
      "summary": "s", "details": "d", "published": "2021-01-01T00:00:00Z", "modified": "2021-02-01T00:00:00Z",
      "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
      "affected": [
        {"package": {"ecosystem": "crates.io", "name": "x", "purl": "pkg:cargo/x"},
         "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.2.0"}]},
                    {"type": "GIT", "repo": "https://g", "events": [{"introduced": "abc"}, {"limit": "def"}]}],
         "versions": ["0.1.0", "1.0.0"], "ecosystem_specific": {"affects": {"functions": ["x::f"]}}},
        {"package": {"ecosystem": "AlmaLinux:9", "name": "y"},
         "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "1"}, {"last_affected": "2"}]}],
         "database_specific": {"severity": "Important"}}
      ],
      "references": [{"type": "ADVISORY", "url": "https://a"}, {"type": "WEB", "url": "https://b"}],
      "database_specific": {"x": 1}
    })";
    auto r = testing::parse(Format::Osv, doc);
    ASSERT_TRUE(r.status) << r.status.error().to_string();
    ASSERT_EQ(r.advisories.size(), 1u);
    EXPECT_EQ(
        describe(r.advisories[0]),
        "RUSTSEC-2021-0001 (osv)\n"
        "  aliases: CVE-2021-1 GHSA-1\n"
        "  related: CVE-2021-9\n"
        "  summary: s\n"
        "  details: d\n"
        "  published: 2021-01-01T00:00:00Z\n"
        "  modified: 2021-02-01T00:00:00Z\n"
        "  severity: CVSS_V3 CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n"
        "  affected: crates.io x purl=pkg:cargo/x SEMVER{introduced:0 fixed:1.2.0} "
        "GIT{introduced:abc "
        "limit:def} versions=0.1.0,1.0.0 affected\n"
        "  affected: AlmaLinux:9 y ECOSYSTEM{introduced:1 last_affected:2} affected sev=Important\n"
        "  ref: ADVISORY https://a\n"
        "  ref: WEB https://b\n");
}

TEST(Osv, ArrayWithdrawnAndNulls) {
    auto r = testing::parse(
        Format::Osv,
        R"([{"id": "A-1", "modified": "m", "withdrawn": "2024-01-01T00:00:00Z", "aliases": null},
                                {"id": "A-2", "modified": "m", "affected": [{"package": {"ecosystem": "PyPI", "name": "p"},
                                 "ranges": [{"type": "PYTHON_MAGIC", "events": []}]}]}])");
    ASSERT_TRUE(r.status) << r.status.error().to_string();
    ASSERT_EQ(r.advisories.size(), 2u);
    EXPECT_EQ(describe(r.advisories[0]),
              "A-1 (osv)\n  modified: m\n  withdrawn: 2024-01-01T00:00:00Z\n");
    EXPECT_EQ(describe(r.advisories[1]), "A-2 (osv)\n  modified: m\n  affected: PyPI p affected\n");
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].where, "doc");
    EXPECT_EQ(r.diagnostics[0].message.rfind("$[1].affected[0].ranges[0]: range type", 0), 0U)
        << r.diagnostics[0].message;
}

TEST(Osv, BadDocuments) {
    // Syntax errors are located at line:column; errors inside the document at the document,
    // with the JSON path leading the message.
    const std::vector<std::tuple<std::string, std::string, std::string, std::string>> cases = {
        {"syntax", "{\n  \"id\": \"X\"\n  \"modified\": \"m\"}", "doc:3:12", ""},
        {"truncated", "{\"id\": \"X\", ", "doc:1:13", ""},
        {"empty", "", "doc:1:1", ""},
        {"not_object", "42", "doc", "$: expected an OSV object"},
        {"no_id", R"({"modified": "m"})", "doc", "$.id: missing id"},
        {"id_not_string", R"({"id": 1})", "doc", "$.id: expected a string, got number"},
        {"aliases_not_array", R"({"id": "X", "aliases": "CVE-1"})", "doc",
         "$.aliases: expected an array of strings, got string"},
        {"alias_not_string", R"({"id": "X", "aliases": ["a", 2]})", "doc",
         "$.aliases[1]: expected a string, got number"},
        {"affected_not_array", R"({"id": "X", "affected": {}})", "doc",
         "$.affected: expected an array, got object"},
        {"package_name_number", R"({"id": "X", "affected": [{"package": {"name": 3}}]})", "doc",
         "$.affected[0].package.name: expected a string, got number"},
        {"events_missing", R"({"id": "X", "affected": [{"ranges": [{"type": "SEMVER"}]}]})", "doc",
         "$.affected[0].ranges[0].events: expected an array of events"},
        {"event_unknown",
         R"({"id": "X", "affected": [{"ranges": [{"type": "SEMVER", "events": [{"broken": "1"}]}]}]})",
         "doc", "$.affected[0].ranges[0].events[0]: unknown event \"broken\""},
        {"event_two_keys",
         R"({"id": "X", "affected": [{"ranges": [{"type": "SEMVER", "events": [{"introduced": "0", "fixed": "1"}]}]}]})",
         "doc", "$.affected[0].ranges[0].events[0]: expected an object with one event"},
        {"event_value_number",
         R"({"id": "X", "affected": [{"ranges": [{"type": "SEMVER", "events": [{"fixed": 1}]}]}]})",
         "doc", "$.affected[0].ranges[0].events[0].fixed: expected a string, got number"},
        {"severity_not_array", R"({"id": "X", "severity": {"type": "CVSS_V3"}})", "doc",
         "$.severity: expected an array, got object"},
        {"reference_not_object", R"({"id": "X", "references": ["https://a"]})", "doc",
         "$.references[0]: expected an object, got string"},
        {"array_element_bad", R"([{"id": "X"}, 7])", "doc", "$[1]: expected an OSV object"},
    };
    for (const auto& [name, input, where, message] : cases) {
        SCOPED_TRACE(name);
        auto r = testing::parse(Format::Osv, input);
        ASSERT_FALSE(r.status);
        EXPECT_EQ(r.status.error().code, ErrorCode::Format);
        EXPECT_EQ(r.status.error().where, where) << r.status.error().message;
        if (!message.empty()) {
            EXPECT_EQ(r.status.error().message, message);
        }
    }
}

// Issue 11: 100 MB of nested arrays in an otherwise valid OSV advisory cost ~1.8 GB. Every
// importer parses within the JSON limits (core/json_read.hpp) and says which one was hit.
TEST(Osv, JsonLimits_AreApplied) {
    const std::string doc =
        R"({"id": "X", "modified": "2024-01-01T00:00:00Z", "database_specific": {"x": )" +
        std::string(200, '[') + std::string(200, ']') + "}}";
    EXPECT_TRUE(testing::parse(Format::Osv, doc).status);
    const json_read::Limits saved = json_read::default_limits();
    json_read::set_default_limits({100, 1'000'000});
    const auto deep = testing::parse(Format::Osv, doc);
    json_read::set_default_limits({1000, 100});
    const auto wide = testing::parse(Format::Osv, doc);
    const auto secdb = testing::parse(
        Format::AlpineSecdb, R"({"distroversion": "v3.19", "packages": [[[[[[[[[[[[]]]]]]]]]]]]})");
    json_read::set_default_limits({10, 1'000'000});
    const auto secdb_deep = testing::parse(
        Format::AlpineSecdb, R"({"distroversion": "v3.19", "packages": [[[[[[[[[[[[]]]]]]]]]]]]})");
    json_read::set_default_limits(saved);
    ASSERT_FALSE(deep.status);
    EXPECT_EQ(deep.status.error().code, ErrorCode::LimitExceeded);
    EXPECT_EQ(deep.status.error().message, "JSON nested deeper than 100 levels (--max-json-depth)");
    EXPECT_EQ(deep.status.error().where, "doc");
    ASSERT_FALSE(wide.status);
    EXPECT_EQ(wide.status.error().message,
              "JSON document has more than 100 values (--max-json-values)");
    EXPECT_TRUE(secdb.status || secdb.status.error().code != ErrorCode::LimitExceeded);
    ASSERT_FALSE(secdb_deep.status);
    EXPECT_EQ(secdb_deep.status.error().code, ErrorCode::LimitExceeded);
}

// Counts of one OSV document walked with nlohmann directly: (id, affected, ranges, events,
// aliases).
using Shape = std::tuple<std::string, std::size_t, std::size_t, std::size_t, std::size_t>;

Shape shape_of(const json& j) {
    Shape s{j.at("id").get<std::string>(), 0, 0, 0, 0};
    for (const auto& a : j.value("affected", json::array())) {
        ++std::get<1>(s);
        for (const auto& r : a.value("ranges", json::array())) {
            ++std::get<2>(s);
            std::get<3>(s) += r.at("events").size();
        }
    }
    std::vector<std::string> aliases = j.value("aliases", std::vector<std::string>{});
    std::sort(aliases.begin(), aliases.end());
    aliases.erase(std::unique(aliases.begin(), aliases.end()), aliases.end());
    std::get<4>(s) = aliases.size();
    return s;
}

Shape shape_of(const Advisory& a) {
    Shape s{a.id, a.affected.size(), 0, 0, a.aliases.size()};
    for (const auto& x : a.affected) {
        std::get<2>(s) += x.ranges.size();
        for (const auto& r : x.ranges) std::get<3>(s) += r.events.size();
    }
    return s;
}

TEST(Osv, RealDatabasesImportCompletely) {
    const auto data = test::shared_data_dir();
    if (!data || !fs::exists(*data / "advisories/rustsec-osv"))
        GTEST_SKIP() << "shared data absent: advisories/*-osv";
    for (const char* db : {"rustsec-osv", "golang-vulndb-osv", "pypa-osv", "almalinux-osv"}) {
        SCOPED_TRACE(db);
        const fs::path dir = *data / "advisories" / db;
        std::map<fs::path, Shape> want;
        for (const auto& e : fs::recursive_directory_iterator(dir)) {
            if (!e.is_regular_file() || e.path().extension() != ".json") continue;
            const json j = json::parse(test::read_text_file(e.path()));
            const Shape s = shape_of(j);
            want[e.path()] = s;
        }
        ASSERT_GT(want.size(), 1000u);
        std::vector<Advisory> got;
        Diagnostics diagnostics;
        auto stats = import_path(
            dir,
            [&](Advisory&& a) -> Status {
                got.push_back(std::move(a));
                return {};
            },
            diagnostics);
        ASSERT_TRUE(stats) << stats.error().to_string();
        EXPECT_EQ(stats->files, want.size());
        EXPECT_EQ(stats->skipped_files, 0u);
        EXPECT_EQ(stats->advisories, want.size());
        EXPECT_EQ(stats->per_source["osv"], want.size());
        EXPECT_TRUE(diagnostics.empty())
            << diagnostics.front().where << ": " << diagnostics.front().message;
        // Sorted walk: the i-th advisory comes from the i-th file in path order (std::map order).
        ASSERT_EQ(got.size(), want.size());
        std::size_t i = 0;
        for (const auto& [path, shape] : want) {
            EXPECT_EQ(shape_of(got[i]), shape) << path;
            ++i;
        }
    }
}

// Every document both OSV paths read: the On-Demand fast path (osv_ondemand.cpp) gives what the
// checked DOM path gives, field for field (describe() prints every field kept).
std::string describe_all(const std::vector<Advisory>& v) {
    std::string out;
    for (const auto& a : v) out += describe(a);
    return out;
}

TEST(Osv, OnDemandPathEqualsTheDomPathOnRealDatabases) {
    const auto data = test::shared_data_dir();
    if (!data || !fs::exists(*data / "advisories/rustsec-osv"))
        GTEST_SKIP() << "shared data absent: advisories/*-osv";
    std::size_t fast = 0;
    std::size_t files = 0;
    for (const char* db : {"rustsec-osv", "golang-vulndb-osv", "pypa-osv", "almalinux-osv"}) {
        for (const auto& e : fs::recursive_directory_iterator(*data / "advisories" / db)) {
            if (!e.is_regular_file() || e.path().extension() != ".json") continue;
            ++files;
            const std::string text = test::read_text_file(e.path());
            std::vector<Advisory> od;
            if (!detail::parse_osv_ondemand(text, od)) continue;
            ++fast;
            std::vector<Advisory> dom;
            Diagnostics diagnostics;
            auto s = detail::parse_osv_dom(
                text, e.path().string(),
                [&](Advisory&& a) -> Status {
                    dom.push_back(std::move(a));
                    return {};
                },
                diagnostics);
            ASSERT_TRUE(s) << s.error().to_string();
            ASSERT_EQ(describe_all(od), describe_all(dom)) << e.path();
        }
    }
    EXPECT_GT(files, 13000U);
    EXPECT_EQ(fast, files) << "real records fell back to the DOM path";
}

// What the fast path leaves to the DOM path: wrong types, unknown range types and events, a
// missing id, syntax errors, documents over the JSON limits; each still gets the DOM's words.
TEST(Osv, OnDemandPathLeavesTheUnusualToTheDomPath) {
    const std::string ok = R"({"id": "X", "modified": "m", "affected": [{"package": )"
                           R"({"ecosystem": "PyPI", "name": "a"}, "ranges": [{"type": "ECOSYSTEM",)"
                           R"( "events": [{"introduced": "0"}, {"fixed": "1"}]}]}]})";
    std::vector<Advisory> out;
    EXPECT_TRUE(detail::parse_osv_ondemand(ok, out));
    ASSERT_EQ(out.size(), 1U);
    EXPECT_EQ(describe(out[0]),
              "X (osv)\n  modified: m\n  affected: PyPI a ECOSYSTEM{introduced:0 fixed:1} "
              "affected\n");
    for (
        const std::string bad : {
            R"({"id": 1, "modified": "m"})",
            R"({"modified": "m"})",
            R"({"id": "X", "aliases": "CVE-1"})",
            R"({"id": "X", "affected": [{"ranges": [{"type": "NEW", "events": []}]}]})",
            R"({"id": "X", "affected": [{"ranges": [{"type": "SEMVER", "events": [{"x": "1"}]}]}]})",
            R"({"id": "X", "affected": [{"ranges": [{"type": "SEMVER"}]}]})",
            R"({"id": "X", "modified": "m")",
            R"({"id": "X"} {"id": "Y"})",
            R"("X")",
        }) {
        std::vector<Advisory> v;
        EXPECT_FALSE(detail::parse_osv_ondemand(bad, v)) << bad;
    }
    const json_read::Limits saved = json_read::default_limits();
    json_read::set_default_limits({5, 1'000'000});
    std::vector<Advisory> deep;
    const bool deep_ok =
        detail::parse_osv_ondemand(R"({"id": "X", "database_specific": [[[[[[1]]]]]]})", deep);
    json_read::set_default_limits({1000, 10});
    std::vector<Advisory> wide;
    const bool wide_ok = detail::parse_osv_ondemand(
        R"({"id": "X", "database_specific": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]})", wide);
    json_read::set_default_limits(saved);
    EXPECT_FALSE(deep_ok);
    EXPECT_FALSE(wide_ok);
}

TEST(Osv, VulnListUpdateZipsMatchGoldens) {
    const auto data = test::shared_data_dir();
    const fs::path dir =
        data ? *data / "advisories/format-samples/vuln-list-update/osvdev/testdata" : fs::path();
    if (!data || !fs::exists(dir))
        GTEST_SKIP() << "shared data absent: format-samples/vuln-list-update/osvdev";
    std::map<std::string, std::string> from_zip;
    Diagnostics diagnostics;
    for (const char* eco : {"go", "python", "rust"}) {
        auto stats = import_path(
            dir / eco / "all.zip",
            [&](Advisory&& a) -> Status {
                from_zip[a.id] = describe(a);
                return {};
            },
            diagnostics);
        ASSERT_TRUE(stats) << stats.error().to_string();
        EXPECT_EQ(stats->skipped_files, 0u);
    }
    std::size_t goldens = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir / "golden")) {
        if (!e.is_regular_file()) continue;
        auto r = testing::parse(Format::Osv, test::read_text_file(e.path()), e.path().string());
        ASSERT_TRUE(r.status) << r.status.error().to_string();
        ASSERT_EQ(r.advisories.size(), 1u);
        const auto it = from_zip.find(r.advisories[0].id);
        ASSERT_NE(it, from_zip.end()) << r.advisories[0].id;
        EXPECT_EQ(it->second, describe(r.advisories[0]));
        ++goldens;
    }
    EXPECT_EQ(goldens, 10u);
}

TEST(Osv, TrivyDbSamples) {
    const auto data = test::shared_data_dir();
    const fs::path dir =
        data ? *data / "advisories/format-samples/trivy-db/pkg/vulnsrc" : fs::path();
    if (!data || !fs::exists(dir)) GTEST_SKIP() << "shared data absent: format-samples/trivy-db";
    Diagnostics diagnostics;
    const auto sink = [](Advisory&&) -> Status { return {}; };
    auto happy = import_path(dir / "osv/testdata/happy", sink, diagnostics);
    ASSERT_TRUE(happy) << happy.error().to_string();
    EXPECT_EQ(happy->advisories, 6u);
    // A missing comma: detected as OSV, then a Format error where the parser stopped (line 9, end
    // of "references").
    auto sad = import_path(dir / "osv/testdata/sad", sink, diagnostics);
    ASSERT_FALSE(sad);
    EXPECT_EQ(sad.error().code, ErrorCode::Format);
    EXPECT_TRUE(sad.error().where.ends_with("PYSEC-2005-1.json:9:14")) << sad.error().where;
    // A file holding just "{" is no known format: skipped with a diagnostic.
    diagnostics.clear();
    auto brace = import_path(dir / "govulndb/testdata/sad", sink, diagnostics);
    ASSERT_TRUE(brace) << brace.error().to_string();
    EXPECT_EQ(brace->skipped_files, 1u);
    ASSERT_EQ(diagnostics.size(), 1u);
    EXPECT_TRUE(diagnostics[0].where.ends_with("GO-2024-2730.json"));
}

}  // namespace
}  // namespace berth::vuln::import

// SPDX-License-Identifier: Apache-2.0
// Alpine secdb importer: inline documents, the 2020 secdb snapshot (JSON checked against its YAML
// originals and against an independent count), and the vuln-list-update goldens.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "test_support.hpp"
#include "vuln/import/import_testing.hpp"

namespace berth::vuln::import {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::describe;

TEST(AlpineSecdb, SmallDocument) {
    const char* doc = R"json({"distroversion": "v3.10", "reponame": "main", "packages": [
      {"pkg": {"name": "openssl", "secfixes": {"1.1.1d-r0": ["CVE-2019-1547 CVE-2019-1549"], "0": ["CVE-2018-1"]}}},
      {"pkg": {"name": "xen", "secfixes": {"4.7.1-r3": ["CVE-2016-10013 XSA-204", "CVE 2018-16859", "CVE_2019-2426",
                                                          "CVE-2017-2616 (+ regression fix)"]}}},
      {"pkg": {"name": "nofix"}},
      {"pkg": {"name": "curl", "secfixes": {"7.1-r0": ["CVE-2019-1547"], "7.2-r0": null}}}]})json";
    auto r = testing::parse(Format::AlpineSecdb, doc);
    ASSERT_TRUE(r.status) << r.status.error().to_string();
    std::string got;
    for (const auto& a : r.advisories) got += describe(a);
    EXPECT_EQ(got,
              "CVE-2016-10013 (alpine-secdb)\n"
              "  aliases: XSA-204\n"
              "  affected: Alpine:v3.10 xen ECOSYSTEM{introduced:0 fixed:4.7.1-r3} affected\n"
              "CVE-2017-2616 (alpine-secdb)\n"
              "  affected: Alpine:v3.10 xen ECOSYSTEM{introduced:0 fixed:4.7.1-r3} affected "
              "note=(+ regression fix)\n"
              "CVE-2018-1 (alpine-secdb)\n"
              "  affected: Alpine:v3.10 openssl not-affected\n"
              "CVE-2018-16859 (alpine-secdb)\n"
              "  affected: Alpine:v3.10 xen ECOSYSTEM{introduced:0 fixed:4.7.1-r3} affected\n"
              "CVE-2019-1547 (alpine-secdb)\n"
              "  aliases: CVE-2019-1549\n"
              "  affected: Alpine:v3.10 openssl ECOSYSTEM{introduced:0 fixed:1.1.1d-r0} affected\n"
              "  affected: Alpine:v3.10 curl ECOSYSTEM{introduced:0 fixed:7.1-r0} affected\n"
              "CVE-2019-1549 (alpine-secdb)\n"
              "  aliases: CVE-2019-1547\n"
              "  affected: Alpine:v3.10 openssl ECOSYSTEM{introduced:0 fixed:1.1.1d-r0} affected\n"
              "CVE-2019-2426 (alpine-secdb)\n"
              "  affected: Alpine:v3.10 xen ECOSYSTEM{introduced:0 fixed:4.7.1-r3} affected\n"
              "XSA-204 (alpine-secdb)\n"
              "  aliases: CVE-2016-10013\n"
              "  affected: Alpine:v3.10 xen ECOSYSTEM{introduced:0 fixed:4.7.1-r3} affected\n");
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].where, "doc#/packages/3/pkg/secfixes/7.2-r0");
}

TEST(AlpineSecdb, EmptyRepository) {
    for (const char* packages : {"null", "{}", "[]"}) {
        SCOPED_TRACE(packages);
        auto r = testing::parse(
            Format::AlpineSecdb,
            std::string(R"({"distroversion": "v3.3", "packages": )") + packages + "}");
        ASSERT_TRUE(r.status) << r.status.error().to_string();
        EXPECT_TRUE(r.advisories.empty());
    }
}

TEST(AlpineSecdb, BadDocuments) {
    const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
        {"syntax", R"({"distroversion": "v3.10",)", "doc:1:27"},
        {"array", R"([])", "doc"},
        {"no_distroversion", R"({"packages": []})", "doc#/distroversion"},
        {"packages_object", R"({"distroversion": "v3.10", "packages": {"a": 1}})", "doc#/packages"},
        {"no_pkg", R"({"distroversion": "v3.10", "packages": [{"name": "x"}]})", "doc#/packages/0"},
        {"no_name", R"({"distroversion": "v3.10", "packages": [{"pkg": {}}]})",
         "doc#/packages/0/pkg/name"},
        {"secfixes_list",
         R"({"distroversion": "v3.10", "packages": [{"pkg": {"name": "x", "secfixes": []}}]})",
         "doc#/packages/0/pkg/secfixes"},
        {"ids_string",
         R"({"distroversion": "v3.10", "packages": [{"pkg": {"name": "x", "secfixes": {"1": "CVE-1"}}}]})",
         "doc#/packages/0/pkg/secfixes/1"},
        {"id_number",
         R"({"distroversion": "v3.10", "packages": [{"pkg": {"name": "x", "secfixes": {"1": [1]}}}]})",
         "doc#/packages/0/pkg/secfixes/1/0"},
    };
    for (const auto& [name, input, where] : cases) {
        SCOPED_TRACE(name);
        auto r = testing::parse(Format::AlpineSecdb, input);
        ASSERT_FALSE(r.status);
        EXPECT_EQ(r.status.error().code, ErrorCode::Format);
        EXPECT_EQ(r.status.error().where, where) << r.status.error().message;
    }
}

// (ecosystem, package, fixed version or "0", id) for every id token a secdb JSON file names.
using Fact = std::tuple<std::string, std::string, std::string, std::string>;

TEST(AlpineSecdb, Snapshot2020) {
    const auto data = test::shared_data_dir();
    const fs::path dir = data ? *data / "advisories/alpine-secdb-2020" : fs::path();
    if (!data || !fs::exists(dir / "json"))
        GTEST_SKIP() << "shared data absent: advisories/alpine-secdb-2020";

    // The JSON files are conversions of the YAML originals: check that with PyYAML when present.
    const auto py = test::run_shell(
        "python3 -c 'import json,yaml,glob,sys\n"
        "bad=[f for f in glob.glob(sys.argv[1]+\"/yaml/*/*.yaml\") if "
        "yaml.safe_load(open(f))!=json.load(open("
        "f.replace(\"/yaml/\",\"/json/\")[:-5]+\".json\"))]\n"
        "print(len(glob.glob(sys.argv[1]+\"/yaml/*/*.yaml\")), len(bad))' " +
        dir.string());
    if (py.exit_code == 0) {
        EXPECT_EQ(py.out, "18 0\n");
    }

    std::multiset<Fact> want;
    std::size_t files = 0;
    for (const auto& e : fs::recursive_directory_iterator(dir / "json")) {
        if (!e.is_regular_file()) continue;
        ++files;
        const json j = json::parse(test::read_text_file(e.path()));
        if (j["packages"].is_null()) continue;
        for (const auto& p : j["packages"]) {
            const json secfixes = p["pkg"].value("secfixes", json::object());
            for (const auto& [version, ids] : secfixes.items()) {
                if (ids.is_null()) continue;
                for (const auto& s : ids) {
                    const std::string text = s.get<std::string>();
                    // Independent, simpler rule: the words that start with "CVE-", "XSA-", "TALOS-"
                    // or "ZBX-", except the placeholder "CVE-????-?????".
                    std::istringstream words(text);
                    for (std::string w; words >> w;) {
                        if (w.find('?') != std::string::npos) continue;
                        if (w.starts_with("CVE-") || w.starts_with("XSA-") ||
                            w.starts_with("TALOS-") || w.starts_with("ZBX-")) {
                            want.insert(Fact{"Alpine:" + j["distroversion"].get<std::string>(),
                                             p["pkg"]["name"].get<std::string>(), version, w});
                        }
                    }
                }
            }
        }
    }
    EXPECT_EQ(files, 18u);
    std::multiset<Fact> got;
    Diagnostics diagnostics;
    auto stats = import_path(
        dir / "json",
        [&](Advisory&& a) -> Status {
            for (const auto& x : a.affected) {
                std::string version = "0";
                if (x.state != FixState::NotAffected) version = x.ranges.at(0).events.at(1).value;
                got.insert(Fact{x.ecosystem, x.package, version, a.id});
            }
            return {};
        },
        diagnostics);
    ASSERT_TRUE(stats) << stats.error().to_string();
    EXPECT_EQ(stats->files, 18u);
    EXPECT_EQ(stats->skipped_files, 0u);
    EXPECT_GT(stats->advisories, 8000u);
    // Ours has the "CVE 2018-16859" and "CVE_2019-2426" fix-ups beyond the simple rule; everything
    // else must agree.
    std::multiset<Fact> extra;
    std::set_difference(got.begin(), got.end(), want.begin(), want.end(),
                        std::inserter(extra, extra.end()));
    std::multiset<Fact> missing;
    std::set_difference(want.begin(), want.end(), got.begin(), got.end(),
                        std::inserter(missing, missing.end()));
    EXPECT_TRUE(missing.empty()) << std::get<3>(*missing.begin());
    for (const auto& f : extra) {
        EXPECT_TRUE(std::get<3>(f) == "CVE-2018-16859" || std::get<3>(f) == "CVE-2019-2426")
            << std::get<1>(f) << " " << std::get<3>(f);
    }
    EXPECT_GT(want.size(), 12000u);
}

TEST(AlpineSecdb, VulnListUpdateGoldens) {
    const auto data = test::shared_data_dir();
    const fs::path dir =
        data ? *data / "advisories/format-samples/vuln-list-update/alpine/testdata" : fs::path();
    if (!data || !fs::exists(dir))
        GTEST_SKIP() << "shared data absent: format-samples/vuln-list-update/alpine";
    // golden/<release>-<package>.json = the package's secfixes from <release>-main/-community.json.
    const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
        {"311-apache2.json", "311-main.json", "Alpine:v3.11"},
        {"312-ansible.json", "312-main.json", "Alpine:v3.12"},
        {"edge-apk-tools.json", "edge-main.json", "Alpine:edge"},
    };
    for (const auto& [golden_name, input, ecosystem] : cases) {
        SCOPED_TRACE(golden_name);
        const json golden = json::parse(test::read_text_file(dir / "golden" / golden_name));
        const std::string package = golden["name"].get<std::string>();
        std::set<std::pair<std::string, std::string>> want;
        for (const auto& [version, ids] : golden["secfixes"].items()) {
            for (const auto& id : ids) want.insert({version, id.get<std::string>()});
        }
        auto r = testing::parse(Format::AlpineSecdb, test::read_text_file(dir / input), input);
        ASSERT_TRUE(r.status) << r.status.error().to_string();
        std::set<std::pair<std::string, std::string>> got;
        for (const auto& a : r.advisories) {
            for (const auto& x : a.affected) {
                if (x.package != package) continue;
                EXPECT_EQ(x.ecosystem, ecosystem);
                got.insert(
                    {x.state == FixState::NotAffected ? "0" : x.ranges.at(0).events.at(1).value,
                     a.id});
            }
        }
        EXPECT_EQ(got, want);
        EXPECT_FALSE(want.empty());
    }
}

}  // namespace
}  // namespace berth::vuln::import

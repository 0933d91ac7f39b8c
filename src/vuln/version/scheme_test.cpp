// SPDX-License-Identifier: Apache-2.0
// The scheme list and ecosystem table, OSV's semantic comparison vectors (google/osv-scalibr
// semantic/testdata, generated with each ecosystem's native tool) and the garbage table every
// scheme must refuse with a clear error.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "vuln/version/schemes.hpp"
#include "vuln/version/test_util.hpp"

namespace berth::vuln::version {
namespace {

TEST(VersionSchemes, ListIsSortedUniqueAndFindable) {
    const auto& all = all_schemes();
    ASSERT_EQ(all.size(), 11u);
    for (std::size_t i = 1; i < all.size(); ++i) EXPECT_LT(all[i - 1]->name(), all[i]->name());
    for (const Scheme* s : all) EXPECT_EQ(scheme_by_name(s->name()), s) << s->name();
    EXPECT_EQ(scheme_by_name("nope"), nullptr);
    EXPECT_EQ(scheme_by_name(""), nullptr);
}

TEST(VersionSchemes, EveryFileIsListed) {
    // each <stem>.cpp that defines make_<stem>() must be in scheme.cpp's list (semver.cpp also
    // holds npm and cargo)
    std::set<std::string> names;
    for (const Scheme* s : all_schemes()) names.insert(std::string(s->name()));
    for (const auto& e :
         std::filesystem::directory_iterator(BERTH_SOURCE_DIR "/src/vuln/version")) {
        auto stem = e.path().stem().string();
        if (e.path().extension() != ".cpp" || stem.ends_with("_test")) continue;
        if (stem == "scheme" || stem == "detail" || stem == "npm_range") continue;
        EXPECT_TRUE(names.count(stem)) << stem << ".cpp is not a listed scheme";
    }
}

struct EcoCase {
    const char* ecosystem;
    const char* scheme;  // nullptr = no ordering
};

TEST(VersionSchemes, EcosystemSuffixesAndRoot) {
    const EcoCase cases[] = {
        {"Debian:12", "dpkg"},
        {"Ubuntu:22.04:LTS", "dpkg"},
        {"Ubuntu:Pro:18.04:LTS", "dpkg"},
        {"Alpine:v3.19", "apk"},
        {"Rocky Linux:9", "rpm"},
        {"AlmaLinux:8", "rpm"},
        {"Red Hat:enterprise_linux:9::appstream", "rpm"},
        {"openSUSE:Leap 15.5", "rpm"},
        {"Photon OS:5.0", "rpm"},
        {"crates.io", "cargo"},
        {"npm", "npm"},
        {"Go", "go"},
        {"PyPI", "pep440"},
        {"Maven", "maven"},
        {"Maven:https://repo1.maven.org/maven2/", "maven"},
        {"RubyGems", "rubygems"},
        {"NuGet", "nuget"},
        {"Packagist", "semver"},
        {"Pub", "semver"},
        {"Hex", "semver"},
        {"Root:Alpine:3.18", "apk"},
        {"Root:Debian:12", "dpkg"},
        {"Root:PyPI", "pep440"},
        {"GIT", nullptr},
        {"", nullptr},
        {":12", nullptr},
        {"debian", nullptr},
        {"Root", nullptr},
        {"Root:Root:PyPI", nullptr},
    };
    for (const auto& c : cases) {
        const Scheme* s = scheme_for_ecosystem(c.ecosystem);
        if (c.scheme == nullptr) {
            EXPECT_EQ(s, nullptr) << c.ecosystem;
        } else {
            ASSERT_NE(s, nullptr) << c.ecosystem;
            EXPECT_EQ(s->name(), c.scheme) << c.ecosystem;
        }
    }
}

TEST(VersionSchemes, EveryOsvSchemaEcosystem) {
    auto dir = berth::test::shared_data_dir();
    if (!dir || !std::filesystem::exists(*dir / "osv-schema/ecosystems.json"))
        GTEST_SKIP() << "shared data absent: osv-schema/ecosystems.json";
    auto doc =
        nlohmann::json::parse(berth::test::read_text_file(*dir / "osv-schema/ecosystems.json"));
    ASSERT_TRUE(doc.is_object());
    std::vector<std::string> unmapped;
    std::size_t mapped = 0;
    for (const auto& [eco, desc] : doc.items()) {
        if (scheme_for_ecosystem(eco) == nullptr) {
            unmapped.push_back(eco);
        } else {
            ++mapped;
        }
    }
    std::sort(unmapped.begin(), unmapped.end());
    std::string list;
    for (const auto& u : unmapped) list += u + "; ";
    std::cout << "[ ecosystems ] " << mapped << " mapped, no ordering for: " << list << "\n";
    const std::vector<std::string> expected = {
        "Android", "Bioconductor", "CRAN",    "CleanStart", "Docker Hardened Images",
        "Echo",    "FreeBSD",      "Hackage", "Linux",      "OSS-Fuzz",
        "Root",  // Root needs ":<ecosystem>"
        "TuxCare", "opam",
    };
    EXPECT_EQ(unmapped, expected);
    EXPECT_GE(mapped, 35u);
}

// Empty strings and garbage: every scheme refuses them in validate(); compare() refuses them
// too (rpm and apk excepted: both tools order every string, see their tests) and names the bad
// version.
// RubyGems reads a blank version as "0" (Gem::Version.new(""), upstream test_spaceship), so
// blanks are skipped for it.
TEST(VersionSchemes, GarbageIsInvalidArgumentNamingTheVersion) {
    const char* garbage[] = {"", "   ", "!!!", "version one", "\x01\x02"};
    for (const Scheme* s : all_schemes()) {
        for (const char* g : garbage) {
            if (s->name() == "rubygems" &&
                std::string_view(g).find_first_not_of(' ') == std::string_view::npos)
                continue;
            auto st = s->validate(g);
            ASSERT_FALSE(st.has_value()) << s->name() << " accepted \"" << g << "\"";
            EXPECT_EQ(st.error().code, ErrorCode::InvalidArgument) << s->name();
            EXPECT_NE(st.error().message.find(std::string("\"") + g + "\""), std::string::npos)
                << st.error().message;
            EXPECT_NE(st.error().message.find(s->name()), std::string::npos) << st.error().message;
            if (s->name() == "rpm" || s->name() == "apk") continue;
            auto c = s->compare("1.0.0", g);
            ASSERT_FALSE(c.has_value()) << s->name() << " compared \"" << g << "\"";
            EXPECT_EQ(c.error().code, ErrorCode::InvalidArgument);
            EXPECT_NE(c.error().message.find(std::string("\"") + g + "\""), std::string::npos)
                << c.error().message;
        }
    }
}

TEST(VersionSchemes, SatisfiesIsUnsupportedWithoutConstraintLanguage) {
    for (const char* n : {"dpkg", "rpm", "maven", "nuget", "go", "cargo", "semver"}) {
        auto r = scheme_by_name(n)->satisfies("1.0", ">=1.0");
        ASSERT_FALSE(r.has_value()) << n;
        EXPECT_EQ(r.error().code, ErrorCode::Unsupported) << n;
    }
}

// ---- osv-scalibr semantic vectors --------------------------------------------------------------

struct OsvFile {
    const char* ecosystem_file;
    const char* scheme;
    // Lines where berth follows a newer upstream than the one that generated the file (see
    // testdata README in src/vuln/version/README.md). The test asserts these lines — and only
    // these — disagree, so any other change in behaviour still fails.
    std::vector<int> diverging = {};
};

// Maven: the generated file predates Maven 3.9's MNG-7644 (".RC1" after a number now opens a
// sub-list like "-RC1"), which Maven 3.9.9's ComparableVersionTest asserts and berth follows.
const std::vector<int> kMavenGeneratedPreMng7644 = {2781,  2786,  5776,  9949,  11435, 11450,
                                                    11476, 11526, 11557, 11578, 11582, 11594,
                                                    11602, 11612, 11621, 11687, 11748, 12642};
// "1-1 = 1-ga-1": Maven 3.9.9 keeps the "-1" sub-list level ([1,[1]] vs [1,[[1]]]) → ">".
const std::vector<int> kMavenHand = {100};
// apk: rows with invalid versions ("1-r-0", "0.r1", "1.2.0A", "1-ruff") that the file itself marks
// as differing between apk-tools releases; berth uses apk-tools 3 for valid versions and
// apk-tools 2 for invalid ones, and these rows hold in neither.
const std::vector<int> kAlpineHandInvalid = {4, 5, 15, 24, 27, 28, 40, 47};

class OsvSemantic : public ::testing::TestWithParam<OsvFile> {};

TEST_P(OsvSemantic, AllLinesHold) {
    auto dir = berth::test::shared_data_dir();
    auto path = dir ? *dir / "osv-scalibr/semantic/testdata" / GetParam().ecosystem_file
                    : std::filesystem::path();
    if (!dir || !std::filesystem::exists(path))
        GTEST_SKIP() << "shared data absent: osv-scalibr/semantic/testdata/"
                     << GetParam().ecosystem_file;
    const Scheme* s = scheme_by_name(GetParam().scheme);
    ASSERT_NE(s, nullptr);
    auto cases = test::read_osv_cases(path);
    ASSERT_FALSE(cases.empty());
    std::size_t failed = 0, legacy = 0;
    std::vector<int> diverged;
    for (const auto& c : cases) {
        int want = test::op_sign(c.op);
        auto got = s->compare(c.a, c.b);
        auto back = s->compare(c.b, c.a);
        if (!got && std::string_view(GetParam().scheme) == "pep440") {
            // Not PEP 440: OSV (like pip < 22) orders these as packaging's LegacyVersion.
            EXPECT_EQ(got.error().code, ErrorCode::InvalidArgument);
            ++legacy;
            if (pypi_legacy_compare(c.a, c.b) != want || pypi_legacy_compare(c.b, c.a) != -want) {
                ++failed;
                ADD_FAILURE() << "line " << c.line << ": " << c.a << " " << c.op << " " << c.b
                              << " (legacy)";
            }
            continue;
        }
        if (!got || !back || *got != want || *back != -want) {
            if (std::find(GetParam().diverging.begin(), GetParam().diverging.end(), c.line) !=
                GetParam().diverging.end()) {
                diverged.push_back(c.line);
                continue;
            }
            ++failed;
            ADD_FAILURE() << "line " << c.line << ": " << c.a << " " << c.op << " " << c.b
                          << " got " << (got ? std::to_string(*got) : got.error().to_string())
                          << " / reversed "
                          << (back ? std::to_string(*back) : back.error().to_string());
        }
    }
    std::cout << "[ osv ] " << GetParam().ecosystem_file << ": " << cases.size() << " lines, "
              << failed << " failed, " << legacy << " legacy (non-PEP 440), " << diverged.size()
              << " known divergences\n";
    EXPECT_EQ(failed, 0u);
    EXPECT_EQ(diverged, GetParam().diverging) << "a known divergence now agrees: update the list";
}

INSTANTIATE_TEST_SUITE_P(
    Files, OsvSemantic,
    ::testing::Values(
        OsvFile{"alpine-versions.txt", "apk", kAlpineHandInvalid},
        OsvFile{"alpine-versions-generated.txt", "apk"}, OsvFile{"debian-versions.txt", "dpkg"},
        OsvFile{"debian-versions-generated.txt", "dpkg"}, OsvFile{"redhat-versions.txt", "rpm"},
        OsvFile{"pypi-versions.txt", "pep440"}, OsvFile{"pypi-versions-generated.txt", "pep440"},
        OsvFile{"maven-versions.txt", "maven", kMavenHand},
        OsvFile{"maven-versions-generated.txt", "maven", kMavenGeneratedPreMng7644},
        OsvFile{"rubygems-versions.txt", "rubygems"},
        OsvFile{"rubygems-versions-generated.txt", "rubygems"},
        OsvFile{"nuget-versions.txt", "nuget"}, OsvFile{"semver-versions.txt", "semver"}),
    [](const ::testing::TestParamInfo<OsvFile>& param_info) {
        std::string n = param_info.param.ecosystem_file;
        n = n.substr(0, n.find('.'));
        for (char& c : n)
            if (c == '-') c = '_';
        return n;
    });

}  // namespace
}  // namespace berth::vuln::version

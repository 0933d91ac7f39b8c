// SPDX-License-Identifier: Apache-2.0
// PEP 440 against pypa/packaging 25.0's tests: the sorted VERSIONS list (all pairs), the
// specifier-contains table (prereleases=True, as berth always matches pre-releases), invalid and
// normalised versions, invalid specifiers, === and local-version rules; plus a hand table.
#include <gtest/gtest.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "vuln/version/schemes.hpp"
#include "vuln/version/test_util.hpp"

namespace berth::vuln::version {
namespace {

using nlohmann::json;

const Scheme& pep() {
    return *scheme_by_name("pep440");
}

std::vector<std::string> lines(const std::filesystem::path& p) {
    std::vector<std::string> out;
    std::string text = berth::test::read_text_file(p), line;
    for (char c : text) {
        if (c == '\n') {
            if (!line.empty() && line[0] != '#') out.push_back(line);
            line.clear();
        } else {
            line += c;
        }
    }
    if (!line.empty() && line[0] != '#') out.push_back(line);
    return out;
}

std::optional<json> load(const char* file) {
    auto dir = test::versions_dir();
    if (!dir || !std::filesystem::exists(*dir / "pep440" / file)) return std::nullopt;
    return json::parse(berth::test::read_text_file(*dir / "pep440" / file));
}

// All parametrize value lists of one test in packaging's JSON dump.
std::vector<json> values_of(const json& doc, const char* test) {
    std::vector<json> out;
    for (const auto& block : doc.at(test))
        for (const auto& v : block.at("values")) out.push_back(v);
    return out;
}

TEST(Pep440Version, SortedVersionsAllPairs) {
    auto dir = test::versions_dir();
    if (!dir || !std::filesystem::exists(*dir / "pep440/packaging-25.0-versions-sorted.txt"))
        GTEST_SKIP() << "shared data absent: versions/pep440";
    auto v = lines(*dir / "pep440/packaging-25.0-versions-sorted.txt");
    ASSERT_EQ(v.size(), 54u);
    for (std::size_t i = 0; i < v.size(); ++i) {
        for (std::size_t j = 0; j < v.size(); ++j) {
            auto got = pep().compare(v[i], v[j]);
            ASSERT_TRUE(got.has_value()) << got.error().to_string();
            EXPECT_EQ(*got, i < j ? -1 : (i > j ? 1 : 0)) << v[i] << " vs " << v[j];
        }
    }
}

TEST(Pep440Version, SpecifierContains) {
    auto dir = test::versions_dir();
    auto rows = dir ? test::read_tsv(*dir / "pep440/packaging-25.0-specifier-contains.tsv")
                    : decltype(test::read_tsv("")){};
    if (rows.empty()) GTEST_SKIP() << "shared data absent: versions/pep440";
    EXPECT_EQ(rows.size(), 163u);
    for (auto r : rows) {
        r.resize(3);
        auto got = pep().satisfies(r[0], r[1]);
        ASSERT_TRUE(got.has_value()) << got.error().to_string();
        EXPECT_EQ(*got, r[2] == "true") << r[0] << " in " << r[1];
    }
}

TEST(Pep440Version, InvalidAndNormalized) {
    auto doc = load("packaging-25.0-test_version.json");
    if (!doc) GTEST_SKIP() << "shared data absent: versions/pep440";
    auto bad = values_of(*doc, "test_invalid_versions");
    EXPECT_EQ(bad.size(), 6u);
    for (const auto& b : bad) {
        auto st = pep().validate(b.get<std::string>());
        ASSERT_FALSE(st.has_value()) << b;
        EXPECT_EQ(st.error().code, ErrorCode::InvalidArgument);
    }
    std::size_t n = 0;
    for (const char* t : {"test_normalized_versions", "test_version_str_repr"}) {
        for (const auto& pair : values_of(*doc, t)) {
            ++n;
            auto in = pair[0].get<std::string>(), want = pair[1].get<std::string>();
            auto got = pep440_normalize(in);
            ASSERT_TRUE(got.has_value()) << got.error().to_string();
            EXPECT_EQ(*got, want) << in;
            EXPECT_EQ(*pep().compare(in, want), 0) << in;
        }
    }
    EXPECT_EQ(n, 148u);
}

TEST(Pep440Version, SpecifierRules) {
    auto doc = load("packaging-25.0-test_specifiers.json");
    if (!doc) GTEST_SKIP() << "shared data absent: versions/pep440";
    auto bad = values_of(*doc, "test_specifiers_invalid");
    EXPECT_EQ(bad.size(), 27u);
    for (const auto& b : bad) {
        auto r = pep().satisfies("1.0", b.get<std::string>());
        ASSERT_FALSE(r.has_value()) << "accepted specifier " << b;
        EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
    }
    for (const char* t : {"test_specifiers_identity", "test_comparison_ignores_local"}) {
        for (const auto& row : values_of(*doc, t)) {
            auto v = row[0].get<std::string>(), spec = row[1].get<std::string>();
            auto got = pep().satisfies(v, spec);
            ASSERT_TRUE(got.has_value()) << got.error().to_string();
            EXPECT_EQ(*got, row[2].get<bool>()) << v << " in " << spec;
        }
    }
    // every valid specifier of the module's SPECIFIERS constant parses
    for (const auto& s : doc->at("CONST:SPECIFIERS")) {
        EXPECT_TRUE(pep().satisfies("2.1.0.3", s.get<std::string>()).has_value()) << s;
    }
}

TEST(Pep440Version, EdgeCases) {
    struct Case {
        const char* a;
        const char* b;
        int want;
    } cases[] = {
        {"1!0.1", "2.0", 1},
        {"1.0.dev1", "1.0a1", -1},
        {"1.0a1", "1.0b1", -1},
        {"1.0b1", "1.0rc1", -1},
        {"1.0c1", "1.0rc1", 0},
        {"1.0rc1", "1.0", -1},
        {"1.0", "1.0.post1", -1},
        {"1.0", "1.0+local", -1},
        {"1.0+a", "1.0+1", -1},
        {"1.0.0", "1.0", 0},
        {"v1.0", "1.0", 0},
        {"1.0-1", "1.0.post1", 0},
        {"1.0.POST1", "1.0.post1", 0},
        {"01.02", "1.2", 0},
        {" 1.0 ", "1.0", 0},
        {"1.0a", "1.0a0", 0},
        {"1.0.post1.dev1", "1.0.post1", -1},
        {"99999999999999999999999", "99999999999999999999998", 1},
    };
    for (const auto& c : cases) {
        auto got = pep().compare(c.a, c.b);
        ASSERT_TRUE(got.has_value()) << got.error().to_string();
        EXPECT_EQ(*got, c.want) << c.a << " vs " << c.b;
        EXPECT_EQ(*pep().compare(c.b, c.a), -c.want) << c.b << " vs " << c.a;
    }
    for (const char* bad :
         {"1.0+", "1.0+a+b", "1.0.", "1..0", "a1.0", "1.0-", "1.0 a1", "1!", "1.0+a..b"}) {
        auto st = pep().validate(bad);
        ASSERT_FALSE(st.has_value()) << bad;
        EXPECT_EQ(st.error().code, ErrorCode::InvalidArgument);
    }
    // legacy (pre-PEP 440) strings sort before every PEP 440 version in OSV's ordering
    EXPECT_EQ(pypi_legacy_compare("0.1-bulbasaur", "0.0.1"), -1);
    EXPECT_EQ(pypi_legacy_compare("2.0-foo", "1.0-foo"), 1);
}

}  // namespace
}  // namespace berth::vuln::version

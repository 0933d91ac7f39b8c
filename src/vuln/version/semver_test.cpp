// SPDX-License-Identifier: Apache-2.0
// The SemVer flavours: npm against node-semver 7.6.1's test fixtures (comparisons, equality,
// invalid versions, range include/exclude), cargo (strict SemVer 2.0.0) and the lenient "semver"
// ordering OSV uses (its own vectors run in scheme_test.cpp), plus hand tables.
#include <gtest/gtest.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "vuln/version/schemes.hpp"
#include "vuln/version/test_util.hpp"

namespace berth::vuln::version {
namespace {

using nlohmann::json;

std::optional<json> fixtures() {
    auto dir = test::versions_dir();
    if (!dir) return std::nullopt;
    auto p = *dir / "semver-npm/node-semver-7.6.1-fixtures.json";
    if (!std::filesystem::exists(p)) return std::nullopt;
    return json::parse(berth::test::read_text_file(p));
}

NpmOptions options(const json& o) {
    NpmOptions opt;
    if (o.is_object()) {
        opt.loose = o.value("loose", false);
        opt.include_prerelease = o.value("includePrerelease", false);
    }
    return opt;
}

TEST(NpmSemver, Comparisons) {
    auto f = fixtures();
    if (!f) GTEST_SKIP() << "shared data absent: versions/semver-npm";
    const auto& rows = (*f)["comparisons"];
    EXPECT_EQ(rows.size(), 31u);
    for (const auto& r : rows) {
        auto g = r["greater"].get<std::string>(), l = r["lesser"].get<std::string>();
        auto opt = options(r["options"]);
        auto got = npm_compare(g, l, opt);
        ASSERT_TRUE(got.has_value()) << got.error().to_string();
        EXPECT_EQ(*got, 1) << g << " > " << l;
        EXPECT_EQ(*npm_compare(l, g, opt), -1) << l << " < " << g;
        if (!opt.loose) {
            EXPECT_EQ(*scheme_by_name("npm")->compare(g, l), 1) << g << " > " << l;
        }
    }
}

TEST(NpmSemver, Equality) {
    auto f = fixtures();
    if (!f) GTEST_SKIP() << "shared data absent: versions/semver-npm";
    const auto& rows = (*f)["equality"];
    EXPECT_EQ(rows.size(), 37u);
    for (const auto& r : rows) {
        auto a = r["a"].get<std::string>(), b = r["b"].get<std::string>();
        auto got = npm_compare(a, b, options(r["options"]));
        ASSERT_TRUE(got.has_value()) << "\"" << b << "\": " << got.error().to_string();
        EXPECT_EQ(*got, 0) << a << " = " << b;
    }
}

TEST(NpmSemver, InvalidVersions) {
    auto f = fixtures();
    if (!f) GTEST_SKIP() << "shared data absent: versions/semver-npm";
    const auto& rows = (*f)["invalid_versions"];
    EXPECT_EQ(rows.size(), 10u);
    for (const auto& r : rows) {
        auto v = r["value"].get<std::string>();
        auto got = npm_compare(v, "1.0.0", options(r["options"]));
        ASSERT_FALSE(got.has_value()) << "accepted " << v;
        EXPECT_EQ(got.error().code, ErrorCode::InvalidArgument);
    }
}

void run_ranges(const char* key, bool want, std::size_t rows_expected) {
    auto f = fixtures();
    if (!f) GTEST_SKIP() << "shared data absent: versions/semver-npm";
    const auto& rows = (*f)[key];
    EXPECT_EQ(rows.size(), rows_expected);
    std::size_t failed = 0, not_strings = 0;
    for (const auto& r : rows) {
        if (!r["version"].is_string()) {
            // node-semver's JS type check (satisfies(false, ">=2")): no C++ equivalent
            ++not_strings;
            continue;
        }
        auto range = r["range"].get<std::string>(), v = r["version"].get<std::string>();
        auto got = npm_satisfies(v, range, options(r["options"]));
        bool ok =
            got.has_value() ? *got : false;  // node-semver: an invalid version satisfies nothing
        if (ok != want) {
            ++failed;
            ADD_FAILURE() << key << ": " << v << " in \"" << range << "\" " << r["options"].dump()
                          << " → " << (got ? (*got ? "true" : "false") : got.error().to_string());
        }
    }
    EXPECT_EQ(failed, 0u);
    EXPECT_EQ(not_strings, want ? 0u : 1u);
}

TEST(NpmSemver, RangeInclude) {
    run_ranges("range_include", true, 121);
}
TEST(NpmSemver, RangeExclude) {
    run_ranges("range_exclude", false, 96);
}

struct Case {
    const char* a;
    const char* b;
    int want;
};

TEST(NpmSemver, EdgeCases) {
    const Scheme& npm = *scheme_by_name("npm");
    const Case cases[] = {
        {"1.0.0-alpha", "1.0.0-alpha.1", -1},
        {"1.0.0-alpha.1", "1.0.0-alpha.beta", -1},
        {"1.0.0-alpha.beta", "1.0.0-beta", -1},
        {"1.0.0-beta.2", "1.0.0-beta.11", -1},
        {"1.0.0-rc.1", "1.0.0", -1},
        {"1.0.0+build.1", "1.0.0+build.2", 0},
        {"v1.0.0", "1.0.0", 0},
        {"9007199254740991.0.0", "1.0.0", 1},
        {"1.0.0-99999999999999999999", "1.0.0-99999999999999999998", 1},
    };
    for (const auto& c : cases) {
        auto got = npm.compare(c.a, c.b);
        ASSERT_TRUE(got.has_value()) << got.error().to_string();
        EXPECT_EQ(*got, c.want) << c.a << " vs " << c.b;
    }
    for (const char* bad : {"1.0", "01.0.0", "1.0.0-01", "1.0.0-", "1.0.0+", "1.0.0-a..b", "=1.0.0",
                            "9007199254740992.0.0", "1.0.0beta"}) {
        auto st = npm.validate(bad);
        ASSERT_FALSE(st.has_value()) << bad;
        EXPECT_EQ(st.error().code, ErrorCode::InvalidArgument);
    }
}

TEST(NpmSemver, SatisfiesAdvisoryRanges) {
    const Scheme& npm = *scheme_by_name("npm");
    struct R {
        const char* v;
        const char* range;
        bool want;
    } cases[] = {
        {"1.2.2", ">=1.0.0 <1.2.3", true},
        {"1.2.3", ">=1.0.0 <1.2.3", false},
        {"4.17.20", "<4.17.21", true},
        {"4.17.21", "<4.17.21", false},
        {"2.0.0-rc.1", "<2.0.0", false},  // pre-releases only match a same-tuple pre-release bound
        {"2.0.0-rc.1", ">=2.0.0-beta <2.0.0", true},
        {"0.2.5", "^0.2.3", true},
        {"0.3.0", "^0.2.3", false},
        {"1.9.9", "~1.9.0 || >=2.1.0", true},
        {"2.0.5", "~1.9.0 || >=2.1.0", false},
        {"3.0.0", "*", true},
        {"3.0.0", "", true},
    };
    for (const auto& c : cases) {
        auto got = npm.satisfies(c.v, c.range);
        ASSERT_TRUE(got.has_value()) << got.error().to_string();
        EXPECT_EQ(*got, c.want) << c.v << " in \"" << c.range << "\"";
    }
    for (const char* bad : {">=a.b.c", "1.2.3 - ", "~", ">=1.0.0 <<2", "^01.2.3"}) {
        auto got = npm.satisfies("1.0.0", bad);
        ASSERT_FALSE(got.has_value()) << bad;
        EXPECT_EQ(got.error().code, ErrorCode::InvalidArgument);
    }
    auto got = npm.satisfies("not-a-version", ">=1.0.0");
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().code, ErrorCode::InvalidArgument);
}

TEST(CargoSemver, EdgeCases) {
    const Scheme& cargo = *scheme_by_name("cargo");
    const Case cases[] = {
        {"1.0.0-alpha", "1.0.0", -1},
        {"1.0.0-alpha.1", "1.0.0-alpha.a", -1},
        {"0.3.10", "0.3.9", 1},
        {"1.0.0+a", "1.0.0+b", 0},
        {"18446744073709551615.0.0", "1.0.0", 1},
    };
    for (const auto& c : cases) {
        auto got = cargo.compare(c.a, c.b);
        ASSERT_TRUE(got.has_value()) << got.error().to_string();
        EXPECT_EQ(*got, c.want) << c.a << " vs " << c.b;
    }
    for (const char* bad : {"v1.0.0", "1.0", "1.0.0-01", "18446744073709551616.0.0", " 1.0.0"}) {
        auto st = cargo.validate(bad);
        ASSERT_FALSE(st.has_value()) << bad;
        EXPECT_EQ(st.error().code, ErrorCode::InvalidArgument);
    }
}

TEST(LenientSemver, EdgeCases) {
    const Scheme& s = *scheme_by_name("semver");
    const Case cases[] = {
        {"1", "1.0.0", 0},
        {"v1.2", "1.2.0", 0},
        {"1.2.4.beta", "1.2.4", -1},
        {"1beta", "1", -1},
        {"3.10", "3.2", 1},
        {"1.0.0+x", "1.0.0", 0},
        {"1.2.3-r100", "1.2.3-r2", -1},
        {"999999999999999999999999999991", "999999999999999999999999999999", -1},
    };
    for (const auto& c : cases) {
        auto got = s.compare(c.a, c.b);
        ASSERT_TRUE(got.has_value()) << got.error().to_string();
        EXPECT_EQ(*got, c.want) << c.a << " vs " << c.b;
    }
    for (const char* bad : {"v", "beta", ".1", "-1"}) {
        auto st = s.validate(bad);
        ASSERT_FALSE(st.has_value()) << bad;
        EXPECT_EQ(st.error().code, ErrorCode::InvalidArgument);
    }
}

}  // namespace
}  // namespace berth::vuln::version

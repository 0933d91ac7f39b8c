// SPDX-License-Identifier: Apache-2.0
// RubyGems against ruby 3.3.8's test/rubygems/test_gem_version.rb (<=>) and
// test_gem_requirement.rb (satisfied_by?), plus a hand table.
#include <gtest/gtest.h>

#include <string>

#include "vuln/version/schemes.hpp"
#include "vuln/version/test_util.hpp"

namespace berth::vuln::version {
namespace {

const Scheme& gem() {
    return *scheme_by_name("rubygems");
}

TEST(RubyGemsVersion, VersionCompare) {
    auto dir = test::versions_dir();
    auto rows = dir ? test::read_tsv(*dir / "rubygems/rubygems-ruby-3.3.8-version-compare.tsv")
                    : decltype(test::read_tsv("")){};
    if (rows.empty()) GTEST_SKIP() << "shared data absent: versions/rubygems";
    EXPECT_EQ(rows.size(), 26u);
    for (auto r : rows) {
        r.resize(4);
        auto got = gem().compare(r[0], r[1]);
        ASSERT_TRUE(got.has_value()) << got.error().to_string();
        if (r[2] == "!=0") {
            EXPECT_NE(*got, 0) << r[0] << " vs " << r[1];
        } else {
            EXPECT_EQ(*got, std::stoi(r[2])) << r[0] << " vs " << r[1];
            EXPECT_EQ(*gem().compare(r[1], r[0]), -std::stoi(r[2])) << r[1] << " vs " << r[0];
        }
    }
}

TEST(RubyGemsVersion, RequirementSatisfiedBy) {
    auto dir = test::versions_dir();
    auto rows =
        dir ? test::read_tsv(*dir / "rubygems/rubygems-ruby-3.3.8-requirement-satisfied.tsv")
            : decltype(test::read_tsv("")){};
    if (rows.empty()) GTEST_SKIP() << "shared data absent: versions/rubygems";
    EXPECT_EQ(rows.size(), 77u);
    for (auto r : rows) {
        r.resize(4);
        auto got = gem().satisfies(r[0], r[1]);
        ASSERT_TRUE(got.has_value()) << got.error().to_string();
        EXPECT_EQ(*got, r[2] == "true") << r[0] << " satisfies \"" << r[1] << "\" (" << r[3] << ")";
    }
}

TEST(RubyGemsVersion, EdgeCases) {
    struct Case {
        const char* a;
        const char* b;
        int want;
    } cases[] = {
        {"1.0.a", "1.0", -1},
        {"1.0.0", "1.0", 0},
        {"1.0.a2", "1.0.a.2", 0},
        {"1.0.b1", "1.0.a2", 1},
        {"1.0-1", "1.0.pre.1", 0},
        {"1.10", "1.9", 1},
        {"1.0.rc1", "1.0.beta", 1},
        {"007", "7", 0},
        {"99999999999999999999999", "99999999999999999999998", 1},
    };
    for (const auto& c : cases) {
        auto got = gem().compare(c.a, c.b);
        ASSERT_TRUE(got.has_value()) << got.error().to_string();
        EXPECT_EQ(*got, c.want) << c.a << " vs " << c.b;
        EXPECT_EQ(*gem().compare(c.b, c.a), -c.want) << c.b << " vs " << c.a;
    }
    struct Req {
        const char* v;
        const char* req;
        bool want;
    } reqs[] = {
        {"2.2.9", "~> 2.2", true},      {"3.0", "~> 2.2", false},
        {"2.2.9", "~> 2.2.0", true},    {"2.3.0", "~> 2.2.0", false},
        {"2.3", ">= 2.2, < 2.4", true}, {"2.4", ">= 2.2, < 2.4", false},
        {"1.0", "1.0", true},
    };
    for (const auto& r : reqs) {
        auto got = gem().satisfies(r.v, r.req);
        ASSERT_TRUE(got.has_value()) << got.error().to_string();
        EXPECT_EQ(*got, r.want) << r.v << " " << r.req;
    }
    for (const char* bad : {"1.0..1", ".1", "1.0.", "1_0", "junk"}) {
        auto st = gem().validate(bad);
        ASSERT_FALSE(st.has_value()) << bad;
        EXPECT_EQ(st.error().code, ErrorCode::InvalidArgument);
    }
    for (const char* bad : {"=> 1.0", "~ 1.0", ">= x"}) {
        auto r = gem().satisfies("1.0", bad);
        ASSERT_FALSE(r.has_value()) << bad;
        EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
    }
}

}  // namespace
}  // namespace berth::vuln::version

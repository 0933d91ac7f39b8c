// SPDX-License-Identifier: Apache-2.0
// dpkg ordering against dpkg 1.22.22's own tests (scripts/t/Dpkg_Version.t, lib/dpkg/t/t-version.c
// parse cases incl. invalid inputs), go-deb-version's table, and a hand table of edge cases.
#include <gtest/gtest.h>

#include <iostream>
#include <string>

#include "vuln/version/schemes.hpp"
#include "vuln/version/test_util.hpp"

namespace berth::vuln::version {
namespace {

const Scheme& dpkg() {
    return *scheme_by_name("dpkg");
}

TEST(DpkgVersion, DpkgVersionT) {
    auto dir = test::versions_dir();
    auto rows = dir ? test::read_tsv(*dir / "dpkg/dpkg-1.22.22-Dpkg_Version_t.tsv")
                    : decltype(test::read_tsv("")){};
    if (rows.empty()) GTEST_SKIP() << "shared data absent: versions/dpkg";
    EXPECT_EQ(rows.size(), 43u);
    for (const auto& r : rows) {
        ASSERT_EQ(r.size(), 3u);
        auto got = dpkg().compare(r[0], r[1]);
        ASSERT_TRUE(got.has_value()) << r[0] << " vs " << r[1] << ": " << got.error().to_string();
        EXPECT_EQ(*got, std::stoi(r[2])) << r[0] << " vs " << r[1];
        EXPECT_EQ(*dpkg().compare(r[1], r[0]), -std::stoi(r[2])) << r[1] << " vs " << r[0];
    }
}

TEST(DpkgVersion, TVersionParse) {
    auto dir = test::versions_dir();
    auto rows = dir ? test::read_tsv(*dir / "dpkg/dpkg-1.22.22-t-version-parse.tsv")
                    : decltype(test::read_tsv("")){};
    if (rows.empty()) GTEST_SKIP() << "shared data absent: versions/dpkg";
    EXPECT_EQ(rows.size(), 80u);
    std::size_t valid = 0, invalid = 0;
    for (auto r : rows) {
        r.resize(6);
        const std::string& in = r[0];
        auto p = parse_dpkg(in);
        if (r[1] == "valid") {
            ++valid;
            ASSERT_TRUE(p.has_value()) << "\"" << in << "\": " << p.error().to_string();
            std::string epoch(p->epoch.empty() ? "0" : p->epoch);
            EXPECT_EQ(std::stoul(epoch), std::stoul(r[2])) << in;
            EXPECT_EQ(p->upstream, r[3]) << in;
            EXPECT_EQ(p->revision, r[4]) << in;
            EXPECT_TRUE(dpkg().validate(in).has_value()) << in;
        } else {
            ++invalid;
            ASSERT_FALSE(p.has_value()) << "accepted \"" << in << "\"";
            EXPECT_EQ(p.error().code, ErrorCode::InvalidArgument);
            EXPECT_FALSE(dpkg().validate(in).has_value()) << in;
            // dpkg --compare-versions only warns about "warn" rows and still compares them; berth
            // does too, except for an upstream version that does not start with a digit.
            bool digit_led =
                p.error().message.find("does not start with digit") == std::string::npos;
            EXPECT_EQ(dpkg().compare(in, "1.0").has_value(), r[5] == "warn" && digit_led) << in;
        }
    }
    std::cout << "[ dpkg ] parse: " << valid << " valid, " << invalid << " invalid\n";
}

TEST(DpkgVersion, GoDebVersion) {
    auto dir = test::versions_dir();
    auto rows = dir ? test::read_tsv(*dir / "dpkg/go-deb-version-TestVersion.tsv")
                    : decltype(test::read_tsv("")){};
    if (rows.empty()) GTEST_SKIP() << "shared data absent: versions/dpkg";
    EXPECT_EQ(rows.size(), 12u);
    for (const auto& r : rows) {
        auto got = dpkg().compare(r[0], r[1]);
        ASSERT_TRUE(got.has_value()) << got.error().to_string();
        EXPECT_EQ(*got < 0, r[2] == "true") << r[0] << " vs " << r[1];
    }
}

struct Case {
    const char* a;
    const char* b;
    int want;
};

TEST(DpkgVersion, EdgeCases) {
    const Case cases[] = {
        {"1.0~rc1", "1.0", -1},   // tilde before the end
        {"1.0~~", "1.0~", -1},    // double tilde lowest
        {"1.0", "1.0a", -1},      // letters after the end
        {"1.0a", "1.0+b1", -1},   // letters before other characters
        {"1.0+b1", "1.0.1", -1},  // '+' before '.'
        {"1:0.1", "9.9", 1},      // epoch wins
        {"0:1.0", "1.0", 0},      // epoch 0 = none
        {"1.0-0", "1.0", 0},      // revision 0 = none
        {"1.01", "1.1", 0},       // leading zeros
        {"1.0000000000000000000000001", "1.0000000000000000000000002", -1},  // no overflow
        {"99999999999999999999999", "99999999999999999999998", 1},
        {"2.30-1+deb12u1", "2.30-1", 1},
        {"1.2.3-1ubuntu0.1", "1.2.3-1ubuntu1", -1},
        {"  1.0  ", "1.0", 0},  // surrounding blanks ignored
    };
    for (const auto& c : cases) {
        auto got = dpkg().compare(c.a, c.b);
        ASSERT_TRUE(got.has_value()) << got.error().to_string();
        EXPECT_EQ(*got, c.want) << c.a << " vs " << c.b;
        EXPECT_EQ(*dpkg().compare(c.b, c.a), -c.want) << c.b << " vs " << c.a;
    }
    for (const char* bad : {"", ":1", "1:", "a:1", "1.0-", "-1", "1 2", "2147483648:1"}) {
        auto got = dpkg().compare(bad, "1.0");
        ASSERT_FALSE(got.has_value()) << "\"" << bad << "\"";
        EXPECT_EQ(got.error().code, ErrorCode::InvalidArgument);
        EXPECT_NE(got.error().message.find(std::string("\"") + bad + "\""), std::string::npos);
    }
}

}  // namespace
}  // namespace berth::vuln::version

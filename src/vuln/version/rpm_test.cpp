// SPDX-License-Identifier: Apache-2.0
// rpm ordering against rpm 4.20.1's tests/rpmvercmp.at (bare rpmvercmp), go-rpm-version's
// 4,489-row table (full EVR strings; verified against librpm) and a hand table.
#include <gtest/gtest.h>

#include <iostream>
#include <string>

#include "vuln/version/schemes.hpp"
#include "vuln/version/test_util.hpp"

namespace berth::vuln::version {
namespace {

const Scheme& rpm() {
    return *scheme_by_name("rpm");
}

TEST(RpmVersion, RpmvercmpAt) {
    auto dir = test::versions_dir();
    auto rows = dir ? test::read_tsv(*dir / "rpm/rpm-4.20.1-rpmvercmp_at.tsv")
                    : decltype(test::read_tsv("")){};
    if (rows.empty()) GTEST_SKIP() << "shared data absent: versions/rpm";
    EXPECT_EQ(rows.size(), 91u);
    for (auto r : rows) {
        r.resize(3);
        EXPECT_EQ(rpm_vercmp(r[0], r[1]), std::stoi(r[2])) << r[0] << " vs " << r[1];
        EXPECT_EQ(rpm_vercmp(r[1], r[0]), -std::stoi(r[2])) << r[1] << " vs " << r[0];
    }
}

TEST(RpmVersion, GoRpmVersionTestcases) {
    auto dir = test::versions_dir();
    auto rows = dir ? test::read_tsv(*dir / "rpm/go-rpm-version-testcases.tsv")
                    : decltype(test::read_tsv("")){};
    if (rows.empty()) GTEST_SKIP() << "shared data absent: versions/rpm";
    EXPECT_EQ(rows.size(), 4489u);
    std::size_t failed = 0;
    for (auto r : rows) {
        r.resize(3);
        // the table is rpmvercmp() on whole strings ("1-2-3-4" = "1.2.3.4"); where neither side
        // has an epoch or release the Scheme must agree
        int got = rpm_vercmp(r[0], r[1]);
        if (r[0].find_first_of(":-") == std::string::npos &&
            r[1].find_first_of(":-") == std::string::npos) {
            EXPECT_EQ(*rpm().compare(r[0], r[1]), got) << r[0] << " vs " << r[1];
        }
        if (got != std::stoi(r[2])) {
            ++failed;
            ADD_FAILURE() << "\"" << r[0] << "\" vs \"" << r[1] << "\": got " << got << " want "
                          << r[2];
        }
    }
    EXPECT_EQ(failed, 0u);
}

struct Case {
    const char* a;
    const char* b;
    int want;
};

TEST(RpmVersion, EdgeCases) {
    const Case cases[] = {
        {"1.0~rc1", "1.0", -1},
        {"1.0", "1.0^git1", -1},
        {"1.0^git1", "1.0.1", -1},
        {"1:1.0", "2.0", 1},
        {"0:1.0", "1.0", 0},
        {"1.0-1.el9", "1.0-1.el9_1", -1},
        {"1.0-1", "1.0", 1},
        {"2.0", "10", -1},
        {"1.a", "1.1", -1},
        {"1.001", "1.1", 0},
        {"1.0", "1_0", 0},  // separators are equal
        {"99999999999999999999999", "99999999999999999999998", 1},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(*rpm().compare(c.a, c.b), c.want) << c.a << " vs " << c.b;
        EXPECT_EQ(*rpm().compare(c.b, c.a), -c.want) << c.b << " vs " << c.a;
    }
    EXPECT_TRUE(rpm().validate("2:1.0.2k-26.el7_9").has_value());
    EXPECT_TRUE(rpm().validate("1.0^20160101~rc1").has_value());
    for (const char* bad : {"", "1.0-", "-1", "1.0 beta", "1.0-1-2/3", "ä"}) {
        auto st = rpm().validate(bad);
        ASSERT_FALSE(st.has_value()) << "\"" << bad << "\"";
        EXPECT_EQ(st.error().code, ErrorCode::InvalidArgument);
    }
}

}  // namespace
}  // namespace berth::vuln::version

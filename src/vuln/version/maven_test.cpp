// SPDX-License-Identifier: Apache-2.0
// Maven against Maven 3.9.9's ComparableVersionTest (ordered lists expanded to all pairs,
// equality checks, MNG-5568/6572/6964/7644 regressions, leading zeros), plus a hand table.
#include <gtest/gtest.h>

#include <string>

#include "vuln/version/schemes.hpp"
#include "vuln/version/test_util.hpp"

namespace berth::vuln::version {
namespace {

const Scheme& maven() {
    return *scheme_by_name("maven");
}

TEST(MavenVersion, ComparableVersionTest) {
    auto dir = test::versions_dir();
    auto rows = dir ? test::read_tsv(*dir / "maven/maven-3.9.9-ComparableVersionTest.tsv")
                    : decltype(test::read_tsv("")){};
    if (rows.empty()) GTEST_SKIP() << "shared data absent: versions/maven";
    EXPECT_EQ(rows.size(), 961u);
    std::size_t failed = 0;
    for (auto r : rows) {
        r.resize(4);
        int want = test::op_sign(r[1]);
        auto got = maven().compare(r[0], r[2]);
        auto back = maven().compare(r[2], r[0]);
        ASSERT_TRUE(got.has_value() && back.has_value()) << r[0] << " vs " << r[2];
        if (*got != want || *back != -want) {
            ++failed;
            ADD_FAILURE() << r[0] << " " << r[1] << " " << r[2] << " (" << r[3] << ") got " << *got;
        }
    }
    EXPECT_EQ(failed, 0u);
}

TEST(MavenVersion, EdgeCases) {
    struct Case {
        const char* a;
        const char* b;
        int want;
    } cases[] = {
        {"1.0-SNAPSHOT", "1.0", -1},
        {"1.0-RC1", "1.0", -1},
        {"1.0-cr1", "1.0-rc1", 0},
        {"1.0.Final", "1.0", 0},
        {"1.0-sp1", "1.0", 1},
        {"1.0-foo", "1.0-sp", 1},
        {"1.0-1", "1.0.1", -1},
        {"1.0a1", "1.0-alpha-1", 0},
        {"2.0.0.RELEASE", "2.0.0", 0},
        {"1.0.0.0.0", "1", 0},
        {"01.1", "1.1", 0},
        {"123456789012345678901234567890", "123456789012345678901234567891", -1},
    };
    for (const auto& c : cases) {
        auto got = maven().compare(c.a, c.b);
        ASSERT_TRUE(got.has_value()) << got.error().to_string();
        EXPECT_EQ(*got, c.want) << c.a << " vs " << c.b;
        EXPECT_EQ(*maven().compare(c.b, c.a), -c.want) << c.b << " vs " << c.a;
    }
}

}  // namespace
}  // namespace berth::vuln::version

// SPDX-License-Identifier: Apache-2.0
// Go module versions against golang.org/x/mod v0.19.0 semver_test.go (the tests table with
// canonical forms and all 1,024 ordered pairs) and a hand table (no "v", +incompatible,
// pseudo-versions).
#include <gtest/gtest.h>

#include <string>

#include "vuln/version/schemes.hpp"
#include "vuln/version/test_util.hpp"

namespace berth::vuln::version {
namespace {

const Scheme& go() {
    return *scheme_by_name("go");
}

TEST(GoVersion, XModTestsCanonical) {
    auto dir = test::versions_dir();
    auto rows = dir ? test::read_tsv(*dir / "go-semver/x-mod-0.19.0-semver-tests.tsv")
                    : decltype(test::read_tsv("")){};
    if (rows.empty()) GTEST_SKIP() << "shared data absent: versions/go-semver";
    EXPECT_EQ(rows.size(), 32u);
    for (auto r : rows) {
        r.resize(3);
        EXPECT_EQ(go_xmod_canonical(r[1]), r[2]) << r[1];
        // the scheme accepts exactly the versions x/mod accepts (plus the same without "v")
        EXPECT_EQ(go().validate(r[1]).has_value(), !r[2].empty()) << r[1];
        if (!r[2].empty() && r[1].front() == 'v') {
            EXPECT_TRUE(go().validate(r[1].substr(1)).has_value()) << r[1];
        }
    }
}

TEST(GoVersion, XModComparePairs) {
    auto dir = test::versions_dir();
    auto rows = dir ? test::read_tsv(*dir / "go-semver/x-mod-0.19.0-semver-compare-pairs.tsv")
                    : decltype(test::read_tsv("")){};
    if (rows.empty()) GTEST_SKIP() << "shared data absent: versions/go-semver";
    EXPECT_EQ(rows.size(), 1024u);
    for (auto r : rows) {
        r.resize(3);
        int want = std::stoi(r[2]);
        EXPECT_EQ(go_xmod_compare(r[0], r[1]), want) << r[0] << " vs " << r[1];
        // the Scheme refuses what x/mod calls invalid, and agrees on the rest
        bool va = !go_xmod_canonical(r[0]).empty(), vb = !go_xmod_canonical(r[1]).empty();
        auto got = go().compare(r[0], r[1]);
        EXPECT_EQ(got.has_value(), va && vb) << r[0] << " vs " << r[1];
        if (got) {
            EXPECT_EQ(*got, want) << r[0] << " vs " << r[1];
        } else {
            EXPECT_EQ(got.error().code, ErrorCode::InvalidArgument);
        }
    }
}

TEST(GoVersion, EdgeCases) {
    struct Case {
        const char* a;
        const char* b;
        int want;
    } cases[] = {
        {"1.2.3", "v1.2.3", 0},
        {"v1.2", "v1.2.0", 0},
        {"v2.0.0+incompatible", "v2.0.0", 0},
        {"v2.0.1+incompatible", "v2.0.0+incompatible", 1},
        {"v0.0.0-20191109021931-daa7c04131f5", "v0.0.0", -1},
        {"v0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20200101000000-aaaaaaaaaaaa", -1},
        {"v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.3", 1},
        {"v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4", -1},
        {"v1.0.0-rc.1", "v1.0.0-rc.2", -1},
        {"v1.0.0-rc.2", "v1.0.0-rc.10", -1},
        {"v1.0.0-alpha", "v1.0.0-alpha.1", -1},
        {"v1.0.0+build1", "v1.0.0+build2", 0},
        {"v99999999999999999999.0.0", "v99999999999999999998.0.0", 1},
    };
    for (const auto& c : cases) {
        auto got = go().compare(c.a, c.b);
        ASSERT_TRUE(got.has_value()) << got.error().to_string();
        EXPECT_EQ(*got, c.want) << c.a << " vs " << c.b;
        EXPECT_EQ(*go().compare(c.b, c.a), -c.want) << c.b << " vs " << c.a;
    }
    for (const char* bad : {"v01.0.0", "v1.0.0-01", "v1.2-pre", "vv1.0.0", "v1.0.0-", "v1.0.0+",
                            "1.0.0.0", "v1..0"}) {
        auto st = go().validate(bad);
        ASSERT_FALSE(st.has_value()) << bad;
        EXPECT_EQ(st.error().code, ErrorCode::InvalidArgument);
    }
}

}  // namespace
}  // namespace berth::vuln::version

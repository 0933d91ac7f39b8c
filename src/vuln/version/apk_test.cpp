// SPDX-License-Identifier: Apache-2.0
// apk ordering against apk-tools 3.0.6's test/unit/version.data (compare rows incl. fuzzy '~'
// and negated rows, valid/invalid rows), the older copy in go-apk-version, and a hand table.
#include <gtest/gtest.h>

#include <iostream>
#include <string>

#include "vuln/version/schemes.hpp"
#include "vuln/version/test_util.hpp"

namespace berth::vuln::version {
namespace {

const Scheme& apk() {
    return *scheme_by_name("apk");
}

void run_version_data(const char* file, std::size_t want_rows) {
    auto dir = test::versions_dir();
    auto rows = dir ? test::read_tsv(*dir / "apk" / file) : decltype(test::read_tsv("")){};
    if (rows.empty()) GTEST_SKIP() << "shared data absent: versions/apk/" << file;
    EXPECT_EQ(rows.size(), want_rows);
    std::size_t compares = 0, valids = 0, invalids = 0;
    for (auto r : rows) {
        r.resize(6);
        if (r[0] == "compare") {
            ++compares;
            bool want = r[4] != "true";
            EXPECT_EQ(apk_match(r[1], r[2], r[3]), want)
                << r[1] << " " << (want ? "" : "!") << r[2] << " " << r[3];
            const std::string& op = r[2];
            // the Scheme follows apk-tools 3 on valid versions (apk-tools 2 on invalid ones)
            if (want && (op == "<" || op == "=" || op == ">") && apk().validate(r[1]) &&
                apk().validate(r[3])) {
                auto got = apk().compare(r[1], r[3]);
                ASSERT_TRUE(got.has_value()) << got.error().to_string();
                EXPECT_EQ(*got, test::op_sign(op)) << r[1] << " " << op << " " << r[3];
            }
        } else if (r[0] == "valid") {
            ++valids;
            EXPECT_TRUE(apk().validate(r[1]).has_value()) << r[1];
        } else {
            ASSERT_EQ(r[0], "invalid");
            ++invalids;
            auto st = apk().validate(r[1]);
            ASSERT_FALSE(st.has_value()) << "accepted \"" << r[1] << "\"";
            EXPECT_EQ(st.error().code, ErrorCode::InvalidArgument);
        }
    }
    std::cout << "[ apk ] " << file << ": " << compares << " compare, " << valids << " valid, "
              << invalids << " invalid\n";
}

TEST(ApkVersion, ApkTools306VersionData) {
    run_version_data("apk-tools-3.0.6-version.data.tsv", 785);
}

TEST(ApkVersion, GoApkVersionData) {
    run_version_data("go-apk-version-version.data.tsv", 728);
}

TEST(ApkVersion, SatisfiesOperators) {
    struct Case {
        const char* v;
        const char* c;
        bool want;
    } cases[] = {
        {"1.2.3-r0", "<1.2.3-r1", true},  {"1.2.3-r1", "<1.2.3-r1", false},
        {"1.2.3-r1", "<=1.2.3-r1", true}, {"3.6.9", "~3.6", true},
        {"3.7", "~3.6", false},           {"1.2.4", ">=1.2.3_rc1", true},
        {"1.2.3_rc1", ">=1.2.3", false},  {"1.0~ab12", "=1.0~ab12", true},
    };
    for (const auto& c : cases) {
        auto r = apk().satisfies(c.v, c.c);
        ASSERT_TRUE(r.has_value()) << r.error().to_string();
        EXPECT_EQ(*r, c.want) << c.v << " " << c.c;
    }
    for (const char* bad : {"1.0", "=>1.0", "<", "<abc"}) {
        auto r = apk().satisfies("1.0", bad);
        ASSERT_FALSE(r.has_value()) << bad;
        EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
    }
}

TEST(ApkVersion, EdgeCases) {
    struct Case {
        const char* a;
        const char* b;
        int want;
    } cases[] = {
        {"1.0_alpha1", "1.0_beta1", -1},
        {"1.0_rc1", "1.0", -1},
        {"1.0", "1.0_p1", -1},
        {"1.0_git20240101", "1.0_p1", -1},
        {"1.0a", "1.0b", -1},
        {"1.0z", "1.1", -1},
        {"1.0-r1", "1.0-r10", -1},
        {"1.0", "1.0-r0", -1},
        {"8.2.0015", "8.2.002", -1},
        {"1.01", "1.1", -1},
        {"1.0~abc", "1.0~abd", -1},
        {"1.0_pre1", "1.0_pre1-r1", -1},
        {"18446744073709551616", "1", -1},  // 2^64 wraps to 0 like apk's parser
    };
    for (const auto& c : cases) {
        auto got = apk().compare(c.a, c.b);
        ASSERT_TRUE(got.has_value()) << got.error().to_string();
        EXPECT_EQ(*got, c.want) << c.a << " vs " << c.b;
        EXPECT_EQ(*apk().compare(c.b, c.a), -c.want) << c.b << " vs " << c.a;
    }
}

}  // namespace
}  // namespace berth::vuln::version

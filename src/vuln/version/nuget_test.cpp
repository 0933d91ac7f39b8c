// SPDX-License-Identifier: Apache-2.0
// NuGet versions: OSV's nuget-versions.txt runs in scheme_test.cpp; this is the hand table
// (4-part versions, case-insensitive labels, build metadata, leading zeros, bad input).
#include <gtest/gtest.h>

#include "vuln/version/schemes.hpp"

namespace berth::vuln::version {
namespace {

const Scheme& nuget() {
    return *scheme_by_name("nuget");
}

TEST(NuGetVersion, EdgeCases) {
    struct Case {
        const char* a;
        const char* b;
        int want;
    } cases[] = {
        {"1.0", "1.0.0.0", 0},
        {"1.0.0.1", "1.0.0", 1},
        {"1.0.0-BETA", "1.0.0-beta", 0},
        {"1.0.0-beta.2", "1.0.0-beta.10", -1},
        {"1.0.0-2", "1.0.0-a", -1},
        {"1.0.0-rc", "1.0.0", -1},
        {"1.0.0+abc", "1.0.0+def", 0},
        {"1.0.01", "1.0.1", 0},
        {"1", "1.0.0", 0},
        {"4.6.0-preview.1", "4.6.0-preview.19", -1},
    };
    for (const auto& c : cases) {
        auto got = nuget().compare(c.a, c.b);
        ASSERT_TRUE(got.has_value()) << got.error().to_string();
        EXPECT_EQ(*got, c.want) << c.a << " vs " << c.b;
        EXPECT_EQ(*nuget().compare(c.b, c.a), -c.want) << c.b << " vs " << c.a;
    }
    for (const char* bad :
         {"1.0.0.0.0", "1..0", "1.0-", "1.0+", "v1.0", "1.0.0-a..b", "1.a", "2147483648.0"}) {
        auto st = nuget().validate(bad);
        ASSERT_FALSE(st.has_value()) << bad;
        EXPECT_EQ(st.error().code, ErrorCode::InvalidArgument);
    }
}

}  // namespace
}  // namespace berth::vuln::version

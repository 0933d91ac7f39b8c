// SPDX-License-Identifier: Apache-2.0
// The splitter alone; the dpkg scheme's tests (vuln/version/dpkg_test.cpp) run it over dpkg
// 1.22's own parse cases, and pkgdb/dpkg's over status files.
#include "core/deb_version.hpp"

#include <gtest/gtest.h>

namespace berth::deb {
namespace {

struct Case {
    const char* text;
    const char* epoch;
    const char* upstream;
    const char* revision;
    const char* error;
    const char* warning;
};

TEST(DebVersion, SplitsLikeParseversion) {
    const Case cases[] = {
        {"1:2.36-9+deb12u4", "1", "2.36", "9+deb12u4", "", ""},
        {" 2.30 \n", "", "2.30", "", "", ""},
        {"1.0-2-3", "", "1.0-2", "3", "", ""},  // the revision follows the last '-'
        {"007:1", "007", "1", "", "", ""},      // digits as written
        {"0:1.0~rc1", "0", "1.0~rc1", "", "", ""},
        {"", "", "", "", "version string is empty", ""},
        {" \t", "", "", "", "version string is empty", ""},
        {"1.0 2", "", "", "", "version string has embedded spaces", ""},
        {":1", "", "", "", "epoch in version is empty", ""},
        {"x:1", "", "", "", "epoch in version is not number", ""},
        {"-1:1", "", "", "", "epoch in version is negative", ""},
        {"2147483648:1", "", "", "", "epoch in version is too big", ""},
        {"2147483647:1", "2147483647", "1", "", "", ""},
        {"1:", "", "", "", "nothing after colon in version number", ""},
        {"1.0-", "", "", "", "revision number is empty", ""},
        {"-1", "", "", "", "upstream version is empty", ""},
        {"abc-1", "", "abc", "1", "", "version number does not start with digit"},
        {"1:5.#", "1", "5.#", "", "", "invalid character in version number"},
        {"1.0-1_2", "", "1.0", "1_2", "", "invalid character in revision number"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.text);
        const VersionParts p = split_version(c.text);
        EXPECT_EQ(p.error, c.error);
        EXPECT_EQ(p.warning, c.warning);
        if (p.error.empty()) {
            EXPECT_EQ(p.epoch, c.epoch);
            EXPECT_EQ(p.upstream, c.upstream);
            EXPECT_EQ(p.revision, c.revision);
        }
    }
}

}  // namespace
}  // namespace berth::deb

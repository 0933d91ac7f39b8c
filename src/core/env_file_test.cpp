// SPDX-License-Identifier: Apache-2.0
// The os-release dialect is tested case by case in analyze/os/os_release_test.cpp (EnvFile.*);
// these cases cover the systemd dialect and the diagnostics' PATH:LINE.
#include "core/env_file.hpp"

#include <gtest/gtest.h>

namespace berth {
namespace {

using Vars = std::map<std::string, std::string>;

TEST(EnvFileSystemd, SemicolonCommentsAndExportAreAccepted) {
    Diagnostics d;
    const Vars got = parse_env_file(
        "; systemd comment\n# shell comment\nexport DOCKER_OPTS=\"--icc=false -H fd://\"\n"
        "X='a b'\n  export   Y=1\n",
        "/etc/default/docker", "audit", d, EnvSyntax::systemd());
    EXPECT_EQ(got, (Vars{{"DOCKER_OPTS", "--icc=false -H fd://"}, {"X", "a b"}, {"Y", "1"}}));
    EXPECT_TRUE(d.empty());
}

TEST(EnvFileSystemd, OsReleaseDialectRejectsWhatSystemdAccepts) {
    Diagnostics d;
    const Vars got = parse_env_file(";A=1\nexport B=2\nC=3\n", "etc/os-release", "os", d);
    // ";A" and "export B" are invalid keys in os-release(5).
    EXPECT_EQ(got, (Vars{{"C", "3"}}));
    ASSERT_EQ(d.size(), 2U);
    EXPECT_EQ(d[0].where, "etc/os-release:1");
    EXPECT_EQ(d[1].where, "etc/os-release:2");
}

TEST(EnvFileSystemd, InteriorWhitespaceIsKeptAndBadLinesAreLocated) {
    Diagnostics d;
    const Vars got = parse_env_file("A=x   y  \nbroken line\nB=\"open\n", "unit.env", "audit", d,
                                    EnvSyntax::systemd());
    EXPECT_EQ(got, (Vars{{"A", "x   y"}, {"B", "open"}}));
    ASSERT_EQ(d.size(), 2U);
    EXPECT_EQ(d[0].where, "unit.env:2");
    EXPECT_EQ(d[0].message, "audit: not KEY=VALUE: \"broken line\"; skipped");
    EXPECT_EQ(d[1].where, "unit.env:3");
    EXPECT_EQ(d[1].message.rfind("audit: unterminated double quote", 0), 0U) << d[1].message;
}

TEST(EnvFileSystemd, ContinuationDropsTheBlanksBeforeIt) {
    Diagnostics d;
    EXPECT_EQ(parse_env_file("A=a  \\\nb\n", "f", "w", d, EnvSyntax::systemd()),
              (Vars{{"A", "a  b"}}));
    EXPECT_EQ(parse_env_file("A=a  \\\n", "f", "w", d, EnvSyntax::systemd()), (Vars{{"A", "a"}}));
    EXPECT_TRUE(d.empty());
}

}  // namespace
}  // namespace berth

// SPDX-License-Identifier: Apache-2.0
// ARG/ENV expansion against BuildKit's own table (shared data
// dockerfiles/moby__buildkit/frontend/dockerfile/shell/envVarTest: `P | input | expected`, P = A
// all platforms, U unix, W windows (skipped); `error` = must fail), with the environment
// lex_test.go uses: PWD=/home SHELL=bash KOREAN=한국어 NULL= (set, empty).
#include "lint/dockerfile/expand.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "core/text.hpp"
#include "test_support.hpp"

namespace berth::lint::dockerfile {
namespace {

Env lex_test_env() {
    Env env;
    env.set("PWD", "/home");
    env.set("SHELL", "bash");
    env.set("KOREAN", "한국어");
    env.set("NULL", "");
    return env;
}

TEST(DockerfileExpand, Basics) {
    Env env;
    env.set("GO", "1.22");
    EXPECT_EQ(expand("golang:${GO}-alpine", env).text, "golang:1.22-alpine");
    EXPECT_EQ(expand("${MISSING:-debian}:${TAG:-12}", env).text, "debian:12");
    EXPECT_EQ(expand("${GO:+set}${MISSING:+no}", env).text, "set");
    const auto e = expand("x$UNSET", env);
    EXPECT_EQ(e.text, "x");
    EXPECT_EQ(e.unset, std::vector<std::string>{"UNSET"});
    EXPECT_EQ(expand("a`$GO", env, '`').text, "a$GO") << "the file's escape character";
    EXPECT_FALSE(expand("${GO", env).error.empty());
}

TEST(DockerfileExpand, BuildKitEnvVarTable) {
    auto data = test::shared_data_dir();
    if (!data) GTEST_SKIP() << "shared data absent: dockerfiles/…/shell/envVarTest";
    std::ifstream in(*data / "dockerfiles/moby__buildkit/frontend/dockerfile/shell/envVarTest");
    ASSERT_TRUE(in);
    const Env env = lex_test_env();
    std::size_t checked = 0;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        const auto parts = text::split(line, '|');
        ASSERT_EQ(parts.size(), 3U) << line;
        if (parts[0] == "W") continue;
        const std::string input(text::trim(parts[1]));
        const std::string want(text::trim(parts[2]));
        const Expanded got = expand(input, env);
        ++checked;
        if (want == "error") {
            EXPECT_FALSE(got.error.empty()) << "input " << input << " gave " << got.text;
        } else {
            EXPECT_TRUE(got.error.empty()) << "input " << input << ": " << got.error;
            EXPECT_EQ(got.text, want) << "input " << input;
        }
    }
    EXPECT_GE(checked, 200U);
}

}  // namespace
}  // namespace berth::lint::dockerfile

// SPDX-License-Identifier: Apache-2.0
// The Dockerfile parser: directives, continuations (both escape characters, comments inside),
// heredocs, JSON and shell forms, flags, stages, ONBUILD, positions; malformed and hostile input
// gives problems with positions and never a crash; every Dockerfile of the shared corpus parses
// without a problem.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "lint/dockerfile/dockerfile.hpp"
#include "test_support.hpp"

namespace berth::lint::dockerfile {
namespace {

std::vector<std::string> problem_texts(const Dockerfile& df) {
    std::vector<std::string> out;
    for (const auto& p : df.problems) {
        out.push_back(std::to_string(p.pos.line) + ":" + std::to_string(p.pos.column) + " " +
                      p.message);
    }
    return out;
}

TEST(DockerfileParser, DirectivesAndBacktickEscape) {
    const auto df = parse(
        "# syntax=docker/dockerfile:1\n# escape=`\n# check=skip=all\n"
        "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n"
        "RUN dir c:\\ `\n    && echo done\n");
    EXPECT_TRUE(df.problems.empty()) << problem_texts(df)[0];
    ASSERT_EQ(df.directives.size(), 3U);
    EXPECT_EQ(df.directives[1].name, "escape");
    EXPECT_EQ(df.escape, '`');
    ASSERT_EQ(df.instructions.size(), 2U);
    EXPECT_EQ(df.instructions[1].args, "dir c:\\     && echo done");
    EXPECT_EQ(df.instructions[1].end_line, 6U);
}

TEST(DockerfileParser, DirectiveAfterCommentIsAComment) {
    const auto df = parse("# hello\n# escape=`\nFROM alpine:3\nRUN a \\\n b\n");
    EXPECT_TRUE(df.directives.empty());
    EXPECT_EQ(df.escape, '\\');
    EXPECT_EQ(df.instructions[1].args, "a  b");
    const auto twice = parse("# escape=`\n# escape=\\\nFROM alpine:3\n");
    EXPECT_EQ(problem_texts(twice),
              std::vector<std::string>{"2:1 only one escape parser directive can be used"});
}

TEST(DockerfileParser, ContinuationsSkipCommentsAndBlankLinesAndMapPositions) {
    const auto df = parse(
        "FROM debian:12\n"
        "RUN apt-get update \\\n"
        "# a comment inside\n"
        "\n"
        "    && apt-get install -y curl \\   \n"
        "    && rm -rf /var/lib/apt/lists/*\n");
    ASSERT_EQ(df.instructions.size(), 2U);
    const Instruction& run = df.instructions[1];
    EXPECT_EQ(run.args,
              "apt-get update     && apt-get install -y curl     && rm -rf /var/lib/apt/lists/*");
    EXPECT_EQ(run.pos, (Position{2, 1}));
    EXPECT_EQ(run.args_pos, (Position{2, 5}));
    EXPECT_EQ(run.end_line, 6U);
    const auto rm = run.args.find("rm -rf");
    EXPECT_EQ(run.position_of(rm), (Position{6, 8}));
    const auto install = run.args.find("apt-get install");
    EXPECT_EQ(run.position_of(install), (Position{5, 8}));
}

TEST(DockerfileParser, ContinuationAtEndOfFile) {
    const auto df = parse("FROM alpine:3\nRUN echo \\");
    EXPECT_TRUE(df.problems.empty());
    EXPECT_EQ(df.instructions[1].args, "echo");
}

TEST(DockerfileParser, Heredocs) {
    const auto df = parse(
        "FROM alpine:3\n"
        "RUN <<EOF\n"
        "echo one\n"
        "EOF\n"
        "COPY <<-\"A\" /a <<'B' /b\n"
        "\tfirst $X\n"
        "\tA\n"
        "second\n"
        "B\n"
        "RUN echo $((1<<2)) && cat <<<word\n");
    EXPECT_TRUE(df.problems.empty()) << problem_texts(df)[0];
    ASSERT_EQ(df.instructions.size(), 4U);
    const auto& run = df.instructions[1];
    ASSERT_EQ(run.heredocs.size(), 1U);
    EXPECT_EQ(run.heredocs[0].body, "echo one\n");
    EXPECT_EQ(run.heredocs[0].pos, (Position{2, 5}));
    EXPECT_EQ(run.end_line, 4U);
    const auto& copy = df.instructions[2];
    ASSERT_EQ(copy.heredocs.size(), 2U);
    EXPECT_EQ(copy.heredocs[0].delimiter, "A");
    EXPECT_TRUE(copy.heredocs[0].strip_tabs);
    EXPECT_TRUE(copy.heredocs[0].quoted);
    EXPECT_EQ(copy.heredocs[0].body, "first $X\n");
    EXPECT_EQ(copy.heredocs[1].body, "second\n");
    EXPECT_EQ(copy.end_line, 9U);
    EXPECT_TRUE(df.instructions[3].heredocs.empty()) << "arithmetic and <<< are no heredocs";
}

TEST(DockerfileParser, JsonFormFlagsAndStages) {
    const auto df = parse(
        "ARG GO=1.22\n"
        "FROM --platform=$BUILDPLATFORM golang:${GO}-alpine AS Build\n"
        "RUN --mount=type=cache,target=/root/.cache --network=none [\"go\", \"build\"]\n"
        "FROM build AS test\n"
        "COPY --from=build --chmod=755 --link /out /bin/\n"
        "CMD [\"bad json\"\n");
    EXPECT_TRUE(df.problems.empty()) << problem_texts(df)[0];
    ASSERT_EQ(df.stages.size(), 2U);
    EXPECT_EQ(df.stages[0].image, "golang:1.22-alpine");
    EXPECT_EQ(df.stages[0].base, "golang:${GO}-alpine");
    EXPECT_EQ(df.stages[0].name, "Build");
    EXPECT_EQ(df.stages[0].platform, "$BUILDPLATFORM");
    EXPECT_EQ(df.stages[1].base_stage, 0) << "FROM names are case-insensitive";
    const auto& run = df.instructions[2];
    ASSERT_EQ(run.flags.size(), 2U);
    EXPECT_EQ(run.flags[0].name, "mount");
    EXPECT_EQ(run.flags[0].value, "type=cache,target=/root/.cache");
    EXPECT_EQ(run.flags[1].pos, (Position{3, 44}));
    EXPECT_TRUE(run.json_form);
    EXPECT_EQ(run.json_args, (std::vector<std::string>{"go", "build"}));
    const auto& copy = df.instructions[4];
    ASSERT_NE(copy.flag("link"), nullptr);
    EXPECT_FALSE(copy.flag("link")->has_value);
    EXPECT_EQ(copy.flag("chmod")->value, "755");
    EXPECT_EQ(copy.stage, 1);
    EXPECT_FALSE(df.instructions[5].json_form) << "invalid JSON falls back to shell form";
}

TEST(DockerfileParser, OnbuildAndKeyValues) {
    const auto df = parse(
        "FROM node:20\n"
        "ONBUILD RUN --mount=type=secret,id=npm npm ci\n"
        "ENV A=1 B=\"two words\" C=three\\ words\n"
        "ENV LEGACY value with spaces\n"
        "LABEL \"maintainer\"=x\n");
    EXPECT_TRUE(df.problems.empty()) << problem_texts(df)[0];
    const auto& on = df.instructions[1];
    ASSERT_EQ(on.trigger.size(), 1U);
    EXPECT_EQ(on.trigger[0].keyword, "RUN");
    EXPECT_EQ(on.trigger[0].flag("mount")->value, "type=secret,id=npm");
    EXPECT_EQ(on.trigger[0].args, "npm ci");
    EXPECT_EQ(on.trigger[0].pos, (Position{2, 9}));
    const auto kv = key_values(df.instructions[2]);
    ASSERT_EQ(kv.size(), 3U);
    EXPECT_EQ(kv[1].value, "two words");
    EXPECT_EQ(kv[2].value, "three words");
    const auto legacy = key_values(df.instructions[3]);
    ASSERT_EQ(legacy.size(), 1U);
    EXPECT_EQ(legacy[0].key, "LEGACY");
    EXPECT_EQ(legacy[0].value, "value with spaces");
}

TEST(DockerfileParser, MalformedInputGivesProblemsWithPositions) {
    const auto df = parse(
        "RUN echo before\n"
        "FROM\n"
        "FROM alpine:3\n"
        "FROBNICATE x\n"
        "ENV ONLYKEY\n"
        "ONBUILD\n"
        "COPY <<EOF /x\n"
        "never closed\n");
    EXPECT_EQ(problem_texts(df),
              (std::vector<std::string>{
                  "1:1 RUN before the first FROM (only ARG may come first)",
                  "2:1 FROM requires at least one argument", "4:1 unknown instruction: FROBNICATE",
                  "5:5 ENV ONLYKEY has no value", "6:1 ONBUILD requires at least one argument",
                  "7:6 unterminated heredoc <<EOF: no line 'EOF'"}));
    EXPECT_EQ(problem_texts(parse("")), std::vector<std::string>{"1:1 file with no instructions"});
    EXPECT_EQ(problem_texts(parse("# only a comment\n\n")),
              std::vector<std::string>{"1:1 file with no instructions"});
}

TEST(DockerfileParser, HostileInputGivesProblemsNotCrashes) {
    // NUL bytes and invalid UTF-8 are reported at their position.
    constexpr char kNul[] = "FROM alpine:3\nRUN echo a\0b\n";
    const auto nul = parse(std::string(kNul, sizeof(kNul) - 1));
    EXPECT_EQ(problem_texts(nul), std::vector<std::string>{"2:11 NUL byte in the file"});
    const auto utf8 = parse("FROM alpine:3\nLABEL x=\"\xC3\x28\"\n");
    EXPECT_EQ(problem_texts(utf8), std::vector<std::string>{"2:10 invalid UTF-8"});
    // A 1 MB line, 100k continuation lines, deep ${…} nesting, a lone heredoc marker.
    const auto long_line = parse("FROM alpine:3\nRUN " + std::string(1 << 20, 'a') + "\n");
    EXPECT_EQ(long_line.instructions.at(1).args.size(), 1U << 20);
    std::string many = "FROM alpine:3\nRUN true";
    for (int i = 0; i < 100000; ++i) many += " \\\n x";
    const auto cont = parse(many + "\n");
    ASSERT_EQ(cont.instructions.size(), 2U);
    EXPECT_EQ(cont.instructions[1].end_line, 100002U);
    EXPECT_EQ(cont.instructions[1].position_of(cont.instructions[1].args.size() - 1),
              (Position{100002, 2}));
    std::string deep = "FROM alpine:${A:-";
    for (int i = 0; i < 100000; ++i) deep += "${A:-";
    const auto nested = parse(deep + "\n");
    EXPECT_EQ(nested.instructions.size(), 1U);
    EXPECT_FALSE(parse("FROM alpine:3\nRUN <<EOF").problems.empty());
    std::string binary;
    for (int i = 0; i < 4096; ++i) binary += static_cast<char>((i * 7919) & 0xFF);
    const auto junk = parse(binary);
    EXPECT_FALSE(junk.problems.empty());
}

// Every Dockerfile of the shared corpus (MANIFEST.tsv kind "dockerfile") parses without problems,
// but for the one docker/compose keeps as a deliberately broken fixture.
const std::string kBrokenUpstream =
    "docker__compose/pkg/e2e/fixtures/wrong-composefile/service1/Dockerfile";

TEST(DockerfileParser, SharedCorpusParsesWithoutProblems) {
    auto data = test::shared_data_dir();
    if (!data) GTEST_SKIP() << "shared data absent: dockerfiles/";
    const auto dir = *data / "dockerfiles";
    std::ifstream manifest(dir / "MANIFEST.tsv");
    ASSERT_TRUE(manifest) << "no dockerfiles/MANIFEST.tsv";
    std::size_t parsed = 0;
    for (std::string line; std::getline(manifest, line);) {
        const auto tab = line.find('\t');
        if (line.find("\tdockerfile\t") == std::string::npos) continue;
        const auto path = dir / line.substr(0, tab);
        if (!std::filesystem::exists(path)) continue;
        const auto df = parse(test::read_text_file(path), line.substr(0, tab));
        ++parsed;
        if (df.path == kBrokenUpstream) {
            EXPECT_EQ(problem_texts(df),
                      std::vector<std::string>{"17:1 unknown instruction: WRONG"});
            continue;
        }
        for (const auto& p : problem_texts(df)) ADD_FAILURE() << df.path << ":" << p;
        EXPECT_FALSE(df.stages.empty()) << df.path;
    }
    EXPECT_GE(parsed, 450U);
}

}  // namespace
}  // namespace berth::lint::dockerfile

// SPDX-License-Identifier: Apache-2.0
// The Dockerfile rules on the rule framework: metadata valid, every rule file listed, every rule
// with a failing (bad_*) and a passing (good_*) case in rules/testdata/<id>/ (a berth.yaml beside
// the cases configures them), documented in docs/rules.md; inline ignores, .berth.yaml and
// re-levelling; and the findings on the shared Dockerfile corpus as a reviewed golden
// (testdata/shared_corpus.golden; rewrite with BERTH_UPDATE_GOLDEN=1).
#include "lint/dockerfile/lint.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "check/rule_testing.hpp"
#include "core/text.hpp"
#include "test_support.hpp"

namespace berth::lint::dockerfile {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = BERTH_SOURCE_DIR;

std::vector<std::string> ids_of(const std::vector<check::RuleResult>& rs) {
    std::vector<std::string> out;
    for (const auto& r : rs) {
        out.push_back(std::string(short_id(r.rule->id)) + "@" +
                      std::to_string(r.locations.at(0).line) + ":" +
                      std::to_string(r.locations.at(0).column));
    }
    return out;
}

std::vector<check::RuleResult> lint_text(std::string_view text, const LintConfig& config = {}) {
    auto linter = Linter::make(config);
    EXPECT_TRUE(linter.has_value());
    static std::vector<Linter> keep;  // results point into the linter's metadata
    keep.push_back(std::move(*linter));
    return keep.back().lint(parse(text));
}

TEST(DockerfileRules, ValidMetadataAndEveryFileListed) {
    const auto rules = all_rules();
    for (const auto& r : rules) {
        ASSERT_NE(r.info, nullptr) << "a table row factory was given an unknown id";
        EXPECT_NE(r.check, nullptr) << r.info->id;
    }
    check::testing::expect_valid_kind(rule_kind());
    const std::size_t files = check::testing::expect_rule_files_listed(rule_kind(), kSource);
    // One-rule files + the tables: package managers DF010–DF031 (22), once per stage (3).
    EXPECT_EQ(rules.size(), files - 2 + 22 + 3);
    EXPECT_GE(rules.size(), 30U);
    check::testing::expect_documented(rule_kind(), test::read_text_file(kSource / "docs/rules.md"));
}

TEST(DockerfileRules, EveryRuleHasFailingAndPassingCases) {
    std::vector<check::testing::CaseResult> cases;
    const fs::path dir = kSource / "src/lint/dockerfile/rules/testdata";
    std::size_t seen = 0;
    for (const auto& d : fs::directory_iterator(dir)) {
        if (!d.is_directory()) continue;
        const std::string id = "dockerfile/" + text::upper(d.path().filename().string());
        LintConfig config;
        if (fs::exists(d.path() / "berth.yaml")) {
            auto c = load_config(d.path() / "berth.yaml");
            ASSERT_TRUE(c.has_value()) << c.error().to_string();
            config = *c;
        }
        auto linter = Linter::make(config);
        ASSERT_TRUE(linter.has_value());
        for (const auto& f : fs::directory_iterator(d.path())) {
            if (f.path().extension() != ".Dockerfile") continue;
            const std::string name = f.path().stem().string();
            const auto results =
                linter->lint(parse(test::read_text_file(f.path()), f.path().filename().string()));
            bool failed = false;
            for (const auto& r : results) failed = failed || r.rule->id == id;
            const bool bad = name.starts_with("bad_");
            EXPECT_TRUE(bad || name.starts_with("good_")) << f.path();
            EXPECT_EQ(failed, bad)
                << id << " on " << name << ": " << testing::PrintToString(ids_of(results));
            cases.push_back({id, name, failed ? check::Outcome::Fail : check::Outcome::Pass});
            ++seen;
        }
    }
    EXPECT_GE(seen, 100U);
    check::testing::expect_cases_cover(rule_kind(), cases);
}

TEST(DockerfileRules, FindingsCarryFileLineAndColumn) {
    const auto rs = lint_text("FROM alpine:3.20\nEXPOSE 80 99999\nUSER root\n");
    EXPECT_EQ(ids_of(rs), (std::vector<std::string>{"DF002@3:1", "DF035@2:11", "DF047@1:1"}));
    EXPECT_EQ(rs.at(1).locations.at(0).path, "Dockerfile");
    EXPECT_EQ(rs.at(1).outcome, check::Outcome::Fail);
    EXPECT_EQ(rs.at(1).message, "invalid port 99999");
}

TEST(DockerfileRules, InlineIgnoresWithBerthAndHadolintIds) {
    const std::string text =
        "# hadolint global ignore=DL3057\n"
        "FROM debian:12\n"
        "# hadolint ignore=DL3008,DL3015\n"
        "RUN apt-get update && apt-get install -y curl \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n"
        "# berth ignore=DF021\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends wget \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends git \\\n"
        "    && rm -rf /var/lib/apt/lists/*\n"
        "USER 1000\n";
    EXPECT_EQ(ids_of(lint_text(text)), std::vector<std::string>{"DF021@9:1"});
}

TEST(DockerfileRules, ConfigIgnoresRelevelsAndRejectsUnknownIds) {
    auto config = parse_config(
        "lint:\n  ignore: [DF047, dockerfile/DF003]\n  severity: {DL3007: critical}\n", "t.yaml");
    ASSERT_TRUE(config.has_value()) << config.error().to_string();
    const auto rs = lint_text("FROM alpine:latest\n", *config);
    ASSERT_EQ(ids_of(rs), std::vector<std::string>{"DF006@1:1"});
    EXPECT_EQ(rs[0].rule->severity, check::Severity::Critical);
    EXPECT_EQ(all_rules()[5].info->severity, check::Severity::Medium) << "the list is unchanged";
    LintConfig unknown;
    unknown.ignore = {"DL9999"};
    const auto bad = Linter::make(unknown);
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().message, "no Dockerfile rule is called 'DL9999'");
    EXPECT_FALSE(parse_config("lint:\n  ignore: 3\n", "t.yaml").has_value());
    EXPECT_FALSE(parse_config("lint:\n  colour: red\n", "t.yaml").has_value());
    EXPECT_FALSE(parse_config("lint:\n  severity: {DF002: urgent}\n", "t.yaml").has_value());
    EXPECT_FALSE(parse_config("lint: [\n", "t.yaml").has_value());
    EXPECT_TRUE(parse_config("other: 1\n", "t.yaml").has_value()) << "no lint section";
}

TEST(DockerfileRules, HostileInputGivesFindingsNotCrashes) {
    std::string many = "FROM alpine:3\nRUN true";
    for (int i = 0; i < 100000; ++i) many += " \\\n && echo x | cat";
    const auto rs = lint_text(many + "\n");
    EXPECT_FALSE(rs.empty());
    constexpr char kNul[] = "FROM alpine:3\nRUN a\0b\nRUN <<EOF\nnever\n";
    const auto bad = lint_text(std::string(kNul, sizeof(kNul) - 1));
    std::set<std::string> ids;
    for (const auto& r : bad) ids.insert(std::string(short_id(r.rule->id)));
    EXPECT_EQ(ids.count("DF001"), 1U);
    EXPECT_FALSE(lint_text("\xff\xfe" + std::string(1 << 20, '\\') + "\n").empty());
}

// Findings on every Dockerfile of the shared corpus, one line each:
//   path:line:column ID message
TEST(DockerfileRules, SharedCorpusGolden) {
    auto data = test::shared_data_dir();
    if (!data) GTEST_SKIP() << "shared data absent: dockerfiles/";
    const fs::path dir = *data / "dockerfiles";
    std::ifstream manifest(dir / "MANIFEST.tsv");
    ASSERT_TRUE(manifest);
    auto linter = Linter::make({});
    ASSERT_TRUE(linter.has_value());
    std::string got;
    for (std::string line; std::getline(manifest, line);) {
        if (line.find("\tdockerfile\t") == std::string::npos) continue;
        const std::string rel = line.substr(0, line.find('\t'));
        if (!fs::exists(dir / rel)) continue;
        for (const auto& r : linter->lint(parse(test::read_text_file(dir / rel), rel))) {
            const auto& l = r.locations.at(0);
            got += rel + ":" + std::to_string(l.line) + ":" + std::to_string(l.column) + " " +
                   std::string(short_id(r.rule->id)) + " " + r.message + "\n";
        }
    }
    const fs::path golden = kSource / "src/lint/dockerfile/testdata/shared_corpus.golden";
    if (std::getenv("BERTH_UPDATE_GOLDEN") != nullptr) {
        fs::create_directories(golden.parent_path());
        std::ofstream(golden, std::ios::binary) << got;
    }
    ASSERT_TRUE(fs::exists(golden)) << "run with BERTH_UPDATE_GOLDEN=1";
    EXPECT_TRUE(test::read_text_file(golden) == got)
        << "findings on the shared corpus changed; review, then BERTH_UPDATE_GOLDEN=1";
}

}  // namespace
}  // namespace berth::lint::dockerfile

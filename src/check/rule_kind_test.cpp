// SPDX-License-Identifier: Apache-2.0
// The rule-kind helpers on hand-made kinds: id order, metadata validation (good and bad), and
// the generated markdown.
#include "check/rule_kind.hpp"

#include <gtest/gtest.h>

#include <array>

namespace berth::check {
namespace {

constexpr RuleInfo kGood1{.id = "demo/DF002",
                          .title = "Do not run as root",
                          .severity = Severity::High,
                          .description = "Root in the container.",
                          .remediation = "Add USER."};
constexpr std::array<Reference, 2> kRefs{{{"hadolint", "DL3002"}, {"cwe", "CWE-250"}}};
constexpr RuleInfo kGood2{.id = "demo/DF010",
                          .title = "Pin | versions",
                          .severity = Severity::Low,
                          .description = "Reproducible builds.",
                          .remediation = "Pin them.",
                          .references = kRefs,
                          .automated = false,
                          .scored = false};
constexpr RuleInfo kNoRemediation{
    .id = "demo/DF003", .title = "T", .description = "D", .remediation = ""};
constexpr RuleInfo kBadPrefix{
    .id = "other/1", .title = "T", .description = "D", .remediation = "R"};
constexpr RuleInfo kTwoLines{
    .id = "demo/DF004", .title = "T\nU", .description = "", .remediation = "R", .level = 3};

std::vector<const RuleInfo*> good_list() {
    return {&kGood1, &kGood2};
}
std::vector<const RuleInfo*> bad_list() {
    return {&kGood2, &kGood1, &kNoRemediation, &kBadPrefix, &kTwoLines, &kGood1, nullptr};
}

TEST(RuleKind, IdOrder) {
    EXPECT_TRUE(id_less("cis-docker/1.1.2", "cis-docker/1.1.10"));
    EXPECT_TRUE(id_less("cis-docker/1.1.18", "cis-docker/1.2.1"));
    EXPECT_TRUE(id_less("cis-docker/8.2.1", "cis-docker/C.1"));
    EXPECT_TRUE(id_less("C.1", "C.1.1"));
    EXPECT_TRUE(id_less("C.2", "C.5.3.1"));
    EXPECT_TRUE(id_less("C.5.3.4", "R.1"));
    EXPECT_TRUE(id_less("DF002", "DF010"));
    EXPECT_TRUE(id_less("DF2", "DF02")) << "same value: the shorter spelling first";
    EXPECT_FALSE(id_less("2.10", "2.9"));
    EXPECT_FALSE(id_less("3.1", "3.1"));
    EXPECT_FALSE(id_less("", ""));
    EXPECT_TRUE(id_less("", "a"));
}

TEST(RuleKind, ValidKindHasNoProblems) {
    const RuleKind kind{.name = "demo",
                        .title = "",
                        .summary = "",
                        .rules_dir = "",
                        .list_file = "",
                        .rules = good_list};
    EXPECT_EQ(validate_rules(kind), std::vector<std::string>{});
}

TEST(RuleKind, BadMetadataIsReported) {
    const RuleKind kind{.name = "demo",
                        .title = "",
                        .summary = "",
                        .rules_dir = "",
                        .list_file = "",
                        .rules = bad_list};
    const std::vector<std::string> want = {
        "demo/DF002: out of order: after demo/DF010",
        "demo/DF003: empty remediation",
        "other/1: id must start with demo/",
        "demo/DF004: out of order: after other/1",
        "demo/DF004: title spans lines",
        "demo/DF004: empty description",
        "demo/DF004: level must be 1 or 2",
        "demo/DF002: duplicate id",
        "demo/DF002: out of order: after demo/DF004",
        "demo/: null entry in the rule list",
    };
    EXPECT_EQ(validate_rules(kind), want);
    EXPECT_EQ(validate_rules(RuleKind{.name = "",
                                      .title = "",
                                      .summary = "",
                                      .rules_dir = "",
                                      .list_file = "",
                                      .rules = nullptr}),
              (std::vector<std::string>{"rule kind without a name", ": no rule list"}));
}

TEST(RuleKind, MarkdownHasIndexAndSections) {
    const RuleKind kind{.name = "demo",
                        .version = 3,
                        .title = "Demo rules",
                        .summary = "Two rules.",
                        .rules_dir = "src/demo/rules",
                        .list_file = "src/demo/registry.cpp",
                        .rules = good_list};
    const std::array<const RuleKind*, 1> kinds{&kind};
    const std::string md = render_rules_markdown(kinds);
    for (const char* want : {
             "\n## demo: Demo rules\n\nTwo rules.\n\nVersion 3, 2 rules, listed in "
             "`src/demo/registry.cpp`.\n",
             "| demo/DF002 | HIGH | 1 | yes | yes | Do not run as root |\n",
             "| demo/DF010 | LOW | 1 | no | no | Pin \\| versions |\n",
             "\n### demo/DF010\n\n**Pin | versions**\n\nSeverity LOW · level 1 · manual · not "
             "scored\n\nReproducible builds.\n\nRemediation: Pin them.\n\nReferences: hadolint "
             "DL3002, cwe CWE-250\n",
         }) {
        EXPECT_NE(md.find(want), std::string::npos) << want << "\n---\n" << md;
    }
    EXPECT_EQ(md, render_rules_markdown(kinds)) << "deterministic";
}

}  // namespace
}  // namespace berth::check

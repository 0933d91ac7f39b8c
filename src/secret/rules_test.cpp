// SPDX-License-Identifier: Apache-2.0
// The built-in rules: over 100, unique ids, each compiles, and each reports its own true-positive
// sample (with the secret part redacted) and not its false-positive sample; every keyword is a
// literal the rule's regex can contain (the prefilter must not hide a match).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "secret/builtin.hpp"
#include "secret/engine.hpp"

namespace berth::secret {
namespace {

TEST(SecretRules, OverOneHundredWithUniqueIds) {
    std::set<std::string_view> ids;
    for (const auto& r : builtin_rules()) {
        EXPECT_TRUE(ids.insert(r.id).second) << "duplicate id " << r.id;
        EXPECT_FALSE(r.title.empty()) << r.id;
        EXPECT_FALSE(r.keywords.empty()) << r.id << ": built-in rules need prefilter keywords";
    }
    EXPECT_GT(ids.size(), 100U);
    EXPECT_EQ(Engine::builtin()->rule_count(), ids.size());
}

// Built-in regexes compile on their first keyword hit; this proves every one does.
TEST(SecretRules, EveryBuiltinRegexCompiles) {
    auto engine = Engine::create(Config{});
    ASSERT_TRUE(engine) << engine.error().message;
    const auto st = (*engine)->compile_all();
    EXPECT_TRUE(st) << st.error().message << " at " << st.error().where;
}

TEST(SecretRules, EachFindsItsTruePositiveAndNotItsFalsePositive) {
    const auto engine = Engine::builtin();
    for (const auto& r : builtin_rules()) {
        bool found = false;
        for (const auto& f : engine->scan_text("app/config", r.tp)) {
            if (f.rule_id != r.id) continue;
            found = true;
            EXPECT_EQ(f.rule->id, r.id);
            EXPECT_NE(f.match.find('*'), std::string::npos) << r.id << ": not redacted";
        }
        EXPECT_TRUE(found) << r.id << " misses its sample: " << r.tp;
        for (const auto& f : engine->scan_text("app/config", r.fp)) {
            EXPECT_NE(f.rule_id, r.id) << r.id << " reports its false-positive sample: " << r.fp;
        }
    }
}

TEST(SecretRules, KeywordsArePartOfTheTruePositive) {
    for (const auto& r : builtin_rules()) {
        std::string tp(r.tp);
        std::string lower;
        for (char c : tp)
            lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        bool any = false;
        std::string_view rest = r.keywords;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            std::string k(rest.substr(0, comma));
            for (char& c : k) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            any = any || lower.find(k) != std::string::npos;
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        }
        EXPECT_TRUE(any) << r.id << ": no keyword occurs in the sample";
    }
}

TEST(SecretRules, BuiltinAllowRulesJudgeValuesNotPaths) {
    const auto engine = Engine::builtin();
    const std::string key = "aws_access_key_id = AKIA2EQAJF3BZ44CKW6D";
    // Trivy skips paths containing "test" or "example"; berth reports them.
    EXPECT_EQ(engine->scan_text("app/tests/example/.env", key).size(), 1U);
    EXPECT_TRUE(engine->scan_text("app/.env", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE").empty());
}

TEST(SecretRules, EveryRuleIsListedInTheDocs) {
    std::ifstream in(std::filesystem::path(BERTH_SOURCE_DIR) / "docs/secrets.md");
    ASSERT_TRUE(in) << "docs/secrets.md missing";
    std::stringstream text;
    text << in.rdbuf();
    for (const auto& r : builtin_rules()) {
        EXPECT_NE(text.str().find("| `" + std::string(r.id) + "` |"), std::string::npos)
            << r.id << " is not in docs/secrets.md";
    }
    for (const auto& a : builtin_allow_rules()) {
        EXPECT_NE(text.str().find("`" + std::string(a.id) + "`"), std::string::npos) << a.id;
    }
}

}  // namespace
}  // namespace berth::secret

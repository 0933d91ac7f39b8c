// SPDX-License-Identifier: Apache-2.0
// The engine: chunk edges, binary files, allow rules, redaction, line numbers, custom rules and
// the config loader (errors with FILE:LINE).
#include "secret/engine.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "secret/config.hpp"

namespace berth::secret {
namespace {

constexpr std::string_view kGhp = "ghp_R2d2C3poL8kE9mN0pQ4sT6vW1xY3zA5bC7dE";

struct Bytes final : ByteStream {
    explicit Bytes(std::string d) : data(std::move(d)) {}
    Result<std::size_t> read(void* buf, std::size_t size) override {
        const std::size_t n = std::min({size, data.size() - pos, std::size_t{1000}});
        std::copy_n(data.data() + pos, n, static_cast<char*>(buf));
        pos += n;
        return n;
    }
    std::string data;
    std::size_t pos = 0;
};

TEST(SecretEngine, FindsSecretAcrossEveryChunkEdgeOnce) {
    const auto engine = Engine::builtin();
    const ChunkLimits small{.chunk = 4096, .overlap = 512};
    // Place the token at every offset around the first chunk edge.
    for (std::size_t at = 4096 - kGhp.size() - 2; at <= 4096 + 2; ++at) {
        std::string text(at, 'a');
        for (std::size_t i = 80; i < at; i += 81) text[i] = '\n';
        text[at - 1] = ' ';
        text += std::string(kGhp) + "\nmore text\n" + std::string(9000, 'b');
        const auto found = engine->scan_text("f", text, small);
        ASSERT_EQ(found.size(), 1U) << "token at " << at;
        EXPECT_EQ(found[0].offset, at);
        const auto newlines = std::count(text.begin(), text.begin() + static_cast<long>(at), '\n');
        EXPECT_EQ(found[0].line, static_cast<std::size_t>(1 + newlines)) << "token at " << at;
    }
}

TEST(SecretEngine, StreamsLargeFileWithBoundedBuffer) {
    const auto engine = Engine::builtin();
    std::string text;
    for (int i = 0; i < 20000; ++i) text += "line " + std::to_string(i) + " of ordinary text\n";
    text += "token=" + std::string(kGhp) + "\n";
    Bytes in(text);
    std::vector<Finding> out;
    auto scanned = engine->scan("big.txt", in, out);
    ASSERT_TRUE(scanned.has_value());
    EXPECT_TRUE(*scanned);
    ASSERT_EQ(out.size(), 1U);
    EXPECT_EQ(out[0].line, 20001U);
    EXPECT_EQ(out[0].rule_id, "github-pat");
}

TEST(SecretEngine, SkipsBinaryContent) {
    const auto engine = Engine::builtin();
    std::string text = std::string(
                           "\x7f"
                           "ELF\0\0",
                           6) +
                       std::string(kGhp);
    Bytes in(text);
    std::vector<Finding> out;
    auto scanned = engine->scan("usr/bin/tool", in, out);
    ASSERT_TRUE(scanned.has_value());
    EXPECT_FALSE(*scanned);
    EXPECT_TRUE(out.empty());
}

TEST(SecretEngine, RedactsTheSecretPart) {
    EXPECT_EQ(redact("abcdefgh"), "ab******");
    EXPECT_EQ(redact("ab"), "**");
    EXPECT_EQ(redact(std::string(100, 'z')), "zzzz****************");
    const auto found = Engine::builtin()->scan_text("x", "GITHUB_TOKEN=" + std::string(kGhp));
    ASSERT_EQ(found.size(), 1U);
    EXPECT_EQ(found[0].match, "ghp_****************");
    EXPECT_EQ(found[0].match.find("R2d2"), std::string::npos);
}

TEST(SecretEngine, EntropyOfGenericValues) {
    EXPECT_DOUBLE_EQ(shannon_entropy("aaaa"), 0.0);
    EXPECT_DOUBLE_EQ(shannon_entropy("abcd"), 2.0);
    const auto e = Engine::builtin();
    EXPECT_TRUE(e->scan_text("x", "client_secret = \"aaaaaaaaaaaaaaaaaaaa\"").empty());
    EXPECT_EQ(e->scan_text("x", "client_secret = \"q8Vz3LmN0pR7sT2uW5xY9aB\"").size(), 1U);
}

constexpr std::string_view kConfig = R"(rules:
  - id: internal-token
    category: internal
    title: Internal service token
    severity: critical
    regex: (?i)svc_token\s*=\s*(?P<secret>[a-z0-9]{32})
    secret-group-name: secret
    keywords: [svc_token]
    allow-rules:
      - id: zeros
        regex: ^0+$
allow-rules:
  - id: fixtures
    path: ^srv/fixtures/
disable-rules: [jwt]
exclude-block:
  regexes: ['(?s)BEGIN-IGNORE.*?END-IGNORE']
)";

TEST(SecretEngine, CustomConfigRulesAllowRulesAndExcludeBlocks) {
    auto config = parse_config(kConfig, "secret.yaml");
    ASSERT_TRUE(config.has_value()) << config.error().message;
    auto engine = Engine::create(*config);
    ASSERT_TRUE(engine.has_value()) << engine.error().message;
    const auto& e = **engine;
    EXPECT_NE(e.rule_info("internal-token"), nullptr);
    EXPECT_EQ(e.rule_info("jwt"), nullptr);
    EXPECT_NE(e.fingerprint(), Engine::builtin()->fingerprint());
    const std::string token = "svc_token = 9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c";
    auto found = e.scan_text("app/.env", token);
    ASSERT_EQ(found.size(), 1U);
    EXPECT_EQ(found[0].rule->severity, check::Severity::Critical);
    EXPECT_EQ(found[0].match, "svc_token = 9f2c****************");
    EXPECT_TRUE(e.scan_text("app/.env", "svc_token = " + std::string(32, '0')).empty());
    EXPECT_TRUE(e.scan_text("srv/fixtures/.env", token).empty());
    EXPECT_TRUE(e.scan_text("app/.env", "BEGIN-IGNORE\n" + token + "\nEND-IGNORE").empty());
    EXPECT_EQ(e.scan_text("app/.env", "BEGIN-IGNORE\nEND-IGNORE\n" + token).size(), 1U);
}

// A custom rule's `path:` limits it to the files whose path matches (Trivy's rule shape).
TEST(SecretEngine, CustomRulePathLimitsTheFiles) {
    auto config = parse_config(R"(rules:
  - id: env-token
    category: internal
    title: Token in an env file
    regex: tok_(?P<secret>[a-z0-9]{24})
    keywords: [tok_]
    path: \.env$
)",
                               "secret.yaml");
    ASSERT_TRUE(config.has_value()) << config.error().message;
    auto engine = Engine::create(*config);
    ASSERT_TRUE(engine.has_value()) << engine.error().message;
    const std::string token = "tok_9f2c4e6a8b0d1f3e5a7c9b1d";
    const auto ids = [&](std::string_view path) {
        std::vector<std::string> out;
        for (const auto& f : (*engine)->scan_text(path, token)) out.push_back(f.rule_id);
        return out;
    };
    EXPECT_EQ(ids("srv/app/.env"), std::vector<std::string>{"env-token"});
    EXPECT_TRUE(ids("srv/app/config.yaml").empty());
}

// Custom rules compile when the engine is made, so a bad one fails before any file is read.
TEST(SecretEngine, CustomRuleErrorsComeFromCreate) {
    Config config;
    Rule bad;
    bad.id = "bad";
    bad.regex = "(unclosed";
    bad.keywords = {"x"};
    config.rules.push_back(bad);
    auto engine = Engine::create(config);
    ASSERT_FALSE(engine.has_value());
    EXPECT_NE(engine.error().where.find("secret rule bad"), std::string::npos);
    Config group;
    Rule nogroup;
    nogroup.id = "nogroup";
    nogroup.regex = "a(b)";
    nogroup.secret_group = "secret";
    nogroup.keywords = {"a"};
    group.rules.push_back(nogroup);
    auto g = Engine::create(group);
    ASSERT_FALSE(g.has_value());
    EXPECT_NE(g.error().message.find("secret-group-name"), std::string::npos);
}

TEST(SecretEngine, ConfigErrorsNameFileAndLine) {
    auto bad_sev = parse_config("rules:\n  - id: a\n    regex: x\n    severity: huge\n", "s.yaml");
    ASSERT_FALSE(bad_sev.has_value());
    EXPECT_EQ(bad_sev.error().where, "s.yaml:4");
    auto no_regex = parse_config("rules:\n  - id: a\n", "s.yaml");
    ASSERT_FALSE(no_regex.has_value());
    EXPECT_EQ(no_regex.error().where, "s.yaml:2");
    auto not_yaml = parse_config("rules: [\n", "s.yaml");
    ASSERT_FALSE(not_yaml.has_value());
    EXPECT_NE(not_yaml.error().where.find("s.yaml:"), std::string::npos);
    auto deep = parse_config(std::string(100, '[') + std::string(100, ']'), "s.yaml");
    EXPECT_FALSE(deep.has_value());
    auto bad_re = parse_config("rules:\n  - id: a\n    regex: '(unclosed'\n", "s.yaml");
    ASSERT_TRUE(bad_re.has_value());
    auto engine = Engine::create(*bad_re);
    ASSERT_FALSE(engine.has_value());
    EXPECT_NE(engine.error().where.find("secret rule a"), std::string::npos);
    auto bad_group =
        parse_config("rules:\n  - id: a\n    regex: x(y)\n    secret-group-name: s\n", "s.yaml");
    ASSERT_TRUE(bad_group.has_value());
    EXPECT_FALSE(Engine::create(*bad_group).has_value());
}

TEST(SecretEngine, TrivyConfigShapeLoads) {
    // Trivy's own test config (shared data), when present.
    const char* data = std::getenv("BERTH_SHARED_DATA");
    if (data == nullptr) GTEST_SKIP() << "BERTH_SHARED_DATA absent: secrets/trivy/testdata";
    auto config = load_config(std::filesystem::path(data) / "secrets/trivy/testdata/config.yaml");
    ASSERT_TRUE(config.has_value()) << config.error().message;
    ASSERT_EQ(config->rules.size(), 1U);
    EXPECT_EQ(config->rules[0].secret_group, "secret");
    auto engine = Engine::create(*config);
    ASSERT_TRUE(engine.has_value());
    auto found = (*engine)->scan_text("secret.txt", "generic secret line secret=\"somevalue\"");
    ASSERT_FALSE(found.empty());
    EXPECT_EQ(found[0].rule_id, "rule1");
}

}  // namespace
}  // namespace berth::secret

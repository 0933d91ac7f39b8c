// SPDX-License-Identifier: Apache-2.0
// Policy YAML: the shipped policies load; every mistake is an error at FILE:LINE:COLUMN; roles
// resolve `extends`; the matcher's patterns.
#include "authz/policy.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace berth::authz {
namespace {

const std::string kMinimal = "users: {bob: [read-only]}\n";

TEST(AuthzPolicy, ShippedPoliciesLoad) {
    for (const char* name : {"seed-policy.yaml", "strict-policy.yaml"}) {
        const std::string path = std::string(BERTH_SOURCE_DIR) + "/contrib/authz/" + name;
        auto p = load_policy(path);
        ASSERT_TRUE(p.has_value()) << p.error().to_string();
        EXPECT_EQ(p->users.at("alice"), std::vector<std::string>{"container-admin"});
        EXPECT_EQ(p->users.at("bob"), std::vector<std::string>{"read-only"});
        const Role& ca = p->roles.at("container-admin");
        EXPECT_FALSE(ca.admin);
        EXPECT_GT(ca.allow.size(), 30U);  // its own rules plus read-only's
    }
    auto strict = load_policy(std::string(BERTH_SOURCE_DIR) + "/contrib/authz/strict-policy.yaml");
    ASSERT_TRUE(strict.has_value());
    EXPECT_EQ(strict->anonymous_role, "");
    EXPECT_TRUE(strict->groups_from_organization);
    EXPECT_EQ(strict->images.allowed_registries.size(), 2U);
    ASSERT_EQ(strict->notes.size(), 2U);
    EXPECT_NE(strict->notes[0].find("not enforced yet"), std::string::npos);
    EXPECT_EQ(strict->members.at("carol"), std::vector<std::string>{"auditors"});
}

TEST(AuthzPolicy, ErrorsPointAtTheLine) {
    struct Case {
        std::string yaml, where, message;
    };
    const Case cases[] = {
        {"users: {bob: [read-only]}\nalow: 1\n", "p.yaml:2:1", "unknown key 'alow'"},
        {"users:\n  bob: [reader]\n", "p.yaml:2:8", "unknown role 'reader'"},
        {"roles:\n  r:\n    alow: []\nusers: {bob: [r]}\n", "p.yaml:3:5",
         "unknown key 'alow' in a role (did you mean 'allow'?)"},
        {"roles:\n  r:\n    allow:\n      - {method: GET}\nusers: {bob: [r]}\n", "p.yaml:4:9",
         "a rule needs a path"},
        {"roles:\n  r:\n    allow: [{path: containers}]\n", "p.yaml:3:20",
         "path must start with '/'"},
        {"roles:\n  r:\n    runtime: {RT999: on}\n", "p.yaml:3:15",
         "no runtime rule is called 'RT999'"},
        {"roles:\n  r:\n    runtime: {RT001: maybe}\n", "p.yaml:3:22",
         "runtime rule mode must be on, off or warn"},
        {"roles:\n  r:\n    runtime: {deny-at: severe}\n", "p.yaml:3:24",
         "unknown severity 'severe'"},
        {"roles:\n  admin: {}\n", "p.yaml:2:3", "role 'admin' is built in"},
        {"roles:\n  a: {extends: [b]}\n  b: {extends: [a]}\nusers: {x: [a]}\n", "p.yaml:", "cycle"},
        {"roles:\n  a: {extends: [nope]}\n", "p.yaml:2:16", "extends unknown role 'nope'"},
        {"anonymous: root\n", "p.yaml:1:12", "anonymous must be deny or a role"},
        {"identity: {user: email}\n" + kMinimal, "p.yaml:1:18", "identity.user must be cn or san"},
        {"limits: {max-body: lots}\n" + kMinimal, "p.yaml:1:20", "max-body must be a number"},
        {"users: {bob: [read-only]}\nusers: {}\n", "p.yaml:2:1", "duplicate"},
        {"users: [bob\n", "p.yaml:", ""},
        {"", "p.yaml", "the policy is empty"},
        {"version: 1\n", "p.yaml", "names no users, groups or anonymous role"},
    };
    for (const auto& c : cases) {
        auto p = parse_policy(c.yaml, "p.yaml");
        ASSERT_FALSE(p.has_value()) << c.yaml;
        EXPECT_EQ(p.error().code, ErrorCode::Format) << c.yaml;
        EXPECT_EQ(p.error().where.substr(0, c.where.size()), c.where)
            << c.yaml << " → " << p.error().to_string();
        EXPECT_NE(p.error().message.find(c.message), std::string::npos)
            << c.yaml << " → " << p.error().to_string();
    }
}

TEST(AuthzPolicy, ExtendsInheritsRulesAndRuntime) {
    auto p = parse_policy(
        "roles:\n"
        "  base: {allow: [{method: POST, path: /a}], runtime: {default: off, RT001: on}}\n"
        "  child: {extends: [base, operator], allow: [{path: /b}]}\n"
        "  own: {extends: [base], runtime: {deny-at: none, default: warn}}\n"
        "users: {u: [child], v: {roles: [own]}}\n"
        "groups: {g: {members: [u], roles: [auditor]}}\n",
        "p.yaml");
    ASSERT_TRUE(p.has_value()) << p.error().to_string();
    const Role& child = p->roles.at("child");
    EXPECT_EQ(child.allow.front().path, "/b");
    EXPECT_EQ(child.allow.front().methods, std::vector<std::string>{});
    EXPECT_EQ(child.owner_label, "berth.owner");   // from operator
    EXPECT_EQ(child.runtime.fallback, Mode::Off);  // from base, the first parent
    EXPECT_EQ(child.runtime.by_id.at("RT001"), Mode::On);
    const Role& own = p->roles.at("own");
    EXPECT_EQ(own.runtime.fallback, Mode::Warn);
    EXPECT_FALSE(own.runtime.deny_at.has_value());
    EXPECT_EQ(p->users.at("v"), std::vector<std::string>{"own"});
    EXPECT_EQ(p->groups.at("g"), std::vector<std::string>{"auditor"});
}

TEST(AuthzPolicy, PathPatterns) {
    struct Case {
        std::string pattern, path;
        bool match;
    };
    const Case cases[] = {
        {"/containers/*/start", "/containers/abc/start", true},
        {"/containers/*/start", "/containers/start", false},
        {"/containers/*/start", "/containers/a/b/start", false},
        {"/images/**/json", "/images/docker.io/library/alpine:3/json", true},
        {"/images/**/json", "/images/json", true},
        {"/**", "/anything/at/all", true},
        {"/**", "/", true},
        {"/containers/c-*", "/containers/c-web", true},
        {"/containers/c-*", "/containers/web", false},
        {"/_ping", "/_ping", true},
        {"/_ping", "/_ping/x", false},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(path_matches(c.pattern, c.path), c.match) << c.pattern << " ~ " << c.path;
    }
}

TEST(AuthzPolicy, QueryConditionsReadTheFirstValueToAllowAndAnyToDeny) {
    auto uri = normalize_uri("/containers/x?force=0&force=1");
    ASSERT_TRUE(uri.has_value());
    const PathRule r{{"DELETE"}, "/containers/*", {{"force", "1"}}, "t"};
    EXPECT_FALSE(rule_matches(r, "DELETE", *uri, false));
    EXPECT_TRUE(rule_matches(r, "DELETE", *uri, true));
    EXPECT_FALSE(rule_matches(r, "GET", *uri, true));
}

TEST(AuthzPolicy, RuntimeModes) {
    RuntimeModes m;
    check::RuleInfo high;
    high.id = "runtime/RT001";
    high.severity = check::Severity::High;
    check::RuleInfo low;
    low.id = "runtime/RT020";
    low.severity = check::Severity::Low;
    EXPECT_EQ(m.mode_of(high), Mode::On);
    EXPECT_EQ(m.mode_of(low), Mode::Warn);
    m.by_id["RT001"] = Mode::Off;
    m.deny_at = check::Severity::Low;
    EXPECT_EQ(m.mode_of(high), Mode::Off);
    EXPECT_EQ(m.mode_of(low), Mode::On);
}

}  // namespace
}  // namespace berth::authz

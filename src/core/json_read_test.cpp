// SPDX-License-Identifier: Apache-2.0
#include "core/json_read.hpp"

#include <gtest/gtest.h>

namespace berth::json_read {
namespace {

nlohmann::json doc() {
    return nlohmann::json::parse(R"({
        "config": {"User": "app", "Env": ["A=1", 7], "Labels": null, "Port": 80, "Tty": true},
        "history": [{"created_by": "RUN x"}],
        "a.b": 3
    })");
}

TEST(JsonRead, ParseErrorsNameTheDocumentAndByte) {
    auto r = parse("{\"a\": ", "blob sha256:ab");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Format);
    EXPECT_EQ(r.error().where, "blob sha256:ab");
    EXPECT_NE(r.error().message.find("at byte"), std::string::npos);
    EXPECT_TRUE(parse("[1]", "x"));
}

TEST(JsonRead, ParseBuildsTheSameDocumentAsNlohmann) {
    const std::string text = R"({"a": [1, -2, 3.5, 18446744073709551615, "s", true, false, null,
        {"b": {"c": [[], {}, [{"d": "\u00e9"}]]}}], "e": {}, "f": "x", "a2": [[1], [2, [3]]],
        "dup": 1, "dup": 2})";
    auto got = parse(text, "x");
    ASSERT_TRUE(got) << got.error().message;
    EXPECT_EQ(*got, nlohmann::json::parse(text));
    for (const char* scalar : {"1", "\"s\"", "null", "true", "-0.5"}) {
        auto one = parse(scalar, "x");
        ASSERT_TRUE(one) << scalar;
        EXPECT_EQ(*one, nlohmann::json::parse(scalar)) << scalar;
    }
}

TEST(JsonRead, SyntaxErrorsKeepNlohmannsByte) {
    SyntaxError syntax;
    auto r = parse("[1, 2,, 3]", "doc", Limits{}, &syntax);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "not valid JSON (at byte 7)");
    EXPECT_EQ(syntax.byte, 7U);
    EXPECT_NE(syntax.detail.find("parse error"), std::string::npos) << syntax.detail;
    for (const char* bad : {"", "[", "{\"a\" 1}", "[1]x", "\"\\ud800\""}) {
        auto b = parse(bad, "doc");
        ASSERT_FALSE(b) << bad;
        EXPECT_EQ(b.error().code, ErrorCode::Format) << bad;
    }
}

// Issue 11: 100 MB of nested arrays in a valid OSV or CycloneDX document cost 1.8-3.9 GB, as the
// DOM costs ~40x the text. The limits stop the parse at the first value over them.
TEST(JsonRead, DepthLimit) {
    const auto nested = [](std::size_t depth) {
        return std::string(depth, '[') + std::string(depth, ']');
    };
    EXPECT_TRUE(parse(nested(4), "x", Limits{4, 100}));
    auto r = parse(nested(5), "x", Limits{4, 100});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::LimitExceeded);
    EXPECT_EQ(r.error().message, "JSON nested deeper than 4 levels (--max-json-depth)");
    EXPECT_EQ(r.error().where, "x");
    EXPECT_FALSE(parse("{\"a\": {\"b\": {\"c\": [1]}}}", "x", Limits{3, 100}));
    EXPECT_TRUE(parse("{\"a\": {\"b\": {\"c\": [1]}}}", "x", Limits{4, 100}));
    // Deep documents far past the stack's reach parse when the limit allows (no recursion).
    EXPECT_TRUE(parse(nested(200'000), "x", Limits{200'000, 1'000'000}));
}

TEST(JsonRead, ValueLimitCountsScalarsContainersAndKeys) {
    // [1, 2, {"a": []}] = array, 1, 2, object, key a, array: 6 values.
    const std::string text = "[1, 2, {\"a\": []}]";
    EXPECT_TRUE(parse(text, "x", Limits{10, 6}));
    auto r = parse(text, "x", Limits{10, 5});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::LimitExceeded);
    EXPECT_EQ(r.error().message, "JSON document has more than 5 values (--max-json-values)");
    // A wide array of objects (nlohmann's callback parser is quadratic on it; this is not).
    std::string wide = "[";
    for (int i = 0; i < 100'000; ++i) wide += i == 0 ? "{}" : ",{}";
    wide += "]";
    auto w = parse(wide, "x", Limits{10, 100'001});
    ASSERT_TRUE(w);
    EXPECT_EQ(w->size(), 100'000U);
    EXPECT_FALSE(parse(wide, "x", Limits{10, 100'000}));
}

TEST(JsonRead, DefaultLimitsAreProcessWide) {
    const Limits saved = default_limits();
    EXPECT_EQ(saved.max_depth, Limits{}.max_depth);
    set_default_limits(Limits{2, 50});
    EXPECT_FALSE(parse("[[[1]]]", "x"));
    EXPECT_TRUE(parse("[[1]]", "x"));
    set_default_limits(saved);
    EXPECT_TRUE(parse("[[[1]]]", "x"));
}

TEST(JsonRead, OptionalReadsDefaultOnAbsentAndNull) {
    const auto d = doc();
    Cursor root(d, "cfg");
    EXPECT_EQ(*root["config"].opt_string("User"), "app");
    EXPECT_EQ(*root["config"].opt_string("Missing"), "");
    EXPECT_EQ(*root["config"].opt_int("Port"), 80);
    EXPECT_EQ(*root["nothing"]["deeper"].opt_int("x", 5), 5);
    EXPECT_TRUE(*root["config"].opt_bool("Tty"));
    EXPECT_FALSE(root["config"]["Labels"].present());
    EXPECT_TRUE(root["config"].opt_object("Labels"));
}

TEST(JsonRead, WrongTypesNameTheJsonPath) {
    const auto d = doc();
    Cursor root(d, "cfg");
    auto user = root.opt_string("config");
    ASSERT_FALSE(user);
    EXPECT_EQ(user.error().message, "$.config: expected a string, got object");
    EXPECT_EQ(user.error().where, "cfg");
    auto env = root["config"].opt_strings("Env");
    ASSERT_FALSE(env);
    EXPECT_EQ(env.error().message, "$.config.Env[1]: expected a string, got number");
    auto port = root["config"].opt_string("Port");
    ASSERT_FALSE(port);
    EXPECT_EQ(port.error().message, "$.config.Port: expected a string, got number");
    auto odd = root.opt_string("a.b");
    ASSERT_FALSE(odd);
    EXPECT_EQ(odd.error().message, "$[\"a.b\"]: expected a string, got number");
    EXPECT_EQ(root["history"][0].req_string("created_by").value(), "RUN x");
    auto missing = root["history"][3].req_string("created_by");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().message, "$.history[3].created_by: missing");
}

TEST(JsonRead, ElementsAndMembers) {
    const auto d = doc();
    Cursor root(d, "cfg");
    auto hist = root["history"].elements();
    ASSERT_TRUE(hist);
    ASSERT_EQ(hist->size(), 1U);
    EXPECT_EQ((*hist)[0].path(), "$.history[0]");
    EXPECT_FALSE(root["config"].elements());
    auto members = root["config"].members();
    ASSERT_TRUE(members);
    EXPECT_EQ(members->front().first, "Env");
    EXPECT_EQ(members->front().second.path(), "$.config.Env");
}

TEST(JsonRead, LenientReadsIgnoreWrongTypes) {
    const auto d = doc();
    Cursor c = Cursor(d, "engine")["config"];
    EXPECT_EQ(c.string_or("Port", "none"), "none");
    EXPECT_EQ(c.int_or("Port"), 80);
    EXPECT_EQ(c.int_or("User", -1), -1);
    EXPECT_TRUE(c.bool_or("Tty"));
    EXPECT_EQ(c.strings_or_empty("Env"), std::vector<std::string>{"A=1"});
    EXPECT_TRUE(c.strings_or_empty("User").empty());
}

}  // namespace
}  // namespace berth::json_read

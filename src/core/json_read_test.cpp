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

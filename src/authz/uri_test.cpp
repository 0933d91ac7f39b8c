// SPDX-License-Identifier: Apache-2.0
// URI normalisation: every spelling dockerd routes to an endpoint normalises to that endpoint.
#include "authz/uri.hpp"

#include <gtest/gtest.h>

#include "authz/request.hpp"

namespace berth::authz {
namespace {

TEST(AuthzUri, NormalisesTheWayTheRouterSees) {
    struct Case {
        std::string raw, path, version;
    };
    const Case cases[] = {
        {"/_ping", "/_ping", ""},
        {"/v1.41/containers/json?all=1", "/containers/json", "1.41"},
        {"/v1.24/containers/c-root/json", "/containers/c-root/json", "1.24"},
        {"//containers//create", "/containers/create", ""},
        {"/v1.41/containers%2Fcreate", "/containers/create", "1.41"},
        {"/v1.41/containers%2fcreate", "/containers/create", "1.41"},
        {"/%761.41/containers/create", "/containers/create", "1.41"},
        {"/v1.41/containers/create/", "/containers/create", "1.41"},
        {"/v1.41/./containers/x/../create", "/containers/create", "1.41"},
        {"/../../containers/create", "/containers/create", ""},
        {"/v1/containers/json", "/containers/json", "1"},
        {"http://docker/v1.41/info", "/info", "1.41"},
        {"/v1.41/images/docker.io/library/alpine:3.19/json",
         "/images/docker.io/library/alpine:3.19/json", "1.41"},
        {"/vfoo/containers/json", "/vfoo/containers/json", ""},
        {"/", "/", ""},
    };
    for (const auto& c : cases) {
        auto u = normalize_uri(c.raw);
        ASSERT_TRUE(u.has_value()) << c.raw << ": " << u.error().to_string();
        EXPECT_EQ(u->path, c.path) << c.raw;
        EXPECT_EQ(u->version, c.version) << c.raw;
    }
}

TEST(AuthzUri, QueryKeepsEveryValueAndReadsTheFirst) {
    auto u =
        normalize_uri("/v1.41/build?networkmode=default&networkmode=host&t=a%2Fb%3A1&x=a+b&flag");
    ASSERT_TRUE(u.has_value());
    EXPECT_EQ(u->first("networkmode"), "default");
    EXPECT_EQ(u->all("networkmode"), (std::vector<std::string>{"default", "host"}));
    EXPECT_EQ(u->first("t"), "a/b:1");
    EXPECT_EQ(u->first("x"), "a b");
    EXPECT_EQ(u->all("flag"), (std::vector<std::string>{""}));
    EXPECT_TRUE(u->all("absent").empty());
}

TEST(AuthzUri, BadUrisAreErrors) {
    for (const char* raw : {"containers/json", "", "/v1.41/containers%2", "/containers%zz/json",
                            "/containers%00/json", "/x?a=%G1"}) {
        auto u = normalize_uri(raw);
        EXPECT_FALSE(u.has_value()) << raw;
        if (!u) {
            EXPECT_EQ(u.error().code, ErrorCode::Format) << raw;
        }
    }
}

TEST(AuthzUri, MethodAndVersion) {
    EXPECT_EQ(normalize_method(" get "), "GET");
    EXPECT_EQ(normalize_method("Post"), "POST");
    EXPECT_TRUE(version_below("1.23", "1.24"));
    EXPECT_TRUE(version_below("1.9", "1.24"));
    EXPECT_FALSE(version_below("1.41", "1.24"));
    EXPECT_FALSE(version_below("1.24", "1.24"));
    EXPECT_TRUE(version_below("0.99", "1.0"));
}

TEST(AuthzRequest, MediaTypeParsesParameters) {
    EXPECT_EQ(media_type("application/json"), "application/json");
    EXPECT_EQ(media_type("Application/JSON; charset=utf-8"), "application/json");
    EXPECT_EQ(media_type(" application/json ;x=y"), "application/json");
    EXPECT_EQ(media_type("text/plain"), "text/plain");
    EXPECT_EQ(media_type(""), std::nullopt);
    EXPECT_EQ(media_type("json"), std::nullopt);
    EXPECT_EQ(media_type("application/"), std::nullopt);
}

TEST(AuthzRequest, ParsesTheWireFields) {
    auto r = parse_authz_request(
        R"({"User":"alice","UserAuthNMethod":"TLS","RequestMethod":"POST",)"
        R"("RequestUri":"/v1.41/containers/create","RequestBody":"eyJJbWFnZSI6ImEifQ==",)"
        R"("RequestHeaders":{"Content-Type":"application/json","Content-Length":"13"}})");
    ASSERT_TRUE(r.has_value()) << r.error().to_string();
    EXPECT_EQ(r->user, "alice");
    EXPECT_EQ(r->authn_method, "TLS");
    EXPECT_EQ(r->method, "POST");
    EXPECT_TRUE(r->has_body);
    EXPECT_EQ(r->body, R"({"Image":"a"})");
    EXPECT_EQ(r->header("content-type"), "application/json");
    EXPECT_EQ(r->header("content-length"), "13");
    EXPECT_FALSE(r->is_response);
    auto res = parse_authz_request(
        R"({"RequestMethod":"GET","RequestUri":"/_ping","ResponseStatusCode":200})");
    ASSERT_TRUE(res.has_value());
    EXPECT_TRUE(res->is_response);
    EXPECT_FALSE(res->has_body);
}

TEST(AuthzRequest, BadWireInputNamesThePath) {
    struct Case {
        std::string json, message;
    };
    const Case cases[] = {
        {R"({"RequestUri":"/x"})", "$.RequestMethod: missing"},
        {R"({"RequestMethod":1,"RequestUri":"/x"})",
         "$.RequestMethod: expected a string, got number"},
        {R"({"RequestMethod":"GET","RequestUri":"/x","RequestBody":"***"})",
         "$.RequestBody: not valid base64"},
        {R"({"RequestMethod":"GET","RequestUri":"/x","RequestHeaders":{"A":1}})",
         "$.RequestHeaders.A: expected a string header value"},
        {R"([])", "$: expected a JSON object"},
    };
    for (const auto& c : cases) {
        auto r = parse_authz_request(c.json);
        ASSERT_FALSE(r.has_value()) << c.json;
        EXPECT_NE(r.error().message.find(c.message), std::string::npos)
            << c.json << " → " << r.error().message;
    }
    auto big = parse_authz_request(
        R"({"RequestMethod":"POST","RequestUri":"/x","RequestBody":"QUJDREVGR0g="})",
        RequestLimits{4});
    ASSERT_FALSE(big.has_value());
    EXPECT_EQ(big.error().code, ErrorCode::LimitExceeded);
}

}  // namespace
}  // namespace berth::authz

// SPDX-License-Identifier: Apache-2.0
#include "image/registry/auth.hpp"

#include <gtest/gtest.h>

#include "image/registry/client.hpp"
#include "net/http.hpp"

namespace berth::image::registry {
namespace {

struct ChallengeCase {
    std::string name;
    std::string header;
    std::vector<Challenge> want;
};

TEST(RegistryAuth, ParsesChallenges) {
    const std::vector<ChallengeCase> cases = {
        {"docker_hub_bearer",
         R"(Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull")",
         {{"bearer",
           {{"realm", "https://auth.docker.io/token"},
            {"service", "registry.docker.io"},
            {"scope", "repository:library/alpine:pull"}}}}},
        {"basic_distribution",
         R"(Basic realm="berth-test")",
         {{"basic", {{"realm", "berth-test"}}}}},
        {"two_challenges",
         R"(Basic realm="a", Bearer realm="https://t/x", service=reg)",
         {{"basic", {{"realm", "a"}}}, {"bearer", {{"realm", "https://t/x"}, {"service", "reg"}}}}},
        {"case_and_spaces",
         R"(  BEARER  Realm = "r" ,  Service="s")",
         {{"bearer", {{"realm", "r"}, {"service", "s"}}}}},
        {"escaped_quote", R"(Bearer realm="a\"b")", {{"bearer", {{"realm", "a\"b"}}}}},
        {"token68_then_challenge",
         "Negotiate abc==, Basic realm=x",
         {{"negotiate", {}}, {"basic", {{"realm", "x"}}}}},
        {"empty", "", {}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto got = parse_challenges(c.header);
        ASSERT_TRUE(got) << got.error().to_string();
        ASSERT_EQ(got->size(), c.want.size());
        for (std::size_t i = 0; i < c.want.size(); ++i) {
            EXPECT_EQ((*got)[i].scheme, c.want[i].scheme);
            EXPECT_EQ((*got)[i].params, c.want[i].params);
        }
    }
}

TEST(RegistryAuth, RejectsMalformedChallenges) {
    for (std::string bad : {R"(Bearer realm="unterminated)", "Bearer realm=a b=c=", "=x",
                            "Bearer realm=\"a\" junk\x01"}) {
        SCOPED_TRACE(bad);
        auto got = parse_challenges(bad);
        ASSERT_FALSE(got);
        EXPECT_EQ(got.error().code, ErrorCode::Format);
    }
}

TEST(RegistryAuth, Base64RoundTrips) {
    for (const std::string& s : std::vector<std::string>{"", "a", "ab", "abc", "alice:s3cret",
                                                         std::string("\0\xff\x10", 3)}) {
        auto d = base64_decode(base64_encode(s));
        ASSERT_TRUE(d);
        EXPECT_EQ(*d, s);
    }
    EXPECT_EQ(base64_encode("alice:s3cret"), "YWxpY2U6czNjcmV0");
    EXPECT_FALSE(base64_decode("a*b"));
}

struct ConfigCase {
    std::string name;
    std::string config;
    std::string host;
    std::optional<Credentials> want;
};

TEST(RegistryAuth, DockerConfigCredentials) {
    const std::vector<ConfigCase> cases = {
        {"auth_base64", R"({"auths":{"reg.example:5000":{"auth":"YWxpY2U6czNjcmV0"}}})",
         "reg.example:5000", Credentials{"alice", "s3cret"}},
        {"url_key", R"({"auths":{"https://reg.example/v1/":{"auth":"YWxpY2U6czNjcmV0"}}})",
         "reg.example", Credentials{"alice", "s3cret"}},
        {"docker_hub_key",
         R"({"auths":{"https://index.docker.io/v1/":{"auth":"YWxpY2U6czNjcmV0"}}})", "docker.io",
         Credentials{"alice", "s3cret"}},
        {"password_colon", R"({"auths":{"r":{"auth":"YTpiOmM="}}})", "r", Credentials{"a", "b:c"}},
        {"identity_token", R"({"auths":{"r":{"auth":"","identitytoken":"tok"}}})", "r",
         Credentials{"<token>", "tok"}},
        {"other_host", R"({"auths":{"other":{"auth":"YWxpY2U6czNjcmV0"}}})", "r", std::nullopt},
        {"empty", "{}", "r", std::nullopt},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto got = credentials_from_docker_config(c.config, c.host, "config.json");
        ASSERT_TRUE(got) << got.error().to_string();
        ASSERT_EQ(got->has_value(), c.want.has_value());
        if (c.want) {
            EXPECT_EQ((*got)->username, c.want->username);
            EXPECT_EQ((*got)->password, c.want->password);
        }
    }
    for (std::string bad : {"[", "[]", R"({"auths":{"r":{"auth":"***"}}})",
                            R"({"auths":{"r":{"auth":"bm9jb2xvbg=="}}})"}) {
        SCOPED_TRACE(bad);
        auto got = credentials_from_docker_config(bad, "r", "config.json");
        ASSERT_FALSE(got);
        EXPECT_EQ(got.error().code, ErrorCode::Format);
        EXPECT_NE(got.error().where.find("config.json"), std::string::npos);
    }
}

TEST(RegistryAuth, MissingCredentialHelperIsNotFound) {
    auto got = run_credential_helper("berth-no-such-helper", "r");
    ASSERT_FALSE(got);
    EXPECT_EQ(got.error().code, ErrorCode::NotFound);
    EXPECT_NE(got.error().message.find("docker-credential-berth-no-such-helper"),
              std::string::npos);
}

TEST(RegistryHttp, RetryAfterAndRetryableStatuses) {
    EXPECT_EQ(net::parse_retry_after("3"), std::chrono::seconds(3));
    EXPECT_EQ(net::parse_retry_after(" 0 "), std::chrono::seconds(0));
    EXPECT_EQ(net::parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
              std::chrono::seconds(0));  // past
    EXPECT_FALSE(net::parse_retry_after("soon"));
    EXPECT_FALSE(net::parse_retry_after(""));
    for (long s : {429L, 500L, 502L, 503L, 504L}) EXPECT_TRUE(net::retryable_status(s)) << s;
    for (long s : {200L, 401L, 404L, 501L, 505L}) EXPECT_FALSE(net::retryable_status(s)) << s;
}

TEST(RegistryClient, EndpointCandidates) {
    RegistryOptions opt;
    EXPECT_EQ(endpoint_candidates("ghcr.io", opt), std::vector<std::string>{"https://ghcr.io"});
    EXPECT_EQ(endpoint_candidates("127.0.0.1:5000", opt),
              (std::vector<std::string>{"https://127.0.0.1:5000", "http://127.0.0.1:5000"}));
    EXPECT_EQ(endpoint_candidates("localhost", opt),
              (std::vector<std::string>{"https://localhost", "http://localhost"}));
    EXPECT_EQ(endpoint_candidates("docker.io", opt),
              std::vector<std::string>{"https://registry-1.docker.io"});
    opt.insecure_registries = {"reg.lan:5000"};
    opt.mirrors = {"mirror.lan:5000/", "http://m2"};
    EXPECT_EQ(endpoint_candidates("reg.lan:5000", opt),
              (std::vector<std::string>{"https://reg.lan:5000", "http://reg.lan:5000"}));
    EXPECT_EQ(endpoint_candidates("docker.io", opt),
              (std::vector<std::string>{"https://mirror.lan:5000", "http://m2",
                                        "https://registry-1.docker.io"}));
    EXPECT_TRUE(is_loopback_host("[::1]:5000"));
    EXPECT_TRUE(is_loopback_host("127.0.0.2"));
    EXPECT_FALSE(is_loopback_host("10.0.0.1:5000"));
}

}  // namespace
}  // namespace berth::image::registry

// SPDX-License-Identifier: Apache-2.0
// DOCKER_HOST-style endpoints, and what a dead socket gives back.
#include "audit/collect/engine_client.hpp"

#include <gtest/gtest.h>

namespace berth::audit {
namespace {

TEST(EngineClient, ParseEndpoint) {
    auto u = parse_endpoint("unix:///run/user/1000/docker.sock");
    ASSERT_TRUE(u.has_value());
    EXPECT_EQ(u->unix_path, "/run/user/1000/docker.sock");
    EXPECT_EQ(u->base, "http://localhost");
    auto t = parse_endpoint("tcp://10.0.0.1:2375");
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(t->base, "http://10.0.0.1:2375");
    EXPECT_TRUE(t->unix_path.empty());
    auto tls = parse_endpoint("tcp://docker.example:2376", "/home/u/.docker");
    ASSERT_TRUE(tls.has_value());
    EXPECT_EQ(tls->base, "https://docker.example:2376");
    EXPECT_EQ(tls->cert_dir, "/home/u/.docker");
    for (const char* bad :
         {"", "unix://", "tcp://", "http://x", "ssh://user@host", "/var/run/docker.sock"}) {
        auto e = parse_endpoint(bad);
        ASSERT_FALSE(e.has_value()) << bad;
        EXPECT_EQ(e.error().code, ErrorCode::InvalidArgument) << bad;
        EXPECT_EQ(e.error().where, bad);
    }
}

TEST(EngineClient, DeadSocketIsAnIoError) {
    auto e = parse_endpoint("unix:///nonexistent/berth/docker.sock");
    ASSERT_TRUE(e.has_value());
    auto r = engine_get(*e, "/version");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::Io);
    EXPECT_NE(r.error().message.find("cannot reach the Docker daemon"), std::string::npos)
        << r.error().message;
    EXPECT_EQ(r.error().where, "unix:///nonexistent/berth/docker.sock");
}

}  // namespace
}  // namespace berth::audit

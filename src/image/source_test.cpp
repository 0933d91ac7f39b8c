// SPDX-License-Identifier: Apache-2.0
// parse_source_spec: which specs are transports, registry references or mistyped prefixes.
#include "image/source.hpp"

#include <gtest/gtest.h>

#include <string>

namespace berth::image {
namespace {

struct SpecCase {
    const char* name;
    const char* spec;
    const char* kind;      // expected kind, or "" when an InvalidArgument error is expected
    const char* selector;  // expected selector (registry: the normalized reference)
};

class SourceSpecParse : public testing::TestWithParam<SpecCase> {};

TEST_P(SourceSpecParse, KindOrUsageError) {
    const SpecCase& c = GetParam();
    auto r = parse_source_spec(c.spec);
    if (std::string(c.kind).empty()) {
        ASSERT_FALSE(r) << c.spec << " parsed as " << r->kind;
        EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument) << r.error().to_string();
        EXPECT_NE(r.error().message.find("Known prefixes: docker-archive:"), std::string::npos)
            << r.error().message;
        return;
    }
    ASSERT_TRUE(r) << c.spec << ": " << r.error().to_string();
    EXPECT_EQ(r->kind, c.kind);
    EXPECT_EQ(r->selector, c.selector);
}

const SpecCase kSpecCases[] = {
    // Registry references: a tag form, a host with a dot, a port or localhost.
    {"NameTag", "alpine:3.19", "registry", "docker.io/library/alpine:3.19"},
    {"NameTagDigest",
     "alpine:3.19@sha256:"
     "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
     "registry",
     "docker.io/library/"
     "alpine:3.19@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},
    {"HostPort", "host:5000/x", "registry", "host:5000/x:latest"},
    {"HostPortTag", "127.0.0.1:5000/test/alpine:3.11", "registry",
     "127.0.0.1:5000/test/alpine:3.11"},
    {"Localhost", "localhost:5000/x:1", "registry", "localhost:5000/x:1"},
    {"DottedHost", "registry.example/x:1", "registry", "registry.example/x:1"},
    {"ShortNameNearOci", "ubi:8", "registry", "docker.io/library/ubi:8"},
    {"DockerImageTag", "docker:24", "registry", "docker.io/library/docker:24"},
    // Transports.
    {"DockerTransport", "docker://alpine:3.19", "docker", "alpine:3.19"},
    {"Daemon", "docker-daemon:app:latest", "docker-daemon", "app:latest"},
    // Mistyped transports: usage errors, never a Docker Hub lookup.
    {"DockerArchiveTypo", "dockr-archive:x.tar", "", ""},
    {"OciArchiveTypo", "oci-archiv:x.tar", "", ""},
    {"RootfsTypo", "rootf:dir", "", ""},
    {"DaemonTypo", "docker-deamon:app", "", ""},
    {"UnknownWordWithPath", "archive:./x.tar", "", ""},
    {"UnknownWordWithAbsolutePath", "tarball:/tmp/none/x.tar", "", ""},
    {"UnknownWordEmptyRest", "foo:", "", ""},
};

INSTANTIATE_TEST_SUITE_P(Specs, SourceSpecParse, testing::ValuesIn(kSpecCases),
                         [](const testing::TestParamInfo<SpecCase>& i) {
                             return std::string(i.param.name);
                         });

TEST(SourceSpecParse, TypoNamesTheNearestPrefix) {
    auto r = parse_source_spec("dockr-archive:x.tar");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("did you mean 'docker-archive:'"), std::string::npos)
        << r.error().message;
}

}  // namespace
}  // namespace berth::image

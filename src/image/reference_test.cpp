// SPDX-License-Identifier: Apache-2.0
// Tables for parse_reference(). Most inputs come from github.com/distribution/reference tests
// (normalize_test.go: TestValidateReferenceName, TestValidateRemoteName,
// TestParseRepositoryInfo, TestNormalizedSplitHostname, TestParseAnyReference,
// TestParseDockerRef; reference_test.go: TestReferenceParse), restated with the results of
// normalization (ParseNormalizedNamed + default tag), since parse_reference() always normalizes.
#include "image/reference.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace berth::image {

/// Readable failure output for whole-value comparisons. Static (internal linkage) so another
/// test file may define its own; gtest still finds it by argument-dependent lookup.
// NOLINTNEXTLINE(readability-identifier-naming): gtest looks this name up.
static void PrintTo(const Reference& r, std::ostream* os) {
    *os << "{domain=\"" << r.domain << "\", path=\"" << r.path << "\", tag=\"" << r.tag
        << "\", digest=\"" << r.digest << "\"}";
}

namespace {

std::string repeat(std::string_view s, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

const std::string hex_a = "e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582";
const std::string hex_b = repeat("f", 64);
const std::string hex_c = "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c";
const std::string hex_d = "86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";
const std::string digest_a = "sha256:" + hex_a;
const std::string digest_b = "sha256:" + hex_b;
const std::string digest_c = "sha256:" + hex_c;
const std::string digest_d = "sha256:" + hex_d;
const std::string digest_512 = "sha512:" + repeat("f", 128);
const std::string song = "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev";
const std::string long_namespace =
    repeat("this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_", 3) +
    "this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255/docker";

struct ValidCase {
    std::string name;
    std::string input;
    Reference want;
    std::string want_str;
    std::string want_familiar;
};

// NOLINTNEXTLINE(readability-identifier-naming): gtest looks this name up.
void PrintTo(const ValidCase& c, std::ostream* os) {
    *os << c.name << " \"" << c.input << "\"";
}

// One case per row (clang-format would put each field on its own line).
// clang-format off
std::vector<ValidCase> valid_cases() {
    const std::string long_path = repeat("a/", 127) + "a";  // 255 characters
    const std::string long_library = repeat("a", 247);      // "library/" + 247 = 255
    const std::string tag128 = repeat("t", 128);
    return {
        // Familiar Docker Hub names.
        {"alpine", "alpine", {"docker.io", "library/alpine", "latest", ""},
         "docker.io/library/alpine:latest", "alpine:latest"},
        {"alpine_tag", "alpine:3.19", {"docker.io", "library/alpine", "3.19", ""},
         "docker.io/library/alpine:3.19", "alpine:3.19"},
        {"library_alpine", "library/alpine", {"docker.io", "library/alpine", "latest", ""},
         "docker.io/library/alpine:latest", "alpine:latest"},
        {"docker_io_alpine", "docker.io/alpine", {"docker.io", "library/alpine", "latest", ""},
         "docker.io/library/alpine:latest", "alpine:latest"},
        {"index_docker_io_library_alpine", "index.docker.io/library/alpine",
         {"docker.io", "library/alpine", "latest", ""}, "docker.io/library/alpine:latest",
         "alpine:latest"},
        {"index_docker_io_alpine", "index.docker.io/alpine",
         {"docker.io", "library/alpine", "latest", ""}, "docker.io/library/alpine:latest",
         "alpine:latest"},
        {"user_repo", "user/repo", {"docker.io", "user/repo", "latest", ""},
         "docker.io/user/repo:latest", "user/repo:latest"},
        {"fooo_bar", "fooo/bar", {"docker.io", "fooo/bar", "latest", ""},
         "docker.io/fooo/bar:latest", "fooo/bar:latest"},
        {"index_fooo_bar", "index.docker.io/fooo/bar", {"docker.io", "fooo/bar", "latest", ""},
         "docker.io/fooo/bar:latest", "fooo/bar:latest"},
        {"nonlibrary_ubuntu", "nonlibrary/ubuntu", {"docker.io", "nonlibrary/ubuntu", "latest", ""},
         "docker.io/nonlibrary/ubuntu:latest", "nonlibrary/ubuntu:latest"},
        {"other_library", "other/library", {"docker.io", "other/library", "latest", ""},
         "docker.io/other/library:latest", "other/library:latest"},
        {"docker_docker", "docker/docker", {"docker.io", "docker/docker", "latest", ""},
         "docker.io/docker/docker:latest", "docker/docker:latest"},
        {"docker_migrator", "docker/migrator", {"docker.io", "docker/migrator", "latest", ""},
         "docker.io/docker/migrator:latest", "docker/migrator:latest"},
        {"dotted_name", "ubuntu-12.04-base",
         {"docker.io", "library/ubuntu-12.04-base", "latest", ""},
         "docker.io/library/ubuntu-12.04-base:latest", "ubuntu-12.04-base:latest"},
        {"index_dotted_name", "index.docker.io/library/ubuntu-12.04-base",
         {"docker.io", "library/ubuntu-12.04-base", "latest", ""},
         "docker.io/library/ubuntu-12.04-base:latest", "ubuntu-12.04-base:latest"},
        {"library_nested_keeps_prefix", "library/foo/bar",
         {"docker.io", "library/foo/bar", "latest", ""}, "docker.io/library/foo/bar:latest",
         "library/foo/bar:latest"},
        {"docker_io_library_nested", "docker.io/library/foo/bar",
         {"docker.io", "library/foo/bar", "latest", ""}, "docker.io/library/foo/bar:latest",
         "library/foo/bar:latest"},
        {"store_foo_bar", "store/foo/bar", {"docker.io", "store/foo/bar", "latest", ""},
         "docker.io/store/foo/bar:latest", "store/foo/bar:latest"},
        {"deep_path", "a/b/c/d/e", {"docker.io", "a/b/c/d/e", "latest", ""},
         "docker.io/a/b/c/d/e:latest", "a/b/c/d/e:latest"},
        {"underscore_first_component", "test_com/foo", {"docker.io", "test_com/foo", "latest", ""},
         "docker.io/test_com/foo:latest", "test_com/foo:latest"},
        {"docker_rules", "docker-rules/docker", {"docker.io", "docker-rules/docker", "latest", ""},
         "docker.io/docker-rules/docker:latest", "docker-rules/docker:latest"},
        {"single_char_namespace", "d/docker", {"docker.io", "d/docker", "latest", ""},
         "docker.io/d/docker:latest", "d/docker:latest"},
        {"single_char_name", "jess/t", {"docker.io", "jess/t", "latest", ""},
         "docker.io/jess/t:latest", "jess/t:latest"},
        // Separators: ".", "_", "__", "-"+.
        {"double_underscore", "foo__bar", {"docker.io", "library/foo__bar", "latest", ""},
         "docker.io/library/foo__bar:latest", "foo__bar:latest"},
        {"double_underscore_namespace", "dock__er/docker",
         {"docker.io", "dock__er/docker", "latest", ""}, "docker.io/dock__er/docker:latest",
         "dock__er/docker:latest"},
        {"dashes", "foo---bar", {"docker.io", "library/foo---bar", "latest", ""},
         "docker.io/library/foo---bar:latest", "foo---bar:latest"},
        {"dashes_namespace", "docker---rules/docker",
         {"docker.io", "docker---rules/docker", "latest", ""},
         "docker.io/docker---rules/docker:latest", "docker---rules/docker:latest"},
        {"mixed_separators", "a-b_c.d__e---f9",
         {"docker.io", "library/a-b_c.d__e---f9", "latest", ""},
         "docker.io/library/a-b_c.d__e---f9:latest", "a-b_c.d__e---f9:latest"},
        {"dot_in_later_component", "foo/a.b", {"docker.io", "foo/a.b", "latest", ""},
         "docker.io/foo/a.b:latest", "foo/a.b:latest"},
        // Names that look like other things.
        {"name_64_chars_not_hex", song, {"docker.io", "library/" + song, "latest", ""},
         "docker.io/library/" + song + ":latest", song + ":latest"},
        {"hex_63_chars_is_name", hex_c.substr(0, 63),
         {"docker.io", "library/" + hex_c.substr(0, 63), "latest", ""},
         "docker.io/library/" + hex_c.substr(0, 63) + ":latest", hex_c.substr(0, 63) + ":latest"},
        {"short_hex_is_name", "dbcc1", {"docker.io", "library/dbcc1", "latest", ""},
         "docker.io/library/dbcc1:latest", "dbcc1:latest"},
        {"hex_64_with_domain", "docker.io/" + hex_a,
         {"docker.io", "library/" + hex_a, "latest", ""}, "docker.io/library/" + hex_a + ":latest",
         hex_a + ":latest"},
        {"ipv4_without_path_is_name", "192.168.0.1",
         {"docker.io", "library/192.168.0.1", "latest", ""}, "docker.io/library/192.168.0.1:latest",
         "192.168.0.1:latest"},
        {"ipv4_port_without_path_is_tag", "192.168.0.1:80",
         {"docker.io", "library/192.168.0.1", "80", ""}, "docker.io/library/192.168.0.1:80",
         "192.168.0.1:80"},
        {"domain_like_name_with_tag", "test.com:tag", {"docker.io", "library/test.com", "tag", ""},
         "docker.io/library/test.com:tag", "test.com:tag"},
        {"domain_like_name_numeric_tag", "test.com:5000",
         {"docker.io", "library/test.com", "5000", ""}, "docker.io/library/test.com:5000",
         "test.com:5000"},
        {"underscore_dot_name_numeric_tag", "foo_bar.com:8080",
         {"docker.io", "library/foo_bar.com", "8080", ""}, "docker.io/library/foo_bar.com:8080",
         "foo_bar.com:8080"},
        {"nested_underscore_dot_numeric_tag", "foo/foo_bar.com:8080",
         {"docker.io", "foo/foo_bar.com", "8080", ""}, "docker.io/foo/foo_bar.com:8080",
         "foo/foo_bar.com:8080"},
        {"bare_localhost_is_name", "localhost", {"docker.io", "library/localhost", "latest", ""},
         "docker.io/library/localhost:latest", "localhost:latest"},
        {"localhost_port_without_path_is_tag", "localhost:5000",
         {"docker.io", "library/localhost", "5000", ""}, "docker.io/library/localhost:5000",
         "localhost:5000"},
        // Upper-case first component is a registry host (normalize.go splitDockerDomain).
        {"uppercase_first_component_is_domain", "Foo/bar", {"Foo", "bar", "latest", ""},
         "Foo/bar:latest", "Foo/bar:latest"},
        {"all_caps_first_component_is_domain", "FOO/bar", {"FOO", "bar", "latest", ""},
         "FOO/bar:latest", "FOO/bar:latest"},
        {"capitalized_docker_namespace", "Docker/docker", {"Docker", "docker", "latest", ""},
         "Docker/docker:latest", "Docker/docker:latest"},
        {"mixed_case_domain_kept", "Example.COM/foo", {"Example.COM", "foo", "latest", ""},
         "Example.COM/foo:latest", "Example.COM/foo:latest"},
        // Other registries.
        {"localhost_no_port", "localhost/foo", {"localhost", "foo", "latest", ""},
         "localhost/foo:latest", "localhost/foo:latest"},
        {"localhost_port_tag", "localhost:5000/foo/bar:tag",
         {"localhost:5000", "foo/bar", "tag", ""}, "localhost:5000/foo/bar:tag",
         "localhost:5000/foo/bar:tag"},
        {"ipv4_port_digest", "127.0.0.1:5000/ns/name@" + digest_a,
         {"127.0.0.1:5000", "ns/name", "", digest_a}, "127.0.0.1:5000/ns/name@" + digest_a,
         "127.0.0.1:5000/ns/name@" + digest_a},
        {"ipv4_port_nested", "127.0.0.1:8000/private/moonbase",
         {"127.0.0.1:8000", "private/moonbase", "latest", ""},
         "127.0.0.1:8000/private/moonbase:latest", "127.0.0.1:8000/private/moonbase:latest"},
        {"ipv4_port_single", "127.0.0.1:8000/privatebase",
         {"127.0.0.1:8000", "privatebase", "latest", ""}, "127.0.0.1:8000/privatebase:latest",
         "127.0.0.1:8000/privatebase:latest"},
        {"ipv4_port_library_not_shortened", "127.0.0.1:5000/library/debian",
         {"127.0.0.1:5000", "library/debian", "latest", ""}, "127.0.0.1:5000/library/debian:latest",
         "127.0.0.1:5000/library/debian:latest"},
        {"ipv4_short_port", "192.168.0.1:8/debian", {"192.168.0.1:8", "debian", "latest", ""},
         "192.168.0.1:8/debian:latest", "192.168.0.1:8/debian:latest"},
        {"ipv4_no_port", "192.168.1.1/repo", {"192.168.1.1", "repo", "latest", ""},
         "192.168.1.1/repo:latest", "192.168.1.1/repo:latest"},
        {"ipv4_port_numeric_tag", "192.168.1.1:5000/repo:5050",
         {"192.168.1.1:5000", "repo", "5050", ""}, "192.168.1.1:5000/repo:5050",
         "192.168.1.1:5000/repo:5050"},
        {"host_port_tag_digest", "registry.example.com:443/ns/name:v1.2@" + digest_b,
         {"registry.example.com:443", "ns/name", "v1.2", digest_b},
         "registry.example.com:443/ns/name:v1.2@" + digest_b,
         "registry.example.com:443/ns/name:v1.2@" + digest_b},
        {"domain_nested", "example.com/private/moonbase",
         {"example.com", "private/moonbase", "latest", ""}, "example.com/private/moonbase:latest",
         "example.com/private/moonbase:latest"},
        {"domain_port", "example.com:8000/privatebasee",
         {"example.com:8000", "privatebasee", "latest", ""}, "example.com:8000/privatebasee:latest",
         "example.com:8000/privatebasee:latest"},
        {"domain_single", "test.com/foo", {"test.com", "foo", "latest", ""}, "test.com/foo:latest",
         "test.com/foo:latest"},
        {"domain_tag", "test.com/repo:tag", {"test.com", "repo", "tag", ""}, "test.com/repo:tag",
         "test.com/repo:tag"},
        {"domain_port_single", "test.com:8080/foo", {"test.com:8080", "foo", "latest", ""},
         "test.com:8080/foo:latest", "test.com:8080/foo:latest"},
        {"dashed_host_port", "test-com:8080/foo", {"test-com:8080", "foo", "latest", ""},
         "test-com:8080/foo:latest", "test-com:8080/foo:latest"},
        {"plain_host_port", "test:5000/repo", {"test:5000", "repo", "latest", ""},
         "test:5000/repo:latest", "test:5000/repo:latest"},
        {"plain_host_port_digest", "test:5000/repo@" + digest_b,
         {"test:5000", "repo", "", digest_b}, "test:5000/repo@" + digest_b,
         "test:5000/repo@" + digest_b},
        {"plain_host_port_tag_digest", "test:5000/repo:tag@" + digest_b,
         {"test:5000", "repo", "tag", digest_b}, "test:5000/repo:tag@" + digest_b,
         "test:5000/repo:tag@" + digest_b},
        {"punycode_host", "xn--n3h.com/foo", {"xn--n3h.com", "foo", "latest", ""},
         "xn--n3h.com/foo:latest", "xn--n3h.com/foo:latest"},
        {"punycode_host_port", "xn--n3h.com:18080/foo", {"xn--n3h.com:18080", "foo", "latest", ""},
         "xn--n3h.com:18080/foo:latest", "xn--n3h.com:18080/foo:latest"},
        {"punycode_tag", "xn--n3h.com/myimage:xn--n3h.com",
         {"xn--n3h.com", "myimage", "xn--n3h.com", ""}, "xn--n3h.com/myimage:xn--n3h.com",
         "xn--n3h.com/myimage:xn--n3h.com"},
        {"sha512_digest", "xn--7o8h.com/myimage:xn--7o8h.com@" + digest_512,
         {"xn--7o8h.com", "myimage", "xn--7o8h.com", digest_512},
         "xn--7o8h.com/myimage:xn--7o8h.com@" + digest_512,
         "xn--7o8h.com/myimage:xn--7o8h.com@" + digest_512},
        {"subdomain_deep_path", "sub-dom1.foo.com/bar/baz/quux:some-long-tag",
         {"sub-dom1.foo.com", "bar/baz/quux", "some-long-tag", ""},
         "sub-dom1.foo.com/bar/baz/quux:some-long-tag",
         "sub-dom1.foo.com/bar/baz/quux:some-long-tag"},
        {"dotted_path_and_tag", "b.gcr.io/test.example.com/my-app:test.example.com",
         {"b.gcr.io", "test.example.com/my-app", "test.example.com", ""},
         "b.gcr.io/test.example.com/my-app:test.example.com",
         "b.gcr.io/test.example.com/my-app:test.example.com"},
        {"gcr_library_not_shortened", "gcr.io/library/busybox",
         {"gcr.io", "library/busybox", "latest", ""}, "gcr.io/library/busybox:latest",
         "gcr.io/library/busybox:latest"},
        {"registry_1_docker_io_kept", "registry-1.docker.io/library/alpine",
         {"registry-1.docker.io", "library/alpine", "latest", ""},
         "registry-1.docker.io/library/alpine:latest",
         "registry-1.docker.io/library/alpine:latest"},
        // IPv6 hosts in brackets.
        {"ipv6_loopback_port", "[::1]:5000/foo", {"[::1]:5000", "foo", "latest", ""},
         "[::1]:5000/foo:latest", "[::1]:5000/foo:latest"},
        {"ipv6_port", "[fc00::1]:5000/docker", {"[fc00::1]:5000", "docker", "latest", ""},
         "[fc00::1]:5000/docker:latest", "[fc00::1]:5000/docker:latest"},
        {"ipv6_port_nested", "[fc00::1]:5000/docker/docker",
         {"[fc00::1]:5000", "docker/docker", "latest", ""}, "[fc00::1]:5000/docker/docker:latest",
         "[fc00::1]:5000/docker/docker:latest"},
        {"ipv6_uncompressed_port", "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
         {"[fc00:1:2:3:4:5:6:7]:5000", "library/debian", "latest", ""},
         "[fc00:1:2:3:4:5:6:7]:5000/library/debian:latest",
         "[fc00:1:2:3:4:5:6:7]:5000/library/debian:latest"},
        {"ipv6_no_port", "[2001:db8::1]/repo", {"[2001:db8::1]", "repo", "latest", ""},
         "[2001:db8::1]/repo:latest", "[2001:db8::1]/repo:latest"},
        {"ipv6_uncompressed_tag", "[2001:db8:1:2:3:4:5:6]/repo:tag",
         {"[2001:db8:1:2:3:4:5:6]", "repo", "tag", ""}, "[2001:db8:1:2:3:4:5:6]/repo:tag",
         "[2001:db8:1:2:3:4:5:6]/repo:tag"},
        {"ipv6_port_digest", "[2001:db8::1]:5000/repo@" + digest_b,
         {"[2001:db8::1]:5000", "repo", "", digest_b}, "[2001:db8::1]:5000/repo@" + digest_b,
         "[2001:db8::1]:5000/repo@" + digest_b},
        {"ipv6_port_tag_digest", "[2001:db8::1]:5000/repo:tag@" + digest_b,
         {"[2001:db8::1]:5000", "repo", "tag", digest_b}, "[2001:db8::1]:5000/repo:tag@" + digest_b,
         "[2001:db8::1]:5000/repo:tag@" + digest_b},
        {"ipv6_trailing_double_colon", "[2001:db8::]:5000/repo",
         {"[2001:db8::]:5000", "repo", "latest", ""}, "[2001:db8::]:5000/repo:latest",
         "[2001:db8::]:5000/repo:latest"},
        // Tags and digests.
        {"uppercase_tag", "lowercase:Uppercase",
         {"docker.io", "library/lowercase", "Uppercase", ""},
         "docker.io/library/lowercase:Uppercase", "lowercase:Uppercase"},
        {"tag_underscore_start", "foo:_x", {"docker.io", "library/foo", "_x", ""},
         "docker.io/library/foo:_x", "foo:_x"},
        {"tag_128_chars", "foo:" + tag128, {"docker.io", "library/foo", tag128, ""},
         "docker.io/library/foo:" + tag128, "foo:" + tag128},
        {"digest_only_no_default_tag", "redis@" + digest_c,
         {"docker.io", "library/redis", "", digest_c}, "docker.io/library/redis@" + digest_c,
         "redis@" + digest_c},
        {"digest_user_repo", "dmcgowan/myapp@" + digest_c,
         {"docker.io", "dmcgowan/myapp", "", digest_c}, "docker.io/dmcgowan/myapp@" + digest_c,
         "dmcgowan/myapp@" + digest_c},
        {"tag_and_digest_both_kept", "busybox:latest@" + digest_d,
         {"docker.io", "library/busybox", "latest", digest_d},
         "docker.io/library/busybox:latest@" + digest_d, "busybox:latest@" + digest_d},
        {"explicit_latest", "docker.io/library/redis:latest",
         {"docker.io", "library/redis", "latest", ""}, "docker.io/library/redis:latest",
         "redis:latest"},
        // Length limit: 255 characters of normalized path, domain not counted.
        {"path_255_chars", long_path + ":tag-puts-this-over-max",
         {"docker.io", long_path, "tag-puts-this-over-max", ""},
         "docker.io/" + long_path + ":tag-puts-this-over-max",
         long_path + ":tag-puts-this-over-max"},
        {"library_path_255_chars", long_library,
         {"docker.io", "library/" + long_library, "latest", ""},
         "docker.io/library/" + long_library + ":latest", long_library + ":latest"},
        {"domain_not_counted_in_length", "registry.example.com:5000/" + long_path,
         {"registry.example.com:5000", long_path, "latest", ""},
         "registry.example.com:5000/" + long_path + ":latest",
         "registry.example.com:5000/" + long_path + ":latest"},
    };
}
// clang-format on

class ReferenceParseValid : public testing::TestWithParam<ValidCase> {};

TEST_P(ReferenceParseValid, Parses) {
    const ValidCase& c = GetParam();
    const Result<Reference> got = parse_reference(c.input);
    ASSERT_TRUE(got.has_value()) << "input: " << c.input << "\nerror: " << got.error().to_string();
    EXPECT_EQ(*got, c.want);
    EXPECT_EQ(got->str(), c.want_str);
    EXPECT_EQ(got->familiar(), c.want_familiar);
    EXPECT_EQ(got->name() + (got->tag.empty() ? "" : ":" + got->tag) +
                  (got->digest.empty() ? "" : "@" + got->digest),
              c.want_str);
    EXPECT_TRUE(looks_like_reference(c.input));
}

TEST_P(ReferenceParseValid, RoundTrips) {
    const ValidCase& c = GetParam();
    const Result<Reference> got = parse_reference(c.input);
    ASSERT_TRUE(got.has_value());
    const Result<Reference> from_str = parse_reference(got->str());
    ASSERT_TRUE(from_str.has_value()) << from_str.error().to_string();
    EXPECT_EQ(*from_str, *got);
    const Result<Reference> from_familiar = parse_reference(got->familiar());
    ASSERT_TRUE(from_familiar.has_value()) << from_familiar.error().to_string();
    EXPECT_EQ(*from_familiar, *got);
}

INSTANTIATE_TEST_SUITE_P(Table, ReferenceParseValid, testing::ValuesIn(valid_cases()),
                         [](const testing::TestParamInfo<ValidCase>& p) { return p.param.name; });

struct InvalidCase {
    std::string name;
    std::string input;
    std::string want_message;  ///< substring of Error::message
};

// NOLINTNEXTLINE(readability-identifier-naming): gtest looks this name up.
void PrintTo(const InvalidCase& c, std::ostream* os) {
    *os << c.name << " \"" << c.input << "\"";
}

// clang-format off
std::vector<InvalidCase> invalid_cases() {
    const std::string lowercase = "invalid reference format: repository name must be lowercase";
    const std::string too_long = "repository name must not be more than 255 characters";
    const std::string empty = "repository name must have at least one component";
    return {
        {"empty", "", empty},
        {"just_tag", ":justtag", empty},
        {"just_digest", "@" + digest_b, empty},
        {"empty_after_domain", "docker.io/", empty},
        {"empty_after_domain_with_tag", "localhost:5000/:tag", empty},
        {"hex_identifier", hex_c, "cannot specify 64-byte hexadecimal strings"},
        // Case.
        {"uppercase", "Uppercase", lowercase},
        {"uppercase_tag", "Uppercase:tag", lowercase},
        {"uppercase_after_host", "test:5000/Uppercase/lowercase:tag", lowercase},
        {"uppercase_component", "docker/Docker", lowercase},
        {"uppercase_after_docker_io", "docker.io/docker/Docker", lowercase},
        {"uppercase_invalid_host", "FOO_BAR/x", lowercase},
        // Path components.
        {"leading_dash", "-foo", "\"-foo\" must start and end with a lower-case letter or digit"},
        {"leading_dash_namespace", "-docker/docker", "\"-docker\" must start and end"},
        {"trailing_dash_namespace", "docker-/docker", "\"docker-\" must start and end"},
        {"both_ends_dash", "-docker-/docker", "must start and end"},
        {"only_underscores", "____/____", "must start and end"},
        {"leading_underscore", "_docker/_docker", "must start and end"},
        {"dot_dot_component", "foo/../bar", "\"..\" must start and end"},
        {"dot_component", "foo/./bar", "\".\" must start and end"},
        {"double_dot", "docker/dock..er", "has separator \"..\""},
        {"underscore_dot", "docker/dock_.er", "has separator \"_.\""},
        {"dash_dot", "docker/dock-.er", "has separator \"-.\""},
        // Upstream's spellings: a first component with '.' is a registry host.
        {"double_dot_first", "dock..er/docker", "invalid registry host \"dock..er\""},
        {"underscore_dot_first", "dock_.er/docker", "invalid registry host \"dock_.er\""},
        {"dash_dot_first", "dock-.er/docker", "invalid registry host \"dock-.er\""},
        {"underscore_dash", "foo_-bar", "has separator \"_-\""},
        {"dash_underscore", "foo-_bar", "has separator \"-_\""},
        {"triple_underscore", "foo___bar", "has separator \"___\""},
        {"bad_chars", "aa/asdf$$^/aa", "\"asdf$$^\" contains \"$\""},
        {"space", "foo bar", "contains \" \""},
        {"control_char", "foo\nbar", "contains \"\\x0a\""},
        {"non_ascii", "caf\xc3\xa9", "contains \"\\xc3\""},
        {"colon_in_name", "foo:bar:baz", "\"foo:bar\" contains \":\""},
        {"empty_components", "docker///docker", "has an empty component"},
        {"empty_components_after_domain", "docker.io/docker///docker", "has an empty component"},
        {"trailing_slash", "docker/", "has an empty component"},
        {"leading_slash", "/foo", "has an empty component"},
        {"absolute_file_path", "/tmp/image.tar", "has an empty component"},
        // Length: 255 characters of normalized path.
        {"path_257_chars", repeat("a/", 128) + "a:tag", too_long},
        {"library_path_256_chars", repeat("a", 248), too_long},
        {"long_namespace", long_namespace, too_long},
        // Domains.
        {"url", "https://github.com/docker/docker", "invalid port in registry host \"https:\""},
        {"leading_dash_domain", "-docker.io/docker/docker", "invalid registry host \"-docker.io\""},
        {"underscore_domain", "foo_bar.com/x", "invalid registry host \"foo_bar.com\""},
        {"domain_component_dash_end", "example-.com/foo", "invalid registry host"},
        {"domain_trailing_dot", "example.com./foo", "invalid registry host"},
        {"domain_empty_component", "example..com/foo", "invalid registry host"},
        {"relative_file_path", "./image.tar", "invalid registry host \".\""},
        {"port_not_digits", "localhost:abc/foo", "invalid port in registry host"},
        {"port_empty", "localhost:/foo", "invalid port in registry host"},
        {"two_ports", "example.com:80:90/foo", "invalid port in registry host"},
        {"scheme_prefix", "docker-archive:/tmp/x.tar", "invalid port in registry host"},
        {"ipv6_without_path", "[2001:db8::1]", "must be followed by /repository"},
        {"ipv6_port_without_path", "[2001:db8::1]:5000", "must be followed by /repository"},
        {"ipv6_tag_without_path", "[2001:db8::1]:tag", "must be followed by /repository"},
        {"ipv6_only_brackets", "[fc00::1]", "must be followed by /repository"},
        {"ipv6_zone", "[fe80::1%eth0]:5000/repo", "invalid registry host"},
        {"ipv6_zone_with_at", "[fe80::1%@invalidzone]:5000/repo", "invalid reference format"},
        {"ipv6_embedded_ipv4", "[2001:db8:3:4::192.0.2.33]:5000/debian", "invalid registry host"},
        {"ipv6_unbracketed", "fc00::1:5000/debian", "invalid port in registry host"},
        {"ipv6_empty_brackets", "[]:5000/foo", "invalid registry host"},
        {"ipv6_unclosed", "[::1:5000/foo", "invalid registry host"},
        {"ipv6_junk_after_bracket", "[::1]x/foo", "invalid registry host"},
        // Tags.
        {"empty_tag", "foo:", "tag is empty after ':'"},
        {"empty_tag_with_digest", "foo:@" + digest_b, "tag is empty after ':'"},
        {"tag_129_chars", "foo:" + repeat("t", 129), "tag is 129 characters, more than 128"},
        {"tag_leading_dash", "foo:-bar", "invalid tag \"-bar\""},
        {"tag_leading_dot", "foo:.bar", "invalid tag \".bar\""},
        {"tag_plus", "foo:a+b", "invalid tag \"a+b\""},
        // Digests.
        {"empty_digest", "foo@", "digest is empty after '@'"},
        {"digest_abc", "foo@sha256:abc", "sha256 needs exactly 64 lower-case hex characters"},
        {"digest_34_hex", "repo@sha256:" + repeat("f", 34), "sha256 needs exactly 64"},
        {"digest_65_hex", "foo@sha256:" + hex_b + "f", "sha256 needs exactly 64"},
        {"digest_uppercase_hex", "foo@sha256:" + repeat("F", 64), "sha256 needs exactly 64"},
        {"digest_not_hex", "foo@sha256:" + repeat("g", 64), "sha256 needs exactly 64"},
        {"digest_sha512_short", "foo@sha512:" + hex_b, "sha512 needs exactly 128"},
        {"digest_unsupported", "validname@invaliddigest:" + hex_b,
         "unsupported digest algorithm \"invaliddigest\""},
        {"digest_unsupported_md5", "foo@md5:" + repeat("a", 32), "unsupported digest algorithm"},
        {"digest_unknown_short", "foo@md5:abc", "invalid digest \"md5:abc\" (want algorithm:hex)"},
        {"digest_no_colon", "foo@sha256", "invalid digest \"sha256\" (want algorithm:hex)"},
        {"digest_bad_algorithm", "foo@-sha256:" + hex_b, "(want algorithm:hex)"},
        {"digest_empty_algorithm", "foo@:" + hex_b, "(want algorithm:hex)"},
        {"digest_twice", "foo@" + digest_b + "@" + digest_b, "sha256 needs exactly 64"},
        {"digest_before_tag", "foo@" + digest_b + ":tag", "sha256 needs exactly 64"},
    };
}
// clang-format on

class ReferenceParseInvalid : public testing::TestWithParam<InvalidCase> {};

TEST_P(ReferenceParseInvalid, Fails) {
    const InvalidCase& c = GetParam();
    const Result<Reference> got = parse_reference(c.input);
    ASSERT_FALSE(got.has_value()) << "input: " << c.input << "\nparsed: " << got->str();
    EXPECT_EQ(got.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(got.error().message.find(c.want_message), std::string::npos)
        << "message: " << got.error().message << "\nwant substring: " << c.want_message;
    EXPECT_FALSE(got.error().where.empty());
    EXPECT_FALSE(looks_like_reference(c.input));
}

INSTANTIATE_TEST_SUITE_P(Table, ReferenceParseInvalid, testing::ValuesIn(invalid_cases()),
                         [](const testing::TestParamInfo<InvalidCase>& p) { return p.param.name; });

struct FamiliarNameCase {
    std::string name;
    Reference ref;
    std::string want_name;
    std::string want_familiar_name;
    std::string want_str;
};

// NOLINTNEXTLINE(readability-identifier-naming): gtest looks this name up.
void PrintTo(const FamiliarNameCase& c, std::ostream* os) {
    *os << c.name;
}

// clang-format off
std::vector<FamiliarNameCase> familiar_name_cases() {
    return {
        {"official", {"docker.io", "library/alpine", "", ""}, "docker.io/library/alpine", "alpine",
         "docker.io/library/alpine"},
        {"user_repo", {"docker.io", "user/repo", "", ""}, "docker.io/user/repo", "user/repo",
         "docker.io/user/repo"},
        {"library_nested", {"docker.io", "library/a/b", "", ""}, "docker.io/library/a/b",
         "library/a/b", "docker.io/library/a/b"},
        {"other_registry", {"localhost:5000", "x", "tag", ""}, "localhost:5000/x",
         "localhost:5000/x", "localhost:5000/x:tag"},
        {"other_registry_library", {"ghcr.io", "library/x", "", ""}, "ghcr.io/library/x",
         "ghcr.io/library/x", "ghcr.io/library/x"},
        {"no_domain", {"", "x", "", digest_a}, "x", "x", "x@" + digest_a},
    };
}
// clang-format on

class ReferenceFamiliarName : public testing::TestWithParam<FamiliarNameCase> {};

TEST_P(ReferenceFamiliarName, Formats) {
    const FamiliarNameCase& c = GetParam();
    EXPECT_EQ(c.ref.name(), c.want_name);
    EXPECT_EQ(c.ref.familiar_name(), c.want_familiar_name);
    EXPECT_EQ(c.ref.str(), c.want_str);
}

INSTANTIATE_TEST_SUITE_P(Table, ReferenceFamiliarName, testing::ValuesIn(familiar_name_cases()),
                         [](const testing::TestParamInfo<FamiliarNameCase>& p) {
                             return p.param.name;
                         });

TEST(ReferenceParse, ErrorWhereQuotesInput) {
    const Result<Reference> got = parse_reference("Uppercase");
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().message, "invalid reference format: repository name must be lowercase");
    EXPECT_EQ(got.error().where, "\"Uppercase\"");
    EXPECT_EQ(got.error().to_string(),
              "\"Uppercase\": invalid reference format: repository name must be lowercase");
}

TEST(ReferenceParse, ErrorWhereIsShortenedAndEscaped) {
    const Result<Reference> got = parse_reference(repeat("a/", 200) + "\x01");
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().where, "\"" + repeat("a/", 100) + "\"…");
    const Result<Reference> ctl = parse_reference("a\"b\\c\x7f");
    ASSERT_FALSE(ctl.has_value());
    EXPECT_EQ(ctl.error().where, "\"a\\x22b\\x5cc\\x7f\"");
}

TEST(ReferenceLooksLike, SourceStrings) {
    // Plausible CLI arguments: references yes, file paths and prefixed sources no (or, for
    // valid-looking ones like "image.tar", yes: callers check files and prefixes first).
    EXPECT_TRUE(looks_like_reference("alpine"));
    EXPECT_TRUE(looks_like_reference("ghcr.io/org/app:v1"));
    EXPECT_TRUE(looks_like_reference("image.tar"));
    EXPECT_TRUE(looks_like_reference("oci:dir"));
    EXPECT_FALSE(looks_like_reference(""));
    EXPECT_FALSE(looks_like_reference("./image.tar"));
    EXPECT_FALSE(looks_like_reference("/var/lib/image.tar"));
    EXPECT_FALSE(looks_like_reference("docker-archive:/tmp/x.tar"));
    EXPECT_FALSE(looks_like_reference("C:\\images\\x.tar"));
    EXPECT_FALSE(looks_like_reference(hex_a));
}

}  // namespace
}  // namespace berth::image

// SPDX-License-Identifier: Apache-2.0
// files/credentials: a credential file is found by its path and confirmed by its content.
#include <gtest/gtest.h>

#include <string>

#include "analyze/plugins.hpp"
#include "test_support.hpp"

namespace berth::analyze {
namespace {

struct Case {
    const char* name;
    const char* path;
    const char* content;
    const char* kind;  ///< "" = no finding
};

class CredentialCases : public testing::TestWithParam<Case> {};

TEST_P(CredentialCases, FoundWhenPathAndContentAgree) {
    const Case& c = GetParam();
    auto a = make_credentials();
    const std::string content = c.content;
    ASSERT_TRUE(a->required(c.path, {image::EntryType::File, 0600, content.size()})) << c.path;
    image::Entry e;
    e.path = c.path;
    e.mode = 0600;
    e.size = content.size();
    test::ChunkedStream stream(content, 3);  // small reads: the prefix reader loops
    LayerAnalysis out;
    ASSERT_TRUE(a->analyze({e.path, e, stream}, out));
    if (std::string(c.kind).empty()) {
        EXPECT_TRUE(out.file_findings.empty()) << c.path;
        return;
    }
    ASSERT_EQ(out.file_findings.size(), 1U);
    const auto& f = out.file_findings[0];
    EXPECT_EQ(f.analyzer, "files/credentials");
    EXPECT_EQ(f.kind, c.kind);
    EXPECT_EQ(f.location.path, c.path);
    EXPECT_EQ(f.mode, 0600U);
    // The secret itself never reaches the finding.
    EXPECT_EQ(f.detail.find("dXNlcjpwdw"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Files, CredentialCases,
    testing::Values(
        Case{"aws", "root/.aws/credentials",
             "[default]\naws_access_key_id = AKIAX\nAWS_SECRET_ACCESS_KEY = abc\n",
             "aws-credentials"},
        Case{"aws_config_only", "root/.aws/credentials", "[default]\nregion = eu-west-1\n", ""},
        Case{"docker_auth", "root/.docker/config.json",
             R"({"auths": {"ghcr.io": {"auth": "dXNlcjpwdw=="}}})", "docker-config"},
        Case{"docker_identitytoken", "home/ci/.docker/config.json",
             R"({"auths":{"r.io":{"identitytoken" : "tok"}}})", "docker-config"},
        Case{"docker_creds_store", "root/.docker/config.json",
             R"({"auths": {"ghcr.io": {}}, "credsStore": "desktop"})", ""},
        Case{"docker_empty_auth", "root/.docker/config.json", R"({"auths":{"x":{"auth":""}}})", ""},
        Case{"ssh_rsa", "root/.ssh/id_rsa",
             "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----\n",
             "ssh-private-key"},
        Case{"ssh_ed25519", "home/app/.ssh/id_ed25519", "-----BEGIN PRIVATE KEY-----\n",
             "ssh-private-key"},
        Case{"ssh_not_key", "root/.ssh/id_rsa", "placeholder\n", ""},
        Case{"npmrc", "app/.npmrc", "//registry.npmjs.org/:_authToken=npm_abc\n", "npmrc"},
        Case{"npmrc_registry_only", "app/.npmrc", "registry=https://r.example/\n", ""},
        Case{"pypirc", "root/.pypirc", "[pypi]\nusername = u\npassword = p\n", "pypirc"},
        Case{"git_credentials", "root/.git-credentials", "https://u:p@github.com\n",
             "git-credentials"},
        Case{"kube_token", "root/.kube/config", "users:\n- user:\n    token: abc\n", "kube-config"},
        Case{"kube_client_key", "root/.kube/config", "    client-key-data: LS0t\n", "kube-config"},
        Case{"netrc", "root/.netrc", "machine h login u password p\n", "netrc"},
        Case{"netrc_empty", "root/.netrc", "", ""}),
    [](const testing::TestParamInfo<Case>& i) { return std::string(i.param.name); });

TEST(Credentials, RequiredByPathTailOnly) {
    auto a = make_credentials();
    const FileInfo small{image::EntryType::File, 0644, 100};
    EXPECT_TRUE(a->required(".netrc", small));
    EXPECT_TRUE(a->required("root/.ssh/id_dsa", small));
    EXPECT_FALSE(a->required("root/.ssh/id_rsa.pub", small));
    EXPECT_FALSE(a->required("root/.ssh/my_id_rsa", small));  // tail must follow a '/'
    EXPECT_FALSE(a->required("srv/x.aws/credentials", small));
    EXPECT_FALSE(a->required("usr/share/doc/kube/config", small));
    EXPECT_FALSE(a->required("root/.netrc", {image::EntryType::Directory, 0755, 0}));
    EXPECT_FALSE(a->required("root/.netrc", {image::EntryType::File, 0644, 2U << 20U}));
}

TEST(Credentials, ReadErrorIsReturned) {
    auto a = make_credentials();
    image::Entry e;
    e.path = "root/.netrc";
    test::ChunkedStream failing("machine h password p", 1, 2);
    LayerAnalysis out;
    EXPECT_FALSE(a->analyze({e.path, e, failing}, out));
    EXPECT_TRUE(out.file_findings.empty());
}

}  // namespace
}  // namespace berth::analyze

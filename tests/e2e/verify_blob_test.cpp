// SPDX-License-Identifier: Apache-2.0
// `berth verify-blob` end to end, and the sigstore-conformance client adapter
// (tests/sigstore-conformance/berth-client) over a handful of upstream cases: exit codes,
// reasons on stderr, table and JSON output naming the signer and the signing time.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace berth::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kIdentity =
    "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/"
    "workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
constexpr const char* kIssuer = "https://token.actions.githubusercontent.com";

struct Paths {
    fs::path cases;
    fs::path production_root;
};

std::optional<Paths> paths() {
    auto data = shared_data_dir();
    if (!data) return std::nullopt;
    Paths p{*data / "sigstore-conformance/bundle-verify",
            *data /
                "cosign-sigstore/sigstore__sigstore/pkg/tuf/repository/targets/"
                "trusted_root.json"};
    if (!fs::exists(p.cases) || !fs::exists(p.production_root)) return std::nullopt;
    return p;
}

#define NEED_DATA(p)  \
    auto p = paths(); \
    if (!p) GTEST_SKIP() << "shared data absent: sigstore-conformance (set BERTH_SHARED_DATA)"

TEST(VerifyBlobCli, VerifiesAKeylessBundleAndPrintsSignerAndTime) {
    NEED_DATA(p);
    const fs::path c = p->cases / "happy-path-v0.3";
    auto r = run_berth({"verify-blob", (p->cases / "a.txt").string(), "--bundle",
                        (c / "bundle.sigstore.json").string(), "--trusted-root",
                        p->production_root.string(), "--certificate-identity", kIdentity,
                        "--certificate-oidc-issuer", kIssuer});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Verified OK"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(kIdentity), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("2024-03-19T17:26:26Z (Rekor integrated time)"), std::string::npos)
        << r.out;

    auto j = run_berth({"verify-blob", (p->cases / "a.txt").string(), "--bundle",
                        (c / "bundle.sigstore.json").string(), "--trusted-root",
                        p->production_root.string(), "--certificate-identity-regexp",
                        "^https://github.com/sigstore-conformance/", "--certificate-oidc-issuer",
                        kIssuer, "--format", "json"});
    ASSERT_EQ(j.exit_code, 0) << j.err;
    const auto doc = nlohmann::json::parse(j.out);
    EXPECT_EQ(doc["verified"], true);
    EXPECT_EQ(doc["mode"], "certificate");
    EXPECT_EQ(doc["signer"], kIdentity);
    EXPECT_EQ(doc["issuer"], kIssuer);
    EXPECT_EQ(doc["signing_times"][0]["time"], "2024-03-19T17:26:26Z");
}

TEST(VerifyBlobCli, RefusesWithTheReasonAndExitOne) {
    NEED_DATA(p);
    const fs::path c = p->cases / "happy-path-v0.3";
    auto r = run_berth({"verify-blob", (p->cases / "a.txt").string(), "--bundle",
                        (c / "bundle.sigstore.json").string(), "--trusted-root",
                        p->production_root.string(), "--certificate-identity",
                        "https://example.com/someone-else", "--certificate-oidc-issuer", kIssuer});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("does not match --certificate-identity https://example.com/someone-else"),
              std::string::npos)
        << r.err;

    auto j = run_berth({"verify-blob", "sha256:" + std::string(64, 'a'), "--bundle",
                        (c / "bundle.sigstore.json").string(), "--trusted-root",
                        p->production_root.string(), "--certificate-identity", kIdentity,
                        "--certificate-oidc-issuer", kIssuer, "--format", "json"});
    EXPECT_EQ(j.exit_code, 1);
    const auto doc = nlohmann::json::parse(j.out);
    EXPECT_EQ(doc["verified"], false);
    EXPECT_NE(doc["reason"].get<std::string>().find("message digest"), std::string::npos);
}

TEST(VerifyBlobCli, UsageAndFileErrors) {
    NEED_DATA(p);
    const std::string bundle = (p->cases / "happy-path-v0.3/bundle.sigstore.json").string();
    // No identity in certificate mode: usage error.
    auto r = run_berth({"verify-blob", (p->cases / "a.txt").string(), "--bundle", bundle,
                        "--trusted-root", p->production_root.string()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--certificate-identity"), std::string::npos) << r.err;
    // A missing bundle file: runtime error naming it.
    r = run_berth({"verify-blob", (p->cases / "a.txt").string(), "--bundle", "/nonexistent.json",
                   "--trusted-root", p->production_root.string(), "--key", "/nonexistent.pub"});
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("/nonexistent.json"), std::string::npos) << r.err;
    // A bad digest argument: usage error.
    r = run_berth({"verify-blob", "sha256:xyz", "--bundle", bundle, "--trusted-root",
                   p->production_root.string(), "--certificate-identity", kIdentity,
                   "--certificate-oidc-issuer", kIssuer});
    EXPECT_EQ(r.exit_code, 2);
}

// The adapter, as the conformance harness calls it.
RunResult client(const std::vector<std::string>& args, const Paths& p) {
    const fs::path script = fs::path(BERTH_SOURCE_DIR) / "tests/sigstore-conformance/berth-client";
    const fs::path bin = fs::path(BERTH_BINARY_DIR) / "src/berth";
    std::string cmd = "BERTH_BIN='" + bin.string() + "' BERTH_TRUSTED_ROOT='" +
                      p.production_root.string() + "' '" + script.string() + "'";
    for (const auto& a : args) cmd += " '" + a + "'";
    return run_shell(cmd + " 2>&1; echo \"exit=$?\"");
}

TEST(VerifyBlobCli, ConformanceClientAdapter) {
    NEED_DATA(p);
    struct Row {
        std::string name;
        bool pass;
        bool by_digest;
    };
    const std::vector<Row> rows = {
        {"happy-path-v0.2", true, false},           {"happy-path-intoto-in-dsse-v3", true, true},
        {"rekor2-happy-path", true, true},          {"managed-key-and-trusted-root", true, false},
        {"signature-mismatch_fail", false, false},  {"bundle-with-root-cert_fail", false, false},
        {"managed-key-wrong-key_fail", false, true}};
    for (const Row& row : rows) {
        SCOPED_TRACE(row.name);
        const fs::path dir = p->cases / row.name;
        std::string artifact = fs::exists(dir / "artifact") ? (dir / "artifact").string()
                                                            : (p->cases / "a.txt").string();
        if (row.by_digest) {
            artifact = "sha256:" + run_shell("sha256sum '" + artifact + "' | cut -c1-64").out;
            artifact.erase(artifact.find_last_not_of('\n') + 1);
        }
        std::vector<std::string> args = {"verify-bundle", "--bundle",
                                         (dir / "bundle.sigstore.json").string()};
        if (fs::exists(dir / "key.pub")) {
            args.insert(args.end(), {"--key", (dir / "key.pub").string()});
        } else {
            args.insert(args.end(), {"--certificate-identity", kIdentity,
                                     "--certificate-oidc-issuer", kIssuer});
        }
        if (fs::exists(dir / "trusted_root.json")) {
            args.insert(args.end(), {"--trusted-root", (dir / "trusted_root.json").string()});
        }
        args.push_back(artifact);
        auto r = client(args, *p);
        EXPECT_NE(r.out.find(row.pass ? "exit=0" : "exit=1"), std::string::npos) << r.out;
    }
    auto sign = client({"sign-bundle", "--identity-token", "t", "--bundle", "b", "a"}, *p);
    EXPECT_NE(sign.out.find("exit=2"), std::string::npos) << sign.out;
}

}  // namespace
}  // namespace berth::test

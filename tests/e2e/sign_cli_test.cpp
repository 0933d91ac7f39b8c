// SPDX-License-Identifier: Apache-2.0
// `berth key …` and `berth sign-blob` end to end, checked with independent tools: OpenSSL's
// `openssl dgst -verify`, sigstore-js (@sigstore/verify from npm, tests/sigstore-js/), SoftHSM2,
// and cosign's own key files from ../shared/data.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "image/registry/auth.hpp"
#include "sign/bundle.hpp"
#include "sign/cosign_key.hpp"
#include "sign/sign_testing.hpp"
#include "test_support.hpp"

namespace berth {
namespace {

namespace fs = std::filesystem;
using test::read_text_file;
using test::run_shell;

std::string bin() {
    if (const char* v = std::getenv("BERTH_BIN"); v != nullptr && *v != '\0') return v;
    return (fs::path(BERTH_BINARY_DIR) / "src" / "berth").string();
}

// Runs berth in `dir` with `env` ("BERTH_PASSWORD=pw") and stdin from /dev/null (never a
// terminal: a missing password fails instead of prompting).
test::RunResult berth(const fs::path& dir, const std::string& env, const std::string& args) {
    return run_shell("cd '" + dir.string() + "' && env -u BERTH_PASSWORD -u COSIGN_PASSWORD " +
                     env + " '" + bin() + "' " + args + " </dev/null");
}

unsigned mode_of(const fs::path& p) {
    struct stat st {};
    ::stat(p.c_str(), &st);
    return st.st_mode & 0777U;
}

// The raw signature from sign-blob's base64 --output-signature file, for openssl.
void write_raw_signature(const fs::path& b64, const fs::path& raw) {
    auto bytes = image::registry::base64_decode(read_text_file(b64));
    ASSERT_TRUE(bytes.has_value());
    std::ofstream(raw, std::ios::binary) << *bytes;
}

bool openssl_verifies(const fs::path& pub, const fs::path& sig, const fs::path& file) {
    auto r = run_shell("openssl dgst -sha256 -verify '" + pub.string() + "' -signature '" +
                       sig.string() + "' '" + file.string() + "'");
    return r.exit_code == 0 && r.out.find("Verified OK") != std::string::npos;
}

TEST(KeyCli, GenerateWritesACosignPairAndRefusesToOverwrite) {
    const fs::path d = test::temp_dir("berth-keygen");
    auto r = berth(d, "BERTH_PASSWORD=pw", "key generate");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(mode_of(d / "cosign.key"), 0600U);
    EXPECT_EQ(mode_of(d / "cosign.pub"), 0644U);
    const std::string key = read_text_file(d / "cosign.key");
    EXPECT_TRUE(key.starts_with("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n"));
    auto decrypted = sign::decrypt_private_key(key, "pw", "cosign.key");
    ASSERT_TRUE(decrypted.has_value()) << decrypted.error().to_string();
    EXPECT_EQ(*decrypted->public_pem(), read_text_file(d / "cosign.pub"));
    // openssl reads the public key.
    EXPECT_EQ(
        run_shell("openssl pkey -pubin -in '" + (d / "cosign.pub").string() + "' -noout").exit_code,
        0);

    auto again = berth(d, "BERTH_PASSWORD=other", "key generate");
    EXPECT_EQ(again.exit_code, 2);
    EXPECT_NE(again.err.find("exists already; pass --force"), std::string::npos) << again.err;
    EXPECT_EQ(read_text_file(d / "cosign.key"), key) << "refused: nothing rewritten";
    auto forced = berth(d, "BERTH_PASSWORD=other", "key generate --force");
    EXPECT_EQ(forced.exit_code, 0) << forced.err;
    EXPECT_NE(read_text_file(d / "cosign.key"), key);
}

TEST(KeyCli, TypesPrefixesAndPasswordSources) {
    const fs::path d = test::temp_dir("berth-keytypes");
    const std::pair<const char*, sign::KeyAlgorithm> types[] = {
        {"ed25519", sign::KeyAlgorithm::Ed25519}, {"rsa-3072", sign::KeyAlgorithm::Rsa}};
    for (const auto& [type, algorithm] : types) {
        auto r = berth(d, "COSIGN_PASSWORD=alias",
                       std::string("key generate --type ") + type + " --output-key-prefix " + type);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        auto key = sign::decrypt_private_key(read_text_file(d / (std::string(type) + ".key")),
                                             "alias", type);
        ASSERT_TRUE(key.has_value()) << key.error().to_string();
        EXPECT_EQ(key->algorithm(), algorithm);
    }
    auto unknown = berth(d, "BERTH_PASSWORD=pw", "key generate --type dsa --output-key-prefix x");
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.err.find("unknown key type 'dsa'"), std::string::npos) << unknown.err;
    auto no_password = berth(d, "", "key generate --output-key-prefix y");
    EXPECT_EQ(no_password.exit_code, 2);
    EXPECT_NE(no_password.err.find("set BERTH_PASSWORD or COSIGN_PASSWORD"), std::string::npos)
        << no_password.err;
    EXPECT_FALSE(fs::exists(d / "x.key"));
    EXPECT_FALSE(fs::exists(d / "y.key"));
    EXPECT_FALSE(fs::exists(d / "y.pub"));
}

TEST(KeyCli, ImportsPlainKeysAndShowsPublicKeys) {
    const fs::path d = test::temp_dir("berth-keyimport");
    ASSERT_EQ(run_shell("cd '" + d.string() +
                        "' && openssl ecparam -name prime256v1 -genkey -noout -out sec1.pem && "
                        "openssl genrsa -traditional -out pkcs1.pem 2048 2>/dev/null && "
                        "openssl ec -in sec1.pem -pubout -out sec1.pub 2>/dev/null")
                  .exit_code,
              0);
    auto r = berth(d, "BERTH_PASSWORD=pw", "key import sec1.pem");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(read_text_file(d / "import-cosign.pub"), read_text_file(d / "sec1.pub"));
    auto rsa = berth(d, "BERTH_PASSWORD=pw", "key import pkcs1.pem --output-key-prefix rsa");
    ASSERT_EQ(rsa.exit_code, 0) << rsa.err;
    auto pub = berth(d, "BERTH_PASSWORD=pw", "key public --key import-cosign.key");
    ASSERT_EQ(pub.exit_code, 0) << pub.err;
    EXPECT_EQ(pub.out, read_text_file(d / "sec1.pub"));

    auto wrong_type = berth(d, "BERTH_PASSWORD=pw", "key import sec1.pub --output-key-prefix z");
    EXPECT_NE(wrong_type.exit_code, 0);
    EXPECT_NE(wrong_type.err.find("is not a private key"), std::string::npos) << wrong_type.err;
    EXPECT_FALSE(fs::exists(d / "z.key"));
}

TEST(KeyCli, CosignMadeKeysLoadAndMatchTheirPublicKeys) {
    auto data = sign::testing::cosign_data();
    if (!data) GTEST_SKIP() << "shared data absent: cosign-sigstore";
    const fs::path d = test::temp_dir("berth-cosignkeys");
    const fs::path pc = *data / "sigstore__policy-controller/examples/keys";
    auto r = berth(d, "BERTH_PASSWORD=", "key public --key '" + (pc / "cosign.key").string() + "'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, read_text_file(pc / "cosign.pub"));

    // Signed with cosign's key, verified by openssl with cosign's staged public key.
    std::ofstream(d / "blob.txt") << "signed with a cosign-made key\n";
    auto s = berth(d, "BERTH_PASSWORD=",
                   "sign-blob blob.txt --key '" + (pc / "cosign.key").string() +
                       "' --bundle b.json --output-signature b.sig");
    ASSERT_EQ(s.exit_code, 0) << s.err;
    write_raw_signature(d / "b.sig", d / "b.raw");
    EXPECT_TRUE(openssl_verifies(pc / "cosign.pub", d / "b.raw", d / "blob.txt"));

    // cosign's import oracle re-encrypted: the password is asked once for reading, once more
    // for writing (both from BERTH_PASSWORD).
    const fs::path pem = sign::testing::cosign_keys_test_dir(*data) / "pemsigstorekey.pem";
    auto imp = berth(d, "BERTH_PASSWORD=hello", "key import '" + pem.string() + "'");
    ASSERT_EQ(imp.exit_code, 0) << imp.err;
    EXPECT_TRUE(sign::decrypt_private_key(read_text_file(d / "import-cosign.key"), "hello", "k")
                    .has_value());

    const fs::path ci = *data / "sigstore__cosign/.github/workflows/cosign-test.key";
    auto ci_r = berth(d, "BERTH_PASSWORD=", "key public --key '" + ci.string() + "'");
    EXPECT_EQ(ci_r.exit_code, 2);
    EXPECT_NE(ci_r.err.find("wrong password"), std::string::npos) << ci_r.err;
    EXPECT_TRUE(ci_r.out.empty());
}

class SignBlobCli : public ::testing::Test {
  protected:
    void SetUp() override {
        d_ = test::temp_dir("berth-signblob");
        std::ofstream(d_ / "sbom.json") << R"({"bomFormat":"CycloneDX","specVersion":"1.6"})"
                                        << "\n";
    }
    // A new key pair PREFIX.key/.pub of `type` and sbom.json signed with it into PREFIX.bundle.
    void sign_with_new_key(const std::string& type, const std::string& prefix) {
        ASSERT_EQ(berth(d_, "BERTH_PASSWORD=pw",
                        "key generate --type " + type + " --output-key-prefix " + prefix)
                      .exit_code,
                  0);
        ASSERT_EQ(
            berth(d_, "BERTH_PASSWORD=pw",
                  "sign-blob sbom.json --key " + prefix + ".key --bundle " + prefix + ".bundle")
                .exit_code,
            0);
    }
    fs::path d_;
};

TEST_F(SignBlobCli, EveryKeyTypeVerifiesWithOpenssl) {
    for (const char* type : {"ecdsa-p256", "rsa-3072"}) {
        SCOPED_TRACE(type);
        const std::string prefix = type;
        ASSERT_EQ(berth(d_, "BERTH_PASSWORD=pw",
                        "key generate --type " + prefix + " --output-key-prefix " + prefix)
                      .exit_code,
                  0);
        auto r = berth(d_, "BERTH_PASSWORD=pw",
                       "sign-blob sbom.json --key " + prefix + ".key --bundle " + prefix +
                           ".bundle --output-signature " + prefix + ".sig");
        ASSERT_EQ(r.exit_code, 0) << r.err;
        write_raw_signature(d_ / (prefix + ".sig"), d_ / (prefix + ".raw"));
        EXPECT_TRUE(
            openssl_verifies(d_ / (prefix + ".pub"), d_ / (prefix + ".raw"), d_ / "sbom.json"));
        std::ofstream(d_ / "other.json") << "{}";
        EXPECT_FALSE(
            openssl_verifies(d_ / (prefix + ".pub"), d_ / (prefix + ".raw"), d_ / "other.json"));
        const auto bundle = nlohmann::json::parse(read_text_file(d_ / (prefix + ".bundle")));
        EXPECT_EQ(bundle["mediaType"], "application/vnd.dev.sigstore.bundle.v0.3+json");
        EXPECT_EQ(bundle["messageSignature"]["signature"], read_text_file(d_ / (prefix + ".sig")));
    }
    // Ed25519 has no digest: `openssl pkeyutl -verify -rawin`.
    ASSERT_EQ(berth(d_, "BERTH_PASSWORD=pw", "key generate --type ed25519 --output-key-prefix ed")
                  .exit_code,
              0);
    auto r = berth(d_, "BERTH_PASSWORD=pw",
                   "sign-blob sbom.json --key ed.key --bundle ed.bundle --output-signature ed.sig");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    write_raw_signature(d_ / "ed.sig", d_ / "ed.raw");
    EXPECT_EQ(run_shell("cd '" + d_.string() +
                        "' && openssl pkeyutl -verify -pubin -inkey ed.pub -rawin -in sbom.json "
                        "-sigfile ed.raw")
                  .exit_code,
              0);
}

// berth's own round trip: what sign-blob writes offline (no transparency log entry) verifies with
// verify-blob --key only when the user says so (--insecure-ignore-tlog, as cosign); a changed
// file, another key and a missing flag are each refused with their reason.
TEST_F(SignBlobCli, RoundTripsThroughVerifyBlob) {
    for (const char* type : {"ecdsa-p256", "ed25519", "rsa-3072"}) {
        SCOPED_TRACE(type);
        const std::string p = type;
        sign_with_new_key(p, p);
        if (HasFatalFailure()) return;
        const std::string verify = "verify-blob --bundle " + p + ".bundle --key " + p + ".pub ";
        auto ok = berth(d_, "", verify + "--insecure-ignore-tlog sbom.json");
        EXPECT_EQ(ok.exit_code, 0) << ok.err;
        EXPECT_NE(ok.out.find("--insecure-ignore-tlog"), std::string::npos) << ok.out;
        EXPECT_NE(ok.err.find("warning"), std::string::npos);
        std::ofstream(d_ / "root.json") << "{}";
        auto no_flag = berth(d_, "", verify + "--trusted-root root.json sbom.json");
        EXPECT_EQ(no_flag.exit_code, 1);
        EXPECT_NE(no_flag.err.find("no transparency log entry"), std::string::npos) << no_flag.err;
        std::ofstream(d_ / "changed.json") << "{}";
        auto changed = berth(d_, "", verify + "--insecure-ignore-tlog changed.json");
        EXPECT_EQ(changed.exit_code, 1) << changed.err;
    }
    auto plain =
        berth(d_, "", "verify-blob --bundle ecdsa-p256.bundle --key ecdsa-p256.pub sbom.json");
    EXPECT_EQ(plain.exit_code, 2) << "no trusted root and no --insecure-ignore-tlog";
    auto wrong_key = berth(d_, "",
                           "verify-blob --bundle ecdsa-p256.bundle --key rsa-3072.pub "
                           "--insecure-ignore-tlog sbom.json");
    EXPECT_EQ(wrong_key.exit_code, 1) << wrong_key.err;
    auto keyless = berth(d_, "",
                         "verify-blob --bundle ecdsa-p256.bundle --insecure-ignore-tlog "
                         "--certificate-identity x --certificate-oidc-issuer y sbom.json");
    EXPECT_EQ(keyless.exit_code, 2) << "the flag needs --key";
}

TEST_F(SignBlobCli, StdinAndStdoutSignature) {
    ASSERT_EQ(berth(d_, "BERTH_PASSWORD=pw", "key generate").exit_code, 0);
    auto r = run_shell("cd '" + d_.string() + "' && BERTH_PASSWORD=pw '" + bin() +
                       "' sign-blob - --key cosign.key --bundle stdin.bundle < sbom.json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::ofstream(d_ / "stdin.sig") << r.out.substr(0, r.out.find('\n'));
    write_raw_signature(d_ / "stdin.sig", d_ / "stdin.raw");
    EXPECT_TRUE(openssl_verifies(d_ / "cosign.pub", d_ / "stdin.raw", d_ / "sbom.json"));
}

TEST_F(SignBlobCli, BadKeysFailAndWriteNothing) {
    ASSERT_EQ(berth(d_, "BERTH_PASSWORD=pw", "key generate").exit_code, 0);
    const std::string key = read_text_file(d_ / "cosign.key");
    std::ofstream(d_ / "truncated.key") << key.substr(0, key.size() / 2);
    std::ofstream(d_ / "garbage.key") << "not a key at all\n";
    struct Case {
        std::string env;
        std::string key;
        const char* says;
    };
    const Case cases[] = {
        {"BERTH_PASSWORD=wrong", "cosign.key", "wrong password"},
        {"", "cosign.key", "no password given"},
        {"BERTH_PASSWORD=pw", "missing.key", "missing.key"},
        {"BERTH_PASSWORD=pw", "truncated.key", "no END line"},
        {"BERTH_PASSWORD=pw", "garbage.key", "no PEM block"},
        {"BERTH_PASSWORD=pw", "'pkcs11:token=x;object=y?module-path=/nonexistent/p11.so'",
         "cannot load PKCS#11 module"},
        {"BERTH_PASSWORD=pw", "'pkcs11:token=x;bogus=y'", "unknown path attribute 'bogus'"},
    };
    for (const auto& c : cases) {
        auto r = berth(d_, c.env,
                       "sign-blob sbom.json --key " + c.key +
                           " --bundle out.json "
                           "--output-signature out.sig");
        EXPECT_NE(r.exit_code, 0) << c.key;
        EXPECT_NE(r.err.find(c.says), std::string::npos) << c.key << ": " << r.err;
        EXPECT_FALSE(fs::exists(d_ / "out.json")) << c.key;
        EXPECT_FALSE(fs::exists(d_ / "out.sig")) << c.key;
    }
}

TEST_F(SignBlobCli, BundlesVerifyWithSigstoreJs) {
    const fs::path script = fs::path(BERTH_SOURCE_DIR) / "tests/sigstore-js";
    auto setup = run_shell("'" + (script / "setup.sh").string() + "' 2>&1");
    if (setup.exit_code != 0) {
        GTEST_SKIP() << "sigstore-js (@sigstore/verify from npm) unavailable: " << setup.out;
    }
    for (const char* type : {"ecdsa-p256", "rsa-3072"}) {
        SCOPED_TRACE(type);
        const std::string p = type;
        sign_with_new_key(p, p);
        if (HasFatalFailure()) return;
        auto ok = run_shell("node '" + (script / "verify-bundle.js").string() + "' '" +
                            (d_ / (p + ".bundle")).string() + "' '" + (d_ / (p + ".pub")).string() +
                            "' '" + (d_ / "sbom.json").string() + "' 2>&1");
        EXPECT_EQ(ok.exit_code, 0) << ok.out;
        EXPECT_TRUE(ok.out.starts_with("OK ")) << ok.out;
        std::ofstream(d_ / "tampered.json") << "{}";
        auto bad =
            run_shell("node '" + (script / "verify-bundle.js").string() + "' '" +
                      (d_ / (p + ".bundle")).string() + "' '" + (d_ / (p + ".pub")).string() +
                      "' '" + (d_ / "tampered.json").string() + "' 2>&1");
        EXPECT_EQ(bad.exit_code, 1) << bad.out;
    }
}

// The new image-signature format (`berth sign IMAGE` will push it): a DSSE bundle over the
// in-toto statement, checked by sigstore-js for every key type.
TEST_F(SignBlobCli, ImageDsseBundlesVerifyWithSigstoreJs) {
    const fs::path script = fs::path(BERTH_SOURCE_DIR) / "tests/sigstore-js";
    auto setup = run_shell("'" + (script / "setup.sh").string() + "' 2>&1");
    if (setup.exit_code != 0) {
        GTEST_SKIP() << "sigstore-js (@sigstore/verify from npm) unavailable: " << setup.out;
    }
    const Digest digest{"sha256", std::string(64, 'c')};
    for (auto type : {sign::KeyType::EcdsaP256, sign::KeyType::Ed25519, sign::KeyType::Rsa3072}) {
        auto signer = sign::make_key_signer(std::move(*sign::PrivateKey::generate(type)), "k");
        ASSERT_TRUE(signer.has_value());
        auto bundle = sign::sign_image_bundle(**signer, "registry.example/app", digest);
        ASSERT_TRUE(bundle.has_value());
        std::ofstream(d_ / "image.bundle") << *bundle;
        std::ofstream(d_ / "image.pub") << (*signer)->public_pem();
        const std::string verify = "node '" + (script / "verify-bundle.js").string() + "' '" +
                                   (d_ / "image.bundle").string() + "' '" +
                                   (d_ / "image.pub").string() + "' 2>&1";
        auto ok = run_shell(verify);
        EXPECT_EQ(ok.exit_code, 0) << static_cast<int>(type) << ": " << ok.out;
        // The same envelope with another payload fails.
        auto doc = nlohmann::json::parse(*bundle);
        doc["dsseEnvelope"]["payload"] = image::registry::base64_encode("{}");
        std::ofstream(d_ / "image.bundle") << doc.dump();
        auto bad = run_shell(verify);
        EXPECT_EQ(bad.exit_code, 1) << static_cast<int>(type) << ": " << bad.out;
    }
}

TEST_F(SignBlobCli, SignsWithASoftHsmKey) {
    const auto token =
        sign::testing::make_softhsm_token({"--key-type EC:prime256v1 --label blob-key --id 07"});
    if (!token.skip.empty()) GTEST_SKIP() << token.skip;
    const std::string uri = std::string("'pkcs11:token=berth;object=blob-key?module-path=") +
                            sign::testing::kSoftHsmModule + "'";
    const std::string env = "SOFTHSM2_CONF='" + token.conf.string() + "' BERTH_PKCS11_PIN=1234";
    auto pub = berth(d_, env, "key public --key " + uri + " -o token.pub");
    ASSERT_EQ(pub.exit_code, 0) << pub.err;
    auto r =
        berth(d_, env,
              "sign-blob sbom.json --key " + uri + " --bundle t.bundle --output-signature t.sig");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    write_raw_signature(d_ / "t.sig", d_ / "t.raw");
    EXPECT_TRUE(openssl_verifies(d_ / "token.pub", d_ / "t.raw", d_ / "sbom.json"));
    auto gen = berth(d_, env,
                     std::string("key generate --output-key-prefix made --pkcs11 "
                                 "'pkcs11:token=berth;object=made;id=%08?module-path=") +
                         sign::testing::kSoftHsmModule + "'");
    ASSERT_EQ(gen.exit_code, 0) << gen.err;
    EXPECT_EQ(gen.out, read_text_file(d_ / "made.pub"));
    auto wrong_pin = berth(d_, "SOFTHSM2_CONF='" + token.conf.string() + "' BERTH_PKCS11_PIN=0000",
                           "sign-blob sbom.json --key " + uri + " --bundle w.bundle");
    EXPECT_NE(wrong_pin.exit_code, 0);
    EXPECT_NE(wrong_pin.err.find("wrong PIN"), std::string::npos) << wrong_pin.err;
    EXPECT_FALSE(fs::exists(d_ / "w.bundle"));
}

}  // namespace
}  // namespace berth

// SPDX-License-Identifier: Apache-2.0
// PKCS#11 against a real token: SoftHSM2 with its own token directory in a temp dir, keys made
// by OpenSC's pkcs11-tool, signatures checked by `openssl dgst -verify`.
#include "sign/pkcs11.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "sign/sign_testing.hpp"

namespace berth::sign {
namespace {

namespace fs = std::filesystem;

constexpr const char* kModule = testing::kSoftHsmModule;

class SoftHsm : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        skip_ =
            testing::make_softhsm_token({
                                            "--key-type EC:prime256v1 --label berth-key --id 01",
                                            "--key-type rsa:2048 --label berth-rsa --id 02",
                                            "--key-type EC:prime256v1 --label twin --id 03",
                                            "--key-type EC:prime256v1 --label twin --id 04",
                                        })
                .skip;
    }

    void SetUp() override {
        if (!skip_.empty()) GTEST_SKIP() << skip_;
    }

    static std::string uri(const std::string& path, const std::string& pin = "1234") {
        return "pkcs11:token=berth;" + path + "?module-path=" + kModule +
               (pin.empty() ? "" : "&pin-value=" + pin);
    }

    // `openssl dgst -sha256 -verify` of `sig` over `message` with the signer's public PEM.
    static bool openssl_cli_verifies(const Signer& signer, const std::string& message,
                                     const std::string& sig) {
        const fs::path d = berth::test::temp_dir("berth-p11-verify");
        std::ofstream(d / "pub.pem") << signer.public_pem();
        std::ofstream(d / "msg", std::ios::binary) << message;
        std::ofstream(d / "sig", std::ios::binary) << sig;
        auto r = berth::test::run_shell("openssl dgst -sha256 -verify " + (d / "pub.pem").string() +
                                        " -signature " + (d / "sig").string() + " " +
                                        (d / "msg").string());
        return r.exit_code == 0 && r.out.find("Verified OK") != std::string::npos;
    }

    static inline std::string skip_;
};

TEST_F(SoftHsm, SignsWithAnEcKeyAndOpensslVerifies) {
    auto signer = open_pkcs11_signer(uri("object=berth-key"));
    ASSERT_TRUE(signer.has_value()) << signer.error().to_string();
    EXPECT_EQ((*signer)->algorithm(), KeyAlgorithm::EcdsaP256);
    auto sig = (*signer)->sign("signed on a token");
    ASSERT_TRUE(sig.has_value()) << sig.error().to_string();
    EXPECT_EQ(static_cast<unsigned char>((*sig)[0]), 0x30) << "raw r||s must become DER";
    EXPECT_TRUE(openssl_cli_verifies(**signer, "signed on a token", *sig));
    EXPECT_FALSE(openssl_cli_verifies(**signer, "something else", *sig));
    // The public key is the token's: pkcs11-tool reads the same one.
    auto r = berth::test::run_shell("pkcs11-tool --module " + std::string(kModule) +
                                    " --read-object --type pubkey --id 01 2>/dev/null | "
                                    "openssl pkey -pubin -inform DER 2>/dev/null");
    EXPECT_EQ(r.out, (*signer)->public_pem());
    EXPECT_EQ((*signer)->description().find("1234"), std::string::npos) << "PIN redacted";
}

TEST_F(SoftHsm, SignsWithAnRsaKeyById) {
    auto signer = open_pkcs11_signer(uri("id=%02"));
    ASSERT_TRUE(signer.has_value()) << signer.error().to_string();
    EXPECT_EQ((*signer)->algorithm(), KeyAlgorithm::Rsa);
    auto sig = (*signer)->sign("rsa on a token");
    ASSERT_TRUE(sig.has_value()) << sig.error().to_string();
    EXPECT_EQ(sig->size(), 256U);
    EXPECT_TRUE(openssl_cli_verifies(**signer, "rsa on a token", *sig));
    EXPECT_TRUE(testing::openssl_verifies((*signer)->public_der(), "rsa on a token", *sig));
}

TEST_F(SoftHsm, ModuleByP11KitName) {
    if (!fs::exists("/usr/share/p11-kit/modules/softhsm2.module")) {
        GTEST_SKIP() << "softhsm2 is not registered with p11-kit";
    }
    auto signer = open_pkcs11_signer(
        "pkcs11:token=berth;object=berth-key?module-name=softhsm2&"
        "pin-value=1234");
    ASSERT_TRUE(signer.has_value()) << signer.error().to_string();
    EXPECT_TRUE((*signer)->sign("x").has_value());
}

TEST_F(SoftHsm, PinFromTheEnvironment) {
    ::setenv("BERTH_PKCS11_PIN", "1234", 1);
    auto signer = open_pkcs11_signer(uri("object=berth-key", ""));
    ::unsetenv("BERTH_PKCS11_PIN");
    ASSERT_TRUE(signer.has_value()) << signer.error().to_string();
    EXPECT_TRUE((*signer)->sign("x").has_value());
}

TEST_F(SoftHsm, ClearErrors) {
    struct Case {
        std::string uri;
        ErrorCode code;
        const char* says;
    };
    const Case cases[] = {
        {"pkcs11:token=berth;object=berth-key?module-path=/nonexistent/libnothing.so&pin-value=1",
         ErrorCode::NotFound, "cannot load PKCS#11 module /nonexistent/libnothing.so"},
        {"pkcs11:token=nosuch;object=berth-key?module-path=" + std::string(kModule) +
             "&pin-value=1234",
         ErrorCode::NotFound, "no token matches the URI; tokens present: \"berth\""},
        {uri("object=missing"), ErrorCode::NotFound, "no private key object"},
        {uri("object=twin"), ErrorCode::InvalidArgument, "2 private key objects match"},
        {uri("object=berth-key", "9999"), ErrorCode::InvalidArgument, "wrong PIN"},
        {"pkcs11:token=berth;objekt=x", ErrorCode::InvalidArgument, "unknown path attribute"},
        {"pkcs11:token=berth?module-path=/usr/lib/x86_64-linux-gnu/libc.so.6", ErrorCode::Format,
         "not a PKCS#11 module"},
    };
    for (const auto& c : cases) {
        auto r = open_pkcs11_signer(c.uri);
        ASSERT_FALSE(r.has_value()) << c.uri;
        EXPECT_EQ(r.error().code, c.code) << c.uri << " → " << r.error().to_string();
        EXPECT_NE(r.error().to_string().find(c.says), std::string::npos)
            << c.uri << " → " << r.error().to_string();
        EXPECT_EQ(r.error().to_string().find("pin-value=1234"), std::string::npos);
    }
}

TEST_F(SoftHsm, GeneratesAKeyOnTheToken) {
    auto der = generate_pkcs11_key(uri("object=made-by-berth;id=%09"));
    ASSERT_TRUE(der.has_value()) << der.error().to_string();
    auto signer = open_pkcs11_signer(uri("object=made-by-berth"));
    ASSERT_TRUE(signer.has_value()) << signer.error().to_string();
    EXPECT_EQ((*signer)->public_der(), *der);
    auto sig = (*signer)->sign("fresh key");
    EXPECT_TRUE(openssl_cli_verifies(**signer, "fresh key", *sig));
    auto again = generate_pkcs11_key(uri("object=made-by-berth;id=%0a"));
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, ErrorCode::InvalidArgument);
    auto no_id = generate_pkcs11_key(uri("object=other"));
    ASSERT_FALSE(no_id.has_value());
    EXPECT_NE(no_id.error().message.find("object= (its label) and id="), std::string::npos);
}

}  // namespace
}  // namespace berth::sign

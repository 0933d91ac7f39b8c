// SPDX-License-Identifier: Apache-2.0
#include "sign/key.hpp"

#include <gtest/gtest.h>

#include "sign/sign_testing.hpp"

namespace berth::sign {
namespace {

TEST(SignKey, GeneratesTheThreeTypes) {
    const std::pair<KeyType, KeyAlgorithm> cases[] = {
        {KeyType::EcdsaP256, KeyAlgorithm::EcdsaP256},
        {KeyType::Ed25519, KeyAlgorithm::Ed25519},
        {KeyType::Rsa3072, KeyAlgorithm::Rsa},
    };
    for (const auto& [type, algorithm] : cases) {
        auto key = PrivateKey::generate(type);
        ASSERT_TRUE(key.has_value()) << key.error().to_string();
        EXPECT_EQ(key->algorithm(), algorithm);
        auto pem = key->public_pem();
        ASSERT_TRUE(pem.has_value());
        EXPECT_TRUE(pem->starts_with("-----BEGIN PUBLIC KEY-----\n"));
        EXPECT_TRUE(pem->ends_with("-----END PUBLIC KEY-----\n"));
        EXPECT_EQ(*public_der_from_pem(*pem, "t"), *key->public_der());
    }
}

TEST(SignKey, SignaturesUseCosignsEncodings) {
    auto ec = PrivateKey::generate(KeyType::EcdsaP256);
    auto sig = ec->sign("message");
    ASSERT_TRUE(sig.has_value());
    EXPECT_EQ(static_cast<unsigned char>((*sig)[0]), 0x30);  // ASN.1 SEQUENCE (DER), not r‖s
    EXPECT_TRUE(testing::openssl_verifies(*ec->public_der(), "message", *sig));

    auto ed = PrivateKey::generate(KeyType::Ed25519);
    auto ed_sig = ed->sign("message");
    EXPECT_EQ(ed_sig->size(), 64U);  // raw Ed25519
    EXPECT_TRUE(testing::openssl_verifies(*ed->public_der(), "message", *ed_sig));

    auto rsa = PrivateKey::generate(KeyType::Rsa3072);
    auto rsa_sig = rsa->sign("message");
    EXPECT_EQ(rsa_sig->size(), 384U);
    EXPECT_EQ(EVP_PKEY_get_bits(rsa->get()), 3072);
    EXPECT_TRUE(testing::openssl_verifies(*rsa->public_der(), "message", *rsa_sig));
    // PKCS#1 v1.5 is deterministic: the same message gives the same signature.
    EXPECT_EQ(*rsa->sign("message"), *rsa_sig);
}

TEST(SignKey, ParsesKeyTypeNames) {
    EXPECT_EQ(*parse_key_type("ecdsa-p256"), KeyType::EcdsaP256);
    EXPECT_EQ(*parse_key_type("ED25519"), KeyType::Ed25519);
    EXPECT_EQ(*parse_key_type("rsa-3072"), KeyType::Rsa3072);
    auto bad = parse_key_type("dsa");
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(bad.error().message.find("ecdsa-p256, ed25519, rsa-3072"), std::string::npos);
}

TEST(SignKey, ReadsPlainPemForms) {
    auto key = PrivateKey::generate(KeyType::EcdsaP256);
    const std::string pkcs8 = write_pem("PRIVATE KEY", key->pkcs8_der()->view());
    auto back = PrivateKey::from_plain_pem(pkcs8, "k.pem");
    ASSERT_TRUE(back.has_value()) << back.error().to_string();
    EXPECT_EQ(*back->public_der(), *key->public_der());
    // SEC1 and PKCS#1 as openssl writes them.
    auto sec1 =
        berth::test::run_shell("openssl ecparam -name prime256v1 -genkey -noout 2>/dev/null");
    ASSERT_EQ(sec1.exit_code, 0);
    ASSERT_NE(sec1.out.find("EC PRIVATE KEY"), std::string::npos);
    EXPECT_EQ(PrivateKey::from_plain_pem(sec1.out, "sec1")->algorithm(), KeyAlgorithm::EcdsaP256);
    auto with_params =
        berth::test::run_shell("openssl ecparam -name prime256v1 -genkey 2>/dev/null");
    ASSERT_NE(with_params.out.find("EC PARAMETERS"), std::string::npos);
    EXPECT_TRUE(PrivateKey::from_plain_pem(with_params.out, "params").has_value());
    auto pkcs1 = berth::test::run_shell("openssl genrsa -traditional 2048 2>/dev/null");
    ASSERT_EQ(pkcs1.exit_code, 0);
    ASSERT_NE(pkcs1.out.find("RSA PRIVATE KEY"), std::string::npos);
    EXPECT_EQ(PrivateKey::from_plain_pem(pkcs1.out, "pkcs1")->algorithm(), KeyAlgorithm::Rsa);
}

TEST(SignKey, RejectsBadPem) {
    const std::string der(40, 'x');
    const std::pair<std::string, ErrorCode> cases[] = {
        {"", ErrorCode::Format},
        {"-----BEGIN PRIVATE KEY-----\nAAAA\n", ErrorCode::Truncated},
        {"-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n", ErrorCode::Format},
        {write_pem("PRIVATE KEY", der), ErrorCode::Format},  // not DER
        {write_pem("CERTIFICATE", der), ErrorCode::Format},  // another type
        {write_pem("ENCRYPTED PRIVATE KEY", der), ErrorCode::Unsupported},
        {"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nAAAA\n"
         "-----END RSA PRIVATE KEY-----\n",
         ErrorCode::Unsupported},
    };
    for (const auto& [text, code] : cases) {
        auto r = PrivateKey::from_plain_pem(text, "bad.pem");
        ASSERT_FALSE(r.has_value()) << text;
        EXPECT_EQ(r.error().code, code) << text << " → " << r.error().to_string();
        EXPECT_EQ(r.error().where, "bad.pem");
    }
}

TEST(SignKey, HintIsBase64Sha256OfTheSpki) {
    // sha256("") = e3b0c442…; its base64 is fixed.
    EXPECT_EQ(public_key_hint(""), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
}

TEST(SignKey, SecretBytesWipesOnClear) {
    SecretBytes s(std::string("password"));
    std::string& buf = s.buffer();
    const char* data = buf.data();
    s.clear();
    EXPECT_TRUE(s.empty());
    // The bytes that held the secret (the small-string buffer of `buf`) are now zero.
    for (int i = 0; i < 8; ++i) EXPECT_EQ(data[i], '\0') << i;
}

}  // namespace
}  // namespace berth::sign

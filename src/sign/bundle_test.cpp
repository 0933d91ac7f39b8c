// SPDX-License-Identifier: Apache-2.0
#include "sign/bundle.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/base64.hpp"
#include "sign/payload.hpp"
#include "sign/sign_testing.hpp"

namespace berth::sign {
namespace {

std::unique_ptr<Signer> fresh_signer(KeyType type) {
    auto key = PrivateKey::generate(type);
    auto signer = make_key_signer(std::move(*key), "test key");
    EXPECT_TRUE(signer.has_value());
    return std::move(*signer);
}

// The example of secure-systems-lab/dsse protocol.md.
TEST(Dsse, PreAuthenticationEncoding) {
    EXPECT_EQ(dsse_pae("http://example.com/HelloWorld", "hello world"),
              "DSSEv1 29 http://example.com/HelloWorld 11 hello world");
    EXPECT_EQ(dsse_pae("", ""), "DSSEv1 0  0 ");
}

TEST(Bundle, MessageSignatureBundleHasProtobufSpecsFields) {
    auto signer = fresh_signer(KeyType::EcdsaP256);
    auto blob = sign_blob(*signer, "hello, world\n");
    ASSERT_TRUE(blob.has_value()) << blob.error().to_string();
    const auto b = nlohmann::json::parse(blob->bundle);
    EXPECT_EQ(b["mediaType"], "application/vnd.dev.sigstore.bundle.v0.3+json");
    EXPECT_EQ(b["verificationMaterial"]["publicKey"]["hint"], signer->key_hint());
    EXPECT_FALSE(b.contains("dsseEnvelope"));
    const auto& ms = b["messageSignature"];
    EXPECT_EQ(ms["messageDigest"]["algorithm"], "SHA2_256");
    // printf 'hello, world\n' | openssl dgst -sha256 -binary | base64
    EXPECT_EQ(ms["messageDigest"]["digest"], "hT/5N2Kgbdv3IsTr6d3WbY9j3a6pf1IcPswg2nyXYCA=");
    const auto sig = base64_decode(ms["signature"].get<std::string>());
    ASSERT_TRUE(sig.has_value());
    EXPECT_EQ(*sig, blob->signature);
    EXPECT_TRUE(testing::openssl_verifies(signer->public_der(), "hello, world\n", *sig));
    EXPECT_EQ(blob->bundle.find('\n'), std::string::npos);
}

TEST(Bundle, DsseBundleSignsThePae) {
    for (KeyType type : {KeyType::EcdsaP256, KeyType::Ed25519, KeyType::Rsa3072}) {
        auto signer = fresh_signer(type);
        const Digest d{"sha256", std::string(64, 'b')};
        auto text = sign_image_bundle(*signer, "example.com/app", d);
        ASSERT_TRUE(text.has_value());
        const auto b = nlohmann::json::parse(*text);
        const auto& env = b["dsseEnvelope"];
        EXPECT_EQ(env["payloadType"], "application/vnd.in-toto+json");
        const auto payload = base64_decode(env["payload"].get<std::string>());
        EXPECT_EQ(*payload, image_signature_statement("example.com/app", d));
        ASSERT_EQ(env["signatures"].size(), 1U);
        const auto sig = base64_decode(env["signatures"][0]["sig"].get<std::string>());
        const std::string pae = dsse_pae(kInTotoPayloadType, *payload);
        EXPECT_TRUE(testing::openssl_verifies(signer->public_der(), pae, *sig));
        EXPECT_FALSE(testing::openssl_verifies(signer->public_der(), *payload, *sig))
            << "the signature must be over the PAE, not the raw payload";
    }
}

}  // namespace
}  // namespace berth::sign

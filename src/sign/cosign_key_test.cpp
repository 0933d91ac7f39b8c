// SPDX-License-Identifier: Apache-2.0
#include "sign/cosign_key.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/base64.hpp"
#include "sign/sign_testing.hpp"

namespace berth::sign {
namespace {

std::string read(const std::filesystem::path& p) {
    return berth::test::read_text_file(p);
}

// The JSON body of an encrypted key PEM.
nlohmann::json body_of(const std::string& pem) {
    auto block = read_pem(pem, "test");
    EXPECT_TRUE(block.has_value());
    return nlohmann::json::parse(block->der.view());
}

TEST(CosignKey, RoundTripsEveryKeyType) {
    for (KeyType type : {KeyType::EcdsaP256, KeyType::Ed25519, KeyType::Rsa3072}) {
        auto key = PrivateKey::generate(type);
        ASSERT_TRUE(key.has_value()) << key.error().to_string();
        auto pem = encrypt_private_key(*key, "s3cret");
        ASSERT_TRUE(pem.has_value()) << pem.error().to_string();
        EXPECT_TRUE(pem->starts_with("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n"));
        auto back = decrypt_private_key(*pem, "s3cret", "test.key");
        ASSERT_TRUE(back.has_value()) << back.error().to_string();
        EXPECT_EQ(*back->public_der(), *key->public_der());
        EXPECT_EQ(back->algorithm(), key->algorithm());
        auto sig = back->sign("payload");
        ASSERT_TRUE(sig.has_value());
        EXPECT_TRUE(testing::openssl_verifies(*key->public_der(), "payload", *sig));
        EXPECT_FALSE(testing::openssl_verifies(*key->public_der(), "payload!", *sig));
    }
}

TEST(CosignKey, WritesGoFieldOrderAndStandardParameters) {
    auto key = PrivateKey::generate(KeyType::EcdsaP256);
    auto pem = encrypt_private_key(*key, "pw");
    ASSERT_TRUE(pem.has_value());
    auto block = read_pem(*pem, "t");
    const std::string json(block->der.view());
    EXPECT_TRUE(
        json.starts_with(R"({"kdf":{"name":"scrypt","params":{"N":65536,"r":8,"p":1},"salt":")"))
        << json;
    EXPECT_NE(json.find(R"("cipher":{"name":"nacl/secretbox","nonce":")"), std::string::npos);
    const auto body = nlohmann::json::parse(json);
    EXPECT_EQ(base64_decode(body["kdf"]["salt"].get<std::string>())->size(), 32U);
    EXPECT_EQ(base64_decode(body["cipher"]["nonce"].get<std::string>())->size(), 24U);
    // PKCS#8 of a P-256 key is 138 bytes; the secretbox adds its 16-byte tag.
    EXPECT_EQ(base64_decode(body["ciphertext"].get<std::string>())->size(), 138U + 16U);
    // 64-column lines, as Go's pem.Encode.
    EXPECT_EQ(pem->find('\n', 47) - 47, 64U);
}

TEST(CosignKey, AcceptsTheThreeParameterSetsOnly) {
    EXPECT_TRUE(accepted_scrypt_params({32768, 8, 1}));
    EXPECT_TRUE(accepted_scrypt_params({65536, 8, 1}));
    EXPECT_TRUE(accepted_scrypt_params({131072, 8, 1}));
    EXPECT_FALSE(accepted_scrypt_params({16384, 8, 1}));
    EXPECT_FALSE(accepted_scrypt_params({262144, 8, 1}));
    EXPECT_FALSE(accepted_scrypt_params({65536, 16, 1}));
    EXPECT_FALSE(accepted_scrypt_params({65536, 8, 2}));
    auto key = PrivateKey::generate(KeyType::Ed25519);
    auto legacy = encrypt_private_key(*key, "pw", {32768, 8, 1});
    ASSERT_TRUE(legacy.has_value());
    EXPECT_EQ(body_of(*legacy)["kdf"]["params"]["N"], 32768);
    EXPECT_TRUE(decrypt_private_key(*legacy, "pw", "t").has_value());
    auto refused = encrypt_private_key(*key, "pw", {1024, 8, 1});
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::InvalidArgument);
}

TEST(CosignKey, WrongPasswordIsAClearError) {
    auto key = PrivateKey::generate(KeyType::EcdsaP256);
    auto pem = encrypt_private_key(*key, "right");
    auto r = decrypt_private_key(*pem, "wrong", "my.key");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(r.error().message.find("wrong password"), std::string::npos);
    EXPECT_EQ(r.error().where, "my.key");
}

// Encrypted-key files with one thing wrong each: (name, body or whole text, code, message part).
struct BadCase {
    const char* name;
    std::string text;
    ErrorCode code;
    const char* says;
};

std::string with_body(const std::string& json) {
    return write_pem(kSigstoreKeyPemType, json);
}

std::vector<BadCase> bad_cases(const std::string& good_pem) {
    const std::string good = std::string(read_pem(good_pem, "t")->der.view());
    auto edit = [&](const std::string& from, const std::string& to) {
        std::string s = good;
        s.replace(s.find(from), from.size(), to);
        return with_body(s);
    };
    const auto cut = good_pem.substr(0, good_pem.size() / 2);
    return {
        {"truncated", cut, ErrorCode::Truncated, "no END line"},
        {"wrong_pem_type", write_pem("CERTIFICATE", good), ErrorCode::Format, "not a cosign key"},
        {"not_json", with_body("this is not json"), ErrorCode::Format, "not the expected JSON"},
        {"bad_base64_salt", edit(R"("salt":")", R"("salt":"!!)"), ErrorCode::Format,
         "not valid base64"},
        {"bad_base64_ciphertext", edit(R"("ciphertext":")", R"("ciphertext":"*)"),
         ErrorCode::Format, "not valid base64"},
        {"n_too_small", edit(R"("N":65536)", R"("N":1024)"), ErrorCode::Unsupported,
         "not accepted"},
        {"n_too_big", edit(R"("N":65536)", R"("N":1048576)"), ErrorCode::Unsupported,
         "not accepted"},
        {"r_changed", edit(R"("r":8)", R"("r":1)"), ErrorCode::Unsupported, "not accepted"},
        {"n_not_a_number", edit(R"("N":65536)", R"("N":"65536")"), ErrorCode::Format, "expected"},
        {"unknown_kdf", edit(R"("name":"scrypt")", R"("name":"argon2")"), ErrorCode::Format,
         "argon2"},
        {"unknown_cipher", edit(R"("name":"nacl/secretbox")", R"("name":"aes-gcm")"),
         ErrorCode::Format, "aes-gcm"},
        {"no_kdf", with_body(R"({"cipher":{}})"), ErrorCode::Format, "kdf"},
        {"short_nonce", edit(R"("nonce":")", R"("nonce":"AAAA)"), ErrorCode::Format, "24 bytes"},
        {"empty", "", ErrorCode::Format, "no PEM block"},
    };
}

TEST(CosignKey, RejectsDamagedFilesWithClearReasons) {
    auto key = PrivateKey::generate(KeyType::EcdsaP256);
    auto pem = encrypt_private_key(*key, "pw");
    ASSERT_TRUE(pem.has_value());
    for (const auto& c : bad_cases(*pem)) {
        auto r = decrypt_private_key(c.text, "pw", "bad.key");
        ASSERT_FALSE(r.has_value()) << c.name;
        EXPECT_EQ(r.error().code, c.code) << c.name << ": " << r.error().to_string();
        EXPECT_NE(r.error().to_string().find(c.says), std::string::npos)
            << c.name << ": " << r.error().to_string();
    }
}

TEST(CosignKey, ReadsTheOlderCosignPemType) {
    auto key = PrivateKey::generate(KeyType::EcdsaP256);
    auto pem = encrypt_private_key(*key, "pw");
    std::string old = *pem;
    for (auto at = old.find("SIGSTORE"); at != std::string::npos; at = old.find("SIGSTORE")) {
        old.replace(at, 8, "COSIGN");
    }
    EXPECT_TRUE(is_cosign_encrypted_pem(old));
    auto back = decrypt_private_key(old, "pw", "t");
    ASSERT_TRUE(back.has_value()) << back.error().to_string();
    EXPECT_EQ(*back->public_der(), *key->public_der());
}

// cosign's own keys: pemcosignkey/pemsigstorekey (password "hello", N = 32768), pemcosigneckey
// (N = 65536, plaintext SEC1: cosign's LoadPrivateKey refuses it, so does berth).
TEST(CosignKeyOracle, DecryptsCosignsTestKeys) {
    auto data = testing::cosign_data();
    if (!data) GTEST_SKIP() << "shared data absent: cosign-sigstore";
    const auto dir = testing::cosign_keys_test_dir(*data);
    for (const char* name : {"pemcosignkey.pem", "pemsigstorekey.pem"}) {
        const std::string text = read(dir / name);
        auto key = decrypt_private_key(text, "hello", name);
        ASSERT_TRUE(key.has_value()) << name << ": " << key.error().to_string();
        EXPECT_EQ(key->algorithm(), KeyAlgorithm::EcdsaP256) << name;
        auto wrong = decrypt_private_key(text, "hell", name);
        ASSERT_FALSE(wrong.has_value());
        EXPECT_EQ(wrong.error().code, ErrorCode::InvalidArgument) << name;
    }
    auto sec1 = decrypt_private_key(read(dir / "pemcosigneckey.pem"), "hello", "ec");
    ASSERT_FALSE(sec1.has_value());
    EXPECT_EQ(sec1.error().code, ErrorCode::Format);
    EXPECT_NE(sec1.error().message.find("not PKCS#8"), std::string::npos);
}

TEST(CosignKeyOracle, PolicyControllerKeyMatchesItsPublicKey) {
    auto data = testing::cosign_data();
    if (!data) GTEST_SKIP() << "shared data absent: cosign-sigstore";
    const auto dir = *data / "sigstore__policy-controller/examples/keys";
    auto key = decrypt_private_key(read(dir / "cosign.key"), "", "cosign.key");
    ASSERT_TRUE(key.has_value()) << key.error().to_string();
    auto staged = public_der_from_pem(read(dir / "cosign.pub"), "cosign.pub");
    ASSERT_TRUE(staged.has_value());
    EXPECT_EQ(*key->public_der(), *staged);
    EXPECT_EQ(*key->public_pem(), read(dir / "cosign.pub"));
}

TEST(CosignKeyOracle, CiKeyWithSecretPasswordFailsCleanly) {
    auto data = testing::cosign_data();
    if (!data) GTEST_SKIP() << "shared data absent: cosign-sigstore";
    const std::string text = read(*data / "sigstore__cosign/.github/workflows/cosign-test.key");
    for (const char* guess : {"", "hello", "cosign", "password"}) {
        auto r = decrypt_private_key(text, guess, "cosign-test.key");
        ASSERT_FALSE(r.has_value()) << guess;
        EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument) << guess;
    }
}

// keys_test.go's import table: valid keys import, the invalid ones are refused.
TEST(CosignKeyOracle, ImportTableOfCosign) {
    auto data = testing::cosign_data();
    if (!data) GTEST_SKIP() << "shared data absent: cosign-sigstore";
    const auto dir = testing::cosign_keys_test_dir(*data);
    const PasswordSource none = [] { return Result<SecretBytes>(SecretBytes("hello")); };
    const std::pair<const char*, KeyAlgorithm> valid[] = {
        {"validecp256.pem", KeyAlgorithm::EcdsaP256},
        {"validecp384.pem", KeyAlgorithm::EcdsaP384},
        {"validecp521.pem", KeyAlgorithm::EcdsaP521},
        {"validecpkcs8.pem", KeyAlgorithm::EcdsaP256},
        {"validrsa.pem", KeyAlgorithm::Rsa},
        {"validrsapkcs1.pem", KeyAlgorithm::Rsa},
        {"validrsapkcs8.pem", KeyAlgorithm::Rsa},
        {"ed25519key.pem", KeyAlgorithm::Ed25519},
        {"pemsigstorekey.pem", KeyAlgorithm::EcdsaP256},
    };
    for (const auto& [name, algorithm] : valid) {
        auto key = read_private_key(read(dir / name), none, name);
        ASSERT_TRUE(key.has_value()) << name << ": " << key.error().to_string();
        EXPECT_EQ(key->algorithm(), algorithm) << name;
    }
    const std::pair<const char*, ErrorCode> invalid[] = {
        {"invalidrsasmallkey.pem", ErrorCode::Unsupported},
        {"invalidrsalargekey.pem", ErrorCode::Unsupported},
        {"invalidecp224.pem", ErrorCode::Unsupported},
        {"invalidecunsupported.pem", ErrorCode::Unsupported},  // secp256k1
        {"invalidrsawithpubkey.pem", ErrorCode::Format},
        {"invalidkey.pem", ErrorCode::Format},
    };
    for (const auto& [name, code] : invalid) {
        auto key = read_private_key(read(dir / name), none, name);
        ASSERT_FALSE(key.has_value()) << name;
        EXPECT_EQ(key.error().code, code) << name << ": " << key.error().to_string();
    }
}

TEST(CosignKey, PasswordIsAskedOnlyForEncryptedKeys) {
    auto key = PrivateKey::generate(KeyType::EcdsaP256);
    const auto der = key->pkcs8_der();
    const std::string plain = write_pem("PRIVATE KEY", der->view());
    int asked = 0;
    const PasswordSource source = [&asked] {
        ++asked;
        return Result<SecretBytes>(SecretBytes("pw"));
    };
    ASSERT_TRUE(read_private_key(plain, source, "plain.pem").has_value());
    EXPECT_EQ(asked, 0);
    ASSERT_TRUE(read_private_key(*encrypt_private_key(*key, "pw"), source, "k").has_value());
    EXPECT_EQ(asked, 1);
    const PasswordSource broken = [] {
        return Result<SecretBytes>(fail(ErrorCode::InvalidArgument, "no password given"));
    };
    auto r = read_private_key(*encrypt_private_key(*key, "pw"), broken, "k");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().message, "no password given");
}

}  // namespace
}  // namespace berth::sign

// SPDX-License-Identifier: Apache-2.0
// Test helpers of src/sign/ (tests only): an independent signature check through OpenSSL's EVP
// verify API, and the oracle files of ../shared/data.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "test_support.hpp"

namespace berth::sign::testing {

/// True when `sig` verifies over `message` with the SPKI DER public key: SHA-256 for ECDSA and
/// RSA PKCS#1 v1.5, pure Ed25519 otherwise.
inline bool openssl_verifies(std::string_view spki_der, std::string_view message,
                             std::string_view sig) {
    const auto* p = reinterpret_cast<const unsigned char*>(spki_der.data());
    EVP_PKEY* key = d2i_PUBKEY(nullptr, &p, static_cast<long>(spki_der.size()));
    if (key == nullptr) return false;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    const EVP_MD* md = EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519 ? nullptr : EVP_sha256();
    bool ok = EVP_DigestVerifyInit(ctx, nullptr, md, nullptr, key) == 1 &&
              EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                               reinterpret_cast<const unsigned char*>(message.data()),
                               message.size()) == 1;
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(key);
    return ok;
}

/// ../shared/data/cosign-sigstore, when staged.
inline std::optional<std::filesystem::path> cosign_data() {
    auto root = berth::test::shared_data_dir();
    if (!root) return std::nullopt;
    auto dir = *root / "cosign-sigstore";
    if (!std::filesystem::is_directory(dir)) return std::nullopt;
    return dir;
}

/// cosign's keys_test.go PEM constants (password "hello" for the encrypted ones).
inline std::filesystem::path cosign_keys_test_dir(const std::filesystem::path& data) {
    return data / "sigstore__cosign/extracted/pkg/cosign/keys_test.go";
}

inline constexpr const char* kSoftHsmModule = "/usr/lib/softhsm/libsofthsm2.so";

/// A SoftHSM2 token "berth" (user PIN 1234, SO PIN 5678) in its own token directory under a
/// temp dir, SOFTHSM2_CONF set in this process (children inherit it), and one
/// `pkcs11-tool --keypairgen` per entry of `keys` ("--key-type EC:prime256v1 --label L --id 01").
/// `skip` says why not when softhsm2/pkcs11-tool are missing or a step failed.
struct SoftHsmToken {
    std::filesystem::path conf;
    std::string skip;
};

inline SoftHsmToken make_softhsm_token(const std::vector<std::string>& keys) {
    namespace fs = std::filesystem;
    SoftHsmToken t;
    if (!fs::exists(kSoftHsmModule) ||
        berth::test::run_shell("command -v softhsm2-util && command -v pkcs11-tool").exit_code !=
            0) {
        t.skip =
            "softhsm2 or opensc (pkcs11-tool) is not installed (scripts/install-deps.sh "
            "installs them)";
        return t;
    }
    const fs::path dir = berth::test::temp_dir("berth-softhsm");
    fs::create_directories(dir / "tokens");
    t.conf = dir / "softhsm2.conf";
    std::ofstream(t.conf) << "directories.tokendir = " << (dir / "tokens").string()
                          << "\nobjectstore.backend = file\nlog.level = ERROR\n";
    ::setenv("SOFTHSM2_CONF", t.conf.c_str(), 1);
    const std::string tool =
        std::string("pkcs11-tool --module ") + kSoftHsmModule + " --login --pin 1234 --keypairgen ";
    std::vector<std::string> steps = {
        "softhsm2-util --init-token --free --label berth --pin 1234 --so-pin 5678"};
    for (const auto& k : keys) steps.push_back(tool + k);
    for (const auto& step : steps) {
        auto r = berth::test::run_shell(step + " 2>&1");
        if (r.exit_code != 0) {
            t.skip = "SoftHSM2 token setup failed: " + step + ": " + r.out;
            return t;
        }
    }
    return t;
}

}  // namespace berth::sign::testing

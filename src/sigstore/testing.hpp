// SPDX-License-Identifier: Apache-2.0
// Test helpers of berth_sigstore's unit tests (never linked into berth): signing with a key made
// in the test, as a log, a TSA or a signer would.
#pragma once

#include <openssl/evp.h>

#include <string>

namespace berth::sigstore::testing {

/// Signs `data` with `key`: SHA-256 for ECDSA/RSA, pure Ed25519.
inline std::string sign(EVP_PKEY* key, const std::string& data) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    const bool ed = EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519;
    EVP_DigestSignInit(ctx, nullptr, ed ? nullptr : EVP_sha256(), nullptr, key);
    std::size_t len = 0;
    EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(data.data()),
                   data.size());
    std::string sig(len, '\0');
    EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                   reinterpret_cast<const unsigned char*>(data.data()), data.size());
    EVP_MD_CTX_free(ctx);
    sig.resize(len);
    return sig;
}

}  // namespace berth::sigstore::testing

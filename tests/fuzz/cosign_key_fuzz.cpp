// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: private-key files for `berth key import`, `sign-blob --key` and friends —
// cosign's encrypted PEM (PEM framing, JSON body, base64 fields, scrypt parameter check,
// secretbox open, PKCS#8 inside; password "pw", the seed's), plain PEM keys, and PKCS#11 URIs.
// Never crashes; a key that decrypts signs, and its signature is not empty.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sign/cosign_key.hpp"
#include "sign/pkcs11_uri.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto key = berth::sign::decrypt_private_key(text, "pw", "fuzz"); key) {
        auto sig = key->sign("fuzz");
        if (!sig || sig->empty()) std::abort();
    }
    if (auto key = berth::sign::PrivateKey::from_plain_pem(text, "fuzz"); key) {
        if (!key->public_der()) std::abort();
    }
    if (auto uri = berth::sign::parse_pkcs11_uri(text); uri) {
        (void)berth::sign::redact_pkcs11_uri(text);
    }
    return 0;
}

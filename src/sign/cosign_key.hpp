// SPDX-License-Identifier: Apache-2.0
// cosign's encrypted private-key files (cosign.key), read and written.
//
// Format (cosign pkg/cosign/keys.go over go-securesystemslib/encrypted): a PEM block of type
// "ENCRYPTED SIGSTORE PRIVATE KEY" (cosign ≥ 2.0; older keys say "ENCRYPTED COSIGN PRIVATE KEY")
// whose body is JSON, fields in this order:
//
//   {"kdf":{"name":"scrypt","params":{"N":65536,"r":8,"p":1},"salt":"<b64, 32 bytes>"},
//    "cipher":{"name":"nacl/secretbox","nonce":"<b64, 24 bytes>"},
//    "ciphertext":"<b64: 16-byte Poly1305 tag, then XSalsa20 of the PKCS#8 DER>"}
//
// key = scrypt(password, salt, N, r, p, 32 bytes); ciphertext = secretbox(PKCS#8, nonce, key)
// (libsodium's crypto_secretbox_easy is byte-compatible with Go's secretbox.Seal). Readers accept
// exactly the three parameter sets go-securesystemslib accepts — N = 2^15 (legacy), 2^16
// (standard, what berth writes), 2^17 (OWASP), each with r = 8, p = 1 — so a crafted file cannot
// make berth spend gigabytes of memory on scrypt.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "sign/key.hpp"

namespace berth::sign {

inline constexpr std::string_view kSigstoreKeyPemType = "ENCRYPTED SIGSTORE PRIVATE KEY";
inline constexpr std::string_view kCosignKeyPemType = "ENCRYPTED COSIGN PRIVATE KEY";

/// scrypt cost parameters of an encrypted key.
struct ScryptParams {
    std::uint64_t n = 65536;
    std::uint64_t r = 8;
    std::uint64_t p = 1;
};

/// True for the three accepted sets: N ∈ {32768, 65536, 131072} with r = 8, p = 1.
bool accepted_scrypt_params(const ScryptParams& params);

/// Encrypts `key` under `password` into an "ENCRYPTED SIGSTORE PRIVATE KEY" PEM (fresh random
/// salt and nonce). Errors: InvalidArgument (parameters outside the accepted sets), Internal.
Result<std::string> encrypt_private_key(const PrivateKey& key, std::string_view password,
                                        const ScryptParams& params = {});

/// True when the first PEM block of `text` is one of cosign's two encrypted types.
bool is_cosign_encrypted_pem(std::string_view text);

/// Decrypts a cosign-encrypted key file's text with `password`. Every buffer that held the
/// derived key or the decrypted PKCS#8 is wiped before returning, on success and on failure.
/// Errors (each names `where`): Truncated (no END line), Format (another PEM type, body not
/// JSON, a missing or mistyped field, bad base64, unknown kdf or cipher name, wrong nonce size),
/// Unsupported (scrypt parameters outside the accepted sets, a key algorithm cosign refuses),
/// InvalidArgument (wrong password: the secretbox tag does not verify).
Result<PrivateKey> decrypt_private_key(std::string_view text, std::string_view password,
                                       const std::string& where);

/// Asked for a password only when a key turns out to be encrypted.
using PasswordSource = std::function<Result<SecretBytes>()>;

/// Reads a private key in any form berth imports: cosign's encrypted PEM (the password from
/// `password`), or plain PEM PKCS#8, SEC1 or PKCS#1 (PrivateKey::from_plain_pem). Errors: those
/// of the two readers and of `password`.
Result<PrivateKey> read_private_key(std::string_view text, const PasswordSource& password,
                                    const std::string& where);

}  // namespace berth::sign

// SPDX-License-Identifier: Apache-2.0
// The Signer interface: something that signs bytes with a private key it may never reveal — a
// key file (cosign's encrypted PEM or a plain PEM) or a key on a PKCS#11 token.
//
//   auto signer = sign::open_signer("cosign.key", sign::read_key_password_source());
//   auto sig = (*signer)->sign(bytes);        // ECDSA DER, RSA PKCS#1 v1.5, Ed25519 raw
//   (*signer)->public_pem();                  // what cosign.pub holds
//   (*signer)->key_hint();                    // base64(SHA-256(SPKI DER)), as sigstore-go
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "sign/cosign_key.hpp"
#include "sign/key.hpp"

namespace berth::sign {

/// Signs with one private key. Signatures follow cosign's encodings (key.hpp).
class Signer {
  public:
    virtual ~Signer() = default;
    /// Signs `message`. Errors: Internal (the library failed), Io (the token went away).
    virtual Result<std::string> sign(std::string_view message) = 0;
    [[nodiscard]] virtual KeyAlgorithm algorithm() const = 0;
    /// SubjectPublicKeyInfo DER of the key.
    [[nodiscard]] virtual const std::string& public_der() const = 0;
    /// Where the key lives, for messages ("cosign.key", "pkcs11:token=…", PIN redacted).
    [[nodiscard]] virtual std::string description() const = 0;

    /// The public key as a "PUBLIC KEY" PEM.
    [[nodiscard]] std::string public_pem() const;
    /// The bundle key hint: base64(SHA-256(SPKI DER)).
    [[nodiscard]] std::string key_hint() const;
};

/// A signer over a key held in memory (a decrypted key file).
Result<std::unique_ptr<Signer>> make_key_signer(PrivateKey key, std::string description);

/// Opens `key_ref`: a "pkcs11:" URI (pkcs11.hpp; the PIN from the URI, BERTH_PKCS11_PIN or a
/// prompt), else a key file in any form read_private_key reads (the password from `password`,
/// asked only for an encrypted key). Errors: those of the readers; NotFound for a missing file.
Result<std::unique_ptr<Signer>> open_signer(const std::string& key_ref,
                                            const PasswordSource& password);

/// The PasswordSource of key files: read_key_password(false) (password.hpp).
PasswordSource key_password_source();

}  // namespace berth::sign

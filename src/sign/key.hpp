// SPDX-License-Identifier: Apache-2.0
// Private and public signing keys (OpenSSL 3 EVP): generation, the plain PEM/DER forms berth
// imports, and signing the way cosign signs.
//
//   auto key = sign::PrivateKey::generate(sign::KeyType::EcdsaP256);
//   auto sig = key->sign("hello");              // ASN.1 DER ECDSA over SHA-256("hello")
//   auto pem = key->public_pem();               // "-----BEGIN PUBLIC KEY-----\n…" (SPKI)
//
// The algorithms are cosign's (pkg/cosign/keys.go, keys_test.go): ECDSA on P-256, P-384 or P-521,
// RSA of 2048 to 4096 bits, Ed25519. Signatures: ECDSA ASN.1 DER over SHA-256 (for every curve, as
// cosign loads file keys with crypto.SHA256), RSA PKCS#1 v1.5 with SHA-256, Ed25519 over the
// message itself (64 raw bytes).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY

namespace berth::sign {

/// Bytes that hold secret material (PKCS#8 DER, passwords, PINs): wiped with OPENSSL_cleanse
/// when destroyed or cleared. Move-only, so no copy outlives the wipe.
class SecretBytes {
  public:
    SecretBytes() = default;
    explicit SecretBytes(std::string bytes) : bytes_(std::move(bytes)) {}
    SecretBytes(const SecretBytes&) = delete;
    SecretBytes& operator=(const SecretBytes&) = delete;
    SecretBytes(SecretBytes&& other) noexcept : bytes_(std::move(other.bytes_)) { other.clear(); }
    SecretBytes& operator=(SecretBytes&& other) noexcept;
    ~SecretBytes() { clear(); }

    [[nodiscard]] std::string_view view() const { return bytes_; }
    [[nodiscard]] bool empty() const { return bytes_.empty(); }
    [[nodiscard]] std::size_t size() const { return bytes_.size(); }
    /// The buffer, for filling in place (resize first); wiped like the rest.
    std::string& buffer() { return bytes_; }
    /// Wipes and empties the bytes.
    void clear();

  private:
    std::string bytes_;
};

/// What `berth key generate --type` makes.
enum class KeyType { EcdsaP256, Ed25519, Rsa3072 };

/// "ecdsa-p256" | "ed25519" | "rsa-3072" → KeyType. Errors: InvalidArgument listing the choices.
Result<KeyType> parse_key_type(std::string_view name);

/// The algorithm family of a loaded key.
enum class KeyAlgorithm { EcdsaP256, EcdsaP384, EcdsaP521, Rsa, Ed25519 };

/// "ECDSA P-256", "RSA", "Ed25519", … (for messages and `berth key public`).
std::string_view key_algorithm_name(KeyAlgorithm algorithm);

/// The algorithm of a key (private or public) if cosign accepts it. Errors: Unsupported naming
/// the algorithm, curve or size and what is accepted.
Result<KeyAlgorithm> key_algorithm_of(evp_pkey_st* key, const std::string& where);

/// Deleter for the EVP_PKEY inside the key classes.
struct EvpPkeyFree {
    void operator()(evp_pkey_st* key) const;
};
using EvpPkeyPtr = std::unique_ptr<evp_pkey_st, EvpPkeyFree>;

/// A private key of one of cosign's algorithms. Owns its EVP_PKEY; move-only.
class PrivateKey {
  public:
    /// A fresh key from the system's random source. Errors: Internal (OpenSSL failed).
    static Result<PrivateKey> generate(KeyType type);

    /// Takes an EVP_PKEY holding a private key, after checking it is one cosign accepts.
    /// Errors: Unsupported naming the algorithm, curve or size and what is accepted.
    static Result<PrivateKey> adopt(EvpPkeyPtr key, const std::string& where);

    /// Parses unencrypted PKCS#8 DER (PrivateKeyInfo). Errors: Format, Unsupported (as adopt).
    static Result<PrivateKey> from_pkcs8_der(std::string_view der, const std::string& where);

    /// Parses the first PEM block of `text`: "PRIVATE KEY" (PKCS#8), "EC PRIVATE KEY" (SEC1)
    /// or "RSA PRIVATE KEY" (PKCS#1). Encrypted forms are not read here (cosign_key.hpp reads
    /// cosign's). Errors: Truncated (no END line), Format (bad base64 or DER, another PEM type),
    /// Unsupported (legacy PEM encryption headers, an algorithm cosign refuses).
    static Result<PrivateKey> from_plain_pem(std::string_view text, const std::string& where);

    [[nodiscard]] KeyAlgorithm algorithm() const { return algorithm_; }
    /// PKCS#8 DER of the private key, in wiped memory. Errors: Internal.
    [[nodiscard]] Result<SecretBytes> pkcs8_der() const;
    /// SubjectPublicKeyInfo DER of the public half. Errors: Internal.
    [[nodiscard]] Result<std::string> public_der() const;
    /// The public half as a "PUBLIC KEY" PEM, as cosign writes cosign.pub. Errors: Internal.
    [[nodiscard]] Result<std::string> public_pem() const;
    /// Signs `message` (see the file comment for the encoding). Errors: Internal.
    [[nodiscard]] Result<std::string> sign(std::string_view message) const;

    [[nodiscard]] evp_pkey_st* get() const { return key_.get(); }

  private:
    PrivateKey(EvpPkeyPtr key, KeyAlgorithm algorithm)
        : key_(std::move(key)), algorithm_(algorithm) {}
    EvpPkeyPtr key_;
    KeyAlgorithm algorithm_;
};

/// One PEM block: its type ("PUBLIC KEY") and decoded body.
struct PemBlock {
    std::string type;
    SecretBytes der;
};

/// The first PEM block of `text` (RFC 7468; lines between BEGIN and END, no headers).
/// Errors: Format (no BEGIN line, bad base64, a header line such as "Proc-Type:" — legacy
/// OpenSSL encryption, reported as Unsupported), Truncated (no matching END line).
Result<PemBlock> read_pem(std::string_view text, const std::string& where);

/// PEM text of `der` under `type`, 64 columns, final newline (as Go's pem.Encode writes it).
std::string write_pem(std::string_view type, std::string_view der);

/// SubjectPublicKeyInfo DER from a "PUBLIC KEY" PEM. Errors: Format, Truncated.
Result<std::string> public_der_from_pem(std::string_view text, const std::string& where);

/// The key hint of a bundle's verificationMaterial.publicKey, as sigstore-go computes it:
/// standard base64 of SHA-256 over the SubjectPublicKeyInfo DER.
std::string public_key_hint(std::string_view spki_der);

}  // namespace berth::sign

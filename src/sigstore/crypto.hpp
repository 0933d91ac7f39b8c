// SPDX-License-Identifier: Apache-2.0
// OpenSSL 3 pieces of bundle verification: keys and certificates, signatures over bytes or over a
// SHA-256 digest, the Fulcio chain at a time, embedded SCTs (RFC 6962 §3.2), Fulcio identity
// extensions and RFC 3161 timestamps. Internal to berth_sigstore (OpenSSL types in the API).
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "sigstore/trusted_root.hpp"

namespace berth::sigstore {

struct PkeyFree {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct X509Free {
    void operator()(X509* p) const { X509_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;

/// What was signed: the artifact's bytes when they are at hand, always its SHA-256 (raw).
struct Artifact {
    std::optional<std::string> bytes;
    std::string sha256;
};

/// A DER certificate. Errors: Format.
Result<X509Ptr> parse_certificate(std::string_view der);
/// A PEM "CERTIFICATE" block. Errors: Format.
Result<X509Ptr> parse_certificate_pem(std::string_view pem);
/// A public key: PEM "PUBLIC KEY" or DER SubjectPublicKeyInfo. Errors: Format.
Result<PkeyPtr> parse_public_key(std::string_view pem_or_der);
/// DER SubjectPublicKeyInfo of a key.
std::string public_key_der(EVP_PKEY* key);
/// DER of a certificate.
std::string certificate_der(X509* cert);
/// True when the certificate is self-signed (a root).
bool is_self_signed(X509* cert);
/// "ECDSA P-256", "Ed25519", "RSA 3072".
std::string key_description(EVP_PKEY* key);

/// Verifies `signature` by `key` over `data` (SHA-256 for RSA and ECDSA P-256, SHA-384 for
/// P-384, SHA-512 for P-521; pure Ed25519). Errors: DigestMismatch "… does not verify".
Status verify_bytes(EVP_PKEY* key, std::string_view data, std::string_view signature);
/// Verifies a signature over the artifact: over its bytes, or (by digest) over its SHA-256 for
/// RSA/ECDSA keys. Errors: DigestMismatch; Unsupported for Ed25519 given only a digest.
Status verify_artifact(EVP_PKEY* key, const Artifact& artifact, std::string_view signature);

/// Chains `leaf` to one of the root's certificate authorities valid at `time` (CA validFor and
/// X.509 validity of every certificate at that instant). Errors: DigestMismatch naming why.
Status verify_fulcio_chain(X509* leaf, const TrustedRoot& root, std::int64_t time);
/// The issuing certificate of `leaf` among the root's certificate authorities, for SCT checks.
X509Ptr find_issuer(X509* leaf, const TrustedRoot& root);
/// Verifies the leaf's embedded precertificate SCTs against the root's CT logs; at least one
/// must verify. Errors: DigestMismatch naming why.
Status verify_embedded_scts(X509* leaf, X509* issuer, const TrustedRoot& root);

/// The subject alternative names of a certificate (URIs and emails), in order.
std::vector<std::string> subject_alternative_names(X509* cert);
/// The OIDC issuer of a Fulcio certificate: extension 1.3.6.1.4.1.57264.1.8 (DER UTF8String)
/// or else the legacy 1.3.6.1.4.1.57264.1.1 (raw string); "" when neither is present.
std::string oidc_issuer(X509* cert);
/// True when the certificate's extended key usage includes code signing (Fulcio leaves do).
bool has_code_signing_usage(X509* cert);
/// notBefore / notAfter as seconds since the epoch.
std::int64_t not_before(X509* cert);
std::int64_t not_after(X509* cert);

/// Verifies one RFC 3161 TimeStampResp (or bare TimeStampToken) over `signed_bytes` against the
/// root's timestamp authorities (chain valid at the token's time, authority validFor containing
/// it) and returns that time. Errors: DigestMismatch/Format naming why.
Result<std::int64_t> verify_rfc3161(std::string_view der, std::string_view signed_bytes,
                                    const TrustedRoot& root);

}  // namespace berth::sigstore

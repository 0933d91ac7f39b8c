// SPDX-License-Identifier: Apache-2.0
// `berth sign IMAGE` and `berth verify IMAGE` as functions: cosign-compatible image signatures in
// a registry, in both formats (oci_signature.hpp), key mode, offline (no transparency log).
//
//   sign:   GET manifests/<tag> → digest D (the tag is never signed, D is)
//           bundle: blobs {} and the bundle, PUT manifests/<referrer digest> with subject D
//                   (+ the sha256-<hex> referrers index when the registry has no referrers API)
//           legacy: blobs payload and config, PUT manifests/sha256-<hex>.sig (appended)
//   verify: GET manifests/<tag> → D; referrers of D (API, else tag schema) → each referrer
//           manifest and bundle blob; GET manifests/sha256-<hex>.sig → each payload blob.
//
// Verification fails closed: a registry error while looking for signatures (5xx after retries,
// 401/403, malformed JSON, a transport error) is an error, never "unsigned".
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/digest.hpp"
#include "core/result.hpp"
#include "image/reference.hpp"
#include "image/registry/client.hpp"
#include "sign/signer.hpp"

namespace berth::sign {

/// Which signature formats to write or read.
struct Formats {
    bool bundle = true;  ///< sigstore bundle v0.3 as an OCI 1.1 referrer (cosign v3)
    bool legacy = true;  ///< simple signing under the sha256-<hex>.sig tag (cosign v1/v2)
};

/// "bundle" | "legacy" | "both" → Formats. Errors: InvalidArgument.
Result<Formats> parse_formats(std::string_view name);

/// The registry reference of IMAGE ("docker://" accepted). Local sources (oci:, docker-archive:,
/// …) are refused: signatures live in a registry. Errors: InvalidArgument.
Result<image::Reference> parse_registry_image(std::string_view image);

/// What `berth sign` does.
struct SignImageRequest {
    std::string image;  ///< registry reference, by tag or digest
    image::registry::RegistryOptions registry;
    Formats formats;
    /// Legacy payload "optional" annotations (-a k=v); empty = null.
    std::vector<std::pair<std::string, std::string>> annotations;
};

/// What `berth sign` wrote.
struct SignImageResult {
    std::string repository;      ///< cosign_repository(): the docker-reference signed
    Digest digest;               ///< the manifest digest signed
    std::string referrer;        ///< digest of the bundle referrer manifest ("" when not written)
    bool referrers_api = false;  ///< the registry indexed the referrer itself (else tag schema)
    std::string legacy_tag;      ///< "sha256-<hex>.sig" ("" when not written)
    std::size_t legacy_signatures = 0;  ///< layers of the .sig manifest after the append
};

/// Resolves the image to its manifest digest and pushes its signatures by `signer`.
/// Errors: InvalidArgument (not a registry reference), registry errors (Io, NotFound, …),
/// Signer::sign's.
Result<SignImageResult> sign_image(const SignImageRequest& request, Signer& signer);

/// What `berth verify` checks.
struct VerifyImageRequest {
    std::string image;
    image::registry::RegistryOptions registry;
    Formats formats;
    std::string public_key;  ///< PEM (or DER) public key that must have signed
    /// trusted_root.json text: when set, transparency-log entries and timestamps in bundles are
    /// verified against it; when empty, bundles must carry none (berth signs offline).
    std::string trusted_root;
};

/// One signature found and its verdict.
struct SignatureCheck {
    std::string format;    ///< "bundle" or "legacy"
    std::string location;  ///< "referrer sha256:…" or "sha256-<hex>.sig layer 0"
    bool valid = false;
    std::string reason;  ///< why not valid ("" when valid)
};

/// The verdicts for one image.
struct ImageVerification {
    std::string reference;  ///< "host/repo@sha256:…", the digest resolved
    Digest digest;
    std::string referrers_source;  ///< "referrers API", "referrers tag schema", "none", "skipped"
    std::vector<SignatureCheck> signatures;
    /// At least one valid signature.
    [[nodiscard]] bool verified() const;
};

/// Finds the image's signatures in the chosen formats and verifies each against the key and
/// the resolved digest. A signature that does not verify is a verdict, not an error.
/// Errors: InvalidArgument (bad reference, unreadable key), registry errors while resolving or
/// listing (fail closed).
Result<ImageVerification> verify_image(const VerifyImageRequest& request);

}  // namespace berth::sign

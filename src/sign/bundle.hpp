// SPDX-License-Identifier: Apache-2.0
// Sigstore bundles v0.3 written for key-signed content (no transparency log, no certificate).
//
// Field names are protobuf-specs' JSON names (sigstore_bundle.proto, sigstore_common.proto,
// envelope.proto: lowerCamelCase, bytes as standard base64 with padding):
//
//   {"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json",
//    "verificationMaterial":{"publicKey":{"hint":"<b64 sha256 of the SPKI DER>"}},
//    "messageSignature":{"messageDigest":{"algorithm":"SHA2_256","digest":"<b64>"},
//                        "signature":"<b64>"}}
//
// or, for an image signature or attestation, "dsseEnvelope":{"payload":"<b64>","payloadType":
// "application/vnd.in-toto+json","signatures":[{"sig":"<b64>"}]} in place of messageSignature,
// the signature taken over DSSE's PAE(payloadType, payload). Empty repeated fields
// (tlogEntries) are left out, as protojson leaves them out; readers (sigstore-js, sigstore-go)
// accept that.
#pragma once

#include <string>
#include <string_view>

#include "core/digest.hpp"
#include "core/result.hpp"
#include "sign/signer.hpp"

namespace berth::sign {

inline constexpr std::string_view kBundleMediaType =
    "application/vnd.dev.sigstore.bundle.v0.3+json";

/// DSSE's pre-authentication encoding: "DSSEv1 <len(type)> <type> <len(body)> <body>"
/// (lengths in ASCII decimal, single spaces; secure-systems-lab/dsse protocol.md).
std::string dsse_pae(std::string_view payload_type, std::string_view payload);

/// A blob's signature and its bundle.
struct BlobSignature {
    std::string signature;  ///< raw signature bytes (cosign writes them base64-encoded)
    std::string bundle;     ///< bundle v0.3 JSON, one line, no trailing newline
};

/// Signs `artifact` with `signer` and builds its message-signature bundle (cosign sign-blob
/// --new-bundle-format with a key). Errors: those of Signer::sign.
Result<BlobSignature> sign_blob(Signer& signer, std::string_view artifact);

/// Signs PAE(payload_type, payload) and wraps payload and signature in a DSSE bundle.
/// Errors: those of Signer::sign.
Result<std::string> sign_dsse_bundle(Signer& signer, std::string_view payload_type,
                                     std::string_view payload);

/// The new-format signature of an image: image_signature_statement(repository, digest) in a
/// DSSE bundle (what `berth sign IMAGE` pushes as an OCI referrer). Errors: Signer::sign's.
Result<std::string> sign_image_bundle(Signer& signer, std::string_view repository,
                                      const Digest& manifest_digest);

}  // namespace berth::sign

// SPDX-License-Identifier: Apache-2.0
// Transparency-log evidence of one bundle entry, checked offline: the Merkle inclusion proof
// (RFC 6962 §2.1.1 / RFC 9162 §2.1.3.2), the checkpoint (a C2SP signed note: origin, tree size,
// root hash; a signature line whose key hint is the log's), the signed entry timestamp (Rekor's
// ECDSA/Ed25519 signature over the canonical JSON {body, integratedTime, logID, logIndex}) and
// whether the logged body describes this bundle's signature, signer and artifact.
#pragma once

#include <openssl/evp.h>

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "sigstore/bundle.hpp"
#include "sigstore/trusted_root.hpp"

namespace berth::sigstore {

/// Recomputes the root from the entry's leaf hash (SHA-256(0x00 ‖ body)) and the audit path and
/// compares it with the proof's root hash. Errors: DigestMismatch naming the mismatch.
Status verify_inclusion_proof(const InclusionProof& proof, std::string_view body);

/// Parses the proof's checkpoint, checks that its size and root hash are the proof's and that a
/// signature line carrying the log's key hint verifies with the log key; other lines (witness
/// cosignatures) are ignored. Errors: Format (malformed note), DigestMismatch.
Status verify_checkpoint(const InclusionProof& proof, const LogKey& log);

/// Verifies the signed entry timestamp with the log key. Errors: DigestMismatch.
Status verify_signed_entry_timestamp(const TlogEntry& entry, const LogKey& log);

/// What the logged body must describe.
struct LoggedContent {
    std::string signature;   ///< the bundle's signature (message or DSSE), raw
    std::string signer_der;  ///< the leaf certificate's DER, or the public key's SPKI DER
    bool signer_is_certificate = true;
    std::string artifact_sha256;         ///< raw SHA-256 of the artifact (message signatures)
    const DsseEnvelope* dsse = nullptr;  ///< the envelope (DSSE content), else nullptr
};

/// Checks that the entry's canonicalized body (hashedrekord 0.0.1/0.0.2, dsse 0.0.1, intoto
/// 0.0.2) records this content. Errors: Format (unreadable body), Unsupported (other kinds),
/// DigestMismatch ("the log entry's signature differs from the bundle's").
Status verify_entry_body(const TlogEntry& entry, const LoggedContent& content);

/// DSSE pre-authentication encoding: "DSSEv1 <len(type)> <type> <len(payload)> <payload>".
std::string dsse_pae(std::string_view payload_type, std::string_view payload);

}  // namespace berth::sigstore

// SPDX-License-Identifier: Apache-2.0
// Sigstore bundles (v0.1, v0.2, v0.3): the signed content, the verification material and the
// transparency-log and timestamp evidence, read from their protobuf JSON form.
//
// Format: sigstore/protobuf-specs `sigstore_bundle.proto` (Bundle, VerificationMaterial,
// TimestampVerificationData), `sigstore_common.proto` (MessageSignature, HashOutput,
// X509Certificate, PublicKeyIdentifier, RFC3161SignedTimestamp, LogId), `sigstore_rekor.proto`
// (TransparencyLogEntry, KindVersion, InclusionPromise, InclusionProof, Checkpoint) and
// `envelope.proto` (DSSE). Bytes are standard base64, int64 values strings (numbers accepted too),
// field names lowerCamelCase:
//
//   {"mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
//    "verificationMaterial": {"certificate": {"rawBytes": "MII…"},
//      "tlogEntries": [{"logIndex": "735", "logId": {"keyId": "8w1a…"},
//        "kindVersion": {"kind": "hashedrekord", "version": "0.0.2"},
//        "inclusionProof": {"logIndex": "735", "rootHash": "rs1Y…", "treeSize": "736",
//          "hashes": ["JW27…"], "checkpoint": {"envelope": "log2025…\n736\n…"}},
//        "canonicalizedBody": "eyJh…"}],
//      "timestampVerificationData": {"rfc3161Timestamps": [{"signedTimestamp": "MIIC…"}]}},
//    "messageSignature": {"messageDigest": {"algorithm": "SHA2_256", "digest": "oM/H…"},
//                         "signature": "MEYC…"}}
//   → Bundle{minor_version 3, material Certificate, certificates {DER}, one TlogEntry, one
//     RFC 3161 token, message {SHA2_256, 32 bytes, DER signature}}
//
// The parser checks the shape rules of the spec (one content, one kind of material, inclusion
// promise in v0.1, inclusion proof from v0.2 (its checkpoint is checked by the verifier), no
// x509CertificateChain in v0.3, non-negative indexes) so that every later step sees a well-formed
// bundle; it checks no signature.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace berth::sigstore {

/// RFC 6962 / RFC 9162 audit path of one entry, and the signed checkpoint it leads to.
struct InclusionProof {
    std::int64_t log_index = 0;
    std::string root_hash;  ///< raw 32 bytes
    std::int64_t tree_size = 0;
    std::vector<std::string> hashes;  ///< raw 32-byte sibling hashes, leaf to root
    std::string checkpoint;           ///< signed note text ("" when absent: v0.1 only, checked
                                      ///< by the verifier after the audit path)
};

/// One transparency-log entry as the bundle carries it.
struct TlogEntry {
    std::int64_t log_index = 0;
    std::string log_id;                  ///< raw key id (SHA-256 of the log's DER public key)
    std::string kind;                    ///< "hashedrekord", "dsse", "intoto"
    std::string version;                 ///< "0.0.1", "0.0.2"
    std::int64_t integrated_time = 0;    ///< seconds since the epoch; 0 = none (Rekor v2)
    std::string signed_entry_timestamp;  ///< raw SET signature ("" when absent)
    std::optional<InclusionProof> inclusion_proof;
    std::string body;         ///< the decoded canonicalized body (JSON bytes)
    std::string body_base64;  ///< canonicalizedBody as written (what the SET signs)
};

/// A signature over the artifact's bytes (hashedrekord).
struct MessageSignature {
    std::string digest_algorithm;  ///< "SHA2_256" ("" when the digest hint is absent)
    std::string digest;            ///< raw digest hint (unauthenticated)
    std::string signature;         ///< raw signature (DER for ECDSA)
};

/// A DSSE envelope (https://github.com/secure-systems-lab/dsse).
struct DsseSignature {
    std::string sig;  ///< raw signature
    std::string keyid;
};
struct DsseEnvelope {
    std::string payload;  ///< raw payload bytes
    std::string payload_type;
    std::vector<DsseSignature> signatures;
};

/// Which verification material the bundle carries.
enum class Material { CertificateChain, Certificate, PublicKey };

/// A parsed bundle; bytes are decoded, never base64.
struct Bundle {
    std::string media_type;
    int minor_version = 0;  ///< 1, 2 or 3 (bundle v0.N)
    Material material = Material::Certificate;
    std::vector<std::string> certificates;  ///< DER, leaf first (empty for PublicKey)
    std::string public_key_hint;            ///< PublicKeyIdentifier.hint (PublicKey only)
    std::vector<TlogEntry> tlog_entries;
    std::vector<std::string> rfc3161_timestamps;  ///< DER TimeStampResp each
    std::optional<MessageSignature> message;      ///< exactly one of message and dsse is set
    std::optional<DsseEnvelope> dsse;
};

/// Parses a bundle document. `where` names it in errors (the file path). Errors: Format with the
/// JSON path and what is wrong ("$.verificationMaterial.tlogEntries[0].logIndex: must not be
/// negative"), Unsupported for an unknown media type. Never throws.
Result<Bundle> parse_bundle(std::string_view text, const std::string& where);

}  // namespace berth::sigstore

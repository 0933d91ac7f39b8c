// SPDX-License-Identifier: Apache-2.0
// The sigstore trusted root (`trusted_root.json`): which Fulcio CAs, Rekor logs, CT logs and
// timestamp authorities a verifier trusts, and when.
//
// Format: sigstore/protobuf-specs `sigstore_trustroot.proto` (TrustedRoot, TransparencyLogInstance,
// CertificateAuthority) with `sigstore_common.proto` (PublicKey, TimeRange, X509CertificateChain):
//
//   {"mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
//    "tlogs": [{"baseUrl": "https://rekor.sigstore.dev", "hashAlgorithm": "SHA2_256",
//               "publicKey": {"rawBytes": "MFkw…", "keyDetails": "PKIX_ECDSA_P256_SHA_256",
//                             "validFor": {"start": "2021-01-12T11:53:27.000Z"}},
//               "logId": {"keyId": "wNI9…"}}],
//    "certificateAuthorities": [{"uri": "https://fulcio.sigstore.dev",
//        "certChain": {"certificates": [{"rawBytes": "MIIC…"}, …]},   // leaf/intermediate → root
//        "validFor": {"start": "2022-04-13T20:06:15.000Z"}}],
//    "ctlogs": [ … like tlogs … ], "timestampAuthorities": [ … like certificateAuthorities … ]}
//   → TrustedRoot{tlogs {LogKey{log_id 32 bytes, DER key, valid [start, ∞]}}, cas {…}, …}
//
// A log is found by its log id, the SHA-256 of its DER public key (the `logId` given in the file
// is kept; when absent it is computed). TimeRange is a closed interval; a missing end is open.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace berth::sigstore {

/// A validity window [start, end], seconds since the epoch; no end = still valid.
struct TimeRange {
    std::int64_t start = 0;
    std::optional<std::int64_t> end;
    [[nodiscard]] bool contains(std::int64_t t) const { return t >= start && (!end || t <= *end); }
};

/// A transparency log (Rekor) or certificate transparency log.
struct LogKey {
    std::string base_url;
    std::string log_id;       ///< raw 32 bytes
    std::string key_der;      ///< DER SubjectPublicKeyInfo
    std::string key_details;  ///< "PKIX_ECDSA_P256_SHA_256", "PKIX_ED25519", …
    TimeRange valid;
};

/// A Fulcio CA or a timestamp authority: its chain, leaf or intermediate first, root last.
struct Authority {
    std::string uri;
    std::vector<std::string> chain_der;
    TimeRange valid;
};

struct TrustedRoot {
    std::vector<LogKey> tlogs;
    std::vector<LogKey> ctlogs;
    std::vector<Authority> certificate_authorities;
    std::vector<Authority> timestamp_authorities;

    /// The Rekor log with this id, or nullptr.
    [[nodiscard]] const LogKey* tlog(std::string_view log_id) const;
    /// The CT log with this id, or nullptr.
    [[nodiscard]] const LogKey* ctlog(std::string_view log_id) const;
};

/// Parses a trusted_root.json document; `where` names it in errors. Errors: Format with the JSON
/// path ("$.tlogs[0].publicKey.validFor.start: not an RFC 3339 time"). Never throws.
Result<TrustedRoot> parse_trusted_root(std::string_view text, const std::string& where);

}  // namespace berth::sigstore

// SPDX-License-Identifier: Apache-2.0
// Offline verification of a sigstore bundle over an artifact, as cosign verify-blob and the
// sigstore conformance suite define it (docs/signing.md, "Verifying bundles"). No network: the
// trusted root is given, the log's evidence is in the bundle.
//
// Order of checks (the first failure is the verdict's reason):
//   1. material: a key (--key) or a Fulcio certificate; a root certificate inside the bundle is
//      refused;
//   2. the artifact: message signature over the artifact (its digest hint must be the artifact's
//      SHA-256), or the DSSE signature over the PAE and an in-toto subject with that SHA-256;
//   3. transparency log, every entry: log known to the trusted root, body describing this
//      signature, signer and artifact, signed entry timestamp, inclusion proof and checkpoint,
//      log key valid at the entry's time;
//   4. RFC 3161 timestamps against the trusted root's timestamp authorities;
//   5. certificates only: at every verified time (Rekor integrated time backed by a SET, TSA
//      time) the leaf is valid and chains to a Fulcio CA valid then; an embedded SCT verifies
//      with a CT log of the trusted root; the SAN and OIDC issuer match the policy.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "sigstore/bundle.hpp"
#include "sigstore/crypto.hpp"
#include "sigstore/trusted_root.hpp"

namespace berth::sigstore {

/// Who must have signed. Key mode when `public_key` is set, else certificate mode, which needs
/// an identity (exact or regexp) and an issuer (exact or regexp). Regexps are RE2, unanchored
/// (as cosign's Go regexp.MatchString).
struct Policy {
    std::string public_key;  ///< PEM or DER public key (--key)
    std::string identity;
    std::string identity_regexp;
    std::string issuer;
    std::string issuer_regexp;
    /// Key mode only (cosign's --insecure-ignore-tlog): a bundle without transparency log
    /// entries is accepted, as `berth sign-blob` writes offline. Entries that are present are
    /// still verified. The signature then proves who signed, never when.
    bool ignore_tlog = false;
};

/// One verified signing time and where it came from.
struct SigningTime {
    std::string source;  ///< "tlog" (integrated time, SET-backed) or "rfc3161"
    std::int64_t time = 0;
};

/// What a successful verification established.
struct Verification {
    bool keyless = false;    ///< certificate mode
    std::string signer;      ///< the matched SAN, or the key's description and SHA-256
    std::string issuer;      ///< OIDC issuer (certificate mode)
    std::string key_type;    ///< "ECDSA P-256", …
    std::string content;     ///< "messageSignature" or "dsseEnvelope"
    std::string media_type;  ///< the bundle's
    std::vector<SigningTime> times;
    int tlog_entries = 0;
    bool tlog_ignored = false;  ///< accepted without a log entry (Policy::ignore_tlog)
};

/// Verifies `bundle` over `artifact` with `root` under `policy`. Errors carry the reason:
/// InvalidArgument (policy incomplete), Format (malformed evidence), Unsupported, and
/// DigestMismatch for every failed check ("certificate identity … does not match …").
Result<Verification> verify_bundle(const Bundle& bundle, const Artifact& artifact,
                                   const TrustedRoot& root, const Policy& policy);

}  // namespace berth::sigstore

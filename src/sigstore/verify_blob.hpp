// SPDX-License-Identifier: Apache-2.0
// `berth verify-blob` as a function: reads the artifact (a path, or "sha256:<hex>" for a digest
// as the sigstore conformance harness passes it), the bundle and the trusted root, then
// verify_bundle(). The CLI and the conformance test both call this.
#pragma once

#include <string>

#include "core/result.hpp"
#include "sigstore/verify.hpp"

namespace berth::sigstore {

struct BlobRequest {
    std::string artifact;      ///< file path, or "sha256:<64 hex>"
    std::string bundle_path;   ///< bundle JSON file
    std::string trusted_root;  ///< trusted_root.json file; "" = none (key mode, ignore_tlog)
    std::string key_path;      ///< public key file (key mode); "" = certificate mode
    Policy policy;             ///< identity and issuer; public_key is filled from key_path
};

/// The artifact named by `spec`: "sha256:<64 hex>" gives the digest only; anything else is a
/// regular file, read whole up to 256 MiB (else hashed as a stream, digest only).
/// Errors: NotFound/Io/Unsupported (file), InvalidArgument (bad digest).
Result<Artifact> load_artifact(const std::string& spec);

/// Loads the inputs and verifies. Errors: the file errors (NotFound, Io, …, with the path in
/// `where`), then verify_bundle()'s, whose message is the reason.
Result<Verification> verify_blob(const BlobRequest& request);

}  // namespace berth::sigstore

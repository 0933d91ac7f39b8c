// SPDX-License-Identifier: Apache-2.0
// The payloads berth signs for images, byte for byte as cosign writes them.
//
// Legacy (simple signing; sigstore/sigstore pkg/signature/payload, containers-signature(5)):
//   {"critical":{"identity":{"docker-reference":"example.com/test/image"},"image":
//   {"docker-manifest-digest":"sha256:d34d…"},"type":"cosign container image signature"},
//   "optional":null}
// — Go's json.Marshal of the struct: fields in declaration order, `optional` the annotations map
// (keys sorted, null when there are none), no whitespace, no trailing newline, <>& and
// U+2028/2029 escaped. The tests hold sigstore's own expected strings (payload_test.go).
//
// New format (cosign v3): an in-toto Statement v1 with one subject, predicateType
// https://sigstore.dev/cosign/sign/v1 and an empty predicate, signed in a DSSE envelope
// (bundle.hpp) with payloadType application/vnd.in-toto+json.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/digest.hpp"

namespace berth::sign {

inline constexpr std::string_view kSimpleSigningType = "cosign container image signature";
inline constexpr std::string_view kSimpleSigningMediaType =
    "application/vnd.dev.cosign.simplesigning.v1+json";
inline constexpr std::string_view kInTotoPayloadType = "application/vnd.in-toto+json";
inline constexpr std::string_view kInTotoStatementType = "https://in-toto.io/Statement/v1";
inline constexpr std::string_view kCosignSignPredicateType = "https://sigstore.dev/cosign/sign/v1";

/// `value` serialized as Go's encoding/json.Marshal does for map[string]interface{} values:
/// object keys sorted bytewise, no whitespace, strings with Go's escapes (\u003c \u003e \u0026,
/// \u2028 \u2029, invalid UTF-8 as \ufffd), numbers as Go formats float64 (integers as
/// integers).
std::string go_json(const nlohmann::json& value);

/// The simple-signing payload of `manifest_digest` ("sha256:…") under `docker_reference` (the
/// repository as cosign names it: "registry/namespace/name", no tag or digest); `annotations`
/// an object (-a k=v pairs) or null.
std::string simple_signing_payload(std::string_view docker_reference,
                                   std::string_view manifest_digest,
                                   const nlohmann::json& annotations);

/// The in-toto Statement cosign v3 signs for an image: one subject {name: `repository`, digest:
/// {sha256: hex}}, predicateType kCosignSignPredicateType, predicate {}. Compact JSON.
std::string image_signature_statement(std::string_view repository, const Digest& manifest_digest);

}  // namespace berth::sign

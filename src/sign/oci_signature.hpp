// SPDX-License-Identifier: Apache-2.0
// The two ways cosign stores an image signature in a registry, built and read without one.
//
// New format (cosign v3; specs/BUNDLE_SPEC.md of sigstore/cosign): the bundle (bundle.hpp) is a
// blob, referenced from an OCI 1.1 manifest whose subject is the signed manifest:
//
//   {"annotations":{"dev.sigstore.bundle.content":"dsse-envelope",
//                   "dev.sigstore.bundle.predicateType":"https://sigstore.dev/cosign/sign/v1",
//                   "org.opencontainers.image.created":"2026-12-07T20:41:00Z"},
//    "artifactType":"application/vnd.dev.sigstore.bundle.v0.3+json",
//    "config":{"digest":"sha256:44136f…","mediaType":"application/vnd.oci.empty.v1+json","size":2},
//    "layers":[{"digest":"sha256:<bundle>","mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json",
//               "size":N}],
//    "mediaType":"application/vnd.oci.image.manifest.v1+json","schemaVersion":2,
//    "subject":{"digest":"sha256:<image>","mediaType":"…","size":N}}
//
// Legacy format (cosign v1/v2, specs/SIGNATURE_SPEC.md): the manifest tagged sha256-<hex>.sig in
// the image's repository; one layer per signature, each the simple-signing payload (payload.hpp)
// with media type application/vnd.dev.cosign.simplesigning.v1+json and the base64 signature in
// the layer annotation dev.cosignproject.cosign/signature. Its config is the image config
// go-containerregistry writes for such an image (rootfs.diff_ids = the layer digests).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/digest.hpp"
#include "core/result.hpp"
#include "image/reference.hpp"

namespace berth::sign {

inline constexpr std::string_view kCosignSignatureAnnotation = "dev.cosignproject.cosign/signature";
inline constexpr std::string_view kBundleContentAnnotation = "dev.sigstore.bundle.content";
inline constexpr std::string_view kBundlePredicateTypeAnnotation =
    "dev.sigstore.bundle.predicateType";
inline constexpr std::string_view kCreatedAnnotation = "org.opencontainers.image.created";
/// OCI image-spec's empty descriptor: media type and content "{}".
inline constexpr std::string_view kEmptyMediaType = "application/vnd.oci.empty.v1+json";
inline constexpr std::string_view kEmptyContent = "{}";
inline constexpr std::string_view kOciImageConfigMediaType =
    "application/vnd.oci.image.config.v1+json";

/// A content descriptor (OCI image-spec descriptor.md).
struct Descriptor {
    std::string media_type;
    Digest digest;
    std::uint64_t size = 0;
};

/// The repository as cosign writes it in payloads and statements (go-containerregistry's
/// Repository.Name()): "127.0.0.1:5000/team/app"; Docker Hub is "index.docker.io/library/alpine".
std::string cosign_repository(const image::Reference& ref);

/// Whether `docker_reference` (a legacy payload's critical.identity) names `ref`'s repository
/// once both are normalized: "index.docker.io/library/alpine" (cosign) and
/// "docker.io/library/alpine" are the same; a tag or digest in it ("host/app:tag", as
/// containers/image writes it) is ignored.
bool same_repository(std::string_view docker_reference, const image::Reference& ref);

/// The cosign legacy signature tag of `digest`: "sha256-<hex>.sig".
std::string legacy_signature_tag(const Digest& digest);

/// The referrer manifest for `bundle` (the bundle JSON) signing `subject`, created at `created`
/// (RFC 3339). Compact JSON, keys sorted.
std::string bundle_referrer_manifest(const Descriptor& subject, std::string_view bundle,
                                     std::string_view created);

/// A legacy .sig manifest and the config blob it references.
struct LegacyManifest {
    std::string manifest;
    std::string config;
};

/// The .sig manifest with one more layer (the payload `payload`, signature `signature_b64`):
/// `existing` is the current manifest ("" when the tag does not exist); its layers are kept in
/// order and the config is rebuilt over all of them. Errors: Format when `existing` is not a
/// manifest with a layers array (`where` names it) — never overwritten then.
Result<LegacyManifest> append_legacy_signature(std::string_view existing, std::string_view payload,
                                               std::string_view signature_b64,
                                               const std::string& where);

/// One layer of a legacy .sig manifest.
struct LegacyLayer {
    Descriptor blob;
    std::string signature_b64;  ///< the annotation; "" when absent
};

/// The layers of a .sig manifest. Errors: Format (with the JSON path) when it is not a manifest.
Result<std::vector<LegacyLayer>> legacy_layers(std::string_view manifest, const std::string& where);

/// A bundle referrer manifest as read back.
struct BundleReferrer {
    Digest subject;
    Descriptor bundle;  ///< the first layer
};

/// Reads a referrer manifest listed for a signature. Errors: Format (not a manifest, no subject,
/// no layer), Unsupported (artifactType or layer media type is not a sigstore bundle).
Result<BundleReferrer> parse_bundle_referrer(std::string_view manifest, const std::string& where);

/// Verifies `signature_b64` (a legacy layer's annotation) over the payload bytes with
/// `public_key` (PEM or DER), as sigstore::verify_bundle verifies a key-signed message signature:
/// ECDSA/RSA over SHA-256, Ed25519 over the bytes. Errors: DigestMismatch "… does not verify",
/// or "not base64"; Format (unreadable key).
Status verify_payload_signature(std::string_view payload, std::string_view signature_b64,
                                std::string_view public_key);

/// Judges a simple-signing payload against the image: JSON object; `critical` has exactly
/// identity, image and type (containers-signature(5): unknown critical fields are rejected);
/// type is "cosign container image signature"; image.docker-manifest-digest equals `digest`;
/// identity.docker-reference names `ref`'s repository. Errors: DigestMismatch with the reason
/// (Format for unreadable JSON).
Status check_simple_signing(std::string_view payload, const Digest& digest,
                            const image::Reference& ref);

/// Judges the in-toto statement of a bundle: an in-toto Statement v1 whose predicateType is
/// cosign's image signature (an attestation is not a signature). The subject digest is checked by
/// sigstore::verify_bundle. Errors: DigestMismatch with the reason, Format.
Status check_signature_statement(std::string_view statement);

}  // namespace berth::sign

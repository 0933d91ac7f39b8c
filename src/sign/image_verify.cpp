// SPDX-License-Identifier: Apache-2.0
// `berth verify IMAGE` (image_signing.hpp). Each signature found gets a verdict; looking for
// signatures fails closed: a registry that cannot list them makes the whole verification an
// error, because "could not look" must never read as "unsigned" (cosign v3 falls back silently).
//
// Both formats are checked by sigstore::verify_bundle in key mode, so one code path judges the
// cryptography: the bundle as stored; the legacy signature as the message signature it is
// (verify_payload_signature).
#include <algorithm>

#include "image/registry/client.hpp"
#include "sign/bundle.hpp"
#include "sign/image_signing.hpp"
#include "sign/key.hpp"
#include "sign/oci_signature.hpp"
#include "sign/payload.hpp"
#include "sigstore/verify_blob.hpp"

namespace berth::sign {
namespace {

using image::registry::RegistryClient;

// Bundles and simple-signing payloads are KiB; anything larger is not a signature.
constexpr std::uint64_t kMaxSignatureBlob = 1U << 20U;
// Layers of a .sig manifest judged; more is refused rather than half-checked.
constexpr std::size_t kMaxLegacyLayers = 1024;

// What every check needs: the image, its digest, the key and the trusted root.
struct Context {
    RegistryClient& client;
    const image::Reference& ref;
    Digest digest;
    sigstore::Policy policy;
    sigstore::TrustedRoot root;
};

// Errors that mean "the registry could not answer", as opposed to "this signature is bad".
bool registry_failure(const Error& e) {
    return e.code == ErrorCode::Io || e.code == ErrorCode::Truncated ||
           e.code == ErrorCode::Internal;
}

Error refused(std::string message) {
    return Error{ErrorCode::DigestMismatch, std::move(message), ""};
}

// The manifest digest as sigstore's Artifact (raw SHA-256, no bytes).
Result<sigstore::Artifact> artifact_of(const Digest& d) {
    return sigstore::load_artifact(d.str());
}

Status verify_key_bundle(const sigstore::Bundle& bundle, const sigstore::Artifact& artifact,
                         const Context& ctx) {
    auto v = sigstore::verify_bundle(bundle, artifact, ctx.root, ctx.policy);
    if (!v) return fail(v.error());
    return {};
}

// One referrer: its manifest names the image as subject, its bundle verifies over the digest
// and carries cosign's signature statement.
Status check_referrer(const Context& ctx, const image::registry::Referrer& r) {
    auto manifest = ctx.client.get_manifest(r.digest.str());
    if (!manifest) return fail(manifest.error());
    const std::string where = ctx.ref.name() + "@" + r.digest.str();
    auto referrer = parse_bundle_referrer(manifest->body, where);
    if (!referrer) return fail(referrer.error());
    if (referrer->subject != ctx.digest) {
        return fail(refused("the referrer's subject is " + referrer->subject.str() +
                            ", not the image's " + ctx.digest.str()));
    }
    if (referrer->bundle.size > kMaxSignatureBlob) {
        return fail(refused("the bundle is " + std::to_string(referrer->bundle.size) +
                            " bytes: too large for a signature"));
    }
    auto blob = ctx.client.get_blob(referrer->bundle.digest, kMaxSignatureBlob);
    if (!blob) return fail(blob.error());
    auto bundle = sigstore::parse_bundle(*blob, where);
    if (!bundle) return fail(bundle.error());
    if (!bundle->dsse) {
        return fail(refused("a message-signature bundle; image signatures are DSSE envelopes"));
    }
    auto artifact = artifact_of(ctx.digest);
    if (!artifact) return fail(artifact.error());
    if (auto s = verify_key_bundle(*bundle, *artifact, ctx); !s) return s;
    return check_signature_statement(bundle->dsse->payload);
}

// One layer of the .sig manifest: a simple-signing payload whose signature verifies and whose
// critical section names this digest and repository.
Status check_legacy_layer(const Context& ctx, const LegacyLayer& layer) {
    if (layer.blob.media_type != kSimpleSigningMediaType) {
        return fail(refused("layer media type \"" + layer.blob.media_type +
                            "\" is not a simple-signing payload"));
    }
    if (layer.signature_b64.empty()) {
        return fail(refused("no " + std::string(kCosignSignatureAnnotation) + " annotation"));
    }
    if (layer.blob.size > kMaxSignatureBlob) {
        return fail(refused("the payload is too large for a signature"));
    }
    auto payload = ctx.client.get_blob(layer.blob.digest, kMaxSignatureBlob);
    if (!payload) return fail(payload.error());
    if (auto s = verify_payload_signature(*payload, layer.signature_b64, ctx.policy.public_key); !s)
        return s;
    return check_simple_signing(*payload, ctx.digest, ctx.ref);
}

// Records the verdict of `status` on the signature of `format` at `location`, or returns the
// error when the registry failed.
Status record(const Status& status, std::string format, std::string location,
              ImageVerification& out) {
    SignatureCheck check;
    check.format = std::move(format);
    check.location = std::move(location);
    if (!status) {
        if (registry_failure(status.error())) return status;
        check.reason = status.error().message;
    }
    check.valid = status.has_value();
    out.signatures.push_back(std::move(check));
    return {};
}

Error closed(const Error& e, const std::string& what) {
    return Error{
        e.code,
        what + " failed, so the image's signatures are unknown (not \"unsigned\"): " + e.message,
        e.where};
}

Status check_bundles(const Context& ctx, ImageVerification& out) {
    auto list = ctx.client.list_referrers(ctx.digest, kBundleMediaType);
    if (!list) return fail(closed(list.error(), "listing the referrers"));
    using image::registry::ReferrersSource;
    out.referrers_source = list->source == ReferrersSource::Api         ? "referrers API"
                           : list->source == ReferrersSource::TagSchema ? "referrers tag schema"
                                                                        : "none";
    for (const auto& r : list->items) {
        auto s = record(check_referrer(ctx, r), "bundle", "referrer " + r.digest.str(), out);
        if (!s) return fail(closed(s.error(), "reading referrer " + r.digest.str()));
    }
    return {};
}

Status check_legacy(const Context& ctx, ImageVerification& out) {
    const std::string tag = legacy_signature_tag(ctx.digest);
    auto manifest = ctx.client.get_manifest(tag);
    if (!manifest) {
        if (manifest.error().code == ErrorCode::NotFound) return {};
        return fail(closed(manifest.error(), "reading the signature tag " + tag));
    }
    auto layers = legacy_layers(manifest->body, ctx.ref.name() + ":" + tag);
    if (!layers) return fail(closed(layers.error(), "reading the signature tag " + tag));
    if (layers->size() > kMaxLegacyLayers) {
        return fail(ErrorCode::LimitExceeded,
                    "more than " + std::to_string(kMaxLegacyLayers) + " signatures under " + tag,
                    ctx.ref.name());
    }
    for (std::size_t i = 0; i < layers->size(); ++i) {
        const std::string where = tag + " layer " + std::to_string(i);
        auto s = record(check_legacy_layer(ctx, (*layers)[i]), "legacy", where, out);
        if (!s) return fail(closed(s.error(), "reading " + where));
    }
    return {};
}

}  // namespace

bool ImageVerification::verified() const {
    return std::any_of(signatures.begin(), signatures.end(),
                       [](const SignatureCheck& c) { return c.valid; });
}

Result<ImageVerification> verify_image(const VerifyImageRequest& request) {
    auto ref = parse_registry_image(request.image);
    if (!ref) return fail(ref.error());
    if (auto der = public_der_from_pem(request.public_key, "--key"); !der) {
        return fail(ErrorCode::InvalidArgument, "not a PEM public key: " + der.error().message,
                    "--key");
    }
    auto root = sigstore::parse_trusted_root(
        request.trusted_root.empty() ? std::string_view("{}") : request.trusted_root,
        "--trusted-root");
    if (!root) return fail(root.error());
    auto client = image::registry::connect_repository(*ref, request.registry);
    if (!client) return fail(client.error());
    auto manifest = (*client)->get_manifest(ref->digest.empty() ? ref->tag : ref->digest);
    if (!manifest) return fail(manifest.error());
    ImageVerification out;
    out.digest = manifest->digest;
    out.reference = ref->name() + "@" + out.digest.str();
    out.referrers_source = "skipped";
    sigstore::Policy policy;
    policy.public_key = request.public_key;
    policy.ignore_tlog = true;  // key mode: berth signs offline; entries present are verified
    const Context ctx{**client, *ref, out.digest, std::move(policy), std::move(*root)};
    if (request.formats.bundle) {
        if (auto s = check_bundles(ctx, out); !s) return fail(s.error());
    }
    if (request.formats.legacy) {
        if (auto s = check_legacy(ctx, out); !s) return fail(s.error());
    }
    return out;
}

}  // namespace berth::sign

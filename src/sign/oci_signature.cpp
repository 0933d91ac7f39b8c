// SPDX-License-Identifier: Apache-2.0
#include "sign/oci_signature.hpp"

#include <initializer_list>
#include <nlohmann/json.hpp>

#include "core/base64.hpp"
#include "core/json_read.hpp"
#include "sign/bundle.hpp"
#include "sign/payload.hpp"
#include "sigstore/verify_blob.hpp"

namespace berth::sign {
namespace {

using json_read::Cursor;
using nlohmann::json;

constexpr std::string_view kOciManifestMediaType = "application/vnd.oci.image.manifest.v1+json";
// go-containerregistry's zero time, as empty.Image carries it into cosign's .sig config.
constexpr std::string_view kZeroTime = "0001-01-01T00:00:00Z";

json descriptor_json(const Descriptor& d) {
    return {{"mediaType", d.media_type}, {"digest", d.digest.str()}, {"size", d.size}};
}

Descriptor descriptor_of(std::string_view media_type, std::string_view content) {
    return {std::string(media_type), sha256_of(content), content.size()};
}

// A descriptor at `d`: mediaType, a sha256 digest, an unsigned size.
Result<Descriptor> read_descriptor(const Cursor& d) {
    if (!d.value().is_object()) return fail(d.error("descriptor is not an object"));
    Descriptor out;
    auto media = d.req_string("mediaType");
    if (!media) return fail(media.error());
    auto text = d.req_string("digest");
    if (!text) return fail(text.error());
    auto digest = parse_digest(*text);
    if (!digest) return fail(d["digest"].error(digest.error().message));
    if (!d["size"].value().is_number_unsigned())
        return fail(d["size"].error("missing or negative"));
    out.media_type = std::move(*media);
    out.digest = std::move(*digest);
    out.size = d["size"].value().get<std::uint64_t>();
    return out;
}

Error refused(std::string message) {
    return Error{ErrorCode::DigestMismatch, std::move(message), ""};
}

// The members of `c` must be exactly `keys` (the simple-signing critical section).
Status exact_members(const Cursor& c, std::initializer_list<std::string_view> keys) {
    if (!c.value().is_object()) return fail(refused(c.path() + " is not an object"));
    for (const auto& [k, v] : c.value().items()) {
        bool known = false;
        for (auto key : keys) known = known || k == key;
        if (!known) return fail(refused("unknown critical field " + c.path() + "." + k));
    }
    for (auto key : keys) {
        if (!c.value().contains(key))
            return fail(refused(c.path() + "." + std::string(key) + " missing"));
    }
    return {};
}

}  // namespace

std::string cosign_repository(const image::Reference& ref) {
    if (ref.domain == image::kDefaultDomain) return "index.docker.io/" + ref.path;
    return ref.name();
}

bool same_repository(std::string_view docker_reference, const image::Reference& ref) {
    auto named = image::parse_reference(docker_reference);
    return named && named->domain == ref.domain && named->path == ref.path;
}

std::string legacy_signature_tag(const Digest& digest) {
    return digest.algorithm + "-" + digest.hex + ".sig";
}

std::string bundle_referrer_manifest(const Descriptor& subject, std::string_view bundle,
                                     std::string_view created) {
    json m = {
        {"schemaVersion", 2},
        {"mediaType", kOciManifestMediaType},
        {"artifactType", kBundleMediaType},
        {"config", descriptor_json(descriptor_of(kEmptyMediaType, kEmptyContent))},
        {"layers", json::array({descriptor_json(descriptor_of(kBundleMediaType, bundle))})},
        {"subject", descriptor_json(subject)},
        {"annotations",
         {{std::string(kBundleContentAnnotation), "dsse-envelope"},
          {std::string(kBundlePredicateTypeAnnotation), kCosignSignPredicateType},
          {std::string(kCreatedAnnotation), created}}},
    };
    return m.dump();
}

Result<LegacyManifest> append_legacy_signature(std::string_view existing, std::string_view payload,
                                               std::string_view signature_b64,
                                               const std::string& where) {
    json layers = json::array();
    if (!existing.empty()) {
        auto doc = json_read::parse(existing, where);
        if (!doc) return fail(doc.error());
        if (!doc->is_object() || !(*doc)["layers"].is_array()) {
            return fail(ErrorCode::Format,
                        "the signature tag holds no manifest with layers; refusing to overwrite it",
                        where);
        }
        layers = (*doc)["layers"];
    }
    json layer = descriptor_json(descriptor_of(kSimpleSigningMediaType, payload));
    layer["annotations"] = {{std::string(kCosignSignatureAnnotation), signature_b64}};
    layers.push_back(std::move(layer));
    json diff_ids = json::array();
    json history = json::array();
    for (const auto& l : layers) {
        diff_ids.push_back(l.is_object() ? l.value("digest", "") : "");
        history.push_back({{"created", kZeroTime}});
    }
    const json config = {
        {"architecture", ""},       {"created", kZeroTime},
        {"history", history},       {"os", ""},
        {"config", json::object()}, {"rootfs", {{"type", "layers"}, {"diff_ids", diff_ids}}}};
    LegacyManifest out;
    out.config = config.dump();
    const json manifest = {
        {"schemaVersion", 2},
        {"mediaType", kOciManifestMediaType},
        {"config", descriptor_json(descriptor_of(kOciImageConfigMediaType, out.config))},
        {"layers", layers},
    };
    out.manifest = manifest.dump();
    return out;
}

Result<std::vector<LegacyLayer>> legacy_layers(std::string_view manifest,
                                               const std::string& where) {
    auto doc = json_read::parse(manifest, where);
    if (!doc) return fail(doc.error());
    const Cursor root(*doc, where);
    if (!doc->is_object() || !root["layers"].value().is_array()) {
        return fail(ErrorCode::Format, "signature manifest has no layers array", where);
    }
    auto entries = root["layers"].elements();
    if (!entries) return fail(entries.error());
    std::vector<LegacyLayer> out;
    for (const Cursor& d : *entries) {
        auto blob = read_descriptor(d);
        if (!blob) return fail(blob.error());
        LegacyLayer layer{std::move(*blob), ""};
        const Cursor ann = d["annotations"];
        if (ann.present()) layer.signature_b64 = ann.string_or(kCosignSignatureAnnotation);
        out.push_back(std::move(layer));
    }
    return out;
}

Result<BundleReferrer> parse_bundle_referrer(std::string_view manifest, const std::string& where) {
    auto doc = json_read::parse(manifest, where);
    if (!doc) return fail(doc.error());
    const Cursor root(*doc, where);
    if (!doc->is_object()) return fail(ErrorCode::Format, "referrer is not a JSON object", where);
    if (root.string_or("artifactType") != kBundleMediaType) {
        return fail(
            ErrorCode::Unsupported,
            "artifactType \"" + root.string_or("artifactType") + "\" is not a sigstore bundle v0.3",
            where);
    }
    auto subject = read_descriptor(root["subject"]);
    if (!subject) return fail(subject.error());
    auto layer = read_descriptor(root["layers"][0]);
    if (!layer) return fail(layer.error());
    if (layer->media_type.rfind("application/vnd.dev.sigstore.bundle", 0) != 0) {
        return fail(ErrorCode::Unsupported,
                    "layer media type \"" + layer->media_type + "\" is not a sigstore bundle",
                    where);
    }
    return BundleReferrer{subject->digest, std::move(*layer)};
}

Status verify_payload_signature(std::string_view payload, std::string_view signature_b64,
                                std::string_view public_key) {
    auto signature = base64_decode_strict(signature_b64);
    if (!signature || signature->empty()) return fail(refused("the signature is not base64"));
    auto artifact = sigstore::load_artifact(sha256_of(payload).str());
    if (!artifact) return fail(artifact.error());
    artifact->bytes = std::string(payload);
    // The legacy signature is a key-signed message signature over the payload: judged by the
    // same code as a bundle, with no log entry to expect.
    sigstore::Bundle b;
    b.media_type = std::string(kBundleMediaType);
    b.minor_version = 3;
    b.material = sigstore::Material::PublicKey;
    b.message = sigstore::MessageSignature{"SHA2_256", artifact->sha256, std::move(*signature)};
    sigstore::Policy policy;
    policy.public_key = std::string(public_key);
    policy.ignore_tlog = true;
    auto root = sigstore::parse_trusted_root("{}", "");
    if (!root) return fail(root.error());
    auto v = sigstore::verify_bundle(b, *artifact, *root, policy);
    if (!v) return fail(v.error());
    return {};
}

Status check_simple_signing(std::string_view payload, const Digest& digest,
                            const image::Reference& ref) {
    auto doc = json_read::parse(payload, "payload");
    if (!doc) return fail(doc.error());
    const Cursor root(*doc, "payload");
    if (!doc->is_object()) return fail(refused("the payload is not a JSON object"));
    const Cursor critical = root["critical"];
    if (auto s = exact_members(critical, {"identity", "image", "type"}); !s) return s;
    if (auto s = exact_members(critical["identity"], {"docker-reference"}); !s) return s;
    if (auto s = exact_members(critical["image"], {"docker-manifest-digest"}); !s) return s;
    const std::string type = critical.string_or("type");
    if (type != kSimpleSigningType) {
        return fail(refused("critical.type is \"" + type + "\", not \"" +
                            std::string(kSimpleSigningType) + "\""));
    }
    const std::string signed_digest = critical["image"].string_or("docker-manifest-digest");
    if (signed_digest != digest.str()) {
        return fail(refused("the payload signs " + signed_digest + ", not the image's " +
                            digest.str() + " (a signature of another image)"));
    }
    const std::string reference = critical["identity"].string_or("docker-reference");
    if (!same_repository(reference, ref)) {
        return fail(refused("the payload names repository \"" + reference + "\", not " +
                            cosign_repository(ref)));
    }
    return {};
}

Status check_signature_statement(std::string_view statement) {
    auto doc = json_read::parse(statement, "DSSE payload");
    if (!doc) return fail(doc.error());
    const Cursor root(*doc, "DSSE payload");
    if (!doc->is_object()) return fail(refused("the DSSE payload is not a JSON object"));
    if (root.string_or("_type") != kInTotoStatementType) {
        return fail(refused("the DSSE payload is not an in-toto Statement v1 (_type \"" +
                            root.string_or("_type") + "\")"));
    }
    if (root.string_or("predicateType") != kCosignSignPredicateType) {
        return fail(refused("predicateType \"" + root.string_or("predicateType") +
                            "\" is an attestation, not an image signature (" +
                            std::string(kCosignSignPredicateType) + ")"));
    }
    return {};
}

}  // namespace berth::sign

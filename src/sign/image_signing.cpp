// SPDX-License-Identifier: Apache-2.0
// `berth sign IMAGE`: resolve, sign, push (image_signing.hpp). Verification is image_verify.cpp.
#include "sign/image_signing.hpp"

#include <ctime>
#include <nlohmann/json.hpp>

#include "core/base64.hpp"
#include "core/time.hpp"
#include "image/media_types.hpp"
#include "sign/bundle.hpp"
#include "sign/oci_signature.hpp"
#include "sign/payload.hpp"

namespace berth::sign {
namespace {

using image::registry::RegistryClient;

// The bundle as an OCI 1.1 referrer of `subject`.
Status push_bundle(RegistryClient& client, Signer& signer, const std::string& repository,
                   const Descriptor& subject, SignImageResult& out) {
    auto bundle = sign_image_bundle(signer, repository, subject.digest);
    if (!bundle) return fail(bundle.error());
    if (auto d = client.push_blob(kEmptyContent); !d) return fail(d.error());
    if (auto d = client.push_blob(*bundle); !d) return fail(d.error());
    const std::string manifest =
        bundle_referrer_manifest(subject, *bundle, format_rfc3339(std::time(nullptr)));
    auto pushed = client.push_referrer(manifest);
    if (!pushed) return fail(pushed.error());
    out.referrer = pushed->digest.str();
    out.referrers_api = pushed->subject == subject.digest.str();
    return {};
}

// The simple-signing payload as one more layer of the sha256-<hex>.sig manifest.
Status push_legacy(RegistryClient& client, Signer& signer, const SignImageRequest& request,
                   const std::string& repository, const Digest& digest, SignImageResult& out) {
    nlohmann::json annotations = nullptr;
    for (const auto& [k, v] : request.annotations) annotations[k] = v;
    const std::string payload = simple_signing_payload(repository, digest.str(), annotations);
    auto signature = signer.sign(payload);
    if (!signature) return fail(signature.error());
    const std::string tag = legacy_signature_tag(digest);
    const std::string where = client.base_url() + "/" + repository + ":" + tag;
    std::string existing;
    if (auto current = client.get_manifest(tag); current) {
        existing = std::move(current->body);
    } else if (current.error().code != ErrorCode::NotFound) {
        return fail(current.error());
    }
    auto manifest = append_legacy_signature(existing, payload, base64_encode(*signature), where);
    if (!manifest) return fail(manifest.error());
    if (auto d = client.push_blob(payload); !d) return fail(d.error());
    if (auto d = client.push_blob(manifest->config); !d) return fail(d.error());
    auto pushed = client.put_manifest(tag, image::media_type::kOciManifest, manifest->manifest);
    if (!pushed) return fail(pushed.error());
    auto layers = legacy_layers(manifest->manifest, where);
    out.legacy_tag = tag;
    out.legacy_signatures = layers ? layers->size() : 0;
    return {};
}

}  // namespace

Result<Formats> parse_formats(std::string_view name) {
    if (name == "both") return Formats{true, true};
    if (name == "bundle") return Formats{true, false};
    if (name == "legacy") return Formats{false, true};
    return fail(
        ErrorCode::InvalidArgument,
        "unknown signature format \"" + std::string(name) + "\" (choose bundle, legacy or both)",
        "--format");
}

Result<image::Reference> parse_registry_image(std::string_view image) {
    if (image.rfind("docker://", 0) == 0) image.remove_prefix(9);
    for (std::string_view local :
         {"oci:", "oci-archive:", "docker-archive:", "docker-daemon:", "rootfs:", "fs:", "sbom:"}) {
        if (image.rfind(local, 0) == 0) {
            return fail(ErrorCode::InvalidArgument,
                        "signatures are stored in a registry: give a registry reference "
                        "(host/repository:tag or @sha256:…), not a local " +
                            std::string(local.substr(0, local.size() - 1)) + " image",
                        std::string(image));
        }
    }
    return image::parse_reference(image);
}

Result<SignImageResult> sign_image(const SignImageRequest& request, Signer& signer) {
    auto ref = parse_registry_image(request.image);
    if (!ref) return fail(ref.error());
    image::registry::RegistryOptions options = request.registry;
    options.push = true;
    auto client = image::registry::connect_repository(*ref, options);
    if (!client) return fail(client.error());
    // The tag is resolved once; everything below names the digest only.
    auto manifest = (*client)->get_manifest(ref->digest.empty() ? ref->tag : ref->digest);
    if (!manifest) return fail(manifest.error());
    SignImageResult out;
    out.repository = cosign_repository(*ref);
    out.digest = manifest->digest;
    const Descriptor subject{manifest->media_type, manifest->digest, manifest->body.size()};
    if (request.formats.bundle) {
        if (auto s = push_bundle(**client, signer, out.repository, subject, out); !s)
            return fail(s.error());
    }
    if (request.formats.legacy) {
        if (auto s = push_legacy(**client, signer, request, out.repository, out.digest, out); !s)
            return fail(s.error());
    }
    return out;
}

}  // namespace berth::sign

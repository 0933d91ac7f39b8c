// SPDX-License-Identifier: Apache-2.0
#include "sign/bundle.hpp"

#include <openssl/evp.h>

#include <array>
#include <nlohmann/json.hpp>

#include "core/base64.hpp"
#include "sign/payload.hpp"

namespace berth::sign {

namespace {

using Json = nlohmann::ordered_json;  // field order as protojson writes them

Json verification_material(const Signer& signer) {
    return Json{{"publicKey", Json{{"hint", signer.key_hint()}}}};
}

std::string sha256_bytes(std::string_view data) {
    std::array<unsigned char, 32> md{};
    unsigned int len = 0;
    EVP_Digest(data.data(), data.size(), md.data(), &len, EVP_sha256(), nullptr);
    return {reinterpret_cast<const char*>(md.data()), len};
}

}  // namespace

std::string dsse_pae(std::string_view payload_type, std::string_view payload) {
    std::string out = "DSSEv1 " + std::to_string(payload_type.size()) + " ";
    out += payload_type;
    out += " " + std::to_string(payload.size()) + " ";
    out += payload;
    return out;
}

Result<BlobSignature> sign_blob(Signer& signer, std::string_view artifact) {
    auto sig = signer.sign(artifact);
    if (!sig) return fail(sig.error());
    Json bundle{
        {"mediaType", kBundleMediaType},
        {"verificationMaterial", verification_material(signer)},
        {"messageSignature",
         Json{{"messageDigest",
               Json{{"algorithm", "SHA2_256"}, {"digest", base64_encode(sha256_bytes(artifact))}}},
              {"signature", base64_encode(*sig)}}},
    };
    return BlobSignature{std::move(*sig), bundle.dump()};
}

Result<std::string> sign_dsse_bundle(Signer& signer, std::string_view payload_type,
                                     std::string_view payload) {
    auto sig = signer.sign(dsse_pae(payload_type, payload));
    if (!sig) return fail(sig.error());
    Json bundle{
        {"mediaType", kBundleMediaType},
        {"verificationMaterial", verification_material(signer)},
        {"dsseEnvelope", Json{{"payload", base64_encode(payload)},
                              {"payloadType", payload_type},
                              {"signatures", Json::array({Json{{"sig", base64_encode(*sig)}}})}}},
    };
    return bundle.dump();
}

Result<std::string> sign_image_bundle(Signer& signer, std::string_view repository,
                                      const Digest& manifest_digest) {
    return sign_dsse_bundle(signer, kInTotoPayloadType,
                            image_signature_statement(repository, manifest_digest));
}

}  // namespace berth::sign

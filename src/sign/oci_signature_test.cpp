// SPDX-License-Identifier: Apache-2.0
#include "sign/oci_signature.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/base64.hpp"
#include "sign/bundle.hpp"
#include "sign/payload.hpp"
#include "sign/sign_testing.hpp"
#include "sign/signer.hpp"

namespace berth::sign {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const Digest kImage{"sha256", std::string(64, 'c')};

image::Reference ref_of(const std::string& text) {
    auto r = image::parse_reference(text);
    EXPECT_TRUE(r.has_value()) << text;
    return r.value_or(image::Reference{});
}

TEST(CosignRepository, NamesDockerHubAsGoContainerregistryDoes) {
    EXPECT_EQ(cosign_repository(ref_of("alpine:3.19")), "index.docker.io/library/alpine");
    EXPECT_EQ(cosign_repository(ref_of("127.0.0.1:5000/team/app@sha256:" + kImage.hex)),
              "127.0.0.1:5000/team/app");
    EXPECT_EQ(legacy_signature_tag(kImage), "sha256-" + kImage.hex + ".sig");
}

TEST(CosignRepository, SameRepositoryNormalizes) {
    const auto hub = ref_of("alpine");
    EXPECT_TRUE(same_repository("index.docker.io/library/alpine", hub));
    EXPECT_TRUE(same_repository("docker.io/library/alpine", hub));
    EXPECT_TRUE(same_repository("docker.io/library/alpine:other-tag", hub));
    EXPECT_FALSE(same_repository("docker.io/library/busybox", hub));
    EXPECT_FALSE(same_repository("ghcr.io/library/alpine", hub));
    EXPECT_FALSE(same_repository("not a reference", hub));
    EXPECT_FALSE(same_repository("", hub));
}

TEST(BundleReferrer, ManifestHasCosignsShapeAndReadsBack) {
    const Descriptor subject{"application/vnd.oci.image.index.v1+json", kImage, 1234};
    const std::string bundle = R"({"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"})";
    const std::string text = bundle_referrer_manifest(subject, bundle, "2026-12-07T20:41:00Z");
    const json want = {
        {"schemaVersion", 2},
        {"mediaType", "application/vnd.oci.image.manifest.v1+json"},
        {"artifactType", "application/vnd.dev.sigstore.bundle.v0.3+json"},
        {"config",
         {{"mediaType", "application/vnd.oci.empty.v1+json"},
          {"digest", "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"},
          {"size", 2}}},
        {"layers",
         {{{"mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json"},
           {"digest", sha256_of(bundle).str()},
           {"size", bundle.size()}}}},
        {"subject",
         {{"mediaType", "application/vnd.oci.image.index.v1+json"},
          {"digest", kImage.str()},
          {"size", 1234}}},
        {"annotations",
         {{"dev.sigstore.bundle.content", "dsse-envelope"},
          {"dev.sigstore.bundle.predicateType", "https://sigstore.dev/cosign/sign/v1"},
          {"org.opencontainers.image.created", "2026-12-07T20:41:00Z"}}},
    };
    EXPECT_EQ(json::parse(text), want);
    auto back = parse_bundle_referrer(text, "m");
    ASSERT_TRUE(back.has_value()) << back.error().to_string();
    EXPECT_EQ(back->subject, kImage);
    EXPECT_EQ(back->bundle.digest, sha256_of(bundle));
    EXPECT_EQ(back->bundle.size, bundle.size());
}

TEST(BundleReferrer, RefusesWhatIsNotASignatureReferrer) {
    json good = json::parse(bundle_referrer_manifest(
        {"application/vnd.oci.image.manifest.v1+json", kImage, 10}, "{}", "t"));
    struct Case {
        const char* name;
        json doc;
        ErrorCode code;
        const char* says;
    };
    std::vector<Case> cases;
    json sbom = good;
    sbom["artifactType"] = "application/spdx+json";
    cases.push_back({"other artifact type", sbom, ErrorCode::Unsupported, "not a sigstore bundle"});
    json no_subject = good;
    no_subject.erase("subject");
    cases.push_back({"no subject", no_subject, ErrorCode::Format, "subject"});
    json no_layer = good;
    no_layer["layers"] = json::array();
    cases.push_back({"no layer", no_layer, ErrorCode::Format, "layers[0]"});
    json bad_digest = good;
    bad_digest["subject"]["digest"] = "sha256:xyz";
    cases.push_back({"bad subject digest", bad_digest, ErrorCode::Format, "subject.digest"});
    json other_layer = good;
    other_layer["layers"][0]["mediaType"] = "text/plain";
    cases.push_back({"layer not a bundle", other_layer, ErrorCode::Unsupported, "text/plain"});
    for (const auto& c : cases) {
        auto r = parse_bundle_referrer(c.doc.dump(), "m");
        ASSERT_FALSE(r.has_value()) << c.name;
        EXPECT_EQ(r.error().code, c.code) << c.name << ": " << r.error().to_string();
        EXPECT_NE(r.error().to_string().find(c.says), std::string::npos)
            << c.name << ": " << r.error().to_string();
    }
    EXPECT_FALSE(parse_bundle_referrer("[]", "m").has_value());
    EXPECT_FALSE(parse_bundle_referrer("{", "m").has_value());
}

TEST(LegacyManifest, AppendsLayersAndRebuildsTheConfig) {
    auto first = append_legacy_signature("", "payload-1", "c2lnLTE=", "t");
    ASSERT_TRUE(first.has_value()) << first.error().to_string();
    const json m1 = json::parse(first->manifest);
    EXPECT_EQ(m1["mediaType"], "application/vnd.oci.image.manifest.v1+json");
    EXPECT_EQ(m1["config"]["mediaType"], "application/vnd.oci.image.config.v1+json");
    EXPECT_EQ(m1["config"]["digest"], sha256_of(first->config).str());
    ASSERT_EQ(m1["layers"].size(), 1U);
    EXPECT_EQ(m1["layers"][0],
              json({{"mediaType", "application/vnd.dev.cosign.simplesigning.v1+json"},
                    {"digest", sha256_of("payload-1").str()},
                    {"size", 9},
                    {"annotations", {{"dev.cosignproject.cosign/signature", "c2lnLTE="}}}}));

    auto second = append_legacy_signature(first->manifest, "payload-22", "c2lnLTI=", "t");
    ASSERT_TRUE(second.has_value()) << second.error().to_string();
    const json m2 = json::parse(second->manifest);
    ASSERT_EQ(m2["layers"].size(), 2U);
    EXPECT_EQ(m2["layers"][0], m1["layers"][0]) << "earlier signatures are kept as they were";
    const json config = json::parse(second->config);
    EXPECT_EQ(config["rootfs"]["diff_ids"],
              json::array({sha256_of("payload-1").str(), sha256_of("payload-22").str()}));
    EXPECT_EQ(config["history"].size(), 2U);

    auto layers = legacy_layers(second->manifest, "t");
    ASSERT_TRUE(layers.has_value()) << layers.error().to_string();
    ASSERT_EQ(layers->size(), 2U);
    EXPECT_EQ((*layers)[1].blob.digest, sha256_of("payload-22"));
    EXPECT_EQ((*layers)[1].signature_b64, "c2lnLTI=");
}

TEST(LegacyManifest, RefusesToOverwriteWhatIsNotASignatureManifest) {
    for (const char* existing : {R"({"manifests":[]})", "[]", "{"}) {
        auto r = append_legacy_signature(existing, "p", "cw==", "tag");
        ASSERT_FALSE(r.has_value()) << existing;
        EXPECT_EQ(r.error().code, ErrorCode::Format) << existing;
        EXPECT_EQ(r.error().where, "tag");
        EXPECT_FALSE(legacy_layers(existing, "tag").has_value()) << existing;
    }
    auto bad = legacy_layers(R"({"layers":[{"mediaType":"x","digest":"sha256:1","size":1}]})", "t");
    ASSERT_FALSE(bad.has_value());
    EXPECT_NE(bad.error().to_string().find("$.layers[0].digest"), std::string::npos)
        << bad.error().to_string();
}

TEST(SimpleSigning, AcceptsItsOwnPayload) {
    const auto ref = ref_of("127.0.0.1:5000/team/app:1.0");
    const std::string payload =
        simple_signing_payload(cosign_repository(ref), kImage.str(), {{"ci", "512"}});
    EXPECT_TRUE(check_simple_signing(payload, kImage, ref).has_value());
}

TEST(SimpleSigning, RejectsEveryDeviation) {
    const auto ref = ref_of("127.0.0.1:5000/team/app");
    const json good =
        json::parse(simple_signing_payload(cosign_repository(ref), kImage.str(), nullptr));
    struct Case {
        const char* name;
        json doc;
        const char* says;
    };
    std::vector<Case> cases;
    json other_digest = good;
    other_digest["critical"]["image"]["docker-manifest-digest"] = "sha256:" + std::string(64, 'd');
    cases.push_back({"replayed from another image", other_digest, "a signature of another image"});
    json other_repo = good;
    other_repo["critical"]["identity"]["docker-reference"] = "127.0.0.1:5000/team/other";
    cases.push_back({"replayed from another repository", other_repo, "names repository"});
    json other_type = good;
    other_type["critical"]["type"] = "atomic container signature";
    cases.push_back({"wrong type", other_type, "critical.type"});
    json unknown = good;
    unknown["critical"]["extra"] = true;
    cases.push_back({"unknown critical field", unknown, "unknown critical field $.critical.extra"});
    json unknown_inner = good;
    unknown_inner["critical"]["image"]["docker-manifest-digest-2"] = "x";
    cases.push_back({"unknown image field", unknown_inner, "unknown critical field"});
    json missing = good;
    missing["critical"].erase("identity");
    cases.push_back({"missing identity", missing, "identity missing"});
    cases.push_back({"not an object", json::array(), "not a JSON object"});
    for (const auto& c : cases) {
        auto r = check_simple_signing(c.doc.dump(), kImage, ref);
        ASSERT_FALSE(r.has_value()) << c.name;
        EXPECT_EQ(r.error().code, ErrorCode::DigestMismatch) << c.name;
        EXPECT_NE(r.error().message.find(c.says), std::string::npos)
            << c.name << ": " << r.error().message;
    }
    EXPECT_FALSE(check_simple_signing("not json", kImage, ref).has_value());
}

TEST(SignatureStatement, OnlyCosignsSignaturePredicateIsASignature) {
    EXPECT_TRUE(check_signature_statement(image_signature_statement("r", kImage)).has_value());
    json attestation = json::parse(image_signature_statement("r", kImage));
    attestation["predicateType"] = "https://slsa.dev/provenance/v1";
    auto r = check_signature_statement(attestation.dump());
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("is an attestation"), std::string::npos) << r.error().message;
    json old = json::parse(image_signature_statement("r", kImage));
    old["_type"] = "https://in-toto.io/Statement/v0.1";
    EXPECT_FALSE(check_signature_statement(old.dump()).has_value());
    EXPECT_FALSE(check_signature_statement("[]").has_value());
}

TEST(PayloadSignature, VerifiesEachKeyTypeAndRejectsTampering) {
    for (auto type : {KeyType::EcdsaP256, KeyType::Ed25519, KeyType::Rsa3072}) {
        SCOPED_TRACE(static_cast<int>(type));
        auto signer = make_key_signer(std::move(*PrivateKey::generate(type)), "k");
        ASSERT_TRUE(signer.has_value());
        const std::string payload = simple_signing_payload("r.example/a", kImage.str(), nullptr);
        auto sig = (*signer)->sign(payload);
        ASSERT_TRUE(sig.has_value());
        const std::string pub = (*signer)->public_pem();
        auto ok = verify_payload_signature(payload, base64_encode(*sig), pub);
        EXPECT_TRUE(ok.has_value()) << ok.error().to_string();
        auto tampered = verify_payload_signature(payload + " ", base64_encode(*sig), pub);
        ASSERT_FALSE(tampered.has_value());
        EXPECT_EQ(tampered.error().code, ErrorCode::DigestMismatch);
        // Another key (ECDSA: a second RSA key would only slow the test).
        auto other = make_key_signer(std::move(*PrivateKey::generate(KeyType::EcdsaP256)), "k2");
        EXPECT_FALSE(verify_payload_signature(payload, base64_encode(*sig), (*other)->public_pem())
                         .has_value());
        std::string flipped = *sig;
        flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 1);
        EXPECT_FALSE(verify_payload_signature(payload, base64_encode(flipped), pub).has_value());
    }
    auto signer = make_key_signer(std::move(*PrivateKey::generate(KeyType::EcdsaP256)), "k");
    for (const char* bad : {"", "not base64!", "c2ln"}) {
        EXPECT_FALSE(verify_payload_signature("p", bad, (*signer)->public_pem()).has_value())
            << bad;
    }
}

// containers/image's cosign fixtures: signatures cosign made, with the expectations of
// policy_eval_sigstore_test.go (../shared/data/INDEX.md "cosign-sigstore").
struct CosignAttachment {
    std::string media_type;
    std::string payload;
    std::string signature_b64;
};

CosignAttachment read_attachment(const fs::path& file) {
    // "\0sigstore-json\n" then {"mimeType","payload"(b64),"annotations"}.
    std::string text = test::read_text_file(file);
    const auto nl = text.find('\n');
    const json j = json::parse(text.substr(nl + 1));
    return {j.value("mimeType", ""), base64_decode(j.value("payload", "")).value_or(""),
            j["annotations"].value("dev.cosignproject.cosign/signature", "")};
}

TEST(PayloadSignature, CosignMadeSignaturesVerifyAndBindToTheirImage) {
    auto data = testing::cosign_data();
    if (!data) GTEST_SKIP() << "shared data absent: cosign-sigstore";
    const fs::path fx = *data / "containers__image/signature/fixtures";
    const std::string pub = test::read_text_file(fx / "cosign.pub");
    const std::string other_pub = test::read_text_file(fx / "cosign2.pub");
    const auto repo = ref_of("192.168.64.2:5000/cosign-signed-single-sample");
    for (const char* dir : {"dir-img-cosign-valid", "dir-img-cosign-valid-2"}) {
        SCOPED_TRACE(dir);
        const auto a = read_attachment(fx / dir / "signature-1");
        EXPECT_EQ(a.media_type, kSimpleSigningMediaType);
        EXPECT_TRUE(verify_payload_signature(a.payload, a.signature_b64, pub).has_value());
        EXPECT_FALSE(verify_payload_signature(a.payload, a.signature_b64, other_pub).has_value());
        const Digest image = sha256_of(test::read_text_file(fx / dir / "manifest.json"));
        auto bound = check_simple_signing(a.payload, image, repo);
        EXPECT_TRUE(bound.has_value()) << bound.error().to_string();
        EXPECT_FALSE(
            check_simple_signing(a.payload, image, ref_of("192.168.64.2:5000/other")).has_value());
    }
    // containers/image writes the tag into docker-reference; the repository still matches.
    const auto tagged = read_attachment(fx / "dir-img-cosign-valid-with-tag/signature-1");
    EXPECT_TRUE(verify_payload_signature(tagged.payload, tagged.signature_b64, pub).has_value());
    EXPECT_TRUE(check_simple_signing(tagged.payload,
                                     sha256_of(test::read_text_file(
                                         fx / "dir-img-cosign-valid-with-tag/manifest.json")),
                                     ref_of("192.168.64.2:5000/skopeo-signed"))
                    .has_value());
    // The signature is good, but the manifest is not the one signed.
    const auto modified = read_attachment(fx / "dir-img-cosign-modified-manifest/signature-1");
    EXPECT_TRUE(
        verify_payload_signature(modified.payload, modified.signature_b64, pub).has_value());
    auto replay = check_simple_signing(
        modified.payload,
        sha256_of(test::read_text_file(fx / "dir-img-cosign-modified-manifest/manifest.json")),
        repo);
    ASSERT_FALSE(replay.has_value());
    EXPECT_NE(replay.error().message.find("another image"), std::string::npos);
    // Not a signature at all.
    const auto other = read_attachment(fx / "dir-img-cosign-other-attachment/signature-1");
    EXPECT_NE(other.media_type, kSimpleSigningMediaType);
    EXPECT_FALSE(check_simple_signing(other.payload, sha256_of("x"), repo).has_value());
}

}  // namespace
}  // namespace berth::sign

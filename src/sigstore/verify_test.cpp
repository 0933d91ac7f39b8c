// SPDX-License-Identifier: Apache-2.0
// verify_bundle() on bundles made here: a key signs an artifact, a test "Rekor" (its own key in
// the trusted root) logs a hashedrekord entry in a one-entry tree with a SET and a checkpoint.
// Then the negative matrix: tampered artifact, wrong key, truncated signature, tampered body,
// broken inclusion proof, log key outside its validity, unknown log, policy errors.
#include "sigstore/verify.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <functional>

#include "sigstore/encoding.hpp"
#include "sigstore/testing.hpp"
#include "sigstore/tlog.hpp"

namespace berth::sigstore {
namespace {

using testing::sign;

std::string pem_of(EVP_PKEY* key) {
    return "-----BEGIN PUBLIC KEY-----\n" + base64_encode(public_key_der(key)) +
           "\n-----END PUBLIC KEY-----\n";
}

struct World {
    PkeyPtr signer{EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")};
    PkeyPtr log_key{EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")};
    TrustedRoot root;
    Artifact artifact;
    Policy policy;
    Bundle bundle;

    World() {
        LogKey log;
        log.base_url = "https://rekor.test";
        log.key_der = public_key_der(log_key.get());
        log.log_id = sha256_bytes(log.key_der);
        log.valid.start = 1600000000;
        root.tlogs.push_back(log);
        artifact.bytes = "hello, berth\n";
        artifact.sha256 = sha256_bytes(*artifact.bytes);
        policy.public_key = pem_of(signer.get());
        bundle = make_bundle(sign(signer.get(), *artifact.bytes));
    }

    [[nodiscard]] std::string body_for(const std::string& sig) const {
        const nlohmann::json body = {
            {"apiVersion", "0.0.1"},
            {"kind", "hashedrekord"},
            {"spec",
             {{"data", {{"hash", {{"algorithm", "sha256"}, {"value", to_hex(artifact.sha256)}}}}},
              {"signature",
               {{"content", base64_encode(sig)},
                {"publicKey", {{"content", base64_encode(pem_of(signer.get()))}}}}}}}};
        return body.dump();
    }

    // Logs `body` as the only leaf of a tree: SET, proof (no hashes) and checkpoint.
    void log_entry(TlogEntry& e, const std::string& body) const {
        e.kind = "hashedrekord";
        e.version = "0.0.1";
        e.body = body;
        e.body_base64 = base64_encode(body);
        e.log_id = root.tlogs[0].log_id;
        e.log_index = 0;
        e.integrated_time = 1700000000;
        const nlohmann::json set = {{"body", e.body_base64},
                                    {"integratedTime", e.integrated_time},
                                    {"logID", to_hex(e.log_id)},
                                    {"logIndex", e.log_index}};
        e.signed_entry_timestamp = sign(log_key.get(), set.dump());
        InclusionProof p;
        p.tree_size = 1;
        p.root_hash = sha256_bytes(std::string(1, '\0') + body);
        const std::string note = "rekor.test\n1\n" + base64_encode(p.root_hash) + "\n";
        p.checkpoint = note + "\n\xE2\x80\x94 rekor.test " +
                       base64_encode(e.log_id.substr(0, 4) + sign(log_key.get(), note)) + "\n";
        e.inclusion_proof = p;
    }

    [[nodiscard]] Bundle make_bundle(const std::string& sig) const {
        Bundle b;
        b.media_type = "application/vnd.dev.sigstore.bundle.v0.3+json";
        b.minor_version = 3;
        b.material = Material::PublicKey;
        b.message = MessageSignature{"SHA2_256", artifact.sha256, sig};
        TlogEntry e;
        log_entry(e, body_for(sig));
        b.tlog_entries.push_back(e);
        return b;
    }
};

TEST(SigstoreVerify, KeyModeBundleVerifiesByBytesAndByDigest) {
    World w;
    auto v = verify_bundle(w.bundle, w.artifact, w.root, w.policy);
    ASSERT_TRUE(v) << v.error().to_string();
    EXPECT_FALSE(v->keyless);
    EXPECT_EQ(v->key_type, "ECDSA P-256");
    EXPECT_EQ(v->tlog_entries, 1);
    ASSERT_EQ(v->times.size(), 1U);
    EXPECT_EQ(v->times[0].time, 1700000000);
    EXPECT_EQ(v->signer.rfind("ECDSA P-256 sha256:", 0), 0U) << v->signer;
    Artifact digest_only{std::nullopt, w.artifact.sha256};
    EXPECT_TRUE(verify_bundle(w.bundle, digest_only, w.root, w.policy));
}

std::string reason(const Result<Verification>& v) {
    return v ? std::string("(verified)") : v.error().to_string();
}

TEST(SigstoreVerify, NegativeMatrixIsRefusedWithAClearReason) {
    struct Case {
        std::string name;
        std::function<void(World&)> edit;
        std::string want;
    };
    const std::vector<Case> cases = {
        {"tampered_artifact",
         [](World& w) {
             w.artifact.bytes = "hello, Berth\n";
             w.artifact.sha256 = sha256_bytes(*w.artifact.bytes);
         },
         "is not the artifact's SHA-256"},
        {"tampered_artifact_no_hint",
         [](World& w) {
             w.artifact.bytes = "hello, Berth\n";
             w.artifact.sha256 = sha256_bytes(*w.artifact.bytes);
             w.bundle.message->digest_algorithm.clear();
         },
         "signature does not verify over the artifact"},
        {"wrong_key",
         [](World& w) {
             PkeyPtr other(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
             w.policy.public_key = pem_of(other.get());
         },
         "signature does not verify over the artifact"},
        {"truncated_signature",
         [](World& w) {
             w.bundle.message->signature.resize(w.bundle.message->signature.size() / 2);
         },
         "signature does not verify"},
        {"body_of_another_signature",
         [](World& w) {
             const std::string other = sign(w.signer.get(), "something else");
             w.log_entry(w.bundle.tlog_entries[0], w.body_for(other));
         },
         "its signature differs from the bundle's"},
        {"tampered_body_after_logging",
         [](World& w) {
             auto& e = w.bundle.tlog_entries[0];
             e.body_base64 = base64_encode(e.body + " ");
             e.body += " ";
         },
         "signed entry timestamp of https://rekor.test does not verify"},
        {"broken_inclusion_proof",
         [](World& w) {
             auto& root = w.bundle.tlog_entries[0].inclusion_proof->root_hash;
             root[0] = static_cast<char>(root[0] ^ 1);
         },
         "inclusion proof does not lead to the root hash"},
        {"no_entries", [](World& w) { w.bundle.tlog_entries.clear(); },
         "no transparency log entry"},
        {"unknown_log", [](World& w) { w.root.tlogs[0].log_id = std::string(32, 'x'); },
         "is not a transparency log of the trusted root"},
        {"log_key_expired", [](World& w) { w.root.tlogs[0].valid.end = 1699999999; },
         "is not valid at the entry's integrated time"},
        {"no_checkpoint_v03",
         [](World& w) { w.bundle.tlog_entries[0].inclusion_proof->checkpoint.clear(); },
         "no checkpoint"},
        {"certificate_mode_without_identity", [](World& w) { w.policy.public_key.clear(); },
         "needs exactly one of --certificate-identity"},
        {"certificate_mode_key_bundle",
         [](World& w) {
             w.policy = Policy{};
             w.policy.identity = "a";
             w.policy.issuer = "b";
         },
         "signed with a key"},
        {"bad_regexp",
         [](World& w) {
             w.policy = Policy{};
             w.policy.identity_regexp = "(";
             w.policy.issuer = "b";
         },
         "not a valid RE2 regexp"},
        {"garbage_key", [](World& w) { w.policy.public_key = "not a key"; }, "--key"},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.name);
        World w;
        c.edit(w);
        const std::string got = reason(verify_bundle(w.bundle, w.artifact, w.root, w.policy));
        EXPECT_NE(got.find(c.want), std::string::npos) << "got: " << got;
    }
}

TEST(SigstoreVerify, DsseStatementMustNameTheArtifact) {
    World w;
    const std::string statement =
        R"({"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"a","digest":{"sha256":")" +
        to_hex(w.artifact.sha256) + R"("}}],"predicateType":"x","predicate":{}})";
    DsseEnvelope env{statement, "application/vnd.in-toto+json", {}};
    env.signatures.push_back({sign(w.signer.get(), dsse_pae(env.payload_type, env.payload)), ""});
    w.bundle.message.reset();
    w.bundle.dsse = env;
    const nlohmann::json body = {
        {"apiVersion", "0.0.1"},
        {"kind", "dsse"},
        {"spec",
         {{"payloadHash", {{"algorithm", "sha256"}, {"value", to_hex(sha256_bytes(statement))}}},
          {"signatures",
           {{{"signature", base64_encode(env.signatures[0].sig)},
             {"verifier", base64_encode(pem_of(w.signer.get()))}}}}}}};
    w.log_entry(w.bundle.tlog_entries[0], body.dump());
    w.bundle.tlog_entries[0].kind = "dsse";
    auto v = verify_bundle(w.bundle, w.artifact, w.root, w.policy);
    ASSERT_TRUE(v) << v.error().to_string();
    EXPECT_EQ(v->content, "dsseEnvelope");

    Artifact other{std::string("other"), sha256_bytes("other")};
    EXPECT_NE(reason(verify_bundle(w.bundle, other, w.root, w.policy)).find("no in-toto subject"),
              std::string::npos);
    w.bundle.dsse->payload_type = "text/plain";
    EXPECT_NE(reason(verify_bundle(w.bundle, w.artifact, w.root, w.policy))
                  .find("DSSE envelope signature does not verify"),
              std::string::npos);
}

}  // namespace
}  // namespace berth::sigstore

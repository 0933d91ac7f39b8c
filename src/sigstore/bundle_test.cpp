// SPDX-License-Identifier: Apache-2.0
// Bundle and trusted-root parsing: the shapes of v0.1–v0.3 and bad input (malformed JSON, bad
// base64, huge and negative numbers, wrong types), each with a clear error naming the JSON path.
#include "sigstore/bundle.hpp"

#include <gtest/gtest.h>

#include <functional>

#include "sigstore/encoding.hpp"
#include "sigstore/trusted_root.hpp"

namespace berth::sigstore {
namespace {

// A minimal well-formed v0.3 bundle; tests replace pieces of it.
nlohmann::json minimal_bundle() {
    return nlohmann::json::parse(R"({
      "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
      "verificationMaterial": {
        "publicKey": {"hint": "k1"},
        "tlogEntries": [{
          "logIndex": "7", "logId": {"keyId": "AAAA"},
          "kindVersion": {"kind": "hashedrekord", "version": "0.0.1"},
          "integratedTime": "1700000000",
          "inclusionPromise": {"signedEntryTimestamp": "AQID"},
          "inclusionProof": {"logIndex": "3", "treeSize": "8",
            "rootHash": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            "hashes": ["AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="],
            "checkpoint": {"envelope": "origin\n8\nAAAA\n\n"}},
          "canonicalizedBody": "e30="}]
      },
      "messageSignature": {"messageDigest": {"algorithm": "SHA2_256", "digest": "AAAA"},
                           "signature": "MEUC"}
    })");
}

std::string parse_error(const nlohmann::json& doc) {
    auto b = parse_bundle(doc.dump(), "b.json");
    return b ? std::string("(parsed)") : b.error().to_string();
}

TEST(SigstoreBundle, ParsesAMinimalV03Bundle) {
    auto b = parse_bundle(minimal_bundle().dump(), "b.json");
    ASSERT_TRUE(b) << b.error().to_string();
    EXPECT_EQ(b->minor_version, 3);
    EXPECT_EQ(b->material, Material::PublicKey);
    EXPECT_EQ(b->public_key_hint, "k1");
    ASSERT_EQ(b->tlog_entries.size(), 1U);
    const TlogEntry& e = b->tlog_entries[0];
    EXPECT_EQ(e.log_index, 7);
    EXPECT_EQ(e.log_id, std::string(3, '\0'));
    EXPECT_EQ(e.kind, "hashedrekord");
    EXPECT_EQ(e.integrated_time, 1700000000);
    EXPECT_EQ(e.signed_entry_timestamp, "\x01\x02\x03");
    ASSERT_TRUE(e.inclusion_proof);
    EXPECT_EQ(e.inclusion_proof->tree_size, 8);
    EXPECT_EQ(e.body, "{}");
    EXPECT_EQ(e.body_base64, "e30=");
    ASSERT_TRUE(b->message);
    EXPECT_EQ(b->message->digest_algorithm, "SHA2_256");
    EXPECT_FALSE(b->dsse);
}

TEST(SigstoreBundle, AcceptsEveryMediaTypeAndRefusesOthers) {
    for (const auto& [type, minor] : std::vector<std::pair<std::string, int>>{
             {"application/vnd.dev.sigstore.bundle+json;version=0.2", 2},
             {"application/vnd.dev.sigstore.bundle+json;version=0.3", 3},
             {"application/vnd.dev.sigstore.bundle.v0.3+json", 3}}) {
        auto doc = minimal_bundle();
        doc["mediaType"] = type;
        auto b = parse_bundle(doc.dump(), "b.json");
        ASSERT_TRUE(b) << type << ": " << b.error().to_string();
        EXPECT_EQ(b->minor_version, minor);
    }
    auto doc = minimal_bundle();
    doc["mediaType"] = "application/vnd.dev.sigstore.bundle+json;version=9.9";
    auto b = parse_bundle(doc.dump(), "b.json");
    ASSERT_FALSE(b);
    EXPECT_EQ(b.error().code, ErrorCode::Unsupported);
    EXPECT_NE(b.error().message.find("unknown bundle media type"), std::string::npos);
}

TEST(SigstoreBundle, BadInputGivesAClearErrorWithTheJsonPath) {
    struct Bad {
        std::string name;
        std::function<void(nlohmann::json&)> edit;
        std::string want;
    };
    const std::vector<Bad> cases = {
        {"negative_log_index",
         [](auto& d) { d["verificationMaterial"]["tlogEntries"][0]["logIndex"] = "-1"; },
         "$.verificationMaterial.tlogEntries[0].logIndex: must not be negative"},
        {"huge_log_index",
         [](auto& d) {
             d["verificationMaterial"]["tlogEntries"][0]["logIndex"] = "99999999999999999999999";
         },
         "logIndex: out of range for int64"},
        {"huge_unsigned_number",
         [](auto& d) {
             d["verificationMaterial"]["tlogEntries"][0]["integratedTime"] =
                 18446744073709551615ULL;
         },
         "integratedTime: out of range for int64"},
        {"log_index_not_a_number",
         [](auto& d) { d["verificationMaterial"]["tlogEntries"][0]["logIndex"] = "7x"; },
         "logIndex: expected an int64"},
        {"log_index_wrong_type",
         [](auto& d) { d["verificationMaterial"]["tlogEntries"][0]["logIndex"] = true; },
         "logIndex: expected an int64 (a decimal string), got boolean"},
        {"bad_base64_signature", [](auto& d) { d["messageSignature"]["signature"] = "MEU*"; },
         "$.messageSignature.signature: not valid base64"},
        {"base64_with_whitespace", [](auto& d) { d["messageSignature"]["signature"] = "ME UC"; },
         "signature: not valid base64"},
        {"signature_wrong_type", [](auto& d) { d["messageSignature"]["signature"] = 42; },
         "signature: expected base64 bytes, got number"},
        {"bad_base64_body",
         [](auto& d) { d["verificationMaterial"]["tlogEntries"][0]["canonicalizedBody"] = "!!"; },
         "canonicalizedBody: not valid base64"},
        {"short_root_hash",
         [](auto& d) {
             d["verificationMaterial"]["tlogEntries"][0]["inclusionProof"]["rootHash"] = "AAAA";
         },
         "rootHash: must be 32 bytes"},
        {"index_outside_tree",
         [](auto& d) {
             d["verificationMaterial"]["tlogEntries"][0]["inclusionProof"]["logIndex"] = "8";
         },
         "is not inside the tree of size 8"},
        {"no_proof_v03",
         [](auto& d) { d["verificationMaterial"]["tlogEntries"][0].erase("inclusionProof"); },
         "inclusionProof: missing"},
        {"no_promise_v01",
         [](auto& d) {
             d["mediaType"] = "application/vnd.dev.sigstore.bundle+json;version=0.1";
             d["verificationMaterial"]["tlogEntries"][0].erase("inclusionPromise");
         },
         "inclusionPromise: missing (required in a v0.1 bundle)"},
        {"two_materials",
         [](auto& d) {
             d["verificationMaterial"]["certificate"] = {{"rawBytes", "AAAA"}};
         },
         "needs exactly one of x509CertificateChain, certificate and publicKey"},
        {"chain_in_v03",
         [](auto& d) {
             d["verificationMaterial"].erase("publicKey");
             d["verificationMaterial"]["x509CertificateChain"] = {
                 {"certificates", {{{"rawBytes", "AAAA"}}}}};
         },
         "not allowed in a v0.3 bundle"},
        {"empty_chain",
         [](auto& d) {
             d["mediaType"] = "application/vnd.dev.sigstore.bundle+json;version=0.2";
             d["verificationMaterial"].erase("publicKey");
             d["verificationMaterial"]["x509CertificateChain"] = {
                 {"certificates", nlohmann::json::array()}};
         },
         "empty certificate chain"},
        {"no_content", [](auto& d) { d.erase("messageSignature"); },
         "needs exactly one of messageSignature and dsseEnvelope"},
        {"both_contents",
         [](auto& d) {
             d["dsseEnvelope"] = {{"payload", ""}, {"payloadType", "t"}};
         },
         "needs exactly one of messageSignature and dsseEnvelope"},
        {"dsse_two_signatures",
         [](auto& d) {
             d.erase("messageSignature");
             d["dsseEnvelope"] = {{"payload", "e30="},
                                  {"payloadType", "t"},
                                  {"signatures", {{{"sig", "AAAA"}}, {{"sig", "AAAA"}}}}};
         },
         "exactly one signature, got 2"},
        {"entries_not_array", [](auto& d) { d["verificationMaterial"]["tlogEntries"] = "x"; },
         "tlogEntries: expected"},
        {"no_media_type", [](auto& d) { d.erase("mediaType"); }, "$.mediaType: missing"},
    };
    for (const Bad& c : cases) {
        SCOPED_TRACE(c.name);
        auto doc = minimal_bundle();
        c.edit(doc);
        const std::string err = parse_error(doc);
        EXPECT_NE(err.find(c.want), std::string::npos) << "got: " << err;
        EXPECT_NE(err.find("b.json"), std::string::npos) << "where is missing: " << err;
    }
}

TEST(SigstoreBundle, MalformedJsonAndNonObjects) {
    for (const std::string text : {"", "{", "[]", "\"x\"", "{\"mediaType\": \"a\", }"}) {
        SCOPED_TRACE(text);
        auto b = parse_bundle(text, "b.json");
        ASSERT_FALSE(b);
        EXPECT_EQ(b.error().code, ErrorCode::Format);
    }
}

TEST(SigstoreEncoding, Base64IsStrict) {
    EXPECT_EQ(base64_decode_strict("AQID"), std::optional<std::string>("\x01\x02\x03"));
    EXPECT_EQ(base64_decode_strict("AQI="), std::optional<std::string>("\x01\x02"));
    EXPECT_EQ(base64_decode_strict("AQI"), std::optional<std::string>("\x01\x02"));
    EXPECT_EQ(base64_decode_strict(""), std::optional<std::string>(""));
    EXPECT_FALSE(base64_decode_strict("AQJ="));   // stray bits
    EXPECT_FALSE(base64_decode_strict("A"));      // impossible length
    EXPECT_FALSE(base64_decode_strict("AQ-_"));   // URL alphabet
    EXPECT_FALSE(base64_decode_strict("AQ==="));  // too much padding
    EXPECT_FALSE(base64_decode_strict("A=QI"));
    EXPECT_EQ(base64_encode("\x01\x02"), "AQI=");
    EXPECT_EQ(to_hex("\x01\xff"), "01ff");
}

TEST(SigstoreEncoding, Rfc3339) {
    EXPECT_EQ(parse_rfc3339("2023-07-12T15:56:36Z"), 1689177396);
    EXPECT_EQ(parse_rfc3339("2022-12-31T23:59:59.999Z"), 1672531199);
    EXPECT_EQ(parse_rfc3339("2023-07-12T17:56:36+02:00"), 1689177396);
    EXPECT_FALSE(parse_rfc3339("2023-07-12 15:56:36Z"));
    EXPECT_FALSE(parse_rfc3339("2023-13-12T15:56:36Z"));
    EXPECT_FALSE(parse_rfc3339("2023-07-12T15:56:36"));
}

TEST(SigstoreTrustedRoot, ParsesLogsAndAuthoritiesAndRejectsBadTimes) {
    const std::string text = R"({
      "tlogs": [{"baseUrl": "https://rekor", "publicKey": {"rawBytes": "AQID",
                 "keyDetails": "PKIX_ED25519",
                 "validFor": {"start": "2021-01-01T00:00:00Z", "end": "2022-01-01T00:00:00Z"}}}],
      "certificateAuthorities": [{"uri": "https://fulcio",
        "certChain": {"certificates": [{"rawBytes": "AQID"}, {"rawBytes": "BAUG"}]},
        "validFor": {"start": "2021-01-01T00:00:00Z"}}]})";
    auto root = parse_trusted_root(text, "root.json");
    ASSERT_TRUE(root) << root.error().to_string();
    ASSERT_EQ(root->tlogs.size(), 1U);
    EXPECT_EQ(root->tlogs[0].log_id, sha256_bytes("\x01\x02\x03"));  // computed when absent
    EXPECT_NE(root->tlog(sha256_bytes("\x01\x02\x03")), nullptr);
    EXPECT_TRUE(root->tlogs[0].valid.contains(1640995200));  // the end is inclusive
    EXPECT_FALSE(root->tlogs[0].valid.contains(1640995201));
    ASSERT_EQ(root->certificate_authorities.size(), 1U);
    EXPECT_EQ(root->certificate_authorities[0].chain_der.size(), 2U);
    EXPECT_FALSE(root->certificate_authorities[0].valid.end);

    auto bad = parse_trusted_root(
        R"({"tlogs": [{"publicKey": {"rawBytes": "AQID", "validFor": {"start": "yesterday"}}}]})",
        "root.json");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("$.tlogs[0].publicKey.validFor.start: not an RFC 3339"),
              std::string::npos)
        << bad.error().to_string();
    auto wrong = parse_trusted_root(R"({"ctlogs": {"a": 1}})", "root.json");
    ASSERT_FALSE(wrong);
    EXPECT_NE(wrong.error().message.find("ctlogs"), std::string::npos);
}

}  // namespace
}  // namespace berth::sigstore

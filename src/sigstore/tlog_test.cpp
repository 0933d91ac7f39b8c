// SPDX-License-Identifier: Apache-2.0
// Transparency-log checks against trees and notes built here: RFC 6962 audit paths for every
// leaf of trees of 1..17 leaves, one flipped bit refused; checkpoints (signed notes) with the
// log's key hint, witness lines ignored, malformed notes refused; signed entry timestamps.
#include "sigstore/tlog.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "sigstore/crypto.hpp"
#include "sigstore/encoding.hpp"
#include "sigstore/testing.hpp"

namespace berth::sigstore {
namespace {

std::string leaf_hash(const std::string& data) {
    return sha256_bytes(std::string(1, '\0') + data);
}
std::string node(const std::string& l, const std::string& r) {
    return sha256_bytes(std::string(1, '\x01') + l + r);
}

// RFC 6962 §2.1 Merkle tree hash of leaves [begin, end).
std::string mth(const std::vector<std::string>& leaves, std::size_t begin, std::size_t end) {
    if (end - begin == 1) return leaf_hash(leaves[begin]);
    std::size_t k = 1;
    while (k * 2 < end - begin) k *= 2;
    return node(mth(leaves, begin, begin + k), mth(leaves, begin + k, end));
}

// RFC 6962 §2.1.1 PATH(m, D[begin:end]).
void path(const std::vector<std::string>& leaves, std::size_t m, std::size_t begin, std::size_t end,
          std::vector<std::string>& out) {
    if (end - begin == 1) return;
    std::size_t k = 1;
    while (k * 2 < end - begin) k *= 2;
    if (m < k) {
        path(leaves, m, begin, begin + k, out);
        out.push_back(mth(leaves, begin + k, end));
    } else {
        path(leaves, m - k, begin + k, end, out);
        out.push_back(mth(leaves, begin, begin + k));
    }
}

TEST(SigstoreTlog, InclusionProofsOfEveryLeafVerifyAndTamperedOnesDoNot) {
    for (std::size_t n = 1; n <= 17; ++n) {
        std::vector<std::string> leaves;
        for (std::size_t i = 0; i < n; ++i) leaves.push_back("entry " + std::to_string(i));
        const std::string root = mth(leaves, 0, n);
        for (std::size_t m = 0; m < n; ++m) {
            SCOPED_TRACE("size " + std::to_string(n) + " leaf " + std::to_string(m));
            InclusionProof p;
            p.log_index = static_cast<std::int64_t>(m);
            p.tree_size = static_cast<std::int64_t>(n);
            p.root_hash = root;
            path(leaves, m, 0, n, p.hashes);
            EXPECT_TRUE(verify_inclusion_proof(p, leaves[m]));
            EXPECT_FALSE(verify_inclusion_proof(p, leaves[m] + "x"));
            if (!p.hashes.empty()) {
                InclusionProof bad = p;
                bad.hashes.back()[3] = static_cast<char>(bad.hashes.back()[3] ^ 1);
                auto s = verify_inclusion_proof(bad, leaves[m]);
                ASSERT_FALSE(s);
                EXPECT_NE(s.error().message.find("does not lead to the root hash"),
                          std::string::npos);
                bad = p;
                bad.hashes.pop_back();
                EXPECT_FALSE(verify_inclusion_proof(bad, leaves[m]));
            }
            InclusionProof extra = p;
            extra.hashes.push_back(std::string(32, 'a'));
            EXPECT_FALSE(verify_inclusion_proof(extra, leaves[m]));
        }
    }
}

struct TestLog {
    PkeyPtr key;
    LogKey log;
};

TestLog make_log(const char* type) {
    TestLog t;
    t.key.reset(std::string_view(type) == "ED25519"
                    ? EVP_PKEY_Q_keygen(nullptr, nullptr, type)
                    : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    t.log.key_der = public_key_der(t.key.get());
    t.log.log_id = sha256_bytes(t.log.key_der);
    t.log.base_url = "https://log.test";
    return t;
}

using testing::sign;

std::string note(const TestLog& t, const std::string& body, const std::string& hint_override = {},
                 const std::string& extra_lines = {}) {
    const std::string hint = hint_override.empty() ? t.log.log_id.substr(0, 4) : hint_override;
    return body + "\n\xE2\x80\x94 log.test " + base64_encode(hint + sign(t.key.get(), body)) +
           "\n" + extra_lines;
}

TEST(SigstoreTlog, CheckpointsVerifyWithTheLogKeyAndIgnoreWitnesses) {
    for (const char* type : {"ED25519", "EC"}) {
        SCOPED_TRACE(type);
        const TestLog t = make_log(type);
        InclusionProof p;
        p.tree_size = 736;
        p.root_hash = std::string(32, '\x07');
        const std::string body = "log.test\n736\n" + base64_encode(p.root_hash) + "\n";
        p.checkpoint = note(t, body, {}, "\xE2\x80\x94 witness.example AAAAAAAAAAAAAAAA\n");
        EXPECT_TRUE(verify_checkpoint(p, t.log)) << verify_checkpoint(p, t.log).error().message;

        InclusionProof wrong_hint = p;
        wrong_hint.checkpoint = note(t, body, "zzzz");
        auto s = verify_checkpoint(wrong_hint, t.log);
        ASSERT_FALSE(s);
        EXPECT_NE(s.error().message.find("no signature from the log"), std::string::npos);

        InclusionProof other_size = p;
        other_size.tree_size = 737;
        EXPECT_FALSE(verify_checkpoint(other_size, t.log));

        InclusionProof tampered = p;
        tampered.checkpoint.replace(0, 3, "LOG");  // origin changed after signing
        s = verify_checkpoint(tampered, t.log);
        ASSERT_FALSE(s);
        EXPECT_NE(s.error().message.find("does not verify"), std::string::npos);

        InclusionProof no_origin = p;
        no_origin.checkpoint = note(t, "736\n" + base64_encode(p.root_hash) + "\n");
        s = verify_checkpoint(no_origin, t.log);
        ASSERT_FALSE(s);
        EXPECT_EQ(s.error().code, ErrorCode::Format);
    }
}

TEST(SigstoreTlog, MalformedCheckpointsAreFormatErrors) {
    const TestLog t = make_log("ED25519");
    InclusionProof p;
    p.tree_size = 1;
    p.root_hash = std::string(32, '\0');
    for (const std::string& text : std::vector<std::string>{
             std::string("no blank line"), std::string("o\n1\nAAAA\n\n"),
             "o\n1\n" + base64_encode(p.root_hash) + "\n\nnot a signature line\n",
             "o\n1\n" + base64_encode(p.root_hash) + "\n\n\xE2\x80\x94 name !!!\n",
             "o\n1\n" + base64_encode(p.root_hash) + "\n\n\xE2\x80\x94 name AAAAAAAA"}) {
        SCOPED_TRACE(text);
        p.checkpoint = text;
        auto s = verify_checkpoint(p, t.log);
        ASSERT_FALSE(s);
        EXPECT_EQ(s.error().code, ErrorCode::Format) << s.error().message;
    }
}

TEST(SigstoreTlog, SignedEntryTimestampCoversBodyTimeIdAndIndex) {
    const TestLog t = make_log("EC");
    TlogEntry e;
    e.body_base64 = "e30=";
    e.integrated_time = 1689177396;
    e.log_id = t.log.log_id;
    e.log_index = 25579;
    const std::string canonical = R"({"body":"e30=","integratedTime":1689177396,"logID":")" +
                                  to_hex(e.log_id) + R"(","logIndex":25579})";
    e.signed_entry_timestamp = sign(t.key.get(), canonical);
    EXPECT_TRUE(verify_signed_entry_timestamp(e, t.log));
    TlogEntry moved = e;
    moved.integrated_time += 1;
    auto s = verify_signed_entry_timestamp(moved, t.log);
    ASSERT_FALSE(s);
    EXPECT_NE(s.error().message.find("signed entry timestamp"), std::string::npos);
}

TEST(SigstoreTlog, DssePae) {
    EXPECT_EQ(dsse_pae("http://example.com/HelloWorld", "hello world"),
              "DSSEv1 29 http://example.com/HelloWorld 11 hello world");
}

}  // namespace
}  // namespace berth::sigstore

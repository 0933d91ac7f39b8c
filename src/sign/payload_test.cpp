// SPDX-License-Identifier: Apache-2.0
#include "sign/payload.hpp"

#include <gtest/gtest.h>

namespace berth::sign {
namespace {

constexpr std::string_view kDigest =
    "sha256:d34db33fd34db33fd34db33fd34db33fd34db33fd34db33fd34db33fd34db33f";

// The expected strings of sigstore/sigstore pkg/signature/payload/payload_test.go
// (TestMarshalCosign), byte for byte.
TEST(SimpleSigningPayload, MatchesSigstoresMarshalTests) {
    EXPECT_EQ(
        simple_signing_payload("example.com/test/image", kDigest, nullptr),
        R"({"critical":{"identity":{"docker-reference":"example.com/test/image"},"image":{"docker-manifest-digest":"sha256:d34db33fd34db33fd34db33fd34db33fd34db33fd34db33fd34db33fd34db33f"},"type":"cosign container image signature"},"optional":null})");
    EXPECT_EQ(
        simple_signing_payload("example.com/atomic/test/image", kDigest,
                               {{"creator", "atomic"}, {"timestamp", 1458239713}}),
        R"({"critical":{"identity":{"docker-reference":"example.com/atomic/test/image"},"image":{"docker-manifest-digest":"sha256:d34db33fd34db33fd34db33fd34db33fd34db33fd34db33fd34db33fd34db33f"},"type":"cosign container image signature"},"optional":{"creator":"atomic","timestamp":1458239713}})");
    const nlohmann::json arbitrary = {
        {"creator", "anyone"},
        {"some_struct", {{"foo", "bar"}, {"false", true}, {"nothing", nullptr}}},
        {"CamelCase WithSpace", 8.314},
    };
    EXPECT_EQ(
        simple_signing_payload("example.com/cosign/test/image", kDigest, arbitrary),
        R"({"critical":{"identity":{"docker-reference":"example.com/cosign/test/image"},"image":{"docker-manifest-digest":"sha256:d34db33fd34db33fd34db33fd34db33fd34db33fd34db33fd34db33fd34db33f"},"type":"cosign container image signature"},"optional":{"CamelCase WithSpace":8.314,"creator":"anyone","some_struct":{"false":true,"foo":"bar","nothing":null}}})");
}

TEST(GoJson, EscapesAsEncodingJson) {
    EXPECT_EQ(go_json("a<b>&c"), R"("a\u003cb\u003e\u0026c")");
    EXPECT_EQ(go_json("q\"\\/"), R"("q\"\\/")");
    EXPECT_EQ(go_json("\n\r\t\b\f\x01\x1f"), R"("\n\r\t\b\f\u0001\u001f")");
    EXPECT_EQ(go_json("\xe2\x80\xa8\xe2\x80\xa9"), R"("\u2028\u2029")");
    EXPECT_EQ(go_json("h\xc3\xa9llo"), "\"h\xc3\xa9llo\"");  // valid UTF-8 kept
    EXPECT_EQ(go_json(std::string("bad\xff\xc3", 5)), R"("bad\ufffd\ufffd")");
    EXPECT_EQ(go_json("\xed\xa0\x80"), R"("\ufffd\ufffd\ufffd")");  // a surrogate is invalid
    EXPECT_EQ(go_json("\xf0\x9f\x90\xb3"), "\"\xf0\x9f\x90\xb3\"");
}

TEST(GoJson, FormatsNumbersAsGoFloat64) {
    EXPECT_EQ(go_json(1458239713), "1458239713");
    EXPECT_EQ(go_json(-3), "-3");
    EXPECT_EQ(go_json(8.314), "8.314");
    EXPECT_EQ(go_json(0.5), "0.5");
    EXPECT_EQ(go_json(1e21), "1e+21");
    EXPECT_EQ(go_json(1e20), "100000000000000000000");
    EXPECT_EQ(go_json(1e-7), "1e-7");
    EXPECT_EQ(go_json(1.5e-10), "1.5e-10");
    EXPECT_EQ(go_json(0.000001), "0.000001");
    EXPECT_EQ(go_json(nlohmann::json::array({1, "x", false})), R"([1,"x",false])");
    EXPECT_EQ(go_json(nlohmann::json::object()), "{}");
}

TEST(ImageStatement, IsInTotoV1WithOneSubject) {
    Digest d{"sha256", std::string(64, 'a')};
    const std::string s = image_signature_statement("registry.example/team/app", d);
    EXPECT_EQ(
        s,
        R"({"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"registry.example/team/app","digest":{"sha256":")" +
            std::string(64, 'a') +
            R"("}}],"predicateType":"https://sigstore.dev/cosign/sign/v1","predicate":{}})");
    const auto parsed = nlohmann::json::parse(s);
    EXPECT_EQ(parsed["subject"].size(), 1U);
    EXPECT_TRUE(parsed["predicate"].empty());
}

}  // namespace
}  // namespace berth::sign

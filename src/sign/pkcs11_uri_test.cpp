// SPDX-License-Identifier: Apache-2.0
#include "sign/pkcs11_uri.hpp"

#include <gtest/gtest.h>

namespace berth::sign {
namespace {

TEST(Pkcs11Uri, ParsesPathAndQuery) {
    auto u = parse_pkcs11_uri(
        "pkcs11:token=YubiKey%20PIV%20%2312345;object=Private%20key%20for%20Digital%20Signature;"
        "id=%02;slot-id=7;type=private?module-path=/usr/lib/x86_64-linux-gnu/libykcs11.so&"
        "pin-value=123456");
    ASSERT_TRUE(u.has_value()) << u.error().to_string();
    EXPECT_EQ(u->token, "YubiKey PIV #12345");
    EXPECT_EQ(u->object, "Private key for Digital Signature");
    EXPECT_EQ(u->id, std::string("\x02", 1));
    EXPECT_EQ(u->slot_id, 7UL);
    EXPECT_EQ(u->type, "private");
    EXPECT_EQ(u->module_path, "/usr/lib/x86_64-linux-gnu/libykcs11.so");
    EXPECT_EQ(u->pin_value, "123456");
    EXPECT_FALSE(u->serial.has_value());
}

TEST(Pkcs11Uri, RfcExamples) {
    // RFC 7512 §3 examples that name keys and tokens.
    auto a = parse_pkcs11_uri("pkcs11:object=my-pubkey;type=public");
    ASSERT_TRUE(a.has_value());
    EXPECT_EQ(a->object, "my-pubkey");
    auto b = parse_pkcs11_uri(
        "pkcs11:token=The%20Software%20PKCS%2311%20Softtoken;manufacturer=Snake%20Oil,%20Inc.;"
        "model=1.0;object=my-certificate;type=cert;id=%69%95%3E%5C%F4%BD%EC%91;serial=");
    ASSERT_TRUE(b.has_value()) << b.error().to_string();
    EXPECT_EQ(b->token, "The Software PKCS#11 Softtoken");
    EXPECT_EQ(b->manufacturer, "Snake Oil, Inc.");
    EXPECT_EQ(b->id, std::string("\x69\x95\x3e\x5c\xf4\xbd\xec\x91", 8));
    EXPECT_EQ(b->serial, "");
    auto c = parse_pkcs11_uri(
        "pkcs11:token=A%20name%20with%20a%20substring%20%25%3B;"
        "object=my-certificate;type=cert");
    ASSERT_TRUE(c.has_value());
    EXPECT_EQ(c->token, "A name with a substring %;");
    auto d = parse_pkcs11_uri("pkcs11:x-vendor-attr=xyz;library-version=1.2?module-name=softhsm2");
    ASSERT_TRUE(d.has_value()) << d.error().to_string();
    EXPECT_EQ(d->module_name, "softhsm2");
    EXPECT_TRUE(parse_pkcs11_uri("PKCS11:").has_value());
}

TEST(Pkcs11Uri, RejectsWithClearMessages) {
    const std::pair<const char*, const char*> cases[] = {
        {"pkcs11:tokn=berth", "unknown path attribute 'tokn'"},
        {"pkcs11:token=berth?module=x.so", "unknown query attribute 'module'"},
        {"pkcs11:token=a%2", "bad percent-encoding \"%2\""},
        {"pkcs11:token=a%zz", "bad percent-encoding \"%zz\""},
        {"pkcs11:token=a;token=b", "'token' appears twice"},
        {"pkcs11:token", "is not NAME=VALUE"},
        {"pkcs11:slot-id=abc", "slot-id \"abc\" is not a decimal number"},
        {"pkcs11:type=secret", "type \"secret\""},
        {"file:/x", "starts with \"pkcs11:\""},
    };
    for (const auto& [uri, says] : cases) {
        auto r = parse_pkcs11_uri(uri);
        ASSERT_FALSE(r.has_value()) << uri;
        EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument) << uri;
        EXPECT_NE(r.error().message.find(says), std::string::npos)
            << uri << " → " << r.error().message;
    }
}

TEST(Pkcs11Uri, RedactsThePin) {
    EXPECT_EQ(redact_pkcs11_uri("pkcs11:token=a?pin-value=1234&module-path=/m.so"),
              "pkcs11:token=a?pin-value=***&module-path=/m.so");
    EXPECT_EQ(redact_pkcs11_uri("pkcs11:token=a?pin-value=1234"), "pkcs11:token=a?pin-value=***");
    EXPECT_EQ(redact_pkcs11_uri("pkcs11:token=a"), "pkcs11:token=a");
    EXPECT_TRUE(is_pkcs11_uri("pkcs11:token=a"));
    EXPECT_FALSE(is_pkcs11_uri("cosign.key"));
}

}  // namespace
}  // namespace berth::sign

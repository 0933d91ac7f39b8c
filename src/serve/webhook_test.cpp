// SPDX-License-Identifier: Apache-2.0
#include "serve/webhook.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace berth::serve {
namespace {

const std::string kDigest =
    "sha256:fc6a51919cfeb2e6763f62b6d9e8815acbf7cd2e476ea353743570610737b752";

std::string envelope(const std::string& events) {
    return R"({"events":[)" + events + "]}";
}

std::string push(const std::string& media_type, const std::string& digest = kDigest,
                 const std::string& repo = "demo/app") {
    return R"({"id":"e1","action":"push","target":{"mediaType":")" + media_type +
           R"(","digest":")" + digest + R"(","repository":")" + repo +
           R"(","tag":"1.0","url":"http://127.0.0.1:5000/v2/demo/app/manifests/)" + digest +
           R"("},"request":{"host":"ignored.example:5000"}})";
}

TEST(ServeWebhook, ManifestPushIsActedOnBlobAndPullAreIgnored) {
    const std::string body = envelope(
        push("application/vnd.oci.image.manifest.v1+json") + "," +
        push("application/vnd.docker.image.rootfs.diff.tar.gzip") + "," +
        R"({"action":"pull","target":{"repository":"demo/app","digest":")" + kDigest + R"("}})");
    auto events = parse_envelope(body, 100);
    ASSERT_TRUE(events) << events.error().to_string();
    ASSERT_EQ(events->size(), 3U);
    const auto& e = (*events)[0];
    EXPECT_EQ(e.kind, RegistryEvent::Kind::ManifestPush);
    EXPECT_EQ(e.registry, "127.0.0.1:5000") << "target.url wins over request.host";
    EXPECT_EQ(e.repository, "demo/app");
    EXPECT_EQ(e.digest, kDigest);
    EXPECT_EQ(e.tag, "1.0");
    EXPECT_EQ((*events)[1].kind, RegistryEvent::Kind::Ignored);
    EXPECT_EQ((*events)[2].kind, RegistryEvent::Kind::Ignored);
}

TEST(ServeWebhook, DeleteWithDigestFromUpstreamFragment) {
    auto data = test::shared_data_dir();
    if (!data) GTEST_SKIP() << "shared data absent: registry-events";
    const std::string target = test::read_text_file(
        *data / "registry-events/distribution/docs-event-delete-target-fragment.json");
    // The upstream fragment is the event's target; the envelope around it is ours.
    const std::string body =
        R"({"events":[{"action":"delete",)" + target.substr(target.find('{') + 1) + "]}";
    auto events = parse_envelope(body, 10);
    ASSERT_TRUE(events) << events.error().to_string();
    ASSERT_EQ(events->size(), 1U);
    EXPECT_EQ((*events)[0].kind, RegistryEvent::Kind::Delete);
    EXPECT_EQ((*events)[0].repository, "library/test");
}

TEST(ServeWebhook, UpstreamEnvelopeWithShortDigestIsRefused) {
    auto data = test::shared_data_dir();
    if (!data) GTEST_SKIP() << "shared data absent: registry-events";
    // distribution's own test envelope uses "sha256:0123456789abcdef0", which no registry
    // produces: berth refuses to build an image reference from it.
    auto events = parse_envelope(
        test::read_text_file(
            *data / "registry-events/distribution/expected-TestEventEnvelopeJSONFormat.json"),
        10);
    ASSERT_FALSE(events);
    EXPECT_NE(events.error().message.find("not a valid digest"), std::string::npos)
        << events.error().to_string();
}

TEST(ServeWebhook, MalformedEnvelopesAreFormatErrors) {
    const std::string manifest = "application/vnd.docker.distribution.manifest.v2+json";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"not json", "not valid JSON"},
        {"[]", "not a JSON object"},
        {R"({"event":[]})", "no \"events\" array"},
        {R"({"events":[1]})", "not a JSON object"},
        {R"({"events":[{"target":{}}]})", "action"},
        {envelope(push(manifest, "sha256:xyz")), "not a valid digest"},
        {envelope(push(manifest, kDigest, "Demo/App")), "not a valid repository"},
        {envelope(push(manifest, kDigest, "demo/app:latest")), "not a valid repository"},
        {envelope(push(manifest, kDigest, "../etc")), "not a valid repository"},
    };
    for (const auto& [body, want] : cases) {
        auto events = parse_envelope(body, 100);
        ASSERT_FALSE(events) << body;
        EXPECT_NE(events.error().to_string().find(want), std::string::npos)
            << body << " → " << events.error().to_string();
    }
}

TEST(ServeWebhook, TooManyEventsIsALimitError) {
    std::string events = push("application/vnd.oci.image.manifest.v1+json");
    for (int i = 0; i < 4; ++i) events += "," + push("application/vnd.oci.image.manifest.v1+json");
    auto parsed = parse_envelope(envelope(events), 3);
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().code, ErrorCode::LimitExceeded);
}

TEST(ServeWebhook, ContentTypesAndNames) {
    EXPECT_TRUE(is_event_content_type("application/vnd.docker.distribution.events.v2+json"));
    EXPECT_TRUE(is_event_content_type("application/vnd.docker.distribution.events.v1+json"));
    EXPECT_TRUE(is_event_content_type("application/json; charset=utf-8"));
    EXPECT_FALSE(is_event_content_type("text/plain"));
    EXPECT_FALSE(is_event_content_type(""));
    EXPECT_TRUE(valid_repository("library/test"));
    EXPECT_TRUE(valid_repository("a.b-c__d/e"));
    EXPECT_FALSE(valid_repository("a//b"));
    EXPECT_FALSE(valid_repository("-a"));
    EXPECT_TRUE(valid_registry_host("127.0.0.1:5000"));
    EXPECT_FALSE(valid_registry_host("a b"));
    EXPECT_FALSE(valid_registry_host("a/b"));
}

}  // namespace
}  // namespace berth::serve

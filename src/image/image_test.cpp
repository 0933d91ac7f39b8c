// SPDX-License-Identifier: Apache-2.0
// Image config parsing and digest parsing: the guards hostile metadata meets first.
#include "image/image.hpp"

#include <gtest/gtest.h>

namespace berth::image {
namespace {

const char* const kConfig =
    R"({"architecture":"amd64","os":"linux","config":{"User":"nobody","Cmd":["sh"],)"
    R"("ExposedPorts":{"8080/tcp":{},"53/udp":{}},"Labels":{"a":"b"},)"
    R"("Healthcheck":{"Test":["CMD","true"],"Interval":30000000000,"Retries":3}},)"
    R"("rootfs":{"type":"layers","diff_ids":["sha256:)"
    "5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"
    R"("]},"history":[{"created_by":"ENV x=1","empty_layer":true},{"created_by":"ADD f /"}]})";

TEST(ImageConfig, FillsRunConfigAndAttributesHistoryToLayers) {
    Image img;
    img.layers.resize(1);
    ASSERT_TRUE(apply_image_config(img, kConfig, "config"));
    EXPECT_EQ(img.platform.str(), "linux/amd64");
    EXPECT_EQ(img.config.user, "nobody");
    EXPECT_EQ(img.config.exposed_ports, (std::vector<std::string>{"53/udp", "8080/tcp"}));
    ASSERT_TRUE(img.config.healthcheck.has_value());
    EXPECT_EQ(img.config.healthcheck->retries, 3);
    // The empty_layer entry describes no layer; the next one is layer 0's.
    EXPECT_EQ(img.layers[0].created_by, "ADD f /");
}

TEST(ImageConfig, HistoryThatDoesNotMatchTheLayersAttributesNothing) {
    // Two layer-creating entries for one layer: which one made it is unknown.
    std::string config = kConfig;
    const std::string tail = R"({"created_by":"ADD f /"}]})";
    config.replace(config.find(tail), tail.size(),
                   R"({"created_by":"ADD f /"},{"created_by":"RUN x"}]})");
    Image img;
    img.layers.resize(1);
    ASSERT_TRUE(apply_image_config(img, config, "config"));
    EXPECT_EQ(img.history.size(), 3U);
    EXPECT_EQ(img.layers[0].created_by, "");
}

TEST(ImageConfig, LayerCountMismatchIsAFormatError) {
    for (std::size_t manifest_layers : {0U, 2U}) {
        Image img;
        img.layers.resize(manifest_layers);
        auto st = apply_image_config(img, kConfig, "config");
        ASSERT_FALSE(st) << manifest_layers;
        EXPECT_EQ(st.error().code, ErrorCode::Format);
        EXPECT_NE(st.error().message.find("diff_ids"), std::string::npos);
    }
}

TEST(ImageConfig, WrongTypesAreFormatErrors) {
    for (const char* bad : {R"([])", R"({"os":1,"rootfs":{"diff_ids":[]}})",
                            R"({"config":{"Env":"x","Cmd":[1]},"rootfs":{"diff_ids":[]}})",
                            R"({"rootfs":{"diff_ids":["md5:abc"]}})", R"({"os":"linux"})", "{"}) {
        Image img;
        auto st = apply_image_config(img, bad, "config");
        ASSERT_FALSE(st) << bad;
        EXPECT_NE(st.error().code, ErrorCode::Internal) << bad;
    }
}

TEST(ImageConfig, ErrorsNameTheJsonPathAndTheDocument) {
    struct Case {
        const char* json;
        const char* path;
    };
    for (const Case& c : {
             Case{R"({"os":1,"rootfs":{"diff_ids":[]}})", "$.os: expected a string, got number"},
             Case{R"({"config":{"Cmd":["sh",1]},"rootfs":{"diff_ids":[]}})",
                  "$.config.Cmd[1]: expected a string"},
             Case{R"({"config":{"Labels":{"a.b":2}},"rootfs":{"diff_ids":[]}})",
                  "$.config.Labels[\"a.b\"]: expected a string"},
             Case{R"({"config":{"Healthcheck":{"Retries":"3"}},"rootfs":{"diff_ids":[]}})",
                  "$.config.Healthcheck.Retries: expected an integer"},
             Case{R"({"history":[{},7],"rootfs":{"diff_ids":[]}})",
                  "$.history[1]: expected an object, got number"},
             Case{R"({"rootfs":{"diff_ids":[3]}})", "$.rootfs.diff_ids[0]: expected a string"},
         }) {
        Image img;
        auto st = apply_image_config(img, c.json, "blob sha256:ab/config");
        ASSERT_FALSE(st) << c.json;
        EXPECT_EQ(st.error().code, ErrorCode::Format) << c.json;
        EXPECT_EQ(st.error().message.rfind(c.path, 0), 0U) << st.error().message;
        EXPECT_EQ(st.error().where, "blob sha256:ab/config") << c.json;
    }
}

TEST(ImageConfig, LegacyBareStringCmdIsOneWord) {
    Image img;
    ASSERT_TRUE(apply_image_config(img, R"({"config":{"Cmd":"sh -c x"},"rootfs":{"diff_ids":[]}})",
                                   "config"));
    EXPECT_EQ(img.config.cmd, std::vector<std::string>{"sh -c x"});
}

TEST(Digest, OnlySha256IsAccepted) {
    EXPECT_TRUE(parse_digest("sha256:" + std::string(64, 'a')));
    auto sha512 = parse_digest("sha512:" + std::string(128, 'a'));
    ASSERT_FALSE(sha512);
    EXPECT_EQ(sha512.error().code, ErrorCode::Unsupported);
    EXPECT_EQ(parse_digest("sha256:" + std::string(64, 'A')).error().code,
              ErrorCode::InvalidArgument);
    EXPECT_EQ(parse_digest("sha256:abc").error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(parse_digest("abc").error().code, ErrorCode::InvalidArgument);
}

}  // namespace
}  // namespace berth::image

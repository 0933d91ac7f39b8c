// SPDX-License-Identifier: Apache-2.0
// Real responses of dockerd 20.10.24 (shared data engine-api/native-dockerd-20.10.24), parsed
// by engine/models.hpp (whose own tests compare every field) and judged by the section 5 checks.
#include <gtest/gtest.h>

#include "audit/cis_docker/check.hpp"
#include "engine/models.hpp"
#include "test_support.hpp"

namespace berth::audit {
namespace {

std::optional<std::filesystem::path> native_dir() {
    auto d = test::shared_data_dir();
    if (!d) return std::nullopt;
    auto p = *d / "engine-api/native-dockerd-20.10.24";
    if (!std::filesystem::is_directory(p)) return std::nullopt;
    return p;
}

struct VerdictCase {
    const char* container;
    const char* check;
    cis::Outcome want;
};

TEST(EngineJson, NativeContainersJudged) {
    auto dir = native_dir();
    if (!dir) GTEST_SKIP() << "shared data absent: engine-api/native-dockerd-20.10.24";
    HostFacts base;
    base.engine.endpoint = "unix:///srv/dockerd-test/docker.sock";
    base.engine.reachable = true;
    auto info = engine::parse_info(test::read_text_file(*dir / "info.v1.41.json"), "info");
    ASSERT_TRUE(info.has_value());
    static_cast<engine::Info&>(base.engine) = *info;
    auto version =
        engine::parse_version(test::read_text_file(*dir / "version.v1.41.json"), "version");
    ASSERT_TRUE(version.has_value());
    static_cast<engine::Version&>(base.engine) = *version;
    EXPECT_EQ(base.engine.server_version.rfind("20.10.24", 0), 0U) << base.engine.server_version;
    EXPECT_EQ(base.engine.swarm_state, "inactive");
    EXPECT_EQ(base.engine.authorization_plugins, std::vector<std::string>{"authzlog"});
    EXPECT_EQ(base.engine.containers_running, 8);
    using O = cis::Outcome;
    const VerdictCase cases[] = {
        {"c-privileged", "5.5", O::Fail},     {"c-default", "5.5", O::Pass},
        {"c-privileged", "C.5.3.3", O::Fail}, {"c-hostns", "5.10", O::Fail},
        {"c-hostns", "5.16", O::Fail},        {"c-hostns", "5.17", O::Fail},
        {"c-hostns", "5.21", O::Fail},        {"c-default", "5.10", O::Pass},
        {"c-default", "5.16", O::Pass},       {"c-default", "5.17", O::Pass},
        {"c-default", "5.21", O::Pass},       {"c-dockersock", "5.32", O::Fail},
        {"c-dockersock", "5.6", O::Fail},     {"c-default", "5.32", O::Pass},
        {"c-default", "5.6", O::Pass},        {"c-unconfined", "5.22", O::Fail},
        {"c-unconfined", "5.4", O::Fail},     {"c-unconfined", "5.2", O::Fail},
        {"c-unconfined", "C.5.3.3", O::Fail}, {"c-unconfined", "C.5.3.4", O::Fail},
        {"c-unconfined", "5.18", O::Info},    {"c-customseccomp", "5.22", O::Pass},
        {"c-default", "5.22", O::Pass},       {"c-default", "5.4", O::Pass},
        {"c-hardened", "5.4", O::Pass},       {"c-hardened", "5.13", O::Pass},
        {"c-default", "5.13", O::Fail},       {"c-hardened", "5.11", O::Pass},
        {"c-default", "5.11", O::Fail},       {"c-hardened", "5.29", O::Pass},
        {"c-default", "5.29", O::Fail},       {"c-hardened", "5.26", O::Pass},
        {"c-default", "5.26", O::Fail},       {"c-hardened", "5.15", O::Pass},
        {"c-hardened", "5.12", O::Pass},      {"c-default", "5.12", O::Fail},
        {"c-default", "5.27", O::Pass},       {"c-root", "5.27", O::Fail},
        {"c-root", "4.1", O::Fail},           {"c-default", "4.1", O::Pass},
        {"c-default", "5.30", O::Info},       {"c-default", "5.18", O::Pass},
        {"c-default", "5.31", O::Pass},       {"c-default", "5.25", O::Pass},
        {"c-default", "5.20", O::Pass},       {"c-dockersock", "5.20", O::Pass},
        {"c-default", "5.14", O::Pass},       {"c-default", "5.8", O::Pass},
    };
    const auto checks = cis::all_checks();
    for (const auto& vc : cases) {
        const std::string file = std::string("container-inspect.") + vc.container + ".v1.41.json";
        auto c = engine::parse_container_inspect(test::read_text_file(*dir / file), file);
        ASSERT_TRUE(c.has_value());
        ContainerFacts facts;
        static_cast<engine::ContainerInspect&>(facts) = *c;
        HostFacts f = base;
        f.engine.containers = {facts};
        bool found = false;
        for (const auto& ch : checks) {
            if (cis::number(*ch.info) != vc.check) continue;
            found = true;
            const cis::Verdict v = ch.judge(f);
            EXPECT_EQ(v.result, vc.want) << vc.container << " " << vc.check << ": "
                                         << (v.details.empty() ? "" : v.details[0]);
        }
        EXPECT_TRUE(found) << vc.check;
    }
}

}  // namespace
}  // namespace berth::audit

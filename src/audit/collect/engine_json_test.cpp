// SPDX-License-Identifier: Apache-2.0
// Engine API parsing against real responses of dockerd 20.10.24 (shared data
// engine-api/native-dockerd-20.10.24): each container's inspect JSON is compared field by
// field with EXPECTED-FROM-FLAGS.tsv, then judged by the section 5 checks.
#include "audit/collect/engine_json.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "audit/cis_docker/check.hpp"
#include "test_support.hpp"

namespace berth::audit {
namespace {

using nlohmann::json;

const char* const kContainers[] = {"c-default",    "c-hardened",   "c-privileged",    "c-hostns",
                                   "c-dockersock", "c-unconfined", "c-customseccomp", "c-root"};

std::optional<std::filesystem::path> native_dir() {
    auto d = test::shared_data_dir();
    if (!d) return std::nullopt;
    auto p = *d / "engine-api/native-dockerd-20.10.24";
    if (!std::filesystem::is_directory(p)) return std::nullopt;
    return p;
}

// The inspect field as berth parsed it, in the TSV's JSON spelling.
std::optional<json> field_of(const ContainerFacts& c, const std::string& field) {
    auto list_or_null = [](const std::vector<std::string>& v) {
        return v.empty() ? json(nullptr) : json(v);
    };
    if (field == "HostConfig.Privileged") return json(c.privileged);
    if (field == "HostConfig.CapAdd") return list_or_null(c.cap_add);
    if (field == "HostConfig.CapDrop") return list_or_null(c.cap_drop);
    if (field == "HostConfig.SecurityOpt") return list_or_null(c.security_opt);
    if (field == "HostConfig.NetworkMode") return json(c.network_mode);
    if (field == "HostConfig.PidMode") return json(c.pid_mode);
    if (field == "HostConfig.IpcMode") return json(c.ipc_mode);
    if (field == "HostConfig.UTSMode") return json(c.uts_mode);
    if (field == "HostConfig.ReadonlyRootfs") return json(c.readonly_rootfs);
    if (field == "HostConfig.Memory") return json(c.memory);
    if (field == "HostConfig.NanoCpus") return json(c.nano_cpus);
    if (field == "HostConfig.PidsLimit") return c.pids_limit ? json(*c.pids_limit) : json(nullptr);
    if (field == "HostConfig.RestartPolicy")
        return json{{"Name", c.restart_policy}, {"MaximumRetryCount", c.restart_max}};
    if (field == "HostConfig.Devices") {
        json a = json::array();
        for (const auto& d : c.devices) {
            const auto p1 = d.find(':');
            const auto p2 = d.find(':', p1 + 1);
            a.push_back({{"PathOnHost", d.substr(0, p1)},
                         {"PathInContainer", d.substr(p1 + 1, p2 - p1 - 1)},
                         {"CgroupPermissions", d.substr(p2 + 1)}});
        }
        return a;
    }
    if (field == "Config.User") return json(c.user);
    if (field == "AppArmorProfile") return json(c.apparmor_profile);
    if (field == "State.Status") return json(c.status);
    return std::nullopt;  // fields berth does not keep (MemorySwap, Tmpfs, Binds, Healthcheck
                          // config)
}

TEST(EngineJson, NativeInspectMatchesExpectedFromFlags) {
    auto dir = native_dir();
    if (!dir) GTEST_SKIP() << "shared data absent: engine-api/native-dockerd-20.10.24";
    std::map<std::string, ContainerFacts> parsed;
    for (const char* name : kContainers) {
        const std::string file = std::string("container-inspect.") + name + ".v1.41.json";
        auto c = parse_container_inspect(test::read_text_file(*dir / file), file);
        ASSERT_TRUE(c.has_value()) << c.error().to_string();
        EXPECT_EQ(c->name, name);
        parsed[name] = *c;
    }
    std::ifstream tsv(*dir / "EXPECTED-FROM-FLAGS.tsv");
    std::string line;
    std::getline(tsv, line);
    int compared = 0;
    while (std::getline(tsv, line)) {
        std::vector<std::string> cols;
        std::size_t start = 0;
        for (std::size_t tab; (tab = line.find('\t', start)) != std::string::npos;
             start = tab + 1) {
            cols.push_back(line.substr(start, tab - start));
        }
        cols.push_back(line.substr(start));
        ASSERT_GE(cols.size(), 3U) << line;
        auto it = parsed.find(cols[0]);
        if (it == parsed.end()) continue;
        json want = json::parse(cols[2], nullptr, false);
        if (want.is_discarded()) continue;  // the truncated inline seccomp profile
        auto have = field_of(it->second, cols[1]);
        if (!have) continue;
        EXPECT_EQ(*have, want) << cols[0] << " " << cols[1];
        ++compared;
    }
    EXPECT_GE(compared, 100) << "too few expectations compared";
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
    ASSERT_TRUE(apply_info_json(base.engine, test::read_text_file(*dir / "info.v1.41.json"), "info")
                    .has_value());
    ASSERT_TRUE(apply_version_json(base.engine, test::read_text_file(*dir / "version.v1.41.json"),
                                   "version")
                    .has_value());
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
        auto c = parse_container_inspect(test::read_text_file(*dir / file), file);
        ASSERT_TRUE(c.has_value());
        HostFacts f = base;
        f.engine.containers = {*c};
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

TEST(EngineJson, CreatedContainerErrorBodyIsRejected) {
    auto dir = native_dir();
    if (!dir) GTEST_SKIP() << "shared data absent: engine-api/native-dockerd-20.10.24";
    // The authz plugin denied this inspect: the body is {"message": …}, not a container.
    auto c = parse_container_inspect(
        test::read_text_file(*dir / "container-inspect.c-created.v1.41.json"), "c-created");
    ASSERT_FALSE(c.has_value());
    EXPECT_EQ(c.error().code, ErrorCode::Format);
    EXPECT_EQ(c.error().where, "c-created");
}

TEST(EngineJson, ListsAndTop) {
    auto dir = native_dir();
    if (!dir) GTEST_SKIP() << "shared data absent: engine-api/native-dockerd-20.10.24";
    auto ids =
        parse_container_list(test::read_text_file(*dir / "containers-list.all.v1.41.json"), "list");
    ASSERT_TRUE(ids.has_value());
    // Captured before c-created and c-root were made: the other seven.
    EXPECT_EQ(ids->size(), 7U);
    auto def = parse_container_inspect(
        test::read_text_file(*dir / "container-inspect.c-default.v1.41.json"), "d");
    ASSERT_TRUE(def.has_value());
    EXPECT_NE(std::find(ids->begin(), ids->end(), def->id), ids->end());
    auto images = parse_image_list(test::read_text_file(*dir / "images-list.v1.41.json"), "images");
    ASSERT_TRUE(images.has_value());
    EXPECT_FALSE(images->empty());
    auto top = parse_top(R"({"Titles":["UID","PID","PPID","C","STIME","TTY","TIME","CMD"],
        "Processes":[["root","1","0","0","10:00","?","00:00:00","/usr/sbin/sshd -D"]]})",
                         "top");
    ASSERT_TRUE(top.has_value());
    EXPECT_EQ(*top, std::vector<std::string>{"/usr/sbin/sshd -D"});
}

TEST(EngineJson, BadBodies) {
    for (const char* bad : {"", "not json", "[]", "{\"Id\": 5}", "null"}) {
        auto c = parse_container_inspect(bad, "x");
        EXPECT_FALSE(c.has_value()) << bad;
        EngineFacts e;
        if (std::string(bad) != "{\"Id\": 5}") {
            EXPECT_FALSE(apply_info_json(e, bad, "info").has_value()) << bad;
        }
        EXPECT_FALSE(parse_container_list(bad, "l").has_value() && std::string(bad) != "[]") << bad;
    }
    // Wrong types inside a valid object are tolerated, not thrown.
    auto c = parse_container_inspect(
        R"({"Id":"x","HostConfig":{"Privileged":"yes","CapAdd":7,"PidsLimit":"1"},"State":[]})",
        "x");
    ASSERT_TRUE(c.has_value());
    EXPECT_FALSE(c->privileged);
    EXPECT_TRUE(c->cap_add.empty());
    EXPECT_FALSE(c->pids_limit.has_value());
}

}  // namespace
}  // namespace berth::audit

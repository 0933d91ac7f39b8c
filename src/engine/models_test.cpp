// SPDX-License-Identifier: Apache-2.0
// Engine API parsing against real responses of dockerd 20.10.24 (shared data
// engine-api/native-dockerd-20.10.24, API 1.41 and 1.24): each container's inspect JSON is
// compared field by field with EXPECTED-FROM-FLAGS.tsv; bad bodies are errors, drifting fields
// are not. (The CIS verdicts on the same answers are in audit/collect/engine_json_test.cpp.)
#include "engine/models.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace berth::engine {
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
std::optional<json> field_of(const ContainerInspect& c, const std::string& field) {
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

TEST(EngineModels, NativeInspectMatchesExpectedFromFlags) {
    auto dir = native_dir();
    if (!dir) GTEST_SKIP() << "shared data absent: engine-api/native-dockerd-20.10.24";
    std::map<std::string, ContainerInspect> parsed;
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

TEST(EngineModels, CreatedContainerErrorBodyIsRejected) {
    auto dir = native_dir();
    if (!dir) GTEST_SKIP() << "shared data absent: engine-api/native-dockerd-20.10.24";
    // The authz plugin denied this inspect: the body is {"message": …}, not a container.
    auto c = parse_container_inspect(
        test::read_text_file(*dir / "container-inspect.c-created.v1.41.json"), "c-created");
    ASSERT_FALSE(c.has_value());
    EXPECT_EQ(c.error().code, ErrorCode::Format);
    EXPECT_EQ(c.error().where, "c-created");
}

TEST(EngineModels, ListsAndTop) {
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

TEST(EngineModels, BadBodies) {
    for (const char* bad : {"", "not json", "[]", "{\"Id\": 5}", "null"}) {
        auto c = parse_container_inspect(bad, "x");
        EXPECT_FALSE(c.has_value()) << bad;
        if (std::string(bad) != "{\"Id\": 5}") {
            EXPECT_FALSE(parse_info(bad, "info").has_value()) << bad;
            EXPECT_FALSE(parse_version(bad, "version").has_value()) << bad;
            EXPECT_FALSE(parse_image_inspect(bad, "image").has_value()) << bad;
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

TEST(EngineModels, InfoAndVersionAcrossApiVersions) {
    auto dir = native_dir();
    if (!dir) GTEST_SKIP() << "shared data absent: engine-api/native-dockerd-20.10.24";
    auto i41 = parse_info(test::read_text_file(*dir / "info.v1.41.json"), "info.v1.41");
    ASSERT_TRUE(i41.has_value()) << i41.error().to_string();
    EXPECT_EQ(i41->docker_root_dir, "/srv/dockerd-test/root");
    EXPECT_EQ(i41->storage_driver, "overlay2");
    EXPECT_EQ(i41->logging_driver, "json-file");
    EXPECT_EQ(i41->cgroup_driver, "cgroupfs");
    EXPECT_EQ(i41->security_options, std::vector<std::string>{"name=seccomp,profile=default"});
    EXPECT_EQ(i41->authorization_plugins, std::vector<std::string>{"authzlog"});
    EXPECT_EQ(i41->insecure_registry_cidrs, std::vector<std::string>{"127.0.0.0/8"});
    EXPECT_TRUE(i41->insecure_registries.empty());
    EXPECT_EQ(i41->swarm_state, "inactive");
    EXPECT_FALSE(i41->swarm_manager);
    EXPECT_EQ(i41->containers_total, 9);
    EXPECT_EQ(i41->containers_running, 8);
    // API 1.24 spells security options the old way; the rest reads the same.
    auto i24 = parse_info(test::read_text_file(*dir / "info.v1.24.json"), "info.v1.24");
    ASSERT_TRUE(i24.has_value()) << i24.error().to_string();
    EXPECT_EQ(i24->security_options, std::vector<std::string>{"seccomp"});
    EXPECT_EQ(i24->docker_root_dir, i41->docker_root_dir);
    EXPECT_EQ(i24->containers_running, 8);
    for (const char* f : {"version.v1.41.json", "version.v1.24.json"}) {
        auto v = parse_version(test::read_text_file(*dir / f), f);
        ASSERT_TRUE(v.has_value()) << f;
        EXPECT_EQ(v->server_version, "20.10.24+dfsg1") << f;
        EXPECT_EQ(v->api_version, "1.41") << f;
    }
}

TEST(EngineModels, InspectSameAcrossApiVersions) {
    auto dir = native_dir();
    if (!dir) GTEST_SKIP() << "shared data absent: engine-api/native-dockerd-20.10.24";
    for (const char* name : kContainers) {
        const std::string stem = std::string("container-inspect.") + name;
        auto a = parse_container_inspect(test::read_text_file(*dir / (stem + ".v1.41.json")), stem);
        auto b = parse_container_inspect(test::read_text_file(*dir / (stem + ".v1.24.json")), stem);
        ASSERT_TRUE(a.has_value() && b.has_value()) << stem;
        EXPECT_EQ(a->id, b->id) << stem;
        EXPECT_EQ(a->privileged, b->privileged) << stem;
        EXPECT_EQ(a->cap_add, b->cap_add) << stem;
        EXPECT_EQ(a->security_opt, b->security_opt) << stem;
        EXPECT_EQ(a->pids_limit, b->pids_limit) << stem;
        EXPECT_EQ(a->mounts.size(), b->mounts.size()) << stem;
    }
}

TEST(EngineModels, ImageInspect) {
    auto dir = native_dir();
    if (!dir) GTEST_SKIP() << "shared data absent: engine-api/native-dockerd-20.10.24";
    for (const char* f :
         {"image-inspect.local-app-1.v1.41.json", "image-inspect.local-app-1.v1.24.json"}) {
        auto i = parse_image_inspect(test::read_text_file(*dir / f), f);
        ASSERT_TRUE(i.has_value()) << f;
        EXPECT_EQ(i->id, "sha256:886e0ba81bc3383011e811f1d468f2fae8fb5238ddec532f1db1037f703989b0");
        EXPECT_EQ(i->repo_tags, std::vector<std::string>{"local/app:1"});
    }
    auto denied = parse_image_inspect(R"({"message":"No such image: x"})", "img");
    ASSERT_FALSE(denied.has_value());
    EXPECT_NE(denied.error().message.find("No such image: x"), std::string::npos);
    EXPECT_EQ(denied.error().where, "img");
}

TEST(EngineModels, SwarmNetworksAndErrorMessages) {
    auto s = parse_swarm(
        R"({"Spec":{"EncryptionConfig":{"AutoLockManagers":true},"CAConfig":{"NodeCertExpiry":7776000000000000}}})",
        "swarm");
    ASSERT_TRUE(s.has_value());
    EXPECT_TRUE(s->swarm_autolock);
    EXPECT_EQ(s->swarm_node_cert_expiry_ns, 7776000000000000);
    auto nets = parse_network_list(
        R"([{"Name":"br","Driver":"bridge","Options":{"com.docker.network.bridge.enable_icc":"false","mtu":1500},
            "Containers":{"abc":{"Name":"web"},"def":{}}}, 7])",
        "networks");
    ASSERT_TRUE(nets.has_value()) << nets.error().to_string();
    ASSERT_EQ(nets->size(), 2U);
    EXPECT_EQ((*nets)[0].options.at("com.docker.network.bridge.enable_icc"), "false");
    EXPECT_EQ((*nets)[0].options.at("mtu"), "1500");
    EXPECT_EQ((*nets)[0].containers, (std::vector<std::string>{"web", "def"}));
    EXPECT_TRUE((*nets)[1].name.empty());
    EXPECT_EQ(error_message(R"({"message":"page not found"})"), "page not found");
    EXPECT_EQ(error_message("oops"), "oops");
    EXPECT_EQ(error_message(std::string(400, 'x')).size(), 300U);
}

}  // namespace
}  // namespace berth::engine

// SPDX-License-Identifier: Apache-2.0
// The Compose loader: anchors and merge keys, extends (same file, other file, cycles, depth),
// interpolation (environment, .env, defaults, required, $$), profiles, the settings translated
// for the rules (volumes, ports, devices, ulimits, deploy), errors with positions, alias bombs;
// and on the shared corpus: docker/cli's full-example.yml against its normalized golden, KICS's
// expected finding lines, and every compose document loading without a crash.
#include "config/compose.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "config/evaluate.hpp"
#include "config/interpolate.hpp"
#include "test_support.hpp"

namespace berth::config {
namespace {

namespace fs = std::filesystem;

Result<ComposeProject> load(const std::string& yaml, ComposeOptions o = {}) {
    const fs::path dir = test::temp_dir("compose");
    std::ofstream(dir / "compose.yaml") << yaml;
    return load_compose_file(dir / "compose.yaml", o);
}

const Container& only(const Result<ComposeProject>& p) {
    EXPECT_TRUE(p.has_value()) << (p ? "" : p.error().to_string());
    EXPECT_EQ(p->services.size(), 1U);
    return p->services.at(0);
}

TEST(Compose, AnchorsAndMergeKeys) {
    auto p = load(
        "x-hardening: &hardening\n"
        "  read_only: true\n"
        "  cap_drop: [ALL]\n"
        "x-limits: &limits {mem_limit: 64m, pids_limit: 10}\n"
        "services:\n"
        "  web:\n"
        "    <<: [*hardening, *limits]\n"
        "    read_only: false\n"
        "    image: nginx\n");
    const auto& c = only(p);
    EXPECT_FALSE(c.settings.readonly_rootfs) << "the mapping's own key wins over the merge";
    EXPECT_EQ(c.settings.cap_drop, std::vector<std::string>{"ALL"});
    EXPECT_EQ(c.settings.memory, 64 << 20);
    EXPECT_EQ(c.settings.pids_limit, 10);
    EXPECT_EQ(c.keys.at("cap_drop").line, 3U) << "merged keys keep the anchor's position";
}

TEST(Compose, ExtendsSameFileAndOtherFile) {
    const fs::path dir = test::temp_dir("compose-extends");
    std::ofstream(dir / "base.yaml") << "services:\n"
                                        "  common:\n"
                                        "    privileged: true\n"
                                        "    cap_add: [NET_ADMIN]\n"
                                        "    user: root\n";
    std::ofstream(dir / "compose.yaml") << "services:\n"
                                           "  mid:\n"
                                           "    extends: {file: base.yaml, service: common}\n"
                                           "    cap_add: [SYS_TIME]\n"
                                           "  web:\n"
                                           "    extends: mid\n"
                                           "    user: !reset null\n"
                                           "    privileged: false\n";
    auto p = load_compose_file(dir / "compose.yaml", {});
    ASSERT_TRUE(p.has_value()) << p.error().to_string();
    ASSERT_EQ(p->services.size(), 2U);
    const auto& mid = p->services[0];
    EXPECT_TRUE(mid.settings.privileged);
    EXPECT_EQ(mid.settings.cap_add, (std::vector<std::string>{"NET_ADMIN", "SYS_TIME"}));
    EXPECT_EQ(mid.keys.at("privileged").file, (dir / "base.yaml").string());
    EXPECT_EQ(mid.keys.at("privileged").line, 3U);
    const auto& web = p->services[1];
    EXPECT_FALSE(web.settings.privileged);
    EXPECT_EQ(web.settings.user, "") << "!reset removes the inherited user";
    EXPECT_EQ(web.keys.at("privileged").file, (dir / "compose.yaml").string());
    EXPECT_EQ(web.settings.cap_add.size(), 2U);
}

TEST(Compose, ExtendsCycleDepthAndUnknownServiceAreErrors) {
    auto cycle = load("services:\n  a: {extends: b}\n  b: {extends: c}\n  c: {extends: a}\n");
    ASSERT_FALSE(cycle.has_value());
    EXPECT_NE(cycle.error().message.find("extends cycle"), std::string::npos)
        << cycle.error().message;
    auto self = load("services:\n  a:\n    extends: a\n");
    ASSERT_FALSE(self.has_value());
    EXPECT_NE(self.error().message.find("extends cycle"), std::string::npos);
    std::string chain = "services:\n  s0: {image: x}\n";
    for (int i = 1; i <= 12; ++i) {
        chain += "  s" + std::to_string(i) + ": {extends: s" + std::to_string(i - 1) + "}\n";
    }
    auto deep = load(chain);
    ASSERT_FALSE(deep.has_value());
    EXPECT_EQ(deep.error().code, ErrorCode::LimitExceeded);
    auto unknown = load("services:\n  a: {extends: nope}\n");
    ASSERT_FALSE(unknown.has_value());
    EXPECT_NE(unknown.error().message.find("no service 'nope'"), std::string::npos);
    auto missing = load("services:\n  a: {extends: {file: gone.yaml, service: x}}\n");
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

TEST(Compose, InterpolationFromEnvironmentAndDotEnv) {
    const fs::path dir = test::temp_dir("compose-env");
    std::ofstream(dir / ".env") << "MEM=128m\nUSER_ID=1000\nPRIV=false\n";
    std::ofstream(dir / "compose.yaml") << "services:\n"
                                           "  web:\n"
                                           "    image: \"nginx:${TAG:-1.27}\"\n"
                                           "    mem_limit: $MEM\n"
                                           "    user: \"${USER_ID}:${GID-2000}\"\n"
                                           "    privileged: ${PRIV}\n"
                                           "    command: echo $$HOME ${UNSET_VAR}\n";
    ComposeOptions o;
    o.environment = {{"PRIV", "true"}, {"GID", ""}};
    auto p = load_compose_file(dir / "compose.yaml", o);
    const auto& c = only(p);
    EXPECT_EQ(c.settings.image, "nginx:1.27");
    EXPECT_EQ(c.settings.memory, 128 << 20);
    EXPECT_EQ(c.settings.user, "1000:") << "GID is set (empty): '-' keeps it";
    EXPECT_TRUE(c.settings.privileged) << "the environment wins over .env";
    ASSERT_EQ(p->warnings.size(), 1U);
    EXPECT_NE(p->warnings[0].find("UNSET_VAR"), std::string::npos);
}

TEST(Compose, InterpolationSyntax) {
    std::vector<std::string> unset;
    const Lookup env = [](std::string_view n) -> std::optional<std::string> {
        if (n == "A") return std::string("a");
        if (n == "E") return std::string();
        return std::nullopt;
    };
    auto run = [&](std::string_view s) { return interpolate(s, env, unset); };
    EXPECT_EQ(*run("${A}-$A-$$A-${E:-d}-${E-d}-${X:-${A}}"), "a-a-$A-d--a");
    EXPECT_EQ(*run("${A:+alt}|${E:+alt}|${E+alt}|${X+alt}"), "alt||alt|");
    EXPECT_EQ(*run("cost: 5$"), "cost: 5$");
    auto required = run("${X:?set X first}");
    ASSERT_FALSE(required.has_value());
    EXPECT_EQ(required.error().message, "required variable X is missing a value: set X first");
    EXPECT_FALSE(run("${E:?empty}").has_value());
    EXPECT_TRUE(run("${E?unset only}").has_value());
    EXPECT_FALSE(run("${A").has_value());
    EXPECT_FALSE(run("${1A}").has_value());
    EXPECT_FALSE(run("${A:x}").has_value());
}

TEST(Compose, RequiredVariableErrorHasPosition) {
    auto p = load("services:\n  web:\n    image: \"${IMAGE:?no image}\"\n");
    ASSERT_FALSE(p.has_value());
    EXPECT_TRUE(p.error().where.ends_with("compose.yaml:3:12")) << p.error().where;
}

TEST(Compose, Profiles) {
    const std::string yaml =
        "services:\n"
        "  web: {image: nginx}\n"
        "  debug: {image: busybox, profiles: [debug]}\n"
        "  tools: {image: alpine, profiles: [ops, debug]}\n";
    auto none = load(yaml);
    ASSERT_TRUE(none.has_value());
    EXPECT_EQ(none->services.size(), 1U);
    ComposeOptions o;
    o.profiles = {"ops"};
    auto ops = load(yaml, o);
    ASSERT_TRUE(ops.has_value());
    ASSERT_EQ(ops->services.size(), 2U);
    EXPECT_EQ(ops->services[1].object, "service tools");
    ComposeOptions env;
    env.environment = {{"COMPOSE_PROFILES", "debug"}};
    auto debug = load(yaml, env);
    ASSERT_TRUE(debug.has_value());
    EXPECT_EQ(debug->services.size(), 3U);
}

TEST(Compose, SettingsTranslated) {
    auto p = load(
        "services:\n"
        "  app:\n"
        "    container_name: app-1\n"
        "    volumes:\n"
        "      - /var/run/docker.sock:/var/run/docker.sock:ro\n"
        "      - data:/data\n"
        "      - /mnt:/mnt:rw,rshared\n"
        "      - {type: bind, source: /etc, target: /host/etc, read_only: true}\n"
        "      - /anonymous\n"
        "    ports: ['80:8080', '127.0.0.1::9000/udp', '[::1]:53:53', 7000, "
        "{target: 22, published: '2222', host_ip: 0.0.0.0}]\n"
        "    devices: ['/dev/fuse', '/dev/sda:/dev/xvda:r']\n"
        "    ulimits: {nofile: {soft: 10, hard: 20}, nproc: 5}\n"
        "    deploy:\n"
        "      resources: {limits: {memory: 1.5g, cpus: '0.25', pids: 64}}\n"
        "      restart_policy: {condition: on-failure, max_attempts: 3}\n"
        "    cgroup: host\n");
    const auto& s = only(p).settings;
    EXPECT_EQ(s.name, "app-1");
    ASSERT_EQ(s.mounts.size(), 5U);
    EXPECT_EQ(s.mounts[0].type, "bind");
    EXPECT_FALSE(s.mounts[0].rw);
    EXPECT_EQ(s.mounts[1].type, "volume");
    EXPECT_EQ(s.mounts[2].propagation, "rshared");
    EXPECT_EQ(s.mounts[3].source, "/etc");
    EXPECT_FALSE(s.mounts[3].rw);
    EXPECT_EQ(s.mounts[4].destination, "/anonymous");
    ASSERT_EQ(s.ports.size(), 4U) << "7000 is not published";
    EXPECT_EQ(s.ports[0].host_port, "80");
    EXPECT_EQ(s.ports[0].container_port, "8080/tcp");
    EXPECT_EQ(s.ports[1].host_ip, "127.0.0.1");
    EXPECT_EQ(s.ports[1].host_port, "");
    EXPECT_EQ(s.ports[1].container_port, "9000/udp");
    EXPECT_EQ(s.ports[2].host_ip, "::1");
    EXPECT_EQ(s.ports[3].host_port, "2222");
    EXPECT_EQ(s.devices,
              (std::vector<std::string>{"/dev/fuse:/dev/fuse:rwm", "/dev/sda:/dev/xvda:r"}));
    EXPECT_EQ(s.ulimits, (std::vector<std::string>{"nofile=10:20", "nproc=5:5"}));
    EXPECT_EQ(s.memory, 1610612736);
    EXPECT_EQ(s.nano_cpus, 250000000);
    EXPECT_EQ(s.pids_limit, 64);
    EXPECT_EQ(s.restart_policy, "on-failure");
    EXPECT_EQ(s.restart_max, 3);
    EXPECT_EQ(only(p).cgroupns_mode, "host");
}

TEST(Compose, ParseBytes) {
    EXPECT_EQ(*parse_bytes("512m"), 512 << 20);
    EXPECT_EQ(*parse_bytes("50M"), 50 << 20);
    EXPECT_EQ(*parse_bytes("2gb"), 2LL << 30);
    EXPECT_EQ(*parse_bytes("1024"), 1024);
    EXPECT_EQ(*parse_bytes("10k"), 10240);
    EXPECT_FALSE(parse_bytes("lots").has_value());
    EXPECT_FALSE(parse_bytes("5x").has_value());
    EXPECT_FALSE(parse_bytes("-1m").has_value());
    EXPECT_FALSE(parse_bytes("").has_value());
}

TEST(Compose, ErrorsCarryFileLineAndColumn) {
    struct Case {
        std::string yaml;
        std::string where_suffix;
        std::string message;
    };
    const Case cases[] = {
        {"services:\n  web:\n    privileged: maybe\n", "compose.yaml:3:17",
         "privileged: expected a boolean, got 'maybe'"},
        {"services:\n  web:\n    cap_add: SYS_ADMIN\n", "compose.yaml:3:14",
         "cap_add: expected a list of strings"},
        {"services:\n  web:\n    ports: ['80:x']\n", "compose.yaml:3:13",
         "ports[0]: invalid port '80:x'"},
        {"services:\n  web:\n    mem_limit: lots\n", "compose.yaml:3:16",
         "mem_limit: invalid size 'lots'"},
        {"services:\n  web: {image: a}\n  web: {image: b}\n", "compose.yaml:3:3",
         "duplicate key 'web'"},
        {"services: [web]\n", "compose.yaml:1:11", "services: expected a mapping"},
        {"services:\n  web: {image: [\n", "", ""},
    };
    for (const auto& c : cases) {
        auto p = load(c.yaml);
        ASSERT_FALSE(p.has_value()) << c.yaml;
        EXPECT_EQ(p.error().code, ErrorCode::Format) << c.yaml;
        EXPECT_TRUE(p.error().where.ends_with(c.where_suffix))
            << c.yaml << " → " << p.error().where;
        if (!c.message.empty()) {
            EXPECT_EQ(p.error().message, c.message) << c.yaml;
        }
    }
}

TEST(Compose, AliasBombIsRefused) {
    std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (char c = 'b'; c <= 'k'; ++c) {
        const char prev = static_cast<char>(c - 1);
        bomb += std::string(1, c) + ": &" + c + " [";
        for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", " : "") + "*" + prev;
        bomb += "]\n";
    }
    bomb += "services: {web: {image: x}}\n";
    auto p = load(bomb);
    ASSERT_FALSE(p.has_value());
    EXPECT_EQ(p.error().code, ErrorCode::LimitExceeded);
    std::string deep = "services:\n  web:\n    labels: ";
    for (int i = 0; i < 100; ++i) deep += "[";
    auto d = load(deep + std::string(100, ']') + "\n");
    ASSERT_FALSE(d.has_value());
}

TEST(Compose, EmptyAndServiceLessFiles) {
    auto empty = load("");
    ASSERT_TRUE(empty.has_value());
    EXPECT_TRUE(empty->services.empty());
    auto bare = load("services:\n  web:\n");
    ASSERT_TRUE(bare.has_value()) << bare.error().to_string();
    ASSERT_EQ(bare->services.size(), 1U) << "a service without settings has the defaults";
    EXPECT_TRUE(bare->services[0].settings.user.empty());
    auto scalar = load("just text\n");
    ASSERT_FALSE(scalar.has_value());
    EXPECT_EQ(scalar.error().message, "a compose file is a mapping");
}

// docker/cli's loader test input and its normalized golden (shared data).
TEST(Compose, DockerCliFullExample) {
    auto data = test::shared_data_dir();
    if (!data) GTEST_SKIP() << "shared data absent: compose/docker__cli";
    const fs::path dir = *data / "compose/docker__cli/cli/compose/loader";
    if (!fs::exists(dir / "full-example.yml")) GTEST_SKIP() << "full-example.yml absent";
    ComposeOptions o;
    o.environment = {{"HOST", "host"}, {"HOSTNAME_FROM_ENV", "a"}};
    auto p = load_compose_file(dir / "full-example.yml", o);
    ASSERT_TRUE(p.has_value()) << p.error().to_string();
    const Container* foo = nullptr;
    for (const auto& c : p->services) {
        if (c.object == "service foo") foo = &c;
    }
    ASSERT_NE(foo, nullptr);
    const auto golden =
        nlohmann::json::parse(test::read_text_file(dir / "testdata/full-example.json.golden"));
    const auto& want = golden["services"]["foo"];
    EXPECT_EQ(foo->settings.privileged, want.value("privileged", false));
    EXPECT_EQ(foo->settings.pid_mode, want.value("pid", ""));
    EXPECT_EQ(foo->settings.ipc_mode, want.value("ipc", ""));
    EXPECT_EQ(foo->settings.readonly_rootfs, want.value("read_only", false));
    EXPECT_EQ(foo->settings.user, want.value("user", ""));
    EXPECT_EQ(foo->settings.cap_add, want["cap_add"].get<std::vector<std::string>>());
    EXPECT_EQ(foo->settings.cap_drop, want["cap_drop"].get<std::vector<std::string>>());
    EXPECT_EQ(foo->settings.security_opt, want["security_opt"].get<std::vector<std::string>>());
    EXPECT_EQ(foo->settings.memory,  // the golden writes bytes as a string: "52428800"
              std::stoll(want["deploy"]["resources"]["limits"]["memory"].get<std::string>()));
    EXPECT_EQ(foo->settings.pids_limit,
              want["deploy"]["resources"]["limits"]["pids"].get<std::int64_t>());
    EXPECT_EQ(foo->settings.network_mode, want.value("network_mode", ""));
    EXPECT_EQ(foo->settings.devices.size(), want["devices"].size());
    EXPECT_EQ(foo->settings.ulimits.size(), want["ulimits"].size());
}

// KICS's compose queries give the line of each finding; berth points at the same key.
TEST(Compose, KicsExpectedLines) {
    auto data = test::shared_data_dir();
    if (!data) GTEST_SKIP() << "shared data absent: compose/transcribed";
    const fs::path q = *data / "compose/transcribed/Checkmarx__kics/assets/queries/dockerCompose";
    if (!fs::exists(q)) GTEST_SKIP() << "KICS queries absent";
    const std::map<std::string, std::pair<std::string, bool>> query_rule = {
        {"privileged_containers_enabled", {"runtime/RT001", true}},
        {"host_namespace_is_shared", {"runtime/RT010", true}},
        {"docker_socket_mounted_in_container", {"runtime/RT014", false}},
        {"default_seccomp_profile_disabled", {"runtime/RT005", false}},
        {"memory_not_limited", {"runtime/RT019", false}},
    };
    std::size_t checked = 0;
    for (const auto& [query, rule] : query_rule) {
        const fs::path dir = q / query / "test";
        const auto expected =
            nlohmann::json::parse(test::read_text_file(dir / "positive_expected_result.json"));
        for (const auto& e : expected) {
            // `label:seccomp:unconfined` is an SELinux label option to dockerd, not a seccomp
            // setting: KICS matches the text, berth does not flag it.
            // `build: {privileged: true}` is a build setting; the runtime rules judge containers.
            if ((query == "default_seccomp_profile_disabled" ||
                 query == "privileged_containers_enabled") &&
                e["filename"] == (query[0] == 'd' ? "positive1.yaml" : "positive2.yaml")) {
                continue;
            }
            ComposeOptions o;
            o.read_dot_env = false;
            auto p = load_compose_file(dir / e["filename"].get<std::string>(), o);
            ASSERT_TRUE(p.has_value()) << p.error().to_string();
            std::vector<std::size_t> lines;
            for (const auto& r : evaluate(p->services, all_rules())) {
                if (r.rule->id == rule.first) lines.push_back(r.locations.at(0).line);
            }
            const auto line = e["line"].get<std::size_t>();
            SCOPED_TRACE(query + "/" + e["filename"].get<std::string>());
            ASSERT_FALSE(lines.empty());
            if (rule.second) {
                EXPECT_NE(std::find(lines.begin(), lines.end(), line), lines.end())
                    << "KICS line " << line << ", berth " << testing::PrintToString(lines);
            } else {
                // KICS points at the list item or a nested key; berth at the service's key above.
                EXPECT_LE(lines.front(), line);
            }
            ++checked;
        }
        for (const auto& f : fs::directory_iterator(dir)) {
            if (!f.path().filename().string().starts_with("negative")) continue;
            auto p = load_compose_file(f.path(), {});
            ASSERT_TRUE(p.has_value()) << p.error().to_string();
            for (const auto& r : evaluate(p->services, all_rules())) {
                EXPECT_NE(r.rule->id, rule.first) << f.path() << ": " << r.message;
            }
        }
    }
    EXPECT_GE(checked, 7U);
}

// Every compose document of the shared corpus loads, or fails with a positioned error.
TEST(Compose, SharedCorpusLoads) {
    auto data = test::shared_data_dir();
    if (!data) GTEST_SKIP() << "shared data absent: compose/";
    const fs::path dir = *data / "compose";
    std::ifstream manifest(dir / "MANIFEST.tsv");
    ASSERT_TRUE(manifest);
    std::size_t loaded = 0;
    std::size_t failed = 0;
    std::string line;
    std::getline(manifest, line);
    while (std::getline(manifest, line)) {
        const std::string rel = line.substr(0, line.find('\t'));
        if (!rel.ends_with(".yml") && !rel.ends_with(".yaml")) continue;
        ComposeOptions o;
        o.profiles = {"*"};
        auto p = load_compose_file(dir / rel, o);
        if (p) {
            ++loaded;
            (void)evaluate(p->services, all_rules());
        } else {
            ++failed;
            EXPECT_FALSE(p.error().where.empty()) << rel << ": " << p.error().message;
        }
    }
    std::cout << "compose corpus: " << loaded << " loaded, " << failed << " refused\n";
    EXPECT_GE(loaded, 250U);
}

}  // namespace
}  // namespace berth::config

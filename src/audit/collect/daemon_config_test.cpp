// SPDX-License-Identifier: Apache-2.0
// dockerd command lines, daemon.json and their merge (moby cmd/dockerd flag names).
#include "audit/collect/daemon_config.hpp"

#include <gtest/gtest.h>

#include "audit/collect/systemd_unit.hpp"

namespace berth::audit {
namespace {

struct SplitCase {
    const char* name;
    const char* text;
    std::vector<std::string> want;
};

TEST(DaemonConfig, SplitWords) {
    const SplitCase cases[] = {
        {"plain", "-H fd:// --icc=false", {"-H", "fd://", "--icc=false"}},
        {"double_quotes", R"(--log-opt="a b" x)", {"--log-opt=a b", "x"}},
        {"single_quotes", "'--label=x y'", {"--label=x y"}},
        {"escaped_space", R"(a\ b c)", {"a b", "c"}},
        {"empty_quotes", R"(a "" b)", {"a", "", "b"}},
        {"tabs_newlines", "a\t\tb\nc", {"a", "b", "c"}},
        {"unterminated_quote", R"(a "b c)", {"a", "b c"}},
        {"empty", "", {}},
    };
    for (const auto& c : cases) EXPECT_EQ(split_words(c.text), c.want) << c.name;
}

struct ArgsCase {
    const char* name;
    std::vector<std::string> args;
    OptionMap want;
    std::vector<std::string> unknown;
};

TEST(DaemonConfig, ParseDockerdArgs) {
    const ArgsCase cases[] = {
        {"bool_bare", {"--live-restore"}, {{"live-restore", {"true"}}}, {}},
        {"bool_false", {"--icc=false"}, {{"icc", {"false"}}}, {}},
        {"bool_does_not_eat_next",
         {"--icc", "-H", "fd://"},
         {{"icc", {"true"}}, {"hosts", {"fd://"}}},
         {}},
        {"short_host_twice",
         {"-H", "fd://", "-Htcp://0.0.0.0:2376"},
         {{"hosts", {"fd://", "tcp://0.0.0.0:2376"}}},
         {}},
        {"long_host_eq", {"--host=unix:///run/d.sock"}, {{"hosts", {"unix:///run/d.sock"}}}, {}},
        {"aliases",
         {"--insecure-registry", "r:5000", "--authorization-plugin=authz", "--log-opt",
          "max-size=10m", "--default-ulimit", "nofile=1024:2048", "--storage-opt",
          "dm.basesize=20G", "-l", "debug", "-D"},
         {{"insecure-registries", {"r:5000"}},
          {"authorization-plugins", {"authz"}},
          {"log-opts", {"max-size=10m"}},
          {"default-ulimits", {"nofile=1024:2048"}},
          {"storage-opts", {"dm.basesize=20G"}},
          {"log-level", {"debug"}},
          {"debug", {"true"}}},
         {}},
        {"value_flag_at_end", {"--log-level"}, {}, {"--log-level"}},
        {"stray_word", {"foo", "--tlsverify"}, {{"tlsverify", {"true"}}}, {"foo"}},
    };
    for (const auto& c : cases) {
        std::vector<std::string> unknown;
        EXPECT_EQ(parse_dockerd_args(c.args, unknown), c.want) << c.name;
        EXPECT_EQ(unknown, c.unknown) << c.name;
    }
}

TEST(DaemonConfig, ParseDaemonJson) {
    auto m = parse_daemon_json(
        R"({"icc": false, "log-level": "warn", "insecure-registries": ["a:5000", "b:5000"],
        "log-opts": {"max-size": "10m"}, "default-ulimits": {"nofile": {"Name": "nofile", "Hard": 64000, "Soft": 64000}},
        "max-concurrent-downloads": 3})",
        "/etc/docker/daemon.json");
    ASSERT_TRUE(m.has_value()) << m.error().to_string();
    const OptionMap want = {{"icc", {"false"}},
                            {"log-level", {"warn"}},
                            {"insecure-registries", {"a:5000", "b:5000"}},
                            {"log-opts", {"max-size=10m"}},
                            {"default-ulimits", {"nofile=64000:64000"}},
                            {"max-concurrent-downloads", {"3"}}};
    EXPECT_EQ(*m, want);
}

TEST(DaemonConfig, ParseDaemonJsonRejectsBadInput) {
    for (const char* bad : {"", "{", "[1,2]", "\"icc\"", "{\"a\": }"}) {
        auto m = parse_daemon_json(bad, "/etc/docker/daemon.json");
        ASSERT_FALSE(m.has_value()) << bad;
        EXPECT_EQ(m.error().code, ErrorCode::Format) << bad;
        EXPECT_EQ(m.error().where, "/etc/docker/daemon.json");
    }
}

TEST(DaemonConfig, MergeFlagsOverFileAndReportConflicts) {
    DaemonConfig c;
    c.flags = {{"icc", {"false"}}, {"hosts", {"fd://"}}};
    c.file = {{"icc", {"true"}}, {"log-level", {"info"}}};
    merge_daemon_config(c);
    EXPECT_EQ(c.conflicts, std::vector<std::string>{"icc"});
    const OptionMap want = {{"icc", {"false"}}, {"hosts", {"fd://"}}, {"log-level", {"info"}}};
    EXPECT_EQ(c.effective, want);
}

TEST(SystemdUnit, ExecStartResetAndEnvironment) {
    UnitFacts u;
    apply_unit_text(u,
                    "[Unit]\nDescription=Docker\n[Service]\nEnvironmentFile=-/etc/default/docker\n"
                    "ExecStart=/usr/sbin/dockerd -H fd:// $DOCKER_OPTS\n# ExecStart=/bin/false\n");
    EXPECT_EQ(u.exec_start,
              (std::vector<std::string>{"/usr/sbin/dockerd", "-H", "fd://", "$DOCKER_OPTS"}));
    EXPECT_EQ(u.environment_files, std::vector<std::string>{"/etc/default/docker"});
    apply_unit_text(
        u,
        "[Service]\nExecStart=\nExecStart=-/usr/bin/dockerd \\\n  --icc=false \\\n  ${EXTRA}\n"
        "Environment=\"EXTRA=--live-restore\" OTHER=1\n");
    EXPECT_EQ(u.exec_start,
              (std::vector<std::string>{"/usr/bin/dockerd", "--icc=false", "${EXTRA}"}));
    EXPECT_EQ(u.environment.at("EXTRA"), "--live-restore");
    EXPECT_EQ(u.environment.at("OTHER"), "1");
    EXPECT_EQ(expand_exec(u.exec_start, u.environment),
              (std::vector<std::string>{"/usr/bin/dockerd", "--icc=false", "--live-restore"}));
}

TEST(SystemdUnit, SocketKeys) {
    UnitFacts u;
    apply_unit_text(u,
                    "[Socket]\nListenStream=/run/"
                    "docker.sock\nSocketMode=0660\nSocketUser=root\nSocketGroup=docker\n");
    EXPECT_EQ(u.listen_stream, std::vector<std::string>{"/run/docker.sock"});
    EXPECT_EQ(u.socket_mode, "0660");
    EXPECT_EQ(u.socket_group, "docker");
}

TEST(SystemdUnit, EnvFileAndExpansion) {
    auto env = parse_env_file(
        "# comment\nexport DOCKER_OPTS=\"--icc=false -H tcp://0.0.0.0:2376\"\nX='a b'\nbroken "
        "line\n");
    EXPECT_EQ(env.at("DOCKER_OPTS"), "--icc=false -H tcp://0.0.0.0:2376");
    EXPECT_EQ(env.at("X"), "a b");
    EXPECT_EQ(env.size(), 2U);
    EXPECT_EQ(expand_exec({"dockerd", "$DOCKER_OPTS", "$MISSING", "--x=${X}"}, env),
              (std::vector<std::string>{"dockerd", "--icc=false", "-H", "tcp://0.0.0.0:2376",
                                        "--x=a b"}));
}

}  // namespace
}  // namespace berth::audit

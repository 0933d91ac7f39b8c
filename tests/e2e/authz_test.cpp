// SPDX-License-Identifier: Apache-2.0
// `berth authz serve` end to end: the plugin in front of a private Debian dockerd (20.10.24)
// started with --authorization-plugin and TLS (--tlsverify, a CA and client certificates for
// alice and bob made here with openssl), driven with the docker CLI and curl as each user, under
// the shipped seed policy (contrib/authz/seed-policy.yaml): bob may look, alice may create but
// not privileged containers; bypass attempts through dockerd (chunked body: CVE-2024-41110,
// encoded path) and straight to the plugin socket are denied. Needs root, dockerd, docker,
// openssl, curl and the fixture images; skips with the reason otherwise.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "test_support.hpp"

namespace berth::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string q(const fs::path& p) {
    return "'" + p.string() + "'";
}

// Starts `command` in the background through the shell (exec'd, so the pid is the program's).
int start_background(const std::string& command, const fs::path& log) {
    auto r = run_shell("exec " + command + " >" + q(log) + " 2>&1 & echo $!");
    return std::atoi(r.out.c_str());
}

void stop_pid(int& pid, int grace_ms) {
    if (pid <= 0) return;
    ::kill(pid, SIGTERM);
    for (int i = 0; i < grace_ms / 50 && ::kill(pid, 0) == 0; ++i) {
        ::waitpid(pid, nullptr, WNOHANG);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (::kill(pid, 0) == 0) ::kill(pid, SIGKILL);
    pid = 0;
}

class AuthzEngine : public ::testing::Test {
  protected:
    static inline std::string skip_;
    static inline fs::path dir_;
    static inline std::string plugin_;
    static inline fs::path spec_;
    static inline int port_ = 0;
    static inline int berth_pid_ = 0;
    static inline int dockerd_pid_ = 0;
    static inline bool created_spec_dir_ = false;

    static std::string berth_bin() {
        if (const char* v = std::getenv("BERTH_BIN"); v != nullptr && *v != '\0') return v;
        return (fs::path(BERTH_BINARY_DIR) / "src" / "berth").string();
    }

    // The docker CLI as `user` over TLS ("" = the unix socket, no identity).
    static RunResult docker(const std::string& user, const std::string& args) {
        const std::string cfg = "DOCKER_CONFIG=" + q(dir_ / "cfg") + " ";
        if (user.empty()) {
            return run_shell(cfg + "docker -H unix://" + (dir_ / "docker.sock").string() + " " +
                             args + " 2>&1");
        }
        return run_shell(cfg + "docker --tlsverify --tlscacert " + q(dir_ / "ca.pem") +
                         " --tlscert " + q(dir_ / (user + ".pem")) + " --tlskey " +
                         q(dir_ / (user + "-key.pem")) +
                         " -H tcp://127.0.0.1:" + std::to_string(port_) + " " + args + " 2>&1");
    }

    // curl as `user` against the engine; output = body, then the status on the last line.
    static RunResult curl(const std::string& user, const std::string& args) {
        return run_shell("curl -s --cacert " + q(dir_ / "ca.pem") + " --cert " +
                         q(dir_ / (user + ".pem")) + " --key " + q(dir_ / (user + "-key.pem")) +
                         " -w '\\n%{http_code}' " + args + " 2>&1");
    }

    static bool make_certs() {
        const std::string d = q(dir_);
        std::string script =
            "set -e; cd " + d +
            "; openssl req -x509 -newkey rsa:2048 -nodes -keyout ca-key.pem -out ca.pem -days 1 "
            "-subj /CN=berth-test-ca"
            "; openssl req -newkey rsa:2048 -nodes -keyout server-key.pem -out server.csr "
            "-subj /CN=localhost"
            "; printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\nextendedKeyUsage=serverAuth\\n' "
            "> server.ext"
            "; openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial "
            "-out server.pem -days 1 -extfile server.ext"
            "; printf 'extendedKeyUsage=clientAuth\\n' > client.ext";
        for (const char* u : {"alice", "bob", "mallory"}) {
            const std::string n = u;
            script += "; openssl req -newkey rsa:2048 -nodes -keyout " + n + "-key.pem -out " + n +
                      ".csr -subj /CN=" + n + "; openssl x509 -req -in " + n +
                      ".csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -out " + n +
                      ".pem -days 1 -extfile client.ext";
        }
        return run_shell("(" + script + ") >/dev/null 2>&1").exit_code == 0;
    }

    static bool wait_for(const std::function<bool()>& ready, int ms) {
        for (int i = 0; i < ms / 100; ++i) {
            if (ready()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return false;
    }

    static std::string prerequisites() {
        if (::geteuid() != 0) return "needs root (dockerd)";
        if (::access("/usr/sbin/dockerd", X_OK) != 0)
            return "dockerd missing (apt-get install docker.io)";
        for (const char* tool : {"docker", "openssl", "curl"}) {
            if (run_shell(std::string("command -v ") + tool).exit_code != 0) {
                return std::string(tool) + " missing";
            }
        }
        auto images = fixture_images_dir();
        if (!images || !fs::exists(*images / "minimal.docker.tar")) {
            return "fixture images not built (tests/fixtures/build-images.sh)";
        }
        return {};
    }

    static void start_plugin_and_engine() {
        plugin_ = "berth-e2e-" + std::to_string(::getpid());
        created_spec_dir_ = !fs::exists("/etc/docker/plugins");
        fs::create_directories("/etc/docker/plugins");
        spec_ = fs::path("/etc/docker/plugins") / (plugin_ + ".spec");
        std::ofstream(spec_) << "unix://" << (dir_ / "p.sock").string() << "\n";
        const fs::path policy = fs::path(BERTH_SOURCE_DIR) / "contrib/authz/seed-policy.yaml";
        berth_pid_ =
            start_background(berth_bin() + " authz serve --policy " + q(policy) + " --socket " +
                                 q(dir_ / "p.sock") + " --audit-log " + q(dir_ / "audit.log"),
                             dir_ / "berth.log");
        if (!wait_for([] { return fs::exists(dir_ / "p.sock"); }, 5000)) {
            skip_ = "berth authz serve did not start: " + read_text_file(dir_ / "berth.log");
            return;
        }
        port_ = free_tcp_port();
        dockerd_pid_ = start_background(
            "/usr/sbin/dockerd --data-root " + q(dir_ / "data") + " --exec-root " +
                q(dir_ / "exec") + " --pidfile " + q(dir_ / "docker.pid") + " -H unix://" +
                (dir_ / "docker.sock").string() + " -H tcp://127.0.0.1:" + std::to_string(port_) +
                " --tlsverify --tlscacert " + q(dir_ / "ca.pem") + " --tlscert " +
                q(dir_ / "server.pem") + " --tlskey " + q(dir_ / "server-key.pem") +
                " --authorization-plugin=" + plugin_ +
                " --bridge none --iptables=false --ip6tables=false",
            dir_ / "dockerd.log");
        if (!wait_for(
                [] {
                    return docker("", "version --format '{{.Server.Version}}'").out.find("20.10") !=
                           std::string::npos;
                },
                30000)) {
            skip_ = "dockerd did not start: " + read_text_file(dir_ / "dockerd.log").substr(0, 800);
        }
    }

    static void SetUpTestSuite() {
        skip_ = prerequisites();
        if (!skip_.empty()) return;
        char tmpl[] = "/tmp/baz-XXXXXX";  // short: unix socket paths are limited to 107 bytes
        if (::mkdtemp(tmpl) == nullptr) {
            skip_ = "mkdtemp failed";
            return;
        }
        dir_ = tmpl;
        fs::create_directories(dir_ / "cfg");
        if (!make_certs()) {
            skip_ = "openssl could not make the test certificates";
            return;
        }
        start_plugin_and_engine();
        if (!skip_.empty()) return;
        const auto load = docker("", "load -i " + q(*fixture_images_dir() / "minimal.docker.tar"));
        if (load.out.find("berth/minimal") == std::string::npos) skip_ = "docker load: " + load.out;
    }

    static void TearDownTestSuite() {
        if (dockerd_pid_ > 0)
            docker("", "rm -f $(docker -H unix://" + (dir_ / "docker.sock").string() +
                           " ps -aq) >/dev/null");
        stop_pid(dockerd_pid_, 15000);
        stop_pid(berth_pid_, 3000);
        std::error_code ec;
        if (!spec_.empty()) fs::remove(spec_, ec);
        if (created_spec_dir_) fs::remove("/etc/docker/plugins", ec);
        if (!dir_.empty()) {
            run_shell(
                "grep -o ' " + dir_.string() +
                "[^ ]*' /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null; rm -rf " +
                q(dir_));
        }
    }

    void SetUp() override {
        if (!skip_.empty()) GTEST_SKIP() << skip_;
    }
};

constexpr const char* kImage = "berth/minimal:latest";

TEST_F(AuthzEngine, BobViewsButCannotChange) {
    auto ps = docker("bob", "ps -a");
    EXPECT_EQ(ps.exit_code, 0) << ps.out;
    EXPECT_NE(ps.out.find("CONTAINER ID"), std::string::npos) << ps.out;
    auto images = docker("bob", "images");
    EXPECT_EQ(images.exit_code, 0) << images.out;
    auto create = docker("bob", std::string("create --network none ") + kImage + " true");
    EXPECT_NE(create.exit_code, 0) << create.out;
    EXPECT_NE(create.out.find("authorization denied by plugin " + plugin_), std::string::npos)
        << create.out;
    EXPECT_NE(create.out.find("authz/role"), std::string::npos) << create.out;
    auto made =
        docker("alice", std::string("create --network none --name for-bob ") + kImage + " true");
    ASSERT_EQ(made.exit_code, 0) << made.out;
    auto rm = docker("bob", "rm for-bob");
    EXPECT_NE(rm.exit_code, 0) << rm.out;
    auto exec_logs = docker("bob", "logs for-bob");
    EXPECT_NE(exec_logs.exit_code, 0) << exec_logs.out;
    EXPECT_EQ(docker("alice", "rm for-bob").exit_code, 0);
}

TEST_F(AuthzEngine, AliceCreatesStartsAndRemovesButNotPrivileged) {
    auto create =
        docker("alice", std::string("create --network none --name a1 ") + kImage + " true");
    ASSERT_EQ(create.exit_code, 0) << create.out;
    auto start = docker("alice", "start a1");
    EXPECT_EQ(start.exit_code, 0) << start.out;
    auto priv =
        docker("alice", std::string("create --network none --privileged ") + kImage + " true");
    EXPECT_NE(priv.exit_code, 0) << priv.out;
    EXPECT_NE(priv.out.find("runtime/RT001"), std::string::npos) << priv.out;
    auto hostpid =
        docker("alice", std::string("run --rm --network none --pid host ") + kImage + " true");
    EXPECT_NE(hostpid.exit_code, 0) << hostpid.out;
    EXPECT_NE(hostpid.out.find("runtime/RT010"), std::string::npos) << hostpid.out;
    auto sock = docker("alice", "create --network none -v /run/docker/plugins:/p " +
                                    std::string(kImage) + " true");
    EXPECT_NE(sock.exit_code, 0) << sock.out;
    auto rm = docker("alice", "rm -f a1");
    EXPECT_EQ(rm.exit_code, 0) << rm.out;
    auto unknown = docker("mallory", "ps");
    EXPECT_NE(unknown.exit_code, 0) << unknown.out;
    EXPECT_NE(unknown.out.find("authz/identity"), std::string::npos) << unknown.out;
}

TEST_F(AuthzEngine, BypassesThroughTheEngineAreDenied) {
    const std::string url = "https://127.0.0.1:" + std::to_string(port_);
    const std::string priv =
        std::string(R"({"Image":")") + kImage + R"(","HostConfig":{"Privileged":true}})";
    // CVE-2024-41110: before the fix a chunked body reached dockerd's handler but not the
    // plugin (berth: authz/missing-body); Debian's 20.10.24+dfsg1-1+deb12u1 forwards it (the
    // fix is backported), so the runtime rule sees it. Denied either way.
    auto chunked = curl("alice",
                        "-X POST -H 'Content-Type: application/json' -H "
                        "'Transfer-Encoding: chunked' --data-binary '" +
                            priv + "' " + url + "/v1.41/containers/create");
    EXPECT_EQ(chunked.out.substr(chunked.out.rfind('\n') + 1), "403") << chunked.out;
    EXPECT_TRUE(chunked.out.find("authz/missing-body") != std::string::npos ||
                chunked.out.find("runtime/RT001") != std::string::npos)
        << chunked.out;
    // Path confusion: an encoded '/' routes to containers/create all the same.
    auto encoded =
        curl("bob", "-X POST -H 'Content-Type: application/json' --data-binary '{\"Image\":\"" +
                        std::string(kImage) + "\"}' " + url + "/v1.41/containers%2Fcreate");
    EXPECT_NE(encoded.out.substr(encoded.out.rfind('\n') + 1), "201") << encoded.out;
    EXPECT_EQ(encoded.out.find("\"Id\""), std::string::npos) << encoded.out;
    // A JSON body declared as text: dockerd refuses it or berth does; never created.
    auto text = curl("alice", "-X POST -H 'Content-Type: text/plain' --data-binary '" + priv +
                                  "' " + url + "/v1.41/containers/create");
    EXPECT_EQ(text.out.find("\"Id\""), std::string::npos) << text.out;
    // Plugin management by a non-admin.
    auto plugin = curl("alice", "-X POST " + url + "/v1.41/plugins/" + plugin_ + "/disable");
    EXPECT_EQ(plugin.out.substr(plugin.out.rfind('\n') + 1), "403") << plugin.out;
    // The engine's state: no privileged container was made.
    auto all = docker("", "inspect -f '{{.HostConfig.Privileged}}' $(docker -H unix://" +
                              (dir_ / "docker.sock").string() + " ps -aq) 2>/dev/null");
    EXPECT_EQ(all.out.find("true"), std::string::npos) << all.out;
}

TEST_F(AuthzEngine, AuditLogHasOneLinePerDecision) {
    docker("bob", "ps");
    docker("bob", std::string("create ") + kImage);
    const std::string log = read_text_file(dir_ / "audit.log");
    int bob_allow = 0, bob_deny = 0;
    std::size_t pos = 0;
    while (pos < log.size()) {
        const auto end = log.find('\n', pos);
        const json line = json::parse(log.substr(pos, end - pos), nullptr, false);
        pos = end == std::string::npos ? log.size() : end + 1;
        if (line.is_discarded() || !line.contains("user") || line["user"] != "bob") continue;
        if (line["decision"] == "allow") ++bob_allow;
        if (line["decision"] == "deny") ++bob_deny;
        EXPECT_TRUE(line.contains("time") && line.contains("method") && line.contains("path") &&
                    line.contains("rule") && line.contains("reason"))
            << line.dump();
    }
    EXPECT_GT(bob_allow, 0) << log;
    EXPECT_GT(bob_deny, 0) << log;
}

// Requests a hostile or buggy engine could send straight to the plugin socket.
TEST_F(AuthzEngine, StraightToThePluginSocket) {
    const std::string sock = (dir_ / "p.sock").string();
    auto post = [&](const std::string& body) {
        std::ofstream(dir_ / "req.json") << body;
        auto r = run_shell("curl -s --unix-socket " + q(sock) +
                           " -H 'Content-Type: application/json' --data-binary @" +
                           q(dir_ / "req.json") + " http://plugin/AuthZPlugin.AuthZReq");
        return json::parse(r.out, nullptr, false);
    };
    const std::string big(1500000, 'A');  // 1.1 MB decoded: over max-body
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"missing_body",
         R"({"User":"alice","RequestMethod":"POST","RequestUri":"/v1.41/containers/create","RequestHeaders":{"Content-Type":"application/json","Content-Length":"0"}})"},
        {"chunked",
         R"({"User":"alice","RequestMethod":"POST","RequestUri":"/v1.41/containers/create","RequestHeaders":{"Content-Type":"application/json","Transfer-Encoding":"chunked"}})"},
        {"content_length_0_with_body",
         R"({"User":"alice","RequestMethod":"POST","RequestUri":"/v1.41/containers/create","RequestHeaders":{"Content-Length":"0"}})"},
        {"oversized",
         R"({"User":"alice","RequestMethod":"POST","RequestUri":"/v1.41/containers/create","RequestBody":")" +
             big + R"(","RequestHeaders":{"Content-Type":"application/json"}})"},
        {"path_confusion",
         R"({"User":"bob","RequestMethod":"POST","RequestUri":"/v1.41//containers%2Fcreate/","RequestBody":"e30=","RequestHeaders":{"Content-Type":"application/json"}})"},
        {"malformed_body",
         R"({"User":"alice","RequestMethod":"POST","RequestUri":"/v1.41/containers/create","RequestBody":"e3g=","RequestHeaders":{"Content-Type":"application/json"}})"},
    };
    for (const auto& [name, body] : cases) {
        const json reply = post(body);
        ASSERT_FALSE(reply.is_discarded()) << name;
        EXPECT_EQ(reply["Allow"], false) << name << ": " << reply.dump();
    }
}

}  // namespace
}  // namespace berth::test

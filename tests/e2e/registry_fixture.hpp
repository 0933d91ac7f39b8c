// SPDX-License-Identifier: Apache-2.0
// Real servers for the registry tests (registry_test.cpp, image_sign_test.cpp): Debian's
// docker-registry on 127.0.0.1 at a free port (no auth, htpasswd bcrypt, or Bearer tokens from
// tests/e2e/registry/token_server.py), background services killed by pid, and port helpers.
#pragma once

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "test_support.hpp"

namespace berth::test::registry_fixture {

namespace fs = std::filesystem;

inline const fs::path kHelpers = fs::path(BERTH_SOURCE_DIR) / "tests" / "e2e" / "registry";

inline std::string berth_bin() {
    if (const char* v = std::getenv("BERTH_BIN"); v != nullptr && *v != '\0') return v;
    return (fs::path(BERTH_BINARY_DIR) / "src" / "berth").string();
}

inline bool port_open(int port) {
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    bool ok = ::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(s);
    return ok;
}

// A background process started through the shell; killed (by its pid) when destroyed.
class Service {
  public:
    Service(const std::string& command, const fs::path& log, int grace_ms = 1000)
        : grace_ms_(grace_ms) {
        auto r = run_shell(command + " >'" + log.string() + "' 2>&1 & echo $!");
        pid_ = std::atoi(r.out.c_str());
    }
    ~Service() { stop(); }
    Service(const Service&) = delete;
    Service& operator=(const Service&) = delete;
    void stop() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGTERM);
        for (int i = 0;
             i < grace_ms_ / 50 && ::waitpid(pid_, nullptr, WNOHANG) == 0 && ::kill(pid_, 0) == 0;
             ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        ::kill(pid_, SIGKILL);
        pid_ = 0;
    }
    [[nodiscard]] int pid() const { return pid_; }

  private:
    int pid_ = 0;
    int grace_ms_;
};

inline bool wait_port(int port) {
    for (int i = 0; i < 200; ++i) {
        if (port_open(port)) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

enum class Auth { None, Htpasswd, Token };

inline constexpr const char* kUser = "alice";
inline constexpr const char* kPassword = "s3cret-pw";

// A docker-registry on 127.0.0.1 at a free port, storage in a temp dir.
class Registry {
  public:
    explicit Registry(Auth auth) : dir_(temp_dir("berth-registry")), port_(free_tcp_port()) {
        std::ofstream cfg(dir_ / "config.yml");
        cfg << "version: 0.1\nlog: {level: info}\nstorage:\n  filesystem: {rootdirectory: "
            << (dir_ / "data").string()
            << "}\n  delete: {enabled: true}\nhttp:\n  addr: 127.0.0.1:" << port_ << "\n";
        if (auth == Auth::Htpasswd) {
            run_shell("htpasswd -Bbc '" + (dir_ / "htpasswd").string() + "' " + kUser + " " +
                      kPassword);
            cfg << "auth:\n  htpasswd:\n    realm: berth-test\n    path: "
                << (dir_ / "htpasswd").string() << "\n";
        }
        if (auth == Auth::Token) {
            run_shell("openssl req -x509 -newkey rsa:2048 -nodes -keyout '" +
                      (dir_ / "key.pem").string() + "' -out '" + (dir_ / "cert.pem").string() +
                      "' -days 1 -subj /CN=berth-token 2>/dev/null");
            token_port_ = free_tcp_port();
            token_ = std::make_unique<Service>(
                "exec python3 '" + (kHelpers / "token_server.py").string() + "' " +
                    std::to_string(token_port_) + " '" + (dir_ / "key.pem").string() +
                    "' berth-test-issuer " + kUser + ":" + kPassword,
                dir_ / "token.log");
            cfg << "auth:\n  token:\n    realm: http://127.0.0.1:" << token_port_
                << "/token\n    service: berth-test-registry\n    issuer: berth-test-issuer\n"
                << "    rootcertbundle: " << (dir_ / "cert.pem").string() << "\n";
        }
        cfg.close();
        start();
    }
    void start() {
        server_ = std::make_unique<Service>(
            "exec docker-registry serve '" + (dir_ / "config.yml").string() + "'",
            dir_ / "registry.log");
        ready_ = wait_port(port_) && (token_port_ == 0 || wait_port(token_port_));
    }
    [[nodiscard]] bool ready() const { return ready_; }
    [[nodiscard]] int port() const { return port_; }
    [[nodiscard]] int pid() const { return server_->pid(); }
    [[nodiscard]] const fs::path& dir() const { return dir_; }
    [[nodiscard]] std::string host() const { return "127.0.0.1:" + std::to_string(port_); }
    // Pushes oci:LAYOUT:TAG (or any skopeo source) to host/NAME.
    bool push(const std::string& source, const std::string& name, bool all = false) const {
        std::string creds = token_port_ != 0 || fs::exists(dir_ / "htpasswd")
                                ? std::string(" --dest-creds ") + kUser + ":" + kPassword
                                : "";
        auto r = run_shell("skopeo copy -q --dest-tls-verify=false" + creds +
                           (all ? " --all " : " ") + source + " docker://" + host() + "/" + name);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return r.exit_code == 0;
    }
    // Requests for blobs the registry served (its access log lines).
    [[nodiscard]] int blob_gets() const {
        // The access-log line: 127.0.0.1 - - [date] "GET /v2/NAME/blobs/sha256:… HTTP/1.1" 200 …
        auto r = run_shell("grep -c '\"GET /v2/[^ ]*/blobs/' '" + (dir_ / "registry.log").string() +
                           "' || true");
        return std::atoi(r.out.c_str());
    }

  private:
    fs::path dir_;
    int port_;
    int token_port_ = 0;
    std::unique_ptr<Service> token_;
    std::unique_ptr<Service> server_;
    bool ready_ = false;
};

}  // namespace berth::test::registry_fixture

// SPDX-License-Identifier: Apache-2.0
// The plugin server over a real unix socket with a raw HTTP/1.1 client: activation, decisions,
// errors as non-200, size limits, keep-alive, the audit log and its rotation, atomic reload;
// then the native dockerd capture replayed byte for byte (shared data).
#include "authz/server.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "test_support.hpp"

namespace berth::authz {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct HttpAnswer {
    int status = 0;
    std::string body;
};

// A connected unix socket, closed when destroyed.
class Conn {
  public:
    explicit Conn(const std::string& path) : fd_(::socket(AF_UNIX, SOCK_STREAM, 0)) {
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        path.copy(a.sun_path, sizeof a.sun_path - 1);
        if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }
    ~Conn() {
        if (fd_ >= 0) ::close(fd_);
    }
    Conn(const Conn&) = delete;
    Conn& operator=(const Conn&) = delete;
    [[nodiscard]] bool ok() const { return fd_ >= 0; }
    void send_raw(const std::string& bytes) const {
        std::size_t off = 0;
        while (off < bytes.size()) {
            const auto n = ::write(fd_, bytes.data() + off, bytes.size() - off);
            if (n <= 0) return;
            off += static_cast<std::size_t>(n);
        }
    }
    // Reads one response (Content-Length framed).
    HttpAnswer read_answer() {
        HttpAnswer a;
        char buf[65536];
        while (true) {
            const auto head_end = in_.find("\r\n\r\n");
            if (head_end != std::string::npos) {
                const auto cl = in_.find("Content-Length: ");
                const std::size_t len =
                    cl == std::string::npos || cl > head_end ? 0 : std::stoul(in_.substr(cl + 16));
                if (in_.size() >= head_end + 4 + len) {
                    a.status = std::stoi(in_.substr(9, 3));
                    a.body = in_.substr(head_end + 4, len);
                    in_.erase(0, head_end + 4 + len);
                    return a;
                }
            }
            const auto n = ::read(fd_, buf, sizeof buf);
            if (n <= 0) return a;
            in_.append(buf, static_cast<std::size_t>(n));
        }
    }
    HttpAnswer post(const std::string& target, const std::string& body) {
        send_raw("POST " + target +
                 " HTTP/1.1\r\nHost: \r\nAccept: application/vnd.docker.plugins.v1.2+json\r\n"
                 "Content-Length: " +
                 std::to_string(body.size()) + "\r\n\r\n" + body);
        return read_answer();
    }

  private:
    int fd_;
    std::string in_;
};

constexpr const char* kPolicy =
    "anonymous: admin\n"
    "users: {alice: [operator], bob: [read-only]}\n";

class AuthzServer : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = test::temp_dir("azs");
        socket_ = (dir_ / "p.sock").string();
        policy_ = (dir_ / "policy.yaml").string();
        std::ofstream(policy_) << kPolicy;
        auto log = AuditLog::open((dir_ / "audit.log").string(), 600);
        ASSERT_TRUE(log.has_value());
        audit_ = std::move(*log);
        auto p = load_policy(policy_);
        ASSERT_TRUE(p.has_value()) << p.error().to_string();
        ServerOptions o;
        o.socket_path = socket_;
        o.policy_path = policy_;
        o.threads = 2;
        o.max_request = 64 * 1024;
        o.reload_poll = std::chrono::milliseconds(50);
        o.audit = audit_.get();
        server_ = std::make_unique<Server>(o, std::make_shared<const Policy>(std::move(*p)));
        auto s = server_->start();
        ASSERT_TRUE(s.has_value()) << s.error().to_string();
    }
    void TearDown() override { server_.reset(); }

    fs::path dir_;
    std::string socket_, policy_;
    std::unique_ptr<AuditLog> audit_;
    std::unique_ptr<Server> server_;
};

TEST_F(AuthzServer, ActivateDecideAndErrors) {
    Conn c(socket_);
    ASSERT_TRUE(c.ok());
    auto act = c.post("/Plugin.Activate", "");
    EXPECT_EQ(act.status, 200);
    EXPECT_EQ(json::parse(act.body), json::parse(R"({"Implements":["authz"]})"));
    // keep-alive: the same connection answers again
    auto ping = c.post("/AuthZPlugin.AuthZReq",
                       R"({"User":"bob","RequestMethod":"HEAD","RequestUri":"/_ping"})");
    EXPECT_EQ(ping.status, 200);
    EXPECT_EQ(ping.body, R"({"Allow":true})");
    auto create =
        c.post("/AuthZPlugin.AuthZReq",
               R"({"User":"bob","RequestMethod":"POST","RequestUri":"/v1.41/containers/create"})");
    EXPECT_EQ(create.status, 200);
    EXPECT_EQ(json::parse(create.body)["Allow"], false);
    EXPECT_NE(create.body.find("authz/role"), std::string::npos) << create.body;
    auto res = c.post("/AuthZPlugin.AuthZRes", R"({"RequestMethod":"GET","RequestUri":"/x"})");
    EXPECT_EQ(res.body, R"({"Allow":true})");
    auto garbage = c.post("/AuthZPlugin.AuthZReq", "{oops");
    EXPECT_EQ(json::parse(garbage.body)["Allow"], false);
    auto unknown = c.post("/VolumeDriver.Create", "{}");
    EXPECT_EQ(unknown.status, 404);
    EXPECT_TRUE(json::parse(unknown.body).contains("Err"));
    Conn g(socket_);
    g.send_raw("GET /Plugin.Activate HTTP/1.1\r\nHost: \r\n\r\n");
    auto get = g.read_answer();
    EXPECT_EQ(get.status, 405);
}

TEST_F(AuthzServer, OversizedAndMalformedHttpAreRefused) {
    Conn c(socket_);
    auto big = c.post("/AuthZPlugin.AuthZReq", std::string(100 * 1024, ' '));
    EXPECT_EQ(big.status, 413);
    EXPECT_TRUE(json::parse(big.body).contains("Err"));
    Conn bad(socket_);
    bad.send_raw("NOT HTTP AT ALL\r\n\r\n");
    EXPECT_EQ(bad.read_answer().status, 0);  // connection closed, no answer
    // the server still answers others
    Conn again(socket_);
    EXPECT_EQ(again.post("/Plugin.Activate", "").status, 200);
}

TEST_F(AuthzServer, ChunkedPluginRequestIsRead) {
    Conn c(socket_);
    const std::string body = R"({"User":"bob","RequestMethod":"GET","RequestUri":"/v1.41/info"})";
    char len[16];
    std::snprintf(len, sizeof len, "%zx", body.size());
    c.send_raw(
        "POST /AuthZPlugin.AuthZReq HTTP/1.1\r\nHost: \r\nTransfer-Encoding: chunked\r\n\r\n" +
        std::string(len) + "\r\n" + body + "\r\n0\r\n\r\n");
    auto a = c.read_answer();
    EXPECT_EQ(a.status, 200);
    EXPECT_EQ(a.body, R"({"Allow":true})");
}

TEST_F(AuthzServer, AuditLogLinesAndRotation) {
    Conn c(socket_);
    for (int i = 0; i < 8; ++i) {
        c.post("/AuthZPlugin.AuthZReq",
               R"({"User":"bob","RequestMethod":"DELETE","RequestUri":"/v1.41/containers/x"})");
    }
    ASSERT_TRUE(fs::exists(dir_ / "audit.log.1"));  // 600-byte limit → rotated
    const std::string text = test::read_text_file(dir_ / "audit.log");
    const std::string first = text.substr(0, text.find('\n'));
    json line = json::parse(first);
    EXPECT_EQ(line["user"], "bob");
    EXPECT_EQ(line["method"], "DELETE");
    EXPECT_EQ(line["path"], "/containers/x");
    EXPECT_EQ(line["decision"], "deny");
    EXPECT_EQ(line["rule"], "authz/role");
    EXPECT_FALSE(line["reason"].get<std::string>().empty());
    EXPECT_EQ(line["time"].get<std::string>().size(), 24U);  // 2026-12-07T18:00:00.123Z
    EXPECT_LE(fs::file_size(dir_ / "audit.log"), 600U);
}

TEST_F(AuthzServer, ReloadIsAtomicAndKeepsTheOldPolicyOnError) {
    const std::string req =
        R"({"User":"bob","RequestMethod":"POST","RequestUri":"/v1.41/containers/x/start"})";
    Conn c(socket_);
    EXPECT_EQ(json::parse(c.post("/AuthZPlugin.AuthZReq", req).body)["Allow"], false);
    std::ofstream(policy_) << "users: {bob: [operator]}\n";
    bool switched = false;
    for (int i = 0; i < 100 && !switched; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        switched = json::parse(c.post("/AuthZPlugin.AuthZReq", req).body)["Allow"] == true;
    }
    EXPECT_TRUE(switched) << "policy file change not picked up";
    std::ofstream(policy_) << "users: {bob: [no-such-role]}\nthis is: [broken\n";
    auto r = server_->reload();
    EXPECT_FALSE(r.has_value());
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    EXPECT_EQ(json::parse(c.post("/AuthZPlugin.AuthZReq", req).body)["Allow"], true);
    EXPECT_EQ(server_->policy()->users.at("bob"), std::vector<std::string>{"operator"});
    const std::string log =
        test::read_text_file(dir_ / "audit.log") + (fs::exists(dir_ / "audit.log.1")
                                                        ? test::read_text_file(dir_ / "audit.log.1")
                                                        : std::string());
    EXPECT_NE(log.find(R"("event":"reload")"), std::string::npos);
}

TEST_F(AuthzServer, ConcurrentClients) {
    std::vector<std::thread> ts;
    std::atomic<int> allowed{0};
    for (int t = 0; t < 4; ++t) {
        ts.emplace_back([&] {
            Conn c(socket_);
            for (int i = 0; i < 50; ++i) {
                auto a = c.post(
                    "/AuthZPlugin.AuthZReq",
                    R"({"User":"bob","RequestMethod":"GET","RequestUri":"/v1.41/containers/json"})");
                if (a.body == R"({"Allow":true})") ++allowed;
            }
        });
    }
    for (auto& t : ts) t.join();
    EXPECT_EQ(allowed.load(), 200);
}

// The native capture's plugin requests sent as dockerd sent them (headers file + body), the
// replies compared with the capture's where the capturing plugin allowed: berth with an
// anonymous admin allows every request the capture shows allowed.
TEST_F(AuthzServer, ReplaysTheNativeCaptureOverTheSocket) {
    auto data = test::shared_data_dir();
    if (!data) GTEST_SKIP() << "shared data absent: authz/native-dockerd-20.10.24";
    const fs::path root = *data / "authz/native-dockerd-20.10.24";
    if (!fs::exists(root)) GTEST_SKIP() << "capture absent";
    int sent = 0;
    for (const auto& session : {"session1-setup", "session2-scenarios"}) {
        for (const auto& e : fs::directory_iterator(root / session)) {
            const std::string name = e.path().filename().string();
            if (name.size() < 14 || name.substr(name.size() - 13) != ".request.json") continue;
            const std::string stem = name.substr(0, name.size() - 13);
            const std::string target = "/" + stem.substr(stem.find('-') + 1);
            const std::string body = test::read_text_file(e.path());
            Conn c(socket_);
            auto a = c.post(target, body);
            ++sent;
            ASSERT_EQ(a.status, 200) << name << ": " << a.body;
            const auto want = json::parse(
                test::read_text_file(root / session / (stem + ".response.json")), nullptr, false);
            if (!want.is_discarded() && want.value("Allow", false)) {
                EXPECT_EQ(json::parse(a.body)["Allow"], true) << name << ": " << a.body;
            }
        }
    }
    EXPECT_GT(sent, 250);  // 21 + 235 plugin calls in the two sessions
}

}  // namespace
}  // namespace berth::authz

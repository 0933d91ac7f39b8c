// SPDX-License-Identifier: Apache-2.0
// The Engine client over a real unix socket: a one-shot HTTP server in a thread answers with
// canned Engine API responses; an absent or dead socket gives an error naming its path.
#include "engine/client.hpp"

#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "engine/models.hpp"
#include "test_support.hpp"

namespace berth::engine {
namespace {

namespace fs = std::filesystem;

Endpoint socket_endpoint(const fs::path& sock) {
    auto ep = resolve_endpoint({"unix://" + sock.string(), "", {}});
    EXPECT_TRUE(ep.has_value());
    return *ep;
}

// Listens on `path`; answers one request with `response` and records the request head.
class OneShotServer {
  public:
    OneShotServer(const fs::path& path, std::string response) : response_(std::move(response)) {
        fd_ = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
        EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
        EXPECT_EQ(::listen(fd_, 1), 0);
        thread_ = std::thread([this] { serve(); });
    }
    ~OneShotServer() {
        if (thread_.joinable()) thread_.join();
        ::close(fd_);
    }
    OneShotServer(const OneShotServer&) = delete;
    OneShotServer& operator=(const OneShotServer&) = delete;

    const std::string& request() {
        if (thread_.joinable()) thread_.join();
        return request_;
    }

  private:
    void serve() {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, 10'000) != 1) return;  // the client never came: do not hang the test
        const int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) return;
        char buf[4096];
        while (request_.find("\r\n\r\n") == std::string::npos) {
            const ssize_t n = ::read(c, buf, sizeof buf);
            if (n <= 0) break;
            request_.append(buf, static_cast<std::size_t>(n));
        }
        (void)!::write(c, response_.data(), response_.size());
        ::close(c);
    }

    int fd_ = -1;
    std::string response_;
    std::string request_;
    std::thread thread_;
};

std::string http(int status, const std::string& body) {
    return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: application/json\r\n" +
           "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
           body;
}

TEST(EngineClient, AbsentSocketNamesThePath) {
    const fs::path sock = test::temp_dir("berth-engine") / "absent.sock";
    const Client docker(socket_endpoint(sock));
    auto r = docker.get("/version");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::Io);
    EXPECT_EQ(r.error().message, "cannot connect to the Docker daemon at unix://" + sock.string() +
                                     ": No such file or directory");
    EXPECT_TRUE(r.error().where.empty()) << r.error().where;  // the message says it
}

TEST(EngineClient, DeadSocketNamesThePath) {
    // A socket file nobody listens on, and a regular file: both refuse the connection.
    const fs::path dir = test::temp_dir("berth-engine");
    const fs::path sock = dir / "dead.sock";
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", sock.c_str());
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    ::close(fd);
    std::ofstream(dir / "file.sock") << "x";
    for (const fs::path& p : {sock, dir / "file.sock"}) {
        auto r = Client(socket_endpoint(p)).get("/info");
        ASSERT_FALSE(r.has_value()) << p;
        EXPECT_EQ(r.error().message, "cannot connect to the Docker daemon at unix://" + p.string() +
                                         ": Connection refused");
    }
}

TEST(EngineClient, TcpRefusalNamesTheHost) {
    // Port 1 on localhost: nothing listens there on a test machine.
    const Client docker(*resolve_endpoint({"tcp://127.0.0.1:1", "", {}}));
    auto r = docker.get("/version");
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::Io);
    EXPECT_EQ(
        r.error().message.rfind("cannot connect to the Docker daemon at tcp://127.0.0.1:1: ", 0),
        0U)
        << r.error().message;
}

TEST(EngineClient, GetReturnsTheBodyOverTheSocket) {
    const fs::path sock = test::temp_dir("berth-engine") / "d.sock";
    const std::string body = R"({"Version":"20.10.24+dfsg1","ApiVersion":"1.41"})";
    OneShotServer server(sock, http(200, body));
    const Client docker(socket_endpoint(sock));
    auto r = docker.get("/version");
    ASSERT_TRUE(r.has_value()) << r.error().to_string();
    EXPECT_EQ(*r, body);
    EXPECT_EQ(server.request().rfind("GET /version HTTP/1.1\r\n", 0), 0U) << server.request();
    auto v = parse_version(*r, docker.where("/version"));
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(v->server_version, "20.10.24+dfsg1");
}

TEST(EngineClient, StatusesBecomeErrorsWithTheDaemonsMessage) {
    struct StatusCase {
        int status;
        std::string body;
        ErrorCode code;
        std::string message;
    };
    const StatusCase cases[] = {
        {404, R"({"message":"No such image: nope:latest"})", ErrorCode::NotFound,
         "Engine API answered HTTP 404: No such image: nope:latest"},
        {500, R"({"message":"authorization denied by plugin authzlog: no"})", ErrorCode::Io,
         "Engine API answered HTTP 500: authorization denied by plugin authzlog: no"},
        {403, "plain text", ErrorCode::Io, "Engine API answered HTTP 403: plain text"},
    };
    for (const auto& c : cases) {
        const fs::path sock = test::temp_dir("berth-engine") / "s.sock";
        OneShotServer server(sock, http(c.status, c.body));
        const Client docker(socket_endpoint(sock));
        auto r = docker.get("/images/nope/json");
        ASSERT_FALSE(r.has_value()) << c.status;
        EXPECT_EQ(r.error().code, c.code) << c.status;
        EXPECT_EQ(r.error().message, c.message);
        EXPECT_EQ(r.error().where, "unix://" + sock.string() + "/images/nope/json");
    }
}

TEST(EngineClient, OpenStreamsTheBody) {
    const fs::path sock = test::temp_dir("berth-engine") / "o.sock";
    OneShotServer server(sock, http(200, "tar bytes"));
    auto s = Client(socket_endpoint(sock)).open("/v1.41/images/x/get");
    ASSERT_TRUE(s.has_value()) << s.error().to_string();
    auto all = read_all(**s, 1024, "x");
    ASSERT_TRUE(all.has_value());
    EXPECT_EQ(*all, "tar bytes");
}

TEST(EngineClient, RequestCarriesTlsOnlyForTls) {
    Endpoint tls;
    tls.host = "tcp://h:2376";
    tls.base_url = "https://h:2376";
    tls.tls = true;
    tls.verify_tls = false;
    tls.ca_file = "/c/ca.pem";
    tls.cert_file = "/c/cert.pem";
    tls.key_file = "/c/key.pem";
    auto r = Client(tls).request("/v1.41/info");
    EXPECT_EQ(r.url, "https://h:2376/v1.41/info");
    EXPECT_FALSE(r.verify_tls);
    EXPECT_EQ(r.ca_file, "/c/ca.pem");
    EXPECT_EQ(r.key_file, "/c/key.pem");
    EXPECT_TRUE(r.unix_socket.empty());
    Endpoint plain = tls;
    plain.tls = false;
    plain.base_url = "http://h:2376";
    auto p = Client(plain).request("/info");
    EXPECT_TRUE(p.verify_tls);
    EXPECT_TRUE(p.ca_file.empty());
    EXPECT_TRUE(p.cert_file.empty());
}

}  // namespace
}  // namespace berth::engine

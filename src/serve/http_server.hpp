// SPDX-License-Identifier: Apache-2.0
// The HTTP/1.1 listener of `berth serve`: Boost.Beast on a TCP socket, a few threads running one
// io_context, one session per connection. Every request is read with a header limit, a body
// limit and an idle timeout before the handler sees it; the handler is a plain function of
// the whole request, so routes are tested without a socket (service_test.cpp).
//
//   body over max_body (Content-Length or chunked)  → 413 {"error":"request body over … bytes"}
//   header over 16 KiB, garbage, timeout             → connection closed
//   handler throws                                   → 500 {"error":"internal error: …"}
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace berth::serve {

/// One request as the handler sees it.
struct Request {
    std::string method;  ///< "GET", "POST", …
    std::string target;  ///< path and query as sent: "/api/v1/images?x=1"
    std::vector<std::pair<std::string, std::string>> headers;  ///< names lower-cased
    std::string body;

    /// The first header called `name` (lower-case), or "".
    [[nodiscard]] std::string header(std::string_view name) const;
    /// The path without the query.
    [[nodiscard]] std::string path() const;
    /// The value of query parameter `key` (not percent-decoded), or "".
    [[nodiscard]] std::string query(std::string_view key) const;
};

/// One answer.
struct Response {
    unsigned status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  ///< extra headers
};

/// {"error": message} with `status`.
Response error_response(unsigned status, std::string_view message);

using Handler = std::function<Response(const Request&)>;

struct HttpOptions {
    std::string listen = "127.0.0.1:8080";  ///< HOST:PORT; port 0 picks a free one
    unsigned threads = 2;
    std::size_t max_body = std::size_t{1} << 20U;  ///< larger bodies get 413
    std::chrono::milliseconds idle_timeout{30'000};
};

/// "127.0.0.1:8080", "[::1]:80", ":8080" (all interfaces) → host and port.
/// Errors: InvalidArgument naming the value.
Result<std::pair<std::string, unsigned short>> parse_listen(std::string_view text);

/// The running listener.
class HttpServer {
  public:
    HttpServer(HttpOptions options, Handler handler);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// Binds and starts the threads. Errors: InvalidArgument (bad address), Io (cannot bind).
    Status start();
    /// The port bound (useful with port 0).
    [[nodiscard]] unsigned short port() const;
    /// Stops accepting and ends the threads; idempotent.
    void stop();
    /// Blocks until stop() (or SIGINT/SIGTERM when `handle_signals`).
    void wait(bool handle_signals);

    struct Impl;  ///< the Asio state (http_server.cpp)

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace berth::serve

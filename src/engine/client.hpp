// SPDX-License-Identifier: Apache-2.0
// The one Docker Engine API client: requests to a resolved Endpoint (endpoint.hpp) through the
// one HTTP client (net/http.hpp), over a unix socket or tcp (optionally TLS). Used by the
// docker-daemon: image source and by `berth audit host`.
//
//   auto ep = engine::resolve_endpoint_from_env();
//   engine::Client docker(*ep);
//   auto body = docker.get("/version");   // 200 → the body; else an Error naming the daemon
//   auto v = engine::parse_version(*body, docker.where("/version"));
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "engine/endpoint.hpp"
#include "net/http.hpp"

namespace berth::engine {

/// The API version berth asks for when it pins one ("/v1.41/…": Docker 20.10, Podman 3+).
inline constexpr std::string_view kApiVersion = "/v1.41";

/// Requests to one Engine. Cheap to copy; holds no connection.
class Client {
  public:
    explicit Client(Endpoint endpoint);

    [[nodiscard]] const Endpoint& endpoint() const { return endpoint_; }

    /// "unix:///var/run/docker.sock/info": where to say an answer of `path` came from.
    [[nodiscard]] std::string where(std::string_view path) const;

    /// The HTTP request for `path` ("/info", "/v1.41/images/x/json"): URL, socket, TLS files.
    [[nodiscard]] net::HttpRequest request(std::string_view path) const;

    /// GET `path` and return the body of a 2xx answer (at most `max_body` bytes). One try: an
    /// absent daemon is reported at once. Errors: Io "cannot connect to the Docker daemon at
    /// HOST: REASON" when it cannot be reached; NotFound for 404 and Io for other statuses,
    /// with the daemon's message; LimitExceeded past `max_body`.
    [[nodiscard]] Result<std::string> get(std::string_view path,
                                          std::uint64_t max_body = 64ULL << 20U) const;

    /// GET `path` streamed (image exports). A non-2xx answer is an error as in get(); the
    /// stream's read() reports a connection lost mid-body as Truncated.
    [[nodiscard]] Result<std::unique_ptr<ByteStream>> open(std::string_view path) const;

  private:
    [[nodiscard]] Error transport_error(const Error& e) const;
    [[nodiscard]] Error status_error(long status, std::string_view body,
                                     std::string_view path) const;

    Endpoint endpoint_;
};

}  // namespace berth::engine

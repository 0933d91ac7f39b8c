// SPDX-License-Identifier: Apache-2.0
#include "audit/collect/engine_client.hpp"

#include "net/http.hpp"

namespace berth::audit {
namespace {

constexpr std::size_t kMaxBody = 64U << 20U;

}  // namespace

Result<Endpoint> parse_endpoint(std::string_view url, const std::string& cert_dir) {
    Endpoint e;
    e.url = std::string(url);
    if (url.substr(0, 7) == "unix://") {
        e.unix_path = std::string(url.substr(7));
        if (e.unix_path.empty())
            return fail(ErrorCode::InvalidArgument, "unix:// endpoint without a path", e.url);
        e.base = "http://localhost";
        return e;
    }
    if (url.substr(0, 6) == "tcp://") {
        std::string hostport(url.substr(6));
        if (hostport.empty())
            return fail(ErrorCode::InvalidArgument, "tcp:// endpoint without a host", e.url);
        e.cert_dir = cert_dir;
        e.base = (cert_dir.empty() ? "http://" : "https://") + hostport;
        return e;
    }
    return fail(ErrorCode::InvalidArgument, "Docker host must be unix://PATH or tcp://HOST:PORT",
                e.url);
}

Result<std::string> engine_get(const Endpoint& endpoint, const std::string& path) {
    net::HttpRequest req;
    req.url = endpoint.base + path;
    req.unix_socket = endpoint.unix_path;
    if (!endpoint.cert_dir.empty()) {
        req.ca_file = endpoint.cert_dir + "/ca.pem";
        req.cert_file = endpoint.cert_dir + "/cert.pem";
        req.key_file = endpoint.cert_dir + "/key.pem";
    }
    // One try: an absent daemon should be reported at once, not after backoff.
    auto r = net::http_fetch(req, kMaxBody, net::RetryPolicy{.attempts = 1});
    if (!r) {
        if (r.error().code == ErrorCode::LimitExceeded) {
            return fail(ErrorCode::LimitExceeded, "Engine API response larger than 64 MiB", endpoint.url + path);
        }
        return fail(ErrorCode::Io, "cannot reach the Docker daemon: " + r.error().message, endpoint.url);
    }
    if (r->status != 200) {
        return fail(ErrorCode::Format,
                    "Engine API answered HTTP " + std::to_string(r->status) + ": " + r->body.substr(0, 300),
                    endpoint.url + path);
    }
    return std::move(r->body);
}

}  // namespace berth::audit

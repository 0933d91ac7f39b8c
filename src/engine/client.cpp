// SPDX-License-Identifier: Apache-2.0
#include "engine/client.hpp"

#include "engine/models.hpp"

namespace berth::engine {
namespace {

// Transient failures are not worth a retry against a local daemon: an absent socket stays
// absent, and a 5xx from dockerd is an answer, not a hiccup.
constexpr net::RetryPolicy kOneTry{.attempts = 1};

}  // namespace

Client::Client(Endpoint endpoint) : endpoint_(std::move(endpoint)) {}

std::string Client::where(std::string_view path) const {
    return endpoint_.host + std::string(path);
}

net::HttpRequest Client::request(std::string_view path) const {
    net::HttpRequest r;
    r.url = endpoint_.base_url + std::string(path);
    r.unix_socket = endpoint_.unix_socket;
    if (endpoint_.tls) {
        r.verify_tls = endpoint_.verify_tls;
        r.ca_file = endpoint_.ca_file;
        r.cert_file = endpoint_.cert_file;
        r.key_file = endpoint_.key_file;
    }
    return r;
}

Error Client::transport_error(const Error& e) const {
    if (e.code == ErrorCode::LimitExceeded) return Error{e.code, e.message, e.where};
    // net/http names a unix socket it cannot reach: "cannot connect to unix:///p: REASON".
    std::string reason = e.message;
    const std::string prefix = "cannot connect to " + endpoint_.host + ": ";
    if (reason.rfind(prefix, 0) == 0) reason.erase(0, prefix.size());
    // The message names the daemon; a `where` repeating it would print it twice.
    return Error{ErrorCode::Io,
                 "cannot connect to the Docker daemon at " + endpoint_.host + ": " + reason, ""};
}

Error Client::status_error(long status, std::string_view body, std::string_view path) const {
    return Error{status == 404 ? ErrorCode::NotFound : ErrorCode::Io,
                 "Engine API answered HTTP " + std::to_string(status) + ": " + error_message(body),
                 where(path)};
}

Result<std::string> Client::get(std::string_view path, std::uint64_t max_body) const {
    auto r = net::http_fetch(request(path), max_body, kOneTry);
    if (!r) return fail(transport_error(r.error()));
    if (r->status < 200 || r->status > 299) return fail(status_error(r->status, r->body, path));
    return std::move(r->body);
}

Result<std::unique_ptr<ByteStream>> Client::open(std::string_view path) const {
    auto s = net::http_open(request(path), kOneTry);
    if (!s) return fail(transport_error(s.error()));
    if (!s->body) return fail(status_error(s->head.status, s->head.body, path));
    return std::move(s->body);
}

}  // namespace berth::engine

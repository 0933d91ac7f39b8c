// SPDX-License-Identifier: Apache-2.0
// A small HTTP client on libcurl for everything berth fetches (registries, the Docker Engine API,
// advisory mirrors): buffered requests for metadata, streamed responses for blobs (handed out as
// a ByteStream, never spooled to disk), retries with backoff on 429/5xx honouring Retry-After,
// TLS verified with the system CA store, redirects from https never followed to http.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "core/stream.hpp"

namespace berth::net {

/// One HTTP request.
struct HttpRequest {
    std::string method = "GET";
    std::string url;                   ///< absolute http:// or https:// URL
    std::vector<std::string> headers;  ///< "Name: value"
    std::string body;                  ///< sent for POST, PUT and PATCH
    std::string unix_socket;           ///< connect through this socket instead of TCP when set
    bool verify_tls = true;            ///< false only for registries the user listed as insecure
    std::string ca_file;               ///< extra CA bundle (Docker TLS: DOCKER_CERT_PATH/ca.pem)
    std::string cert_file;             ///< client certificate (PEM)
    std::string key_file;              ///< client key (PEM)
    bool follow_redirects = true;      ///< blob GETs are redirected to storage by many registries
};

/// Status line, headers and (for buffered requests) the body of a response.
struct HttpResponse {
    long status = 0;
    std::vector<std::pair<std::string, std::string>> headers;  ///< names lower-cased, final hop
    std::string body;

    /// The first header named `name` (lower-case), if any.
    [[nodiscard]] std::optional<std::string> header(std::string_view name) const;
};

/// How transient failures are retried: 429, 5xx and connection errors before any body byte.
struct RetryPolicy {
    int attempts = 4;                                ///< tries in all, first included
    std::chrono::milliseconds initial_backoff{250};  ///< doubled after each try
    std::chrono::milliseconds max_wait{10'000};      ///< cap on Retry-After and backoff
};

/// True for statuses worth retrying (429 and 5xx except 501/505).
bool retryable_status(long status);

/// Seconds a Retry-After value asks for ("120" or an HTTP-date); nullopt when unparsable.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value);

/// Performs `request` and reads the whole body (at most `max_body` bytes), retrying per
/// `retry`. Non-2xx statuses are returned, not errors. Errors: Io (transport, TLS, with
/// curl's message and the URL; an unreachable unix socket is named with the OS reason:
/// "cannot connect to unix:///var/run/docker.sock: No such file or directory"),
/// LimitExceeded (body too large).
Result<HttpResponse> http_fetch(const HttpRequest& request, std::uint64_t max_body,
                                const RetryPolicy& retry = {});

/// A response whose body is read as it arrives.
struct HttpStream {
    HttpResponse head;                 ///< status and headers; body empty for 2xx
    std::unique_ptr<ByteStream> body;  ///< set for 2xx; for other statuses head.body holds ≤64 KiB
};

/// Starts `request` and returns once the response head is known, retrying per `retry` while
/// no body byte has been handed out. The body stream reads with bounded memory; a connection
/// lost mid-body is a Truncated error from read(). Errors: Io (transport).
Result<HttpStream> http_open(const HttpRequest& request, const RetryPolicy& retry = {});

/// Scheme, host[:port] of a URL ("https://127.0.0.1:5000/v2/" → "https://127.0.0.1:5000").
std::string url_origin(std::string_view url);

/// Percent-encodes a query value (RFC 3986 unreserved characters kept).
std::string url_encode(std::string_view text);

}  // namespace berth::net

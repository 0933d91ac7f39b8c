// SPDX-License-Identifier: Apache-2.0
#include "audit/collect/engine_client.hpp"

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace berth::audit {
namespace {

constexpr std::size_t kMaxBody = 64U << 20U;

struct Sink {
    std::string body;
    bool too_big = false;
};

std::size_t on_data(char* data, std::size_t size, std::size_t count, void* user) {
    auto* sink = static_cast<Sink*>(user);
    const std::size_t n = size * count;
    if (sink->body.size() + n > kMaxBody) {
        sink->too_big = true;
        return 0;
    }
    sink->body.append(data, n);
    return n;
}

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

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
    global_init();
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl) return fail(ErrorCode::Internal, "curl_easy_init failed");
    Sink sink;
    const std::string url = endpoint.base + path;
    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    if (!endpoint.unix_path.empty())
        curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, endpoint.unix_path.c_str());
    std::string ca, cert, key;
    if (!endpoint.cert_dir.empty()) {
        ca = endpoint.cert_dir + "/ca.pem";
        cert = endpoint.cert_dir + "/cert.pem";
        key = endpoint.cert_dir + "/key.pem";
        curl_easy_setopt(h, CURLOPT_CAINFO, ca.c_str());
        curl_easy_setopt(h, CURLOPT_SSLCERT, cert.c_str());
        curl_easy_setopt(h, CURLOPT_SSLKEY, key.c_str());
    }
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_data);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 5L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    const CURLcode rc = curl_easy_perform(h);
    if (sink.too_big)
        return fail(ErrorCode::LimitExceeded, "Engine API response larger than 64 MiB",
                    endpoint.url + path);
    if (rc != CURLE_OK) {
        return fail(ErrorCode::Io,
                    std::string("cannot reach the Docker daemon: ") + curl_easy_strerror(rc),
                    endpoint.url);
    }
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200) {
        return fail(
            ErrorCode::Format,
            "Engine API answered HTTP " + std::to_string(status) + ": " + sink.body.substr(0, 300),
            endpoint.url + path);
    }
    return std::move(sink.body);
}

}  // namespace berth::audit

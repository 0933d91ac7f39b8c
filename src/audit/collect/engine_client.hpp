// SPDX-License-Identifier: Apache-2.0
// A minimal Docker Engine API client over libcurl: unix sockets and tcp (optionally TLS).
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace berth::audit {

/// Where the daemon listens: "unix:///run/docker.sock", "tcp://host:2376".
struct Endpoint {
    std::string url;        ///< as given
    std::string unix_path;  ///< set for unix://
    std::string base;       ///< "http://localhost" or "https://host:port"
    std::string cert_dir;   ///< DOCKER_CERT_PATH for tcp+TLS: ca.pem, cert.pem, key.pem
};

/// Parses a DOCKER_HOST-style URL. tcp:// uses https when `cert_dir` is given.
/// Errors: InvalidArgument for other schemes or an empty path/host.
Result<Endpoint> parse_endpoint(std::string_view url, const std::string& cert_dir = {});

/// GET `path` (e.g. "/v1.41/info") and return the body of a 200 response.
/// Errors: Io when the daemon cannot be reached (message from curl), Format for a non-200
/// status (with the daemon's message), LimitExceeded past 64 MiB.
Result<std::string> engine_get(const Endpoint& endpoint, const std::string& path);

}  // namespace berth::audit

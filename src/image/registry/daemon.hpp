// SPDX-License-Identifier: Apache-2.0
// The docker-daemon: source: an image read from a Docker Engine (or Podman's Docker-compatible
// service) through the Engine API, without writing it to disk.
#pragma once

#include <string>

#include "core/result.hpp"
#include "image/image.hpp"
#include "net/http.hpp"

namespace berth::image::registry {

/// Where the Engine API is: a unix socket, or a TCP base URL with optional TLS files.
struct DaemonEndpoint {
    std::string unix_socket;  ///< set for unix://
    std::string base_url;     ///< "http://localhost" for sockets, "https://host:2376" for tcp+TLS
    std::string ca_file, cert_file, key_file;
};

/// From DOCKER_HOST (unix:///path, tcp://host:port; default unix:///var/run/docker.sock) and,
/// for tcp, DOCKER_TLS_VERIFY / DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem; default
/// ~/.docker) as the docker CLI reads them. Errors: InvalidArgument for other schemes.
Result<DaemonEndpoint> daemon_endpoint_from_env();

/// Reads image `name` (name[:tag], ID or name@digest) from the daemon: GET /images/{name}/json
/// to check it exists and learn its ID, then GET /images/{name}/get (a `docker save` tar)
/// streamed once to keep its small members (manifest.json, the config, ≤64 KiB files) in
/// memory; each layer is streamed again from a fresh export when the walker opens it, so
/// nothing is written to disk. The result is what read_docker_archive makes of the export.
/// Errors: NotFound (no such image), Io (daemon unreachable, HTTP errors), Format,
/// DigestMismatch (config does not hash to the image ID), LimitExceeded.
Result<Image> read_docker_daemon(const std::string& name, const Platform& platform);

}  // namespace berth::image::registry

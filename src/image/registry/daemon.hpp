// SPDX-License-Identifier: Apache-2.0
// The docker-daemon: source: an image read from a Docker Engine (or Podman's Docker-compatible
// service) through the Engine API, without writing it to disk.
#pragma once

#include <string>

#include "core/result.hpp"
#include "image/image.hpp"

namespace berth::image::registry {

/// Reads image `name` (name[:tag], ID or name@digest) from the daemon the docker CLI would use
/// (engine/endpoint.hpp: DOCKER_HOST, DOCKER_CONTEXT, config.json currentContext, the default
/// socket; TLS as the CLI does it): GET /images/{name}/json
/// to check it exists and learn its ID, then GET /images/{name}/get (a `docker save` tar)
/// streamed once to keep its small members (manifest.json, the config, ≤64 KiB files) in
/// memory; each layer is streamed again from a fresh export when the walker opens it, so
/// nothing is written to disk. The result is what read_docker_archive makes of the export.
/// Errors: NotFound (no such image), Io (daemon unreachable, HTTP errors), Format,
/// Unsupported / InvalidArgument (an ssh://, npipe:// or malformed DOCKER_HOST),
/// DigestMismatch (config does not hash to the image ID), LimitExceeded.
Result<Image> read_docker_daemon(const std::string& name, const Platform& platform);

}  // namespace berth::image::registry

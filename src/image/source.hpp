// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "image/image.hpp"

namespace berth::image {

/// Options that apply to every source.
struct SourceOptions {
    /// Which image of a multi-platform index to take; default: the host's.
    std::optional<Platform> platform;
    /// Registry user and password from the command line (--username, --password-stdin); when
    /// empty, ~/.docker/config.json (or $DOCKER_CONFIG) and its credential helpers are used.
    std::string username;
    std::string password;
    /// host[:port] of registries reachable over plain HTTP or unverified HTTPS
    /// (--insecure-registry).
    std::vector<std::string> insecure_registries;
    /// Mirrors tried before Docker Hub for docker.io images (--registry-mirror, else the
    /// comma-separated $BERTH_REGISTRY_MIRRORS).
    std::vector<std::string> registry_mirrors;
};

/// The platform berth runs on, as OCI names it ("linux/amd64", "linux/arm64/v8").
Platform host_platform();

/// Parses "os/arch[/variant]". Errors: InvalidArgument.
Result<Platform> parse_platform(std::string_view text);

/// Where an image spec points, before anything is opened.
struct SourceSpec {
    std::string kind;      ///< "docker-archive", "oci", "oci-archive", "rootfs", "registry", …
    std::string path;      ///< file or directory for local kinds
    std::string selector;  ///< tag, "@digest", name:tag or "@N"; "" = the only image
};

/// Splits "KIND:PATH[:SELECTOR]" (and a bare path, detected from what is on disk; and a
/// registry reference). Local paths may contain ':' — the longest prefix that exists wins.
/// Errors: InvalidArgument, NotFound.
Result<SourceSpec> parse_source_spec(std::string_view spec);

/// Opens an image: docker-archive:PATH[:REF], oci:DIR[:TAG|@DIGEST], oci-archive:PATH[:TAG],
/// rootfs:DIR, a bare path, a registry reference (host/name:tag, docker://REF) or
/// docker-daemon:NAME[:TAG] (Docker Engine API at $DOCKER_HOST, default /var/run/docker.sock).
/// Nothing is read beyond metadata until layers are walked. Errors: as the readers (readers.hpp);
/// Unsupported for sources not built yet.
Result<Image> open_image(std::string_view spec, const SourceOptions& options = {});

}  // namespace berth::image

// SPDX-License-Identifier: Apache-2.0
// Media types of image manifests, indexes, configs and layers, from opencontainers/image-spec
// media-types.md and docker/distribution docs/spec/manifest-v2-2.md. One list, so readers and
// the registry client agree on what an index or an image manifest is.
#pragma once

#include <string_view>

namespace berth::image::media_type {

/// OCI image index (a list of manifests, one per platform).
inline constexpr std::string_view kOciIndex = "application/vnd.oci.image.index.v1+json";
/// Docker manifest list (the Docker equivalent of an OCI index).
inline constexpr std::string_view kDockerList =
    "application/vnd.docker.distribution.manifest.list.v2+json";
/// OCI image manifest.
inline constexpr std::string_view kOciManifest = "application/vnd.oci.image.manifest.v1+json";
/// Docker image manifest, schema 2.
inline constexpr std::string_view kDockerManifest =
    "application/vnd.docker.distribution.manifest.v2+json";
/// Prefix of the deprecated Docker schema 1 manifests (plain and "+prettyjws").
inline constexpr std::string_view kDockerSchema1 =
    "application/vnd.docker.distribution.manifest.v1";
/// Docker image config (what `docker save` archives hold).
inline constexpr std::string_view kDockerConfig = "application/vnd.docker.container.image.v1+json";
/// Docker uncompressed layer tar.
inline constexpr std::string_view kDockerLayerTar = "application/vnd.docker.image.rootfs.diff.tar";

/// An index or manifest list.
constexpr bool is_index(std::string_view mt) {
    return mt == kOciIndex || mt == kDockerList;
}
/// An OCI or Docker schema 2 image manifest.
constexpr bool is_image_manifest(std::string_view mt) {
    return mt == kOciManifest || mt == kDockerManifest;
}

}  // namespace berth::image::media_type

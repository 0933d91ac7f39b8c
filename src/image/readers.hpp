// SPDX-License-Identifier: Apache-2.0
// The image sources, one file each; open_image() in source.cpp picks one.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "image/blob_store.hpp"
#include "image/image.hpp"

namespace berth::image {

/// Reads an image from an OCI image layout (image-spec v1 `image-layout.md`) held in `store`.
/// `selector` is "" (the only image), a tag matched against the
/// `org.opencontainers.image.ref.name` annotation, or "@sha256:…" / "sha256:…". Indexes
/// (multi-platform) are descended choosing `platform`. Errors: NotFound (tag, platform, blob),
/// Format, DigestMismatch (manifest, config), InvalidArgument (ambiguous selection).
Result<Image> read_oci_layout(const std::shared_ptr<BlobStore>& store, const std::string& selector,
                              const Platform& platform);

/// Reads an image from `docker save` output held in `store` (manifest.json; legacy
/// `<id>/layer.tar` links followed by the store). `ref` is "" (the only image), a name:tag
/// from RepoTags (normalized like docker), or "@N" for the N-th image. Errors: NotFound,
/// Format, InvalidArgument (several images and no ref).
Result<Image> read_docker_archive(const std::shared_ptr<BlobStore>& store, const std::string& ref);

/// A plain directory as a one-layer image with no config.
Result<Image> read_rootfs(const std::filesystem::path& dir);

}  // namespace berth::image

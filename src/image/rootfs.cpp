// SPDX-License-Identifier: Apache-2.0
// A plain directory (an unpacked root filesystem) as a one-layer image without config.
#include <system_error>

#include "image/readers.hpp"

namespace berth::image {

Result<Image> read_rootfs(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        return fail(ErrorCode::NotFound, "not a directory", dir.string());
    }
    Image image;
    image.source = "rootfs";
    image.location = std::filesystem::absolute(dir, ec).lexically_normal().string();
    LayerRef layer;
    layer.index = 0;
    layer.directory = dir;
    image.layers.push_back(std::move(layer));
    return image;
}

}  // namespace berth::image

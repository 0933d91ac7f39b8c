// SPDX-License-Identifier: Apache-2.0
// A plain directory (an unpacked root filesystem) as a one-layer image without config. The
// layer walker reads it through core/rooted_fs.hpp: every path, link and `..` stays inside it.
#include <system_error>

#include "core/rooted_fs.hpp"
#include "image/readers.hpp"

namespace berth::image {

Result<Image> read_rootfs(const std::filesystem::path& dir) {
    if (auto fs = RootedFs::open(dir); !fs) return fail(fs.error());
    Image image;
    image.source = "rootfs";
    std::error_code ec;
    image.location = std::filesystem::absolute(dir, ec).lexically_normal().string();
    LayerRef layer;
    layer.index = 0;
    layer.directory = dir;
    image.layers.push_back(std::move(layer));
    return image;
}

}  // namespace berth::image

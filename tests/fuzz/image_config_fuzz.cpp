// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: image config JSON (OCI / Docker), the one document every source parses.
#include <cstdint>
#include <string_view>

#include "image/image.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    berth::image::Image image;
    (void)berth::image::apply_image_config(image, text, "fuzz");
    return 0;
}

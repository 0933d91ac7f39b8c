// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: image references and IMAGE source specs. A reference that parses must
// re-parse from its normalized form to the same value.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "image/reference.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto ref = berth::image::parse_reference(text);
    if (ref) {
        auto again = berth::image::parse_reference(ref->str());
        if (!again || !(*again == *ref)) std::abort();
    }
    return 0;
}

// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: the secret engine with the built-in rules on arbitrary bytes, with small
// chunks so chunk edges and the overlap logic are hit on every input. Never crashes; every
// finding lies inside the input and names a rule.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "secret/engine.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    static const auto engine = berth::secret::Engine::builtin();
    const berth::secret::ChunkLimits small{.chunk = 512, .overlap = 128};
    for (const auto& limits : {small, berth::secret::ChunkLimits{}}) {
        for (const auto& f : engine->scan_text("fuzz/.env", text, limits)) {
            if (f.rule == nullptr || f.offset >= size) std::abort();
        }
    }
    return 0;
}

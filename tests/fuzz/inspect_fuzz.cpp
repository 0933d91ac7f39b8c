// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: docker inspect JSON (`berth config FILE.json`). Loads the input and runs
// every runtime rule on the containers.
#include <cstdint>
#include <string_view>

#include "config/evaluate.hpp"
#include "config/inspect.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace cfg = berth::config;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    auto containers = cfg::load_inspect(text, "fuzz.json");
    if (containers) (void)cfg::evaluate(*containers, cfg::all_rules());
    return 0;
}

// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: Compose files. Loads the input (anchors, merge keys, interpolation, extends
// within the file, profiles: every one active) without touching other files, checks that every
// position lies inside the input, and runs every runtime rule on the services.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "config/compose.hpp"
#include "config/evaluate.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace cfg = berth::config;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    cfg::ComposeOptions o;
    o.read_dot_env = false;
    o.other_files = false;
    o.profiles = {"*"};
    o.environment = {{"A", "1"}, {"EMPTY", ""}};
    auto project = cfg::load_compose(text, "fuzz.yaml", o);
    if (!project) return 0;
    const std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    for (const auto& c : project->services) {
        if (c.position.line == 0 || c.position.line > lines + 1) std::abort();
        for (const auto& [key, pos] : c.keys) {
            if (pos.line == 0 || pos.line > lines + 1) std::abort();
        }
    }
    (void)cfg::evaluate(project->services, cfg::all_rules());
    return 0;
}

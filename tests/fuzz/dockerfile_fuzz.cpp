// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: Dockerfiles. Parses the input, checks the parser's invariants (positions
// inside the file, stages covering their instructions) and runs every Dockerfile rule on it.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "lint/dockerfile/dockerfile.hpp"
#include "lint/dockerfile/lint.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace df = berth::lint::dockerfile;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const df::Dockerfile file = df::parse(text, "fuzz");
    const std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    for (const auto& in : file.instructions) {
        if (in.pos.line == 0 || in.pos.line > lines + 1 || in.end_line < in.pos.line) std::abort();
        if (in.stage >= static_cast<int>(file.stages.size())) std::abort();
    }
    for (const auto& p : file.problems) {
        if (p.pos.line == 0 || p.pos.line > lines + 1) std::abort();
    }
    static const auto linter = df::Linter::make({});
    if (!linter) std::abort();
    (void)linter->lint(file);
    return 0;
}

// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: Package URLs read from third-party SBOMs. A parsed purl's components must
// be normalized already: parsing must not throw, and the type must be lower-case and valid.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sbom/purl_parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto purl = berth::sbom::parse_purl(text);
    if (!purl) return 0;
    if (purl->name.empty() || purl->type.empty()) std::abort();
    for (char c : purl->type) {
        if (c >= 'A' && c <= 'Z') std::abort();
    }
    for (const auto& [key, value] : purl->qualifiers) {
        if (key.empty() || value.empty()) std::abort();
    }
    return 0;
}

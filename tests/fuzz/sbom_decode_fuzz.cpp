// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: SBOM documents (CycloneDX / SPDX JSON) given to `berth scan sbom:FILE`.
// Whatever decodes must be re-encodable, and berth's CycloneDX of it must decode again (the
// encoder's output is always a readable document; package counts may differ, since purl() can
// write purls that purl-spec refuses, e.g. rpm without an OS namespace).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sbom/decode.hpp"
#include "sbom/encode/encode.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto decoded = berth::sbom::decode_sbom(text, "fuzz");
    if (!decoded) return 0;
    std::string again = berth::sbom::encode_cyclonedx(decoded->inventory, decoded->image, {});
    auto round = berth::sbom::decode_sbom(again, "fuzz-reencoded");
    if (!round) std::abort();
    return 0;
}

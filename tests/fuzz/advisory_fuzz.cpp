// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: advisory documents. The first byte picks a file name (DSA/DLA tie-breaks);
// the rest is detected and, whatever the detection says, also parsed as every format, so each
// parser sees arbitrary bytes.
#include <cstdint>
#include <string_view>

#include "vuln/import/import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string_view name = (data[0] & 1) != 0 ? "DLA/list" : "DSA/list";
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    using berth::vuln::import::Format;
    const auto sink = [](berth::vuln::Advisory&&) -> berth::Status { return {}; };
    berth::Diagnostics diagnostics;
    (void)berth::vuln::import::detect_format(text, name);
    for (const Format f : {Format::Osv, Format::DebianTrackerJson, Format::DebianDsaList,
                           Format::DebianDlaList, Format::UbuntuUct, Format::AlpineSecdb}) {
        (void)berth::vuln::import::parse_document(f, text, "fuzz", sink, diagnostics);
    }
    return 0;
}

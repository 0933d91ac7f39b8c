// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: CVSS vectors (v2, v3.0, v3.1, v4.0). Never crashes; a vector that parses
// has a score in [0, 10] with one decimal and a rating consistent with it.
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "vuln/cvss.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto r = berth::vuln::parse_cvss(text);
    if (r) {
        if (!(r->score >= 0.0 && r->score <= 10.0)) std::abort();
        if (std::fabs(r->score * 10 - std::round(r->score * 10)) > 1e-6) std::abort();
        if (r->version != "2.0" && r->rating != berth::vuln::cvss_rating(r->score)) std::abort();
    }
    return 0;
}

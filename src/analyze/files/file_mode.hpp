// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the files/ analyzers, which judge tar headers (mode bits, owners).
#pragma once

#include <cstdint>
#include <string>

namespace berth::analyze {

/// The four octal digits of a mode's permission and special bits: 04755 → "4755".
inline std::string octal_mode(std::uint32_t mode) {
    std::string out;
    for (int shift = 9; shift >= 0; shift -= 3)
        out.push_back(static_cast<char>('0' + ((mode >> shift) & 7U)));
    return out;
}

}  // namespace berth::analyze

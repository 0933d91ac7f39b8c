// SPDX-License-Identifier: Apache-2.0
// Helpers shared by the files/ analyzers, which judge tar headers (mode bits, owners).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "analyze/analyzer.hpp"

namespace berth::analyze {

/// The four octal digits of a mode's permission and special bits: 04755 → "4755".
inline std::string octal_mode(std::uint32_t mode) {
    std::string out;
    for (int shift = 9; shift >= 0; shift -= 3)
        out.push_back(static_cast<char>('0' + ((mode >> shift) & 7U)));
    return out;
}

/// A finding about the file `input` holds, with mode (07777), owner and size from its tar header:
/// the common part of every files/ analyzer's output.
inline sbom::FileFinding header_finding(std::string_view analyzer, std::string kind,
                                        std::string detail, const AnalysisInput& input) {
    const image::Entry& e = input.entry;
    sbom::FileFinding f;
    f.analyzer = std::string(analyzer);
    f.kind = std::move(kind);
    f.detail = std::move(detail);
    f.mode = e.mode & 07777U;
    f.uid = e.uid;
    f.gid = e.gid;
    f.size = e.type == image::EntryType::Directory ? 0 : e.size;
    f.location.path = input.path;
    return f;
}

}  // namespace berth::analyze

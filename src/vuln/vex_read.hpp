// SPDX-License-Identifier: Apache-2.0
// What every JSON VEX reader (CycloneDX VEX, CSAF VEX) does first: bound the size, parse within
// the JSON limits, insist on an object. Internal to berth_vuln.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/json_read.hpp"
#include "core/result.hpp"

namespace berth::vuln::detail {

inline constexpr std::size_t kMaxVexDocumentBytes = 64U << 20U;

/// The document as a JSON object. Errors, located at `source`: LimitExceeded over 64 MiB or
/// past the JSON limits, Format when it is not JSON or not an object.
inline Result<nlohmann::json> read_vex_object(std::string_view text, const std::string& source) {
    if (text.size() > kMaxVexDocumentBytes) {
        return fail(ErrorCode::LimitExceeded, "VEX document larger than 64 MiB", source);
    }
    auto parsed = json_read::parse(text, source);
    if (!parsed) return fail(parsed.error());
    if (!parsed->is_object()) return fail(ErrorCode::Format, "not a JSON object", source);
    return parsed;
}

}  // namespace berth::vuln::detail

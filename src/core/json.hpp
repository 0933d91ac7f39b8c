// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace berth {

/// Canonical JSON text: keys sorted, 2-space indent, LF, final newline, UTF-8 kept (invalid
/// UTF-8 replaced, never thrown). Goldens and machine output use this one writer.
std::string to_canonical_json(const nlohmann::json& value);

}  // namespace berth

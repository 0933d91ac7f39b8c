// SPDX-License-Identifier: Apache-2.0
#include "core/json.hpp"

namespace berth {

std::string to_canonical_json(const nlohmann::json& value) {
    // nlohmann::json keeps object keys in a std::map, so dump() is already key-sorted.
    return value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace berth

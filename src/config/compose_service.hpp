// SPDX-License-Identifier: Apache-2.0
// One Compose service (after extends and interpolation) translated into the settings dockerd
// would record for it (model.hpp). Internal to the Compose loader (compose.cpp).
#pragma once

#include <string>

#include "config/model.hpp"
#include "config/yaml_tree.hpp"
#include "core/result.hpp"

namespace berth::config {

/// Fills `c.settings`, `c.cgroupns_mode` and `c.keys` from service `name`'s mapping `svc`.
/// Errors: Format at FILE:LINE:COL for a setting of the wrong type or a malformed value
/// ("ports[1]: invalid port '80:x'").
Status fill_service(const std::string& name, const yaml::Node& svc, Container& c);

}  // namespace berth::config

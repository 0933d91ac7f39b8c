// SPDX-License-Identifier: Apache-2.0
// `docker inspect` output (docker container inspect: a JSON array of GET /containers/{id}/json
// objects; one object alone is accepted too) read into Containers. The Engine API model and its
// reader are engine::parse_container_inspect's (shared with `berth audit host`); before that,
// the settings berth judges are checked strictly, so a wrongly typed one is an error naming its
// JSON path instead of a silent default:
//
//   [{"Id": "4f…", "Name": "/web", "HostConfig": {"Privileged": true}}]
//   → Container{object = "container web (4f…)", settings.privileged = true}
//   [{"Id": "4f…", "HostConfig": {"Privileged": "yes"}}]
//   → Format "$[0].HostConfig.Privileged: expected a boolean, got string"
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "config/model.hpp"
#include "core/result.hpp"

namespace berth::config {

/// Reads inspect JSON; `where` names it (a path, "-") in errors and locations.
/// Errors: Format (not JSON, not an object or array of objects, an element without "Id" such
/// as an authorization plugin's {"message": …}, a judged setting of the wrong type) with the JSON
/// path; LimitExceeded past the JSON limits (json_read::Limits).
Result<std::vector<Container>> load_inspect(std::string_view text, const std::string& where);
/// The same from an already parsed document (no second parse; the authorization plugin).
Result<std::vector<Container>> load_inspect(const nlohmann::json& doc, const std::string& where);

/// A Container from one Engine API inspect answer (live containers), `origin` "docker".
Container from_engine(engine::ContainerInspect settings, std::string cgroupns_mode = {});

}  // namespace berth::config

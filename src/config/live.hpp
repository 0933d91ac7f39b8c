// SPDX-License-Identifier: Apache-2.0
// Live containers through the Engine API (the one client, src/engine/): `docker://` lists every
// running container (GET /containers/json) and inspects each; `docker://NAME_OR_ID` inspects one.
// The daemon is chosen as the docker CLI chooses it (DOCKER_HOST, DOCKER_CONTEXT, the current
// context; engine/endpoint.hpp), as `berth audit host` does.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/model.hpp"
#include "core/result.hpp"
#include "engine/endpoint.hpp"

namespace berth::config {

/// True for "docker://…" targets.
bool is_live_target(std::string_view target);

/// The containers `target` ("docker://", "docker://web") names on `endpoint`, sorted by name.
/// Errors: Io when the daemon cannot be reached; NotFound for an unknown container; Format for
/// an answer that is not the JSON expected.
Result<std::vector<Container>> load_live(std::string_view target, const engine::Endpoint& endpoint);

}  // namespace berth::config

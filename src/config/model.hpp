// SPDX-License-Identifier: Apache-2.0
// The neutral model of one container's runtime settings that `berth config` judges, whichever
// front end filled it:
//   - `docker inspect` JSON (inspect.hpp): a file or stdin, one container or an array;
//   - a Compose file (compose.hpp): one entry per enabled service, with file:line of each key;
//   - live containers (live.hpp): `docker://` asks the Engine API for every running container.
// The settings themselves are the Engine API model (engine::ContainerInspect, shared with
// `berth audit host`): a Compose service is translated into what dockerd would record for it
// (`read_only: true` → readonly_rootfs, `mem_limit: 512m` → memory = 536870912, …).
#pragma once

#include <cstddef>
#include <map>
#include <string>

#include "engine/models.hpp"

namespace berth::config {

/// Where a setting was written (1-based line and column; 0 = unknown). `file` is "" for settings
/// read from the Engine API.
struct Position {
    std::string file;
    std::size_t line = 0;
    std::size_t column = 0;
};

/// One container (or Compose service) to judge.
struct Container {
    engine::ContainerInspect settings;
    std::string cgroupns_mode;  ///< HostConfig.CgroupnsMode / compose `cgroup`: "host", "private"
    std::string origin;         ///< "compose", "inspect", "docker"
    std::string object;  ///< "service web", "container web (4f1c2a…)": the report's subject
    Position position;   ///< the service's key (compose) or the file (inspect)
    /// Compose keys (top level of the service: "privileged", "cap_add", "volumes", "deploy") →
    /// where they were written; a rule points at its key, else at `position`.
    std::map<std::string, Position> keys;
};

}  // namespace berth::config

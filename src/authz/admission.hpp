// SPDX-License-Identifier: Apache-2.0
// Admission on request bodies: the Engine API bodies that create or change containers, volumes
// and networks, read strictly (a wrongly typed member is a denial naming its JSON path, never a
// silent default) and judged with `berth config`'s runtime rules (src/config/rules). A
// containers/create body is close to what `docker inspect` records, so it is adapted into that
// shape and handed to config::load_inspect — the same type checks and the same
// engine::ContainerInspect model the rules already judge:
//
//   {"Image":"alpine","User":"","HostConfig":{"Privileged":true,"Binds":["/etc:/h:ro"]}}
//   → {"Id":"(create)","Config":{"Image":"alpine","User":""},
//      "HostConfig":{"Privileged":true,…},
//      "Mounts":[{"Type":"bind","Source":"/etc","Destination":"/h","RW":false}]}
//   → RT001 "privileged", RT015 "mounts /etc (ro)", …
//
// Bind sources are resolved through symlinks on this host first (as opa-docker-authz does with
// filepath.EvalSymlinks), so `-v /tmp/link-to-root:/h` is judged as `/`.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "authz/policy.hpp"
#include "config/model.hpp"
#include "config/rule.hpp"
#include "core/result.hpp"

namespace berth::authz {

/// Resolves a host path through symlinks ("" or the path itself when it does not exist).
using PathResolver = std::function<std::string(const std::string&)>;

/// The host resolver: std::filesystem::weakly_canonical, the path unchanged on error.
std::string resolve_on_host(const std::string& path);

/// One rule a body failed: the rule, why, and the role's mode for it (On = deny).
struct Finding {
    const check::RuleInfo* rule = nullptr;
    std::string why;
    Mode mode = Mode::On;
};

/// The container a containers/create body asks for (bind sources resolved with `resolve`).
/// Errors: Format naming the JSON path ("$.HostConfig.Privileged: expected a boolean, got
/// string"), LimitExceeded past json_read's limits.
Result<config::Container> container_from_create(std::string_view body, const PathResolver& resolve);

/// The runtime rules (cached config::all_rules()) whose mode for `modes` is not Off and that
/// `c` fails; `only` (short ids, "RT001") restricts them when not empty.
std::vector<Finding> judge_container(const config::Container& c, const RuntimeModes& modes,
                                     const std::vector<std::string>& only = {});

/// A host path that touches a protected one (equal, inside it, or an ancestor of it: mounting
/// /run exposes /run/docker/plugins); the protected path hit, "" when none.
std::string touches_protected(const std::string& source,
                              const std::vector<std::string>& protected_paths);

/// The built-in protected paths: plugin sockets and specs, the daemon configuration, berth's
/// own configuration.
const std::vector<std::string>& builtin_protected_paths();

/// What one admission step found.
struct Admission {
    std::vector<Finding> findings;
    std::string tamper;               ///< a protected host path a mount touches, if any
    std::string image;                ///< the image reference asked for, "" when none
    std::vector<std::string> labels;  ///< "key=value" of the created object
};

/// containers/create. Errors as container_from_create.
Result<Admission> admit_create(std::string_view body, const RuntimeModes& modes,
                               const std::vector<std::string>& protected_paths,
                               const PathResolver& resolve);
/// containers/{id}/update: devices, PIDs limit and restart policy, when the body sets them.
Result<Admission> admit_update(std::string_view body, const RuntimeModes& modes);
/// containers/{id}/exec: Privileged (RT001); User, Cmd and Env type-checked.
Result<Admission> admit_exec(std::string_view body, const RuntimeModes& modes);
/// volumes/create: a local volume with `o=bind` (or type none) and a `device` is a bind mount of
/// that host path, judged as one.
Result<Admission> admit_volume(std::string_view body, const RuntimeModes& modes,
                               const std::vector<std::string>& protected_paths,
                               const PathResolver& resolve);
/// networks/create: members type-checked.
Result<Admission> admit_network(std::string_view body);
/// Any other JSON body: must parse as an object (or, for plugin privilege lists, an array).
Status check_json_shape(std::string_view body, bool array);

}  // namespace berth::authz

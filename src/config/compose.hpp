// SPDX-License-Identifier: Apache-2.0
// Compose files (the compose spec, https://github.com/compose-spec/compose-spec/blob/main/spec.md)
// read into one Container per enabled service, the way compose-go loads them:
//   1. YAML with anchors, aliases and merge keys (yaml_tree.hpp; alias bombs bounded);
//   2. interpolation of every value (interpolate.hpp) from the environment, then the `.env` file
//      beside the compose file (the environment wins);
//   3. `extends` (`extends: base`, `extends: {service: base, file: other.yaml}`), followed to at
//      most ComposeOptions::max_extends deep; a cycle is an error naming the chain. The extending
//      service wins: mappings merge key by key, lists are appended (command, entrypoint and
//      healthcheck `test` are replaced), `!reset` removes an inherited key, `!override` replaces
//      it whole;
//   4. profiles: a service with `profiles:` is enabled only when one of them is active
//      (--profile, or COMPOSE_PROFILES);
//   5. each service's settings translated into what dockerd records for them (model.hpp).
//
//   services:                      → Container{object = "service web", position = compose.yaml:2,
//     web:                             settings.privileged = true, settings.memory = 536870912,
//       privileged: true               keys["privileged"] = compose.yaml:3:7, …}
//       mem_limit: 512m
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "config/model.hpp"
#include "config/yaml_tree.hpp"
#include "core/result.hpp"

namespace berth::config {

struct ComposeOptions {
    std::vector<std::string> profiles;  ///< active profiles; empty → COMPOSE_PROFILES (comma list)
    std::map<std::string, std::string>
        environment;               ///< variables for interpolation (the process's)
    bool read_dot_env = true;      ///< read `.env` beside the compose file
    std::size_t max_extends = 10;  ///< longest `extends` chain
    bool other_files = true;       ///< false: `extends: {file: …}` is refused (fuzzing)
    yaml::Limits limits;
};

/// The enabled services, in file order, and what the loader warns about (unset variables).
struct ComposeProject {
    std::vector<Container> services;
    std::vector<std::string> warnings;
};

/// Loads compose text; `path` names it in positions (and its folder holds `.env` and the files
/// `extends` names; "-" = the current directory). Errors (with FILE:LINE:COL): Format for bad
/// YAML, a duplicate key, a wrong type of a setting berth reads, a bad interpolation, a missing
/// `:?` variable, `extends` of an unknown service or a cycle; NotFound for an `extends` file that
/// is missing; LimitExceeded for alias bombs, deep nesting or a long `extends` chain.
Result<ComposeProject> load_compose(std::string_view text, const std::string& path,
                                    const ComposeOptions& options);

/// Reads `path` and loads it. Errors: NotFound when it cannot be read; as load_compose.
Result<ComposeProject> load_compose_file(const std::filesystem::path& path,
                                         const ComposeOptions& options);

/// "512m" → 536870912, "1.5g", "50M", "1024", "2gb" (compose and docker byte units, 1024-based).
/// Errors: Format.
Result<std::int64_t> parse_bytes(std::string_view text);

}  // namespace berth::config

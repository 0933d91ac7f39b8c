// SPDX-License-Identifier: Apache-2.0
// Docker Engine API responses (API 1.24+, docs.docker.com/engine/api/) → EngineFacts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "audit/collect/host_facts.hpp"
#include "core/result.hpp"

namespace berth::audit {

/// Fills the daemon-wide fields of `engine` from a GET /info body (DockerRootDir, Driver,
/// LoggingDriver, SecurityOptions, Plugins.Authorization, RegistryConfig, ExperimentalBuild,
/// LiveRestoreEnabled, Swarm, Containers, ContainersRunning).
/// Errors: Format naming `where` when the body is not a JSON object.
Status apply_info_json(EngineFacts& engine, std::string_view body, const std::string& where);

/// Fills server_version and api_version from a GET /version body. Errors: Format.
Status apply_version_json(EngineFacts& engine, std::string_view body, const std::string& where);

/// Fills swarm_autolock and swarm_node_cert_expiry_ns from a GET /swarm body. Errors: Format.
Status apply_swarm_json(EngineFacts& engine, std::string_view body, const std::string& where);

/// Parses one GET /containers/{id}/json body, e.g. HostConfig.Privileged true → privileged.
/// Errors: Format naming `where`.
Result<ContainerFacts> parse_container_inspect(std::string_view body, const std::string& where);

/// Container ids from a GET /containers/json body. Errors: Format.
Result<std::vector<std::string>> parse_container_list(std::string_view body,
                                                      const std::string& where);

/// Images from a GET /images/json body. Errors: Format.
Result<std::vector<EngineFacts::ImageSummary>> parse_image_list(std::string_view body,
                                                                const std::string& where);

/// Networks from a GET /networks body. Errors: Format.
Result<std::vector<NetworkFacts>> parse_network_list(std::string_view body,
                                                     const std::string& where);

/// Process command lines from a GET /containers/{id}/top body (the "CMD"/"COMMAND" column).
/// Errors: Format.
Result<std::vector<std::string>> parse_top(std::string_view body, const std::string& where);

}  // namespace berth::audit

// SPDX-License-Identifier: Apache-2.0
// Docker Engine API answers as plain structs (docs.docker.com/engine/api/, API 1.24 to 1.47),
// and their parsers. Fields drift between API versions (1.24 has no CgroupDriver, NanoCpus,
// Mounts[].Type…), so members are read leniently with json_read's *_or readers: absent, null or
// wrongly typed → the default. Only a body that is not the JSON object/array asked for, or an
// object lacking the one member that identifies it (a container's Id), is an error.
//
//   GET /containers/{id}/json  {"Id":"4f…","Name":"/web","HostConfig":{"Privileged":true,…}}
//   → ContainerInspect{id = "4f…", name = "web", privileged = true, …}
//
// berth::audit keeps these as HostFacts members (audit/collect/host_facts.hpp).
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace berth::engine {

/// A port binding of a container (HostConfig.PortBindings).
struct PortBinding {
    std::string container_port;  ///< "80/tcp"
    std::string host_ip;         ///< "" or "0.0.0.0" = every interface
    std::string host_port;
};

/// A mount of a container (inspect "Mounts").
struct Mount {
    std::string type;  ///< "bind", "volume", "tmpfs"
    std::string source;
    std::string destination;
    bool rw = true;
    std::string propagation;  ///< "", "rprivate", "shared", "rshared", …
};

/// What berth keeps of GET /containers/{id}/json.
struct ContainerInspect {
    std::string id;
    std::string name;  ///< without the leading '/'
    std::string image;
    std::string user;  ///< Config.User
    std::string apparmor_profile;
    bool privileged = false;
    std::vector<std::string> cap_add;
    std::vector<std::string> cap_drop;
    std::vector<std::string> security_opt;
    std::vector<Mount> mounts;
    std::vector<PortBinding> ports;
    std::string network_mode, pid_mode, ipc_mode, uts_mode, userns_mode, cgroup_parent;
    std::vector<std::string> networks;  ///< names of attached networks
    std::int64_t memory = 0;
    std::int64_t cpu_shares = 0;
    std::int64_t nano_cpus = 0;
    std::int64_t cpu_quota = 0;
    std::optional<std::int64_t> pids_limit;
    bool readonly_rootfs = false;
    std::string restart_policy;  ///< "no", "always", "on-failure", "unless-stopped"
    std::int64_t restart_max = 0;
    std::vector<std::string> devices;  ///< "host:container:perms"
    std::vector<std::string> ulimits;  ///< "name=soft:hard"
    bool has_health = false;  ///< State.Health present (a healthcheck is configured and running)
    std::string health_status;
    std::string status;  ///< State.Status
};

/// What berth keeps of GET /version.
struct Version {
    std::string server_version;  ///< .Version, e.g. "20.10.24+dfsg1"
    std::string api_version;     ///< .ApiVersion, e.g. "1.41"
};

/// What berth keeps of GET /info.
struct Info {
    std::string docker_root_dir;
    std::string storage_driver;
    std::string logging_driver;
    std::string cgroup_driver;
    std::vector<std::string>
        security_options;  ///< SecurityOptions, e.g. "name=seccomp,profile=default"
    std::vector<std::string> authorization_plugins;
    std::vector<std::string> insecure_registry_cidrs;
    std::vector<std::string> insecure_registries;  ///< IndexConfigs with Secure=false
    bool experimental = false;
    bool live_restore = false;
    std::string swarm_state;     ///< Swarm.LocalNodeState: "inactive", "active", …
    bool swarm_manager = false;  ///< Swarm.ControlAvailable
    int swarm_managers = 0;
    int swarm_nodes = 0;
    int containers_total = 0;
    int containers_running = 0;
};

/// What berth keeps of GET /swarm (answered by managers only).
struct Swarm {
    bool swarm_autolock = false;                 ///< Spec.EncryptionConfig.AutoLockManagers
    std::int64_t swarm_node_cert_expiry_ns = 0;  ///< Spec.CAConfig.NodeCertExpiry
};

/// One entry of GET /images/json.
struct ImageSummary {
    std::string id;
    std::vector<std::string> tags;
};

/// What berth keeps of GET /images/{name}/json.
struct ImageInspect {
    std::string id;                      ///< "sha256:…" (the config digest)
    std::vector<std::string> repo_tags;  ///< "alpine:3.19", …
};

/// One entry of GET /networks.
struct Network {
    std::string name;
    std::string driver;
    std::map<std::string, std::string> options;
    std::vector<std::string> containers;  ///< names (or ids) of attached containers
};

// Every parser: Errors: Format naming `where` when the body is not JSON or not the JSON
// object/array the endpoint answers with.

/// GET /version body.
Result<Version> parse_version(std::string_view body, const std::string& where);
/// GET /info body.
Result<Info> parse_info(std::string_view body, const std::string& where);
/// GET /swarm body.
Result<Swarm> parse_swarm(std::string_view body, const std::string& where);
/// GET /containers/{id}/json body; also a Format error when it has no string "Id" (an
/// authorization plugin's {"message": …} denial, for instance).
Result<ContainerInspect> parse_container_inspect(std::string_view body, const std::string& where);
/// The same from an already parsed object (the authorization plugin's create bodies: parsed once).
Result<ContainerInspect> container_inspect_from(const nlohmann::json& doc,
                                                const std::string& where);
/// Container ids of a GET /containers/json body; an entry without "Id" is a Format error.
Result<std::vector<std::string>> parse_container_list(std::string_view body,
                                                      const std::string& where);
/// GET /images/json body.
Result<std::vector<ImageSummary>> parse_image_list(std::string_view body, const std::string& where);
/// GET /images/{name}/json body; also a Format error when it has no string "Id".
Result<ImageInspect> parse_image_inspect(std::string_view body, const std::string& where);
/// GET /networks body.
Result<std::vector<Network>> parse_network_list(std::string_view body, const std::string& where);
/// Process command lines of a GET /containers/{id}/top body (the "CMD"/"COMMAND" column, else
/// the last one).
Result<std::vector<std::string>> parse_top(std::string_view body, const std::string& where);

/// The "message" of an Engine API error body ({"message": "No such image: x"}), else the body
/// itself cut to 300 bytes.
std::string error_message(std::string_view body);

}  // namespace berth::engine

// SPDX-License-Identifier: Apache-2.0
// HostFacts: everything `berth audit host` collected about a Docker host, as plain data.
// Collectors (collect.hpp) fill it; CIS checks (cis_docker/) only read it, so every check is a
// pure function that tests can feed hand-built facts.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/models.hpp"

namespace berth::audit {

/// stat(2) of one path the benchmark names, seen from the audited root.
struct FileFacts {
    std::string path;  ///< absolute path on the audited host, e.g. "/etc/docker/daemon.json"
    bool exists = false;
    bool is_dir = false;
    bool is_socket = false;
    std::uint32_t uid = 0;
    std::uint32_t gid = 0;
    std::uint32_t mode = 0;  ///< permission bits incl. setuid/setgid/sticky (07777)
    std::string owner;       ///< user name from <root>/etc/passwd, else the number
    std::string group;       ///< group name from <root>/etc/group, else the number
};

/// A TLS certificate or key file named by the daemon's options, parsed with OpenSSL.
struct CertFacts {
    FileFacts file;
    bool parsed = false;   ///< PEM read and understood
    std::string key_type;  ///< "RSA", "EC", … (of the certificate's public key or the key)
    int key_bits = 0;
    std::int64_t not_after = 0;  ///< certificate expiry, seconds since the epoch (0 for keys)
    std::string error;           ///< why it could not be parsed
};

/// dockerd's options: command line (unit ExecStart + drop-ins + /etc/default/docker, or the
/// running process) merged with daemon.json. Keys are daemon.json names ("icc", "log-level",
/// "insecure-registries"); values are strings ("true"/"false" for booleans, "k=v" for
/// objects such as log-opts).
struct DaemonConfig {
    bool found = false;          ///< a command line or daemon.json was found
    std::string cmdline_source;  ///< "/proc/123/cmdline", "/lib/systemd/system/docker.service", ""
    std::vector<std::string> args;  ///< dockerd arguments (without argv[0])
    std::string daemon_json_path;   ///< path read (host view), "" when absent
    bool daemon_json_found = false;
    std::string daemon_json_error;  ///< parse error of daemon.json, "" when fine
    std::map<std::string, std::vector<std::string>> flags;      ///< from the command line
    std::map<std::string, std::vector<std::string>> file;       ///< from daemon.json
    std::map<std::string, std::vector<std::string>> effective;  ///< merged: what dockerd uses
    std::vector<std::string>
        conflicts;  ///< keys set both as flag and in daemon.json (dockerd refuses to start)
    std::vector<std::string> unknown_flags;  ///< command-line words berth could not map
};

/// One systemd unit (docker.service, docker.socket, containerd.service) after drop-ins.
struct UnitFacts {
    std::string name;
    bool found = false;
    FileFacts file;                       ///< the unit file that won (etc > run > lib)
    std::vector<std::string> dropins;     ///< drop-in paths in the order applied
    std::vector<std::string> exec_start;  ///< final ExecStart words after `ExecStart=` resets
    std::vector<std::string> environment_files;  ///< EnvironmentFile= paths (leading '-' removed)
    std::map<std::string, std::string> environment;  ///< Environment= and environment-file values
    std::vector<std::string> listen_stream;          ///< ListenStream= (sockets)
    std::string socket_group;                        ///< SocketGroup=
    std::string socket_mode;                         ///< SocketMode=
};

/// Linux audit rules found in /etc/audit/rules.d/*.rules and /etc/audit/audit.rules.
struct AuditFacts {
    bool rules_found = false;        ///< at least one rules file exists
    std::vector<std::string> files;  ///< rules files read
    std::vector<std::string>
        watched;  ///< paths named by `-w PATH` or `-F path=PATH` / `-F dir=PATH`
};

// The Engine API models live in engine/models.hpp (shared with the docker-daemon: source);
// the names the CIS checks use are kept here.
using PortBinding = engine::PortBinding;
using MountFacts = engine::Mount;
using NetworkFacts = engine::Network;

/// One running container: its inspect JSON, plus its processes.
struct ContainerFacts : engine::ContainerInspect {
    bool top_collected = false;          ///< processes below were read from /containers/{id}/top
    std::vector<std::string> processes;  ///< command lines of the container's processes
};

/// The Engine API's view, when a daemon was reachable: /version, /info and /swarm members
/// (engine::Version, engine::Info, engine::Swarm) plus the lists below.
struct EngineFacts : engine::Version, engine::Info, engine::Swarm {
    std::string endpoint;  ///< "unix:///run/docker.sock", "" when none was tried
    bool reachable = false;
    std::string error;                       ///< why it was not reachable
    std::vector<ContainerFacts> containers;  ///< running containers, inspected
    using ImageSummary = engine::ImageSummary;
    std::vector<ImageSummary> images;
    std::vector<NetworkFacts> networks;
};

/// The image given with --image, read with berth's image reader.
struct ImageFacts {
    bool given = false;
    std::string spec;
    std::string error;  ///< open/walk error; checks say so
    std::string user;
    bool has_healthcheck = false;      ///< HEALTHCHECK present and not NONE
    std::vector<std::string> history;  ///< created_by of each history entry
    std::vector<std::string> env;
    std::map<std::string, std::string> labels;
    bool files_walked = false;
    std::vector<std::string> setuid_files;  ///< "/usr/bin/passwd (4755)" in the final filesystem
};

/// A user running rootless Docker (found through /etc/passwd homes).
struct RootlessUser {
    std::string name;
    std::uint32_t uid = 0;
    std::string home;
    FileFacts config_dir;                                     ///< ~/.config/docker
    FileFacts daemon_json;                                    ///< ~/.config/docker/daemon.json
    std::map<std::string, std::vector<std::string>> options;  ///< its daemon.json, flattened
    std::string daemon_json_error;
    FileFacts socket;        ///< /run/user/UID/docker.sock
    FileFacts systemd_unit;  ///< ~/.config/systemd/user/docker.service
    bool has_subuid = false;
    bool has_subgid = false;
};

/// Rootless Docker on the host.
struct RootlessFacts {
    std::vector<std::string> rootless_binaries;  ///< dockerd-rootless.sh / -setuptool.sh found
    std::vector<RootlessUser> users;
};

/// Everything collected. Paths in FileFacts are host paths (without the --root prefix).
struct HostFacts {
    std::string root = "/";
    std::int64_t now = 0;                    ///< collection time, seconds since the epoch
    std::map<std::string, FileFacts> files;  ///< by host path: every file the benchmark names
    bool docker_group_found = false;
    std::vector<std::string> docker_group_members;
    std::vector<std::string> subuid;  ///< lines of /etc/subuid
    std::vector<std::string> subgid;
    std::vector<std::string> mount_points;  ///< from <root>/proc/mounts or <root>/etc/fstab
    std::map<std::string, std::string>
        environment;  ///< DOCKER_* variables (process or /etc/environment)
    DaemonConfig daemon;
    UnitFacts docker_service;
    UnitFacts docker_socket;
    UnitFacts containerd_service;
    AuditFacts audit;
    std::optional<CertFacts> tls_ca;
    std::optional<CertFacts> tls_cert;
    std::optional<CertFacts> tls_key;
    std::vector<FileFacts> registry_certs;  ///< files under /etc/docker/certs.d/*/
    std::string docker_socket_path = "/var/run/docker.sock";
    std::string containerd_socket_path = "/run/containerd/containerd.sock";
    EngineFacts engine;
    ImageFacts image;
    RootlessFacts rootless;
    std::vector<std::string> warnings;  ///< collection problems (unreadable files, …)

    /// The facts of `path`, or a FileFacts with exists=false when it was not collected.
    [[nodiscard]] FileFacts file(const std::string& path) const;
};

}  // namespace berth::audit

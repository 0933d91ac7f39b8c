// SPDX-License-Identifier: Apache-2.0
// The judgements of one container's runtime settings, shared by the two entry points that judge
// them: `berth config` (runtime rules RT###, src/config/rules/) and `berth audit host` (CIS Docker
// Benchmark v1.6 §5 checks, src/audit/cis_docker/checks/). One judgement, two entry points: a
// rule and its CIS check call the same function here, so they never disagree.
//
// Each judgement is a pure function of the settings (engine::ContainerInspect: what
// `docker inspect` shows, or what a Compose service asks for, see compose.hpp) returning why the
// container fails, or nullopt when it passes:
//
//   ContainerInspect{privileged = true}  → privileged(c) == "privileged"
//   ContainerInspect{pid_mode = "host"}  → host_pid(c) == "uses the host PID namespace"
//
// The texts are the audit's (its report lists "name: why"): changing one changes its output.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/models.hpp"

namespace berth::config::judge {

using Settings = engine::ContainerInspect;
/// Why the container fails; nullopt when it passes.
using Why = std::optional<std::string>;

/// CIS 5.5: --privileged.
Why privileged(const Settings& c);
/// CIS 5.4: capabilities added beyond Docker's default set (or ALL): "cap-add SYS_ADMIN,NET_ADMIN".
Why capabilities_beyond_default(const Settings& c);
/// docker-bench C.5.3.x: privileged, or `cap` (without CAP_, "SYS_ADMIN") or ALL added.
Why has_capability(const Settings& c, std::string_view cap);
/// Capabilities container escapes and host takeovers use (SYS_ADMIN, SYS_MODULE, …, ALL) added.
Why dangerous_capabilities(const Settings& c);
/// cap_drop does not hold ALL.
Why no_drop_all(const Settings& c);
/// CIS 5.6: /, /boot, /dev, /etc, /lib, /proc, /sys or /usr of the host mounted.
Why host_system_dirs(const Settings& c);
/// Host directories holding other containers' or users' data (/var/lib/docker, /root, /home, …).
Why host_data_dirs(const Settings& c);
/// CIS 5.32: a docker.sock mounted (as source or destination).
Why docker_socket(const Settings& c);
/// CIS 5.20: a mount with shared or rshared propagation.
Why shared_propagation(const Settings& c);
/// CIS 5.8: a host port below 1024 published.
Why privileged_ports(const Settings& c);
/// CIS 5.14: ports published on every host interface (empty host ip, 0.0.0.0 or ::).
Why all_interfaces(const Settings& c);
/// CIS 5.10, 5.16, 5.17, 5.21, 5.31: the host's network, PID, IPC, UTS or user namespace.
Why host_network(const Settings& c);
Why host_pid(const Settings& c);
Why host_ipc(const Settings& c);
Why host_uts(const Settings& c);
Why host_userns(const Settings& c);
/// CIS 5.11: no memory limit.
Why no_memory_limit(const Settings& c);
/// CIS 5.12: no CPU shares, quota or --cpus.
Why no_cpu_limit(const Settings& c);
/// CIS 5.29: no PIDs limit.
Why no_pids_limit(const Settings& c);
/// CIS 5.13: the root filesystem is writable.
Why writable_rootfs(const Settings& c);
/// CIS 5.15: restart always / unless-stopped, or on-failure without a cap of at most 5.
Why restart_policy(const Settings& c);
/// CIS 5.22: seccomp=unconfined.
Why seccomp_unconfined(const Settings& c);
/// CIS 5.2 (the container part): apparmor=unconfined.
Why apparmor_unconfined(const Settings& c);
/// CIS 5.3 (the container part): label=disable.
Why selinux_disabled(const Settings& c);
/// CIS 5.26: no-new-privileges neither set on the container nor (daemon_wide) by the daemon; an
/// explicit no-new-privileges=false fails even then.
Why no_new_privileges(const Settings& c, bool daemon_wide);
/// The user is empty (the image's; root unless the image sets one), "root" or uid 0.
Why runs_as_root(const Settings& c);
/// CIS 5.18: the host devices passed ("device /dev/fuse:/dev/fuse:rwm"), one note each.
std::vector<std::string> devices(const Settings& c);
/// CIS 5.19: the ulimits overridden ("ulimit nofile=1024:2048"), one note each.
std::vector<std::string> ulimits(const Settings& c);

/// "SYS_ADMIN" for "CAP_SYS_ADMIN", "sys_admin" or "SYS_ADMIN".
std::string capability_name(std::string_view cap);

}  // namespace berth::config::judge

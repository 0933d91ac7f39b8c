// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 section 5, the checks of one running container at a time (5.4–5.17,
// 5.20–5.22, 5.25, 5.27, 5.29, 5.31, 5.32). These 22 checks are one table (like 1.1.3–1.1.18, see
// docs/cis.md): each row says what is wrong with one container, if anything; one judge
// (judge_containers) WARNs listing "name: why" for each running container the row finds wrong.
// registry.cpp lists each row by its CIS number: make_cis_5_containers("5.5").
#include <algorithm>
#include <array>
#include <cstdlib>
#include <optional>
#include <string>

#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"
#include "audit/cis_docker/table.hpp"
#include "config/judge.hpp"

namespace berth::audit::cis {
namespace {

// Why the container fails the check, nullopt when it passes. The rows `berth config` shares call
// the one judgement of config/judge.hpp (its runtime rule RT### judges the same way).
using Bad = std::optional<std::string> (*)(const ContainerFacts&);
using Shared = config::judge::Why (*)(const config::judge::Settings&);

struct Row {
    check::RuleInfo info;
    Bad bad = nullptr;
    Shared shared = nullptr;
};

constexpr check::RuleInfo info_of(const Meta& m) {
    return check::RuleInfo{
        .id = m.id,
        .title = m.title,
        .severity = m.severity,
        .description = m.description,
        .remediation = m.remediation,
        .level = m.level,
        .automated = m.automated,
        .scored = m.scored,
    };
}

constexpr Row row(const Meta& m, Shared shared) {
    return {info_of(m), nullptr, shared};
}

constexpr Row row(const Meta& m, Bad bad) {
    return {info_of(m), bad, nullptr};
}

constexpr std::array<Row, 22> kRows{{
    row({"cis-docker/5.4", "Ensure that Linux kernel capabilities are restricted within containers",
         Severity::Medium,
         "Extra capabilities widen what root in the container can do to the host kernel.",
         "Drop all capabilities (--cap-drop ALL) and add back only the needed ones; "
         "add none beyond "
         "Docker's default set.",
         1, true, true},
        &config::judge::capabilities_beyond_default),
    row({"cis-docker/5.5", "Ensure that privileged containers are not used", Severity::High,
         "A privileged container has every capability and every device: it is root "
         "on the host.",
         "Do not run containers with --privileged.", 1, true, true},
        &config::judge::privileged),
    row({"cis-docker/5.6", "Ensure sensitive host system directories are not mounted on containers",
         Severity::High,
         "Mounting host system directories lets the container read or change the host.",
         "Do not bind-mount /, /boot, /dev, /etc, /lib, /proc, /sys or /usr into containers.", 1,
         true, true},
        &config::judge::host_system_dirs),
    row({"cis-docker/5.7", "Ensure sshd is not run within containers", Severity::Medium,
         "An SSH daemon in a container is one more service to secure and bypasses docker exec "
         "auditing.",
         "Remove sshd from the image; use docker exec.", 1, true, true},
        [](const ContainerFacts& c) -> std::optional<std::string> {
            if (!c.top_collected) return std::nullopt;
            for (const auto& p : c.processes) {
                const auto first = p.substr(0, p.find(' '));
                if (first.size() >= 4 && first.compare(first.size() - 4, 4, "sshd") == 0)
                    return "runs " + p;
            }
            return std::nullopt;
        }),
    row({"cis-docker/5.8", "Ensure privileged ports are not mapped within containers",
         Severity::Medium,
         "Ports below 1024 are privileged on the host; mapping to them lets a "
         "container pose as a "
         "system service.",
         "Publish containers on host ports 1024 and above.", 1, true, true},
        &config::judge::privileged_ports),
    row({"cis-docker/5.9", "Ensure that only needed ports are open on the container", Severity::Low,
         "Every published port is reachable attack surface.",
         "Publish only the ports the service needs; review `docker port`.", 1, false, true},
        [](const ContainerFacts& c) -> std::optional<std::string> {
            std::string hits;
            for (const auto& p : c.ports)
                hits += (hits.empty() ? "" : ", ") +
                        (p.host_ip.empty() ? std::string("0.0.0.0") : p.host_ip) + ":" +
                        p.host_port + "->" + p.container_port;
            if (!hits.empty()) return "publishes " + hits + " (confirm each is needed)";
            return std::nullopt;
        }),
    row({"cis-docker/5.10", "Ensure that the host's network namespace is not shared",
         Severity::Medium,
         "With the host's network namespace a container can bind any port and watch "
         "host traffic.",
         "Do not use --network host.", 1, true, true},
        &config::judge::host_network),
    row({"cis-docker/5.11", "Ensure that the memory usage for containers is limited",
         Severity::Medium, "Without a memory limit one container can starve the host.",
         "Run containers with --memory.", 1, true, true},
        &config::judge::no_memory_limit),
    row({"cis-docker/5.12", "Ensure that CPU priority is set appropriately on containers",
         Severity::Low, "Without CPU shares or limits one container can take all CPU time.",
         "Set --cpu-shares, --cpus or --cpu-quota.", 2, true, true},
        &config::judge::no_cpu_limit),
    row({"cis-docker/5.13", "Ensure that the container's root filesystem is mounted as read only",
         Severity::Medium,
         "A read-only root filesystem stops an attacker from changing the "
         "container's binaries.",
         "Run with --read-only and mount writable volumes or tmpfs only where needed.", 1, true,
         true},
        &config::judge::writable_rootfs),
    row({"cis-docker/5.14",
         "Ensure that incoming container traffic is bound to a specific host interface",
         Severity::Medium,
         "A port published on every interface is reachable from every network the host is on.",
         "Publish ports on a specific address: -p 127.0.0.1:8080:8080.", 1, true, true},
        &config::judge::all_interfaces),
    row({"cis-docker/5.15", "Ensure that the 'on-failure' container restart policy is set to '5'",
         Severity::Low,
         "Restarting forever hides crashes and can amplify a denial of service; "
         "on-failure with a "
         "limit does not.",
         "Use --restart on-failure:5 (or no restart).", 1, true, true},
        &config::judge::restart_policy),
    row({"cis-docker/5.16", "Ensure that the host's process namespace is not shared",
         Severity::Medium,
         "With the host's PID namespace a container sees and can signal every host process.",
         "Do not use --pid host.", 1, true, true},
        &config::judge::host_pid),
    row({"cis-docker/5.17", "Ensure that the host's IPC namespace is not shared", Severity::Medium,
         "With the host's IPC namespace a container reaches host shared memory.",
         "Do not use --ipc host.", 1, true, true},
        &config::judge::host_ipc),
    row({"cis-docker/5.20", "Ensure mount propagation mode is not set to shared", Severity::Medium,
         "Shared mount propagation lets mounts made in the container appear on the host.",
         "Do not use shared or rshared propagation on mounts.", 1, true, true},
        &config::judge::shared_propagation),
    row({"cis-docker/5.21", "Ensure that the host's UTS namespace is not shared", Severity::Low,
         "With the host's UTS namespace a container can change the host name.",
         "Do not use --uts host.", 1, true, true},
        &config::judge::host_uts),
    row({"cis-docker/5.22", "Ensure the default seccomp profile is not Disabled", Severity::Medium,
         "The default seccomp profile blocks dangerous system calls; unconfined removes that.",
         "Do not use --security-opt seccomp=unconfined.", 1, true, true},
        &config::judge::seccomp_unconfined),
    row({"cis-docker/5.25", "Ensure that cgroup usage is confirmed", Severity::Low,
         "A container in a custom cgroup parent escapes the limits set for Docker's cgroup.",
         "Do not use --cgroup-parent unless it is intended.", 1, true, true},
        [](const ContainerFacts& c) -> std::optional<std::string> {
            if (!c.cgroup_parent.empty()) return "cgroup parent " + c.cgroup_parent;
            return std::nullopt;
        }),
    row({"cis-docker/5.27", "Ensure that container health is checked at runtime", Severity::Low,
         "Without a health check nobody notices a container that runs but has stopped working.",
         "Add HEALTHCHECK to the image or run with --health-cmd.", 1, true, true},
        [](const ContainerFacts& c) -> std::optional<std::string> {
            if (!c.has_health) return std::string("no health check");
            return std::nullopt;
        }),
    row({"cis-docker/5.29", "Ensure that the PIDs cgroup limit is used", Severity::Low,
         "Without a PIDs limit a fork bomb in one container takes down the host.",
         "Run with --pids-limit.", 1, true, true},
        &config::judge::no_pids_limit),
    row({"cis-docker/5.31", "Ensure that the host's user namespaces are not shared",
         Severity::Medium, "Sharing the host's user namespace undoes user namespace remapping.",
         "Do not use --userns host.", 1, true, true},
        &config::judge::host_userns),
    row({"cis-docker/5.32", "Ensure that the Docker socket is not mounted inside any containers",
         Severity::High,
         "The Docker socket inside a container gives it full control of the daemon, "
         "hence the host.",
         "Never mount docker.sock into containers.", 1, true, true},
        &config::judge::docker_socket),
}};

Verdict judge_row(const Row& row, const HostFacts& f) {
    if (row.shared != nullptr) {
        return judge_containers(f, [&row](const ContainerFacts& c) { return row.shared(c); });
    }
    return judge_containers(f, row.bad);
}

}  // namespace

Check make_cis_5_containers(std::string_view number) {
    return Table<kRows, &judge_row>::by_number(number);
}

}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
#include "config/judge.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>

#include "core/text.hpp"

namespace berth::config::judge {
namespace {

// Docker's default capability set (moby oci/caps/defaults.go).
constexpr std::array<std::string_view, 14> kDefaultCaps = {
    "CHOWN",   "DAC_OVERRIDE", "FSETID",           "FOWNER",
    "MKNOD",   "NET_RAW",      "SETGID",           "SETUID",
    "SETFCAP", "SETPCAP",      "NET_BIND_SERVICE", "SYS_CHROOT",
    "KILL",    "AUDIT_WRITE"};

// What container escapes and host takeovers use (HackTricks, Trivy KSV005/KSV022, docker-bench
// C.5.3).
constexpr std::array<std::string_view, 13> kDangerousCaps = {
    "ALL",      "SYS_ADMIN", "SYS_MODULE",      "SYS_PTRACE", "SYS_RAWIO",
    "SYS_BOOT", "SYS_TIME",  "DAC_READ_SEARCH", "NET_ADMIN",  "BPF",
    "PERFMON",  "MAC_ADMIN", "SYSLOG"};

// CIS 5.6 (docker-bench's list).
constexpr std::array<std::string_view, 8> kSystemDirs = {"/",    "/boot", "/dev", "/etc",
                                                         "/lib", "/proc", "/sys", "/usr"};

// Host directories with other containers' data, credentials or runtime sockets.
constexpr std::array<std::string_view, 9> kDataDirs = {"/var/lib/docker",
                                                       "/var/lib/containerd",
                                                       "/var/lib/kubelet",
                                                       "/etc/kubernetes",
                                                       "/root",
                                                       "/home",
                                                       "/run",
                                                       "/var/run",
                                                       "/var/log"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view s) {
    return std::find(list.begin(), list.end(), s) != list.end();
}

void add(std::string& list, std::string_view item, std::string_view sep = ",") {
    if (!list.empty()) list += sep;
    list += item;
}

// "/var/lib/docker/" → "/var/lib/docker"; "/" stays.
std::string_view without_trailing_slash(std::string_view p) {
    while (p.size() > 1 && p.back() == '/') p.remove_suffix(1);
    return p;
}

bool has_option(const Settings& c, std::string_view name, std::string_view value) {
    const std::string a = std::string(name) + "=" + std::string(value);
    const std::string b = std::string(name) + ":" + std::string(value);
    return std::any_of(c.security_opt.begin(), c.security_opt.end(),
                       [&](const std::string& o) { return o == a || o == b; });
}

Why host_mode(const std::string& mode, std::string_view what) {
    if (mode == "host") return "uses the host " + std::string(what) + " namespace";
    return std::nullopt;
}

}  // namespace

std::string capability_name(std::string_view cap) {
    std::string out = text::upper(text::trim(cap));
    if (out.rfind("CAP_", 0) == 0) out.erase(0, 4);
    return out;
}

Why privileged(const Settings& c) {
    if (c.privileged) return std::string("privileged");
    return std::nullopt;
}

Why capabilities_beyond_default(const Settings& c) {
    std::string extra;
    for (const auto& added : c.cap_add) {
        const std::string cap = capability_name(added);
        if (cap == "ALL" || !contains(kDefaultCaps, cap)) add(extra, cap);
    }
    if (!extra.empty()) return "cap-add " + extra;
    return std::nullopt;
}

Why has_capability(const Settings& c, std::string_view cap) {
    if (c.privileged) return "privileged (has CAP_" + std::string(cap) + ")";
    for (const auto& added : c.cap_add) {
        const std::string name = capability_name(added);
        if (name == "ALL" || name == cap) return "cap-add " + added;
    }
    return std::nullopt;
}

Why dangerous_capabilities(const Settings& c) {
    std::string hits;
    for (const auto& added : c.cap_add) {
        const std::string cap = capability_name(added);
        if (contains(kDangerousCaps, cap)) add(hits, cap);
    }
    if (!hits.empty()) return "cap-add " + hits;
    return std::nullopt;
}

Why no_drop_all(const Settings& c) {
    const bool all = std::any_of(c.cap_drop.begin(), c.cap_drop.end(),
                                 [](const std::string& d) { return capability_name(d) == "ALL"; });
    if (!all) return std::string("capabilities not dropped (no cap-drop ALL)");
    return std::nullopt;
}

Why host_system_dirs(const Settings& c) {
    std::string hits;
    for (const auto& m : c.mounts) {
        if (m.type == "volume" || m.type == "tmpfs") continue;
        if (contains(kSystemDirs, without_trailing_slash(m.source))) {
            add(hits, m.source + (m.rw ? " (rw)" : " (ro)"), ", ");
        }
    }
    if (!hits.empty()) return "mounts " + hits;
    return std::nullopt;
}

Why host_data_dirs(const Settings& c) {
    std::string hits;
    for (const auto& m : c.mounts) {
        if (m.type == "volume" || m.type == "tmpfs") continue;
        const std::string_view src = without_trailing_slash(m.source);
        for (std::string_view dir : kDataDirs) {
            const bool under = src.size() > dir.size() && src.substr(0, dir.size()) == dir &&
                               src[dir.size()] == '/' && dir.starts_with("/var/lib");
            if (src == dir || under) {
                add(hits, m.source + (m.rw ? " (rw)" : " (ro)"), ", ");
                break;
            }
        }
    }
    if (!hits.empty()) return "mounts " + hits;
    return std::nullopt;
}

Why docker_socket(const Settings& c) {
    const auto ends = [](const std::string& s) {
        return s.size() >= 11 && s.compare(s.size() - 11, 11, "docker.sock") == 0;
    };
    for (const auto& m : c.mounts) {
        if (ends(m.source) || ends(m.destination))
            return "mounts " + m.source + " at " + m.destination;
    }
    return std::nullopt;
}

Why shared_propagation(const Settings& c) {
    for (const auto& m : c.mounts) {
        if (m.propagation == "shared" || m.propagation == "rshared")
            return m.destination + " has " + m.propagation + " propagation";
    }
    return std::nullopt;
}

Why privileged_ports(const Settings& c) {
    std::string hits;
    for (const auto& p : c.ports) {
        if (p.host_port.empty()) continue;
        const long port = std::strtol(p.host_port.c_str(), nullptr, 10);
        if (port > 0 && port < 1024) add(hits, p.host_port + "->" + p.container_port, ", ");
    }
    if (!hits.empty()) return "maps privileged host port(s) " + hits;
    return std::nullopt;
}

Why all_interfaces(const Settings& c) {
    std::string hits;
    for (const auto& p : c.ports) {
        if (p.host_ip.empty() || p.host_ip == "0.0.0.0" || p.host_ip == "::")
            add(hits, p.container_port, ", ");
    }
    if (!hits.empty()) return "port(s) " + hits + " bound to every host interface";
    return std::nullopt;
}

Why host_network(const Settings& c) {
    return host_mode(c.network_mode, "network");
}
Why host_pid(const Settings& c) {
    return host_mode(c.pid_mode, "PID");
}
Why host_ipc(const Settings& c) {
    return host_mode(c.ipc_mode, "IPC");
}
Why host_uts(const Settings& c) {
    return host_mode(c.uts_mode, "UTS");
}
Why host_userns(const Settings& c) {
    return host_mode(c.userns_mode, "user");
}

Why no_memory_limit(const Settings& c) {
    if (c.memory <= 0) return std::string("no memory limit");
    return std::nullopt;
}

Why no_cpu_limit(const Settings& c) {
    const bool shares = c.cpu_shares != 0 && c.cpu_shares != 1024;
    if (!shares && c.nano_cpus <= 0 && c.cpu_quota <= 0)
        return std::string("no CPU shares or limit");
    return std::nullopt;
}

Why no_pids_limit(const Settings& c) {
    if (!c.pids_limit || *c.pids_limit <= 0) return std::string("no PIDs limit");
    return std::nullopt;
}

Why writable_rootfs(const Settings& c) {
    if (!c.readonly_rootfs) return std::string("root filesystem is writable");
    return std::nullopt;
}

Why restart_policy(const Settings& c) {
    if (c.restart_policy == "always" || c.restart_policy == "unless-stopped")
        return "restart policy " + c.restart_policy;
    if (c.restart_policy == "on-failure" && (c.restart_max == 0 || c.restart_max > 5))
        return "restart policy on-failure:" + std::to_string(c.restart_max);
    return std::nullopt;
}

Why seccomp_unconfined(const Settings& c) {
    if (has_option(c, "seccomp", "unconfined")) return std::string("seccomp=unconfined");
    return std::nullopt;
}

Why apparmor_unconfined(const Settings& c) {
    if (has_option(c, "apparmor", "unconfined")) return std::string("apparmor=unconfined");
    return std::nullopt;
}

Why selinux_disabled(const Settings& c) {
    if (has_option(c, "label", "disable"))
        return std::string("SELinux labeling disabled (label=disable)");
    return std::nullopt;
}

Why no_new_privileges(const Settings& c, bool daemon_wide) {
    for (const auto& o : c.security_opt) {
        if (o == "no-new-privileges" || o == "no-new-privileges:true" ||
            o == "no-new-privileges=true")
            return std::nullopt;
        if (o == "no-new-privileges:false" || o == "no-new-privileges=false")
            return std::string("no-new-privileges=false");
    }
    if (daemon_wide) return std::nullopt;
    return std::string("no-new-privileges not set");
}

Why runs_as_root(const Settings& c) {
    const std::string user(text::trim(c.user));
    const std::string name = user.substr(0, user.find(':'));
    if (user.empty()) return std::string("no user set (the image's user; root unless it sets one)");
    if (name == "root" || name == "0") return "runs as " + user;
    return std::nullopt;
}

std::vector<std::string> devices(const Settings& c) {
    std::vector<std::string> out;
    for (const auto& d : c.devices) out.push_back("device " + d);
    return out;
}

std::vector<std::string> ulimits(const Settings& c) {
    std::vector<std::string> out;
    for (const auto& u : c.ulimits) out.push_back("ulimit " + u);
    return out;
}

}  // namespace berth::config::judge

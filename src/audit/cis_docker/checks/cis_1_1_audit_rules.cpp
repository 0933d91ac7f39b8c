// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 1.1.3–1.1.18: audit rules for Docker's files and binaries.
// These 16 checks are one table (like 3.1–3.24, see docs/cis.md): each row names the paths an
// audit rule must watch; one judge (judge_audit_watch) decides them all, as docker-bench does:
// it checks the rule, not the file, so a watched path PASSes even when absent under --root.
// registry.cpp lists each row by its CIS number: make_cis_1_1_audit_rules("1.1.3").
#include <array>
#include <utility>

#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"
#include "audit/cis_docker/table.hpp"

namespace berth::audit::cis {
namespace {

using Paths = std::vector<std::string>;

struct Row {
    std::string_view id;
    std::string_view title;
    int level;
    Paths (*paths)(const HostFacts&);  // the paths to watch, first one named when absent
    bool info_if_missing;              // absent and unwatched: INFO (true) or WARN (false)
};

constexpr std::array<Row, 16> kRows{{
    {"cis-docker/1.1.3", "Ensure auditing is configured for the Docker daemon", 1,
     [](const HostFacts&) {
         return Paths{"/usr/bin/dockerd", "/usr/sbin/dockerd"};
     },
     false},
    {"cis-docker/1.1.4",
     "Ensure auditing is configured for Docker files and directories -/run/containerd", 2,
     [](const HostFacts&) { return Paths{"/run/containerd"}; }, false},
    {"cis-docker/1.1.5",
     "Ensure auditing is configured for Docker files and directories - /var/lib/docker", 2,
     [](const HostFacts& f) {
         const std::string root = option_last(f, "data-root");
         return Paths{f.file(root).exists ? root : "/var/lib/docker"};
     },
     true},
    {"cis-docker/1.1.6",
     "Ensure auditing is configured for Docker files and directories - /etc/docker", 2,
     [](const HostFacts&) { return Paths{"/etc/docker"}; }, true},
    {"cis-docker/1.1.7",
     "Ensure auditing is configured for Docker files and directories - docker.service", 2,
     [](const HostFacts& f) { return Paths{f.docker_service.file.path}; }, true},
    {"cis-docker/1.1.8",
     "Ensure auditing is configured for Docker files and directories - containerd.sock", 2,
     [](const HostFacts& f) { return Paths{f.containerd_socket_path}; }, true},
    {"cis-docker/1.1.9",
     "Ensure auditing is configured for Docker files and directories - docker.socket", 2,
     [](const HostFacts& f) { return Paths{f.docker_socket.file.path}; }, true},
    {"cis-docker/1.1.10",
     "Ensure auditing is configured for Docker files and directories - /etc/default/docker", 2,
     [](const HostFacts&) { return Paths{"/etc/default/docker"}; }, true},
    {"cis-docker/1.1.11",
     "Ensure auditing is configured for Dockerfiles and directories - /etc/docker/daemon.json", 2,
     [](const HostFacts& f) { return Paths{f.daemon.daemon_json_path}; }, true},
    {"cis-docker/1.1.12",
     "Ensure auditing is configured for Dockerfiles and directories - "
     "/etc/containerd/config.toml",
     2, [](const HostFacts&) { return Paths{"/etc/containerd/config.toml"}; }, true},
    {"cis-docker/1.1.13",
     "Ensure auditing is configured for Docker files and directories - /etc/sysconfig/docker", 2,
     [](const HostFacts&) { return Paths{"/etc/sysconfig/docker"}; }, true},
    {"cis-docker/1.1.14",
     "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd", 2,
     [](const HostFacts&) {
         return Paths{"/usr/bin/containerd", "/usr/sbin/containerd"};
     },
     true},
    {"cis-docker/1.1.15",
     "Ensure auditing is configured for Docker files and directories - /usr/bin/containerd-shim", 2,
     [](const HostFacts&) { return Paths{"/usr/bin/containerd-shim"}; }, true},
    {"cis-docker/1.1.16",
     "Ensure auditing is configured for Docker files and directories - "
     "/usr/bin/containerd-shim-runc-v1",
     2, [](const HostFacts&) { return Paths{"/usr/bin/containerd-shim-runc-v1"}; }, true},
    {"cis-docker/1.1.17",
     "Ensure auditing is configured for Docker files and directories - "
     "/usr/bin/containerd-shim-runc-v2",
     2, [](const HostFacts&) { return Paths{"/usr/bin/containerd-shim-runc-v2"}; }, true},
    {"cis-docker/1.1.18",
     "Ensure auditing is configured for Docker files and directories - /usr/bin/runc", 2,
     [](const HostFacts&) {
         return Paths{"/usr/bin/runc", "/usr/sbin/runc"};
     },
     true},
}};

constexpr check::RuleInfo info_of(const Row& r) {
    return check::RuleInfo{
        .id = r.id,
        .title = r.title,
        .severity = Severity::Low,
        .description =
            "Auditing Docker's files and binaries records who changed or ran them; the daemon "
            "runs as root.",
        .remediation =
            "Add a watch rule, e.g. `-w PATH -k docker` in /etc/audit/rules.d/docker.rules, and "
            "reload auditd.",
        .level = r.level,
        .automated = true,
        .scored = true,
    };
}

Verdict judge_row(const Row& row, const HostFacts& f) {
    return judge_audit_watch(f, row.paths(f), row.info_if_missing);
}

}  // namespace

Check make_cis_1_1_audit_rules(std::string_view number) {
    return Table<kRows, &judge_row, &info_of>::by_number(number);
}

}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 3.1–3.24: ownership and permissions of the files the daemon trusts.
// These 24 checks are one table (like 1.1.3–1.1.18, see docs/cis.md): each row names a file and
// either the owner:group it must have or the most permissive mode; one judge decides them all.
// registry.cpp lists each row by its CIS number: make_cis_3_file_permissions("3.1").
#include <array>
#include <utility>

#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"
#include "audit/cis_docker/table.hpp"

namespace berth::audit::cis {
namespace {

enum class Target {
    DockerService,
    DockerSocketUnit,
    EtcDocker,
    RegistryCerts,
    TlsCa,
    TlsCert,
    TlsKey,
    DockerSock,
    DaemonJson,
    EtcDefaultDocker,
    EtcSysconfigDocker,
    ContainerdSock
};

struct Row {
    std::string_view id;
    std::string_view title;
    Target target;
    bool ownership;  // true: owner:group must match; false: mode within max_mode
    std::string_view owner;
    std::string_view group;
    std::uint32_t max_mode;
};

constexpr std::array<Row, 24> kRows{{
    {"cis-docker/3.1", "Ensure that the docker.service file ownership is set to root:root",
     Target::DockerService, true, "root", "root", 0},
    {"cis-docker/3.2", "Ensure that docker.service file permissions are appropriately set",
     Target::DockerService, false, "", "", 0644},
    {"cis-docker/3.3", "Ensure that docker.socket file ownership is set to root:root",
     Target::DockerSocketUnit, true, "root", "root", 0},
    {"cis-docker/3.4",
     "Ensure that docker.socket file permissions are set to 644 or more restrictive",
     Target::DockerSocketUnit, false, "", "", 0644},
    {"cis-docker/3.5", "Ensure that the /etc/docker directory ownership is set to root:root",
     Target::EtcDocker, true, "root", "root", 0},
    {"cis-docker/3.6",
     "Ensure that /etc/docker directory permissions are set to 755 or more restrictively",
     Target::EtcDocker, false, "", "", 0755},
    {"cis-docker/3.7", "Ensure that registry certificate file ownership is set to root:root",
     Target::RegistryCerts, true, "root", "root", 0},
    {"cis-docker/3.8",
     "Ensure that registry certificate file permissions are set to 444 or more restrictively",
     Target::RegistryCerts, false, "", "", 0444},
    {"cis-docker/3.9", "Ensure that TLS CA certificate file ownership is set to root:root",
     Target::TlsCa, true, "root", "root", 0},
    {"cis-docker/3.10",
     "Ensure that TLS CA certificate file permissions are set to 444 or more restrictively",
     Target::TlsCa, false, "", "", 0444},
    {"cis-docker/3.11", "Ensure that Docker server certificate file ownership is set to root:root",
     Target::TlsCert, true, "root", "root", 0},
    {"cis-docker/3.12",
     "Ensure that the Docker server certificate file permissions are set to 444 or more "
     "restrictively",
     Target::TlsCert, false, "", "", 0444},
    {"cis-docker/3.13",
     "Ensure that the Docker server certificate key file ownership is set to root:root",
     Target::TlsKey, true, "root", "root", 0},
    {"cis-docker/3.14",
     "Ensure that the Docker server certificate key file permissions are set to 400",
     Target::TlsKey, false, "", "", 0400},
    {"cis-docker/3.15", "Ensure that the Docker socket file ownership is set to root:docker",
     Target::DockerSock, true, "root", "docker", 0},
    {"cis-docker/3.16",
     "Ensure that the Docker socket file permissions are set to 660 or more restrictively",
     Target::DockerSock, false, "", "", 0660},
    {"cis-docker/3.17", "Ensure that the daemon.json file ownership is set to root:root",
     Target::DaemonJson, true, "root", "root", 0},
    {"cis-docker/3.18",
     "Ensure that daemon.json file permissions are set to 644 or more restrictive",
     Target::DaemonJson, false, "", "", 0644},
    {"cis-docker/3.19", "Ensure that the /etc/default/docker file ownership is set to root:root",
     Target::EtcDefaultDocker, true, "root", "root", 0},
    {"cis-docker/3.20",
     "Ensure that the /etc/default/docker file permissions are set to 644 or more restrictively",
     Target::EtcDefaultDocker, false, "", "", 0644},
    {"cis-docker/3.21",
     "Ensure that the /etc/sysconfig/docker file permissions are set to 644 or more restrictively",
     Target::EtcSysconfigDocker, false, "", "", 0644},
    {"cis-docker/3.22", "Ensure that the /etc/sysconfig/docker file ownership is set to root:root",
     Target::EtcSysconfigDocker, true, "root", "root", 0},
    {"cis-docker/3.23", "Ensure that the Containerd socket file ownership is set to root:root",
     Target::ContainerdSock, true, "root", "root", 0},
    {"cis-docker/3.24",
     "Ensure that the Containerd socket file permissions are set to 660 or more restrictively",
     Target::ContainerdSock, false, "", "", 0660},
}};

// The files a row is about (several for registry certificates), and what to call them when absent.
std::pair<std::vector<FileFacts>, std::string> files_of(const HostFacts& f, Target t) {
    auto one = [&](const std::string& p) {
        return std::make_pair(std::vector<FileFacts>{f.file(p)}, p);
    };
    auto cert = [](const std::optional<CertFacts>& c, const char* opt) {
        if (!c)
            return std::make_pair(std::vector<FileFacts>{},
                                  std::string("no ") + opt + " configured");
        return std::make_pair(std::vector<FileFacts>{c->file}, c->file.path);
    };
    switch (t) {
        case Target::DockerService:
            return one(f.docker_service.file.path);
        case Target::DockerSocketUnit:
            return one(f.docker_socket.file.path);
        case Target::EtcDocker:
            return one("/etc/docker");
        case Target::RegistryCerts:
            return {f.registry_certs, "/etc/docker/certs.d/*/*"};
        case Target::TlsCa:
            return cert(f.tls_ca, "tlscacert");
        case Target::TlsCert:
            return cert(f.tls_cert, "tlscert");
        case Target::TlsKey:
            return cert(f.tls_key, "tlskey");
        case Target::DockerSock:
            return one(f.docker_socket_path);
        case Target::DaemonJson:
            return one(f.daemon.daemon_json_path);
        case Target::EtcDefaultDocker:
            return one("/etc/default/docker");
        case Target::EtcSysconfigDocker:
            return one("/etc/sysconfig/docker");
        case Target::ContainerdSock:
            return one(f.containerd_socket_path);
    }
    return {};
}

Verdict judge_row(const Row& row, const HostFacts& f) {
    auto [files, name] = files_of(f, row.target);
    Verdict v{Outcome::Pass, {}};
    bool any = false;
    for (const auto& file : files) {
        if (!file.exists) continue;
        any = true;
        if (row.ownership) {
            const std::string want = std::string(row.owner) + ":" + std::string(row.group);
            const std::string have = file.owner + ":" + file.group;
            if (have != want) {
                v.result = Outcome::Fail;
                v.details.push_back(file.path + " is owned by " + have + ", want " + want);
            } else {
                v.details.push_back(file.path + " " + have);
            }
        } else if (!mode_within(file.mode, row.max_mode)) {
            v.result = Outcome::Fail;
            v.details.push_back(file.path + " has mode " + octal(file.mode) + ", want " +
                                octal(row.max_mode) + " or more restrictive");
        } else {
            v.details.push_back(file.path + " " + octal(file.mode));
        }
    }
    if (!any) return info(name.rfind("no ", 0) == 0 ? name : name + " not found");
    return v;
}

// The socket and the TLS key give root on the host to whoever can write them (or read the key).
constexpr Severity severity_of(const Row& r) {
    return r.target == Target::DockerSock || r.target == Target::TlsKey ? Severity::High
                                                                        : Severity::Medium;
}

constexpr check::RuleInfo info_of(const Row& r) {
    return check::RuleInfo{
        .id = r.id,
        .title = r.title,
        .severity = severity_of(r),
        .description =
            r.ownership
                ? "Whoever owns a file the daemon trusts can change how it runs or what it trusts."
                : "A file writable by others lets them change the daemon's configuration or "
                  "credentials.",
        .remediation = r.ownership ? "chown the file to the owner:group in the title."
                                   : "chmod the file to the mode in the title, or stricter.",
        .level = 1,
        .automated = true,
        .scored = true,
    };
}

}  // namespace

Check make_cis_3_file_permissions(std::string_view number) {
    return Table<kRows, &judge_row, &info_of>::by_number(number);
}

}  // namespace berth::audit::cis

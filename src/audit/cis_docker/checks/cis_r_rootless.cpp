// SPDX-License-Identifier: Apache-2.0
// berth rootless Docker checks R.1–R.4 (not in the CIS benchmark): each rootless Docker user's
// daemon.json, socket, subordinate id ranges and daemon options. These 4 checks are one table
// (like 1.1.3–1.1.18, see docs/cis.md): each row lists what is wrong for one rootless user; one
// judge WARNs listing "user: problem" (INFO when no user runs rootless Docker).
// registry.cpp lists each row by its number: make_cis_r_rootless("R.1").
#include <array>
#include <string>
#include <vector>

#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"
#include "audit/cis_docker/table.hpp"

namespace berth::audit::cis {
namespace {

using Problems = std::vector<std::string>;

struct Row {
    check::RuleInfo info;
    Problems (*problems)(const RootlessUser&);  // what is wrong for one user
};

Problems config_perms(const RootlessUser& u) {
    Problems out;
    if (u.daemon_json.exists &&
        (u.daemon_json.uid != u.uid || !mode_within(u.daemon_json.mode, 0644))) {
        out.push_back(u.daemon_json.path + " is " + u.daemon_json.owner + " " +
                      octal(u.daemon_json.mode) + ", want owner " + u.name +
                      " and 0644 or stricter");
    }
    if (u.daemon_json.exists && !u.daemon_json_error.empty()) out.push_back(u.daemon_json_error);
    return out;
}

Problems socket_perms(const RootlessUser& u) {
    if (!u.socket.exists || (u.socket.uid == u.uid && mode_within(u.socket.mode, 0660))) return {};
    return {u.socket.path + " is " + u.socket.owner + " " + octal(u.socket.mode) + ", want owner " +
            u.name + " and 0660 or stricter"};
}

Problems subids(const RootlessUser& u) {
    if (u.has_subuid && u.has_subgid) return {};
    return {"no range in " + std::string(!u.has_subuid ? "/etc/subuid" : "/etc/subgid")};
}

Problems daemon_options(const RootlessUser& u) {
    Problems out;
    for (const char* key : {"experimental", "insecure-registries"}) {
        auto it = u.options.find(key);
        if (it == u.options.end() || it->second.empty()) continue;
        if (std::string(key) == "experimental" && it->second.back() != "true") continue;
        out.push_back(std::string(key) + " set in " + u.daemon_json.path);
    }
    return out;
}

constexpr std::array<Row, 4> kRows{{
    {check::RuleInfo{
         .id = "cis-docker/R.1",
         .title = "Ensure each rootless Docker user's ~/.config/docker/daemon.json is owned by the "
                  "user and "
                  "not writable by others",
         .severity = Severity::Medium,
         .description =
             "Whoever can write a rootless daemon's daemon.json controls that user's daemon and "
             "containers.",
         .remediation = "chown USER ~/.config/docker/daemon.json and chmod 600 (or 644).",
         .level = 1,
         .automated = true,
         .scored = true,
     },
     &config_perms},
    {check::RuleInfo{
         .id = "cis-docker/R.2",
         .title =
             "Ensure each rootless Docker socket is owned by its user with permissions 660 or more "
             "restrictive",
         .severity = Severity::High,
         .description = "The rootless socket gives full control of that user's daemon; other users "
                        "must not reach "
                        "it.",
         .remediation = "Let dockerd-rootless create /run/user/UID/docker.sock (0660 or stricter, "
                        "owned by the "
                        "user); do not loosen it.",
         .level = 1,
         .automated = true,
         .scored = true,
     },
     &socket_perms},
    {check::RuleInfo{
         .id = "cis-docker/R.3",
         .title = "Ensure each rootless Docker user has subordinate uid and gid ranges",
         .severity = Severity::Low,
         .description = "Without /etc/subuid and /etc/subgid ranges rootless Docker maps every "
                        "container user to "
                        "the one host user.",
         .remediation = "Add USER:100000:65536 lines to /etc/subuid and /etc/subgid (usermod "
                        "--add-subuids/--add-subgids).",
         .level = 1,
         .automated = true,
         .scored = true,
     },
     &subids},
    {check::RuleInfo{
         .id = "cis-docker/R.4",
         .title = "Ensure rootless Docker daemons do not enable experimental features or insecure "
                  "registries",
         .severity = Severity::Low,
         .description =
             "A rootless daemon's own daemon.json can undo the host's hardening for that user's "
             "containers.",
         .remediation = "Remove \"experimental\" and \"insecure-registries\" from "
                        "~/.config/docker/daemon.json.",
         .level = 2,
         .automated = true,
         .scored = true,
     },
     &daemon_options},
}};

Verdict judge_row(const Row& row, const HostFacts& f) {
    if (f.rootless.users.empty()) return info("no user runs rootless Docker");
    Verdict v = pass("");
    v.details.clear();
    for (const auto& u : f.rootless.users) {
        for (const auto& problem : row.problems(u)) {
            v.result = Outcome::Fail;
            v.details.push_back(u.name + ": " + problem);
        }
    }
    if (v.details.empty())
        v.details.push_back(std::to_string(f.rootless.users.size()) + " rootless user(s) checked");
    return v;
}

}  // namespace

Check make_cis_r_rootless(std::string_view number) {
    return Table<kRows, &judge_row>::by_number(number);
}

}  // namespace berth::audit::cis

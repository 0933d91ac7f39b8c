// SPDX-License-Identifier: Apache-2.0
// berth rootless Docker check R.2: Ensure each rootless Docker socket is owned by its user with
// permissions 660 or more restrictive.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/R.2",
    .title =
        "Ensure each rootless Docker socket is owned by its user with permissions 660 or more "
        "restrictive",
    .severity = Severity::High,
    .description =
        "The rootless socket gives full control of that user's daemon; other users must not reach "
        "it.",
    .remediation =
        "Let dockerd-rootless create /run/user/UID/docker.sock (0660 or stricter, owned by the "
        "user); do not loosen it.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (f.rootless.users.empty()) return info("no user runs rootless Docker");
    Verdict v = pass("");
    v.details.clear();
    for (const auto& u : f.rootless.users) {
        if (!u.socket.exists) continue;
        if (u.socket.uid != u.uid || !mode_within(u.socket.mode, 0660)) {
            v.result = Outcome::Fail;
            v.details.push_back(u.name + ": " + u.socket.path + " is " + u.socket.owner + " " +
                                octal(u.socket.mode) + ", want owner " + u.name +
                                " and 0660 or stricter");
        }
    }
    if (v.details.empty())
        v.details.push_back(std::to_string(f.rootless.users.size()) + " rootless user(s) checked");
    return v;
}

}  // namespace

Check make_cis_r_02_rootless_socket_perms() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

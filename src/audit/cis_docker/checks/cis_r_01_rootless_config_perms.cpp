// SPDX-License-Identifier: Apache-2.0
// berth rootless Docker check R.1: Ensure each rootless Docker user's ~/.config/docker/daemon.json
// is owned by the user and not writable by others.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/R.1",
    .title =
        "Ensure each rootless Docker user's ~/.config/docker/daemon.json is owned by the user and "
        "not writable by others",
    .severity = Severity::Medium,
    .description =
        "Whoever can write a rootless daemon's daemon.json controls that user's daemon and "
        "containers.",
    .remediation = "chown USER ~/.config/docker/daemon.json and chmod 600 (or 644).",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (f.rootless.users.empty()) return info("no user runs rootless Docker");
    Verdict v = pass("");
    v.details.clear();
    for (const auto& u : f.rootless.users) {
        if (!u.daemon_json.exists) continue;
        if (u.daemon_json.uid != u.uid || !mode_within(u.daemon_json.mode, 0644)) {
            v.result = Outcome::Fail;
            v.details.push_back(u.name + ": " + u.daemon_json.path + " is " + u.daemon_json.owner +
                                " " + octal(u.daemon_json.mode) + ", want owner " + u.name +
                                " and 0644 or stricter");
        }
        if (!u.daemon_json_error.empty()) {
            v.result = Outcome::Fail;
            v.details.push_back(u.name + ": " + u.daemon_json_error);
        }
    }
    if (v.details.empty())
        v.details.push_back(std::to_string(f.rootless.users.size()) + " rootless user(s) checked");
    return v;
}

}  // namespace

Check make_cis_r_01_rootless_config_perms() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

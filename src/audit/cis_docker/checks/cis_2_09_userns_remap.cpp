// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 2.9: Enable user namespace support.
#include <algorithm>

#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/2.9",
    .title = "Enable user namespace support",
    .severity = Severity::Medium,
    .description = "Without user namespace remapping, root in a container is root on the host.",
    .remediation =
        "Start dockerd with --userns-remap=default (and entries in /etc/subuid and /etc/subgid).",
    .level = 2,
    .automated = true,
    .scored = true,
};

// True when `lines` (of /etc/subuid or /etc/subgid) has an entry for `user`.
bool has_entry(const std::vector<std::string>& lines, const std::string& user) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& l) { return l.rfind(user + ":", 0) == 0; });
}

Verdict judge(const HostFacts& f) {
    if (auto v = no_daemon_config(f)) return *v;
    const std::string u = option_last(f, "userns-remap");
    const bool live =
        std::any_of(f.engine.security_options.begin(), f.engine.security_options.end(),
                    [](const std::string& s) { return s == "name=userns"; });
    if (u.empty() && !live) return warn("user namespace remapping is not enabled");
    Verdict v = pass("userns-remap=" + (u.empty() ? std::string("(reported by the daemon)") : u));
    if (u == "default") {
        // As docker-bench: dockerd itself adds the dockremap user and its /etc/subuid and
        // /etc/subgid ranges when it starts with userns-remap=default.
        if (!has_entry(f.subuid, "dockremap") || !has_entry(f.subgid, "dockremap")) {
            v.details.push_back(
                "info: /etc/subuid or /etc/subgid has no dockremap entry yet; dockerd creates "
                "it when it starts with userns-remap=default");
        }
    } else if (!u.empty() && (f.subuid.empty() || f.subgid.empty())) {
        v.result = Outcome::Fail;
        v.details.push_back("/etc/subuid or /etc/subgid is empty");
    }
    return v;
}

}  // namespace

Check make_cis_2_09_userns_remap() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 2.9: Enable user namespace support.
#include <algorithm>

#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr CheckInfo kInfo{
    .id = "2.9",
    .title = "Enable user namespace support",
    .level = 2,
    .automated = true,
    .scored = true,
    .rationale = "Without user namespace remapping, root in a container is root on the host.",
    .remediation =
        "Start dockerd with --userns-remap=default (and entries in /etc/subuid and /etc/subgid).",
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_daemon_config(f)) return *v;
    const std::string u = option_last(f, "userns-remap");
    const bool live =
        std::any_of(f.engine.security_options.begin(), f.engine.security_options.end(),
                    [](const std::string& s) { return s == "name=userns"; });
    if (u.empty() && !live) return warn("user namespace remapping is not enabled");
    Verdict v = pass("userns-remap=" + (u.empty() ? std::string("(reported by the daemon)") : u));
    if (!u.empty() && (f.subuid.empty() || f.subgid.empty())) {
        v.result = Outcome::Warn;
        v.details.push_back("/etc/subuid or /etc/subgid is empty");
    }
    return v;
}

}  // namespace

Check make_cis_2_09_userns_remap() {
    return {kInfo, &judge};
}

}  // namespace berth::audit::cis

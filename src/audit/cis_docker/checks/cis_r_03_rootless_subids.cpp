// SPDX-License-Identifier: Apache-2.0
// berth rootless Docker check R.3: Ensure each rootless Docker user has subordinate uid and gid
// ranges.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/R.3",
    .title = "Ensure each rootless Docker user has subordinate uid and gid ranges",
    .severity = Severity::Low,
    .description =
        "Without /etc/subuid and /etc/subgid ranges rootless Docker maps every container user to "
        "the one host user.",
    .remediation =
        "Add USER:100000:65536 lines to /etc/subuid and /etc/subgid (usermod "
        "--add-subuids/--add-subgids).",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (f.rootless.users.empty()) return info("no user runs rootless Docker");
    Verdict v = pass("");
    v.details.clear();
    for (const auto& u : f.rootless.users) {
        if (!u.has_subuid || !u.has_subgid) {
            v.result = Outcome::Fail;
            v.details.push_back(u.name + ": no range in " +
                                std::string(!u.has_subuid ? "/etc/subuid" : "/etc/subgid"));
        }
    }
    if (v.details.empty())
        v.details.push_back(std::to_string(f.rootless.users.size()) + " rootless user(s) checked");
    return v;
}

}  // namespace

Check make_cis_r_03_rootless_subids() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
// berth rootless Docker check R.4: Ensure rootless Docker daemons do not enable experimental
// features or insecure registries.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/R.4",
    .title =
        "Ensure rootless Docker daemons do not enable experimental features or insecure registries",
    .severity = Severity::Low,
    .description =
        "A rootless daemon's own daemon.json can undo the host's hardening for that user's "
        "containers.",
    .remediation =
        "Remove \"experimental\" and \"insecure-registries\" from ~/.config/docker/daemon.json.",
    .level = 2,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (f.rootless.users.empty()) return info("no user runs rootless Docker");
    Verdict v = pass("");
    v.details.clear();
    for (const auto& u : f.rootless.users) {
        for (const char* key : {"experimental", "insecure-registries"}) {
            auto it = u.options.find(key);
            if (it == u.options.end() || it->second.empty()) continue;
            if (std::string(key) == "experimental" && it->second.back() != "true") continue;
            v.result = Outcome::Fail;
            v.details.push_back(u.name + ": " + key + " set in " + u.daemon_json.path);
        }
    }
    if (v.details.empty())
        v.details.push_back(std::to_string(f.rootless.users.size()) + " rootless user(s) checked");
    return v;
}

}  // namespace

Check make_cis_r_04_rootless_daemon_options() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

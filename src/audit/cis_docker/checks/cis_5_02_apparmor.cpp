// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.2: Ensure that, if applicable, an AppArmor Profile is enabled.
#include <algorithm>

#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"
#include "config/judge.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.2",
    .title = "Ensure that, if applicable, an AppArmor Profile is enabled",
    .severity = Severity::Medium,
    .description = "An AppArmor profile restricts what a container's processes may touch.",
    .remediation = "Run containers with an AppArmor profile (docker-default or a custom one).",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_engine(f)) return *v;
    const bool host_apparmor =
        std::any_of(f.engine.security_options.begin(), f.engine.security_options.end(),
                    [](const std::string& s) { return s.find("apparmor") != std::string::npos; });
    return judge_containers(
        f, [host_apparmor](const ContainerFacts& c) -> std::optional<std::string> {
            if (auto why = config::judge::apparmor_unconfined(c)) return why;  // RT006
            if (host_apparmor &&
                (c.apparmor_profile.empty() || c.apparmor_profile == "unconfined")) {
                return "no AppArmor profile";
            }
            if (!host_apparmor && c.apparmor_profile.empty())
                return "no AppArmor profile (AppArmor is not enabled on the host)";
            return std::nullopt;
        });
}

}  // namespace

Check make_cis_5_02_apparmor() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

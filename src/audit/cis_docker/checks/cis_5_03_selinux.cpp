// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.3: Ensure that, if applicable, SELinux security options are set.
#include <algorithm>

#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"
#include "config/judge.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.3",
    .title = "Ensure that, if applicable, SELinux security options are set",
    .severity = Severity::Medium,
    .description = "SELinux labels confine containers when the host enforces SELinux.",
    .remediation =
        "Enable SELinux on the host and in dockerd (--selinux-enabled); do not use label=disable.",
    .level = 2,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_engine(f)) return *v;
    const bool host_selinux =
        std::any_of(f.engine.security_options.begin(), f.engine.security_options.end(),
                    [](const std::string& s) { return s.find("selinux") != std::string::npos; });
    return judge_containers(
        f, [host_selinux](const ContainerFacts& c) -> std::optional<std::string> {
            if (auto why = config::judge::selinux_disabled(c)) return why;  // RT007
            if (!host_selinux) {
                const bool labeled =
                    std::any_of(c.security_opt.begin(), c.security_opt.end(),
                                [](const std::string& o) { return o.rfind("label", 0) == 0; });
                if (!labeled) return "no SELinux options (SELinux is not enabled in the daemon)";
            }
            return std::nullopt;
        });
}

}  // namespace

Check make_cis_5_03_selinux() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

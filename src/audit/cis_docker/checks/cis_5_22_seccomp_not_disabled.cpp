// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.22: Ensure the default seccomp profile is not Disabled.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.22",
    .title = "Ensure the default seccomp profile is not Disabled",
    .severity = Severity::Medium,
    .description =
        "The default seccomp profile blocks dangerous system calls; unconfined removes that.",
    .remediation = "Do not use --security-opt seccomp=unconfined.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    return judge_containers(f, [](const ContainerFacts& c) -> std::optional<std::string> {
        for (const auto& o : c.security_opt) {
            if (o == "seccomp=unconfined" || o == "seccomp:unconfined")
                return std::string("seccomp=unconfined");
        }
        return std::nullopt;
    });
}

}  // namespace

Check make_cis_5_22_seccomp_not_disabled() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.26: Ensure that the container is restricted from acquiring additional
// privileges.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.26",
    .title = "Ensure that the container is restricted from acquiring additional privileges",
    .severity = Severity::Medium,
    .description = "no-new-privileges stops setuid binaries from gaining privileges.",
    .remediation = "Run with --security-opt no-new-privileges (or set it daemon-wide).",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    const bool daemon_wide = option_last(f, "no-new-privileges") == "true";
    return judge_containers(
        f, [daemon_wide](const ContainerFacts& c) -> std::optional<std::string> {
            for (const auto& o : c.security_opt) {
                if (o == "no-new-privileges" || o == "no-new-privileges:true" ||
                    o == "no-new-privileges=true")
                    return std::nullopt;
                if (o == "no-new-privileges:false" || o == "no-new-privileges=false")
                    return std::string("no-new-privileges=false");
            }
            if (daemon_wide) return std::nullopt;
            return std::string("no-new-privileges not set");
        });
}

}  // namespace

Check make_cis_5_26_no_new_privileges_container() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

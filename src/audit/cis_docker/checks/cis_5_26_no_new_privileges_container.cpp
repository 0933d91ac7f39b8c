// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.26: Ensure that the container is restricted from acquiring additional
// privileges.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"
#include "config/judge.hpp"

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
    return judge_containers(f, [daemon_wide](const ContainerFacts& c) {
        // The judgement `berth config` shares (config/judge.hpp; runtime rule RT008).
        return config::judge::no_new_privileges(c, daemon_wide);
    });
}

}  // namespace

Check make_cis_5_26_no_new_privileges_container() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.13: Ensure that the container's root filesystem is mounted as read
// only.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.13",
    .title = "Ensure that the container's root filesystem is mounted as read only",
    .severity = Severity::Medium,
    .description =
        "A read-only root filesystem stops an attacker from changing the container's binaries.",
    .remediation = "Run with --read-only and mount writable volumes or tmpfs only where needed.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    return judge_containers(f, [](const ContainerFacts& c) -> std::optional<std::string> {
        if (!c.readonly_rootfs) return std::string("root filesystem is writable");
        return std::nullopt;
    });
}

}  // namespace

Check make_cis_5_13_readonly_rootfs() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.11: Ensure that the memory usage for containers is limited.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.11",
    .title = "Ensure that the memory usage for containers is limited",
    .severity = Severity::Medium,
    .description = "Without a memory limit one container can starve the host.",
    .remediation = "Run containers with --memory.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    return judge_containers(f, [](const ContainerFacts& c) -> std::optional<std::string> {
        if (c.memory <= 0) return std::string("no memory limit");
        return std::nullopt;
    });
}

}  // namespace

Check make_cis_5_11_memory_limit() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

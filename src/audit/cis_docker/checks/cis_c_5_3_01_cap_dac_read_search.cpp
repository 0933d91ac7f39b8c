// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 C.5.3.1: Ensure that CAP_DAC_READ_SEARCH Linux kernel capability is
// disabled.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/C.5.3.1",
    .title = "Ensure that CAP_DAC_READ_SEARCH Linux kernel capability is disabled",
    .severity = Severity::High,
    .description = "CAP_DAC_READ_SEARCH is one of the capabilities container escapes use.",
    .remediation =
        "Do not add CAP_DAC_READ_SEARCH (--cap-add) and do not run privileged containers.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    return judge_containers(f, [](const ContainerFacts& c) -> std::optional<std::string> {
        if (c.privileged) return std::string("privileged (has CAP_DAC_READ_SEARCH)");
        for (const auto& cap : c.cap_add) {
            if (cap == "ALL" || cap == "DAC_READ_SEARCH" || cap == "CAP_DAC_READ_SEARCH")
                return std::string("cap-add ") + cap;
        }
        return std::nullopt;
    });
}

}  // namespace

Check make_cis_c_5_3_01_cap_dac_read_search() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

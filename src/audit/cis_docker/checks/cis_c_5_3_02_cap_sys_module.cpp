// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 C.5.3.2: Ensure that CAP_SYS_MODULE Linux kernel capability is
// disabled.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/C.5.3.2",
    .title = "Ensure that CAP_SYS_MODULE Linux kernel capability is disabled",
    .severity = Severity::High,
    .description = "CAP_SYS_MODULE is one of the capabilities container escapes use.",
    .remediation = "Do not add CAP_SYS_MODULE (--cap-add) and do not run privileged containers.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    return judge_containers(f, [](const ContainerFacts& c) -> std::optional<std::string> {
        if (c.privileged) return std::string("privileged (has CAP_SYS_MODULE)");
        for (const auto& cap : c.cap_add) {
            if (cap == "ALL" || cap == "SYS_MODULE" || cap == "CAP_SYS_MODULE")
                return std::string("cap-add ") + cap;
        }
        return std::nullopt;
    });
}

}  // namespace

Check make_cis_c_5_3_02_cap_sys_module() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 2.11: Ensure base device size is not changed until needed.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/2.11",
    .title = "Ensure base device size is not changed until needed",
    .severity = Severity::Low,
    .description =
        "Raising the devicemapper base device size lets containers use more disk than planned.",
    .remediation = "Do not set dm.basesize unless needed.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_daemon_config(f)) return *v;
    if (const auto* v = option(f, "storage-opts")) {
        for (const auto& o : *v) {
            if (o.rfind("dm.basesize", 0) == 0) return warn("storage-opt " + o);
        }
    }
    return pass("dm.basesize not set");
}

}  // namespace

Check make_cis_2_11_base_device_size() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

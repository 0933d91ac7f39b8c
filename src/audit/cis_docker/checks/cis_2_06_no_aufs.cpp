// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 2.6: Ensure aufs storage driver is not used.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/2.6",
    .title = "Ensure aufs storage driver is not used",
    .severity = Severity::Medium,
    .description = "aufs is unmaintained and has known kernel crashes and security issues.",
    .remediation = "Use overlay2 (the default) instead of aufs.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_daemon_config(f)) return *v;
    const std::string d = option_last(f, "storage-driver");
    if (d == "aufs" || f.engine.storage_driver == "aufs") return warn("storage driver aufs");
    return pass("storage driver " +
                (d.empty() ? (f.engine.storage_driver.empty() ? std::string("default")
                                                              : f.engine.storage_driver)
                           : d));
}

}  // namespace

Check make_cis_2_06_no_aufs() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

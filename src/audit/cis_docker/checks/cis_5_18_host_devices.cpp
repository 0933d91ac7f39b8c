// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.18: Ensure that host devices are not directly exposed to containers.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.18",
    .title = "Ensure that host devices are not directly exposed to containers",
    .severity = Severity::Info,
    .description = "A host device in a container bypasses most isolation for that device.",
    .remediation =
        "Do not pass host devices (--device) unless needed, and then without mknod (rw only).",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_engine(f)) return *v;
    if (f.engine.containers.empty()) return info("no running containers");
    Verdict v = pass("no host devices exposed");
    for (const auto& c : f.engine.containers) {
        for (const auto& d : c.devices) {
            v.result = Outcome::Info;
            v.details.push_back(c.name + ": device " + d);
        }
    }
    return v;
}

}  // namespace

Check make_cis_5_18_host_devices() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

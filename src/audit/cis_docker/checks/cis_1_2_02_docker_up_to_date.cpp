// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 1.2.2: Ensure that the version of Docker is up to date.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/1.2.2",
    .title = "Ensure that the version of Docker is up to date",
    .severity = Severity::Info,
    .description = "Old Docker releases carry known vulnerabilities.",
    .remediation = "Upgrade Docker Engine to a supported release.",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_engine(f)) return *v;
    return info("Docker server version " + f.engine.server_version + " (API " +
                f.engine.api_version + "); confirm it is a supported release");
}

}  // namespace

Check make_cis_1_2_02_docker_up_to_date() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

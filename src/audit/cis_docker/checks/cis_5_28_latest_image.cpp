// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.28: Ensure that Docker commands always make use of the latest version
// of their image.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.28",
    .title = "Ensure that Docker commands always make use of the latest version of their image",
    .severity = Severity::Info,
    .description = "Cached images may be stale.",
    .remediation = "Pull images before running them (docker pull, --pull always).",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& /*f*/) {
    return manual("confirm images are pulled fresh before containers start");
}

}  // namespace

Check make_cis_5_28_latest_image() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

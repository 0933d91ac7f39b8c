// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 1.1.1: Ensure a separate partition for containers has been created.
#include <algorithm>

#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/1.1.1",
    .title = "Ensure a separate partition for containers has been created",
    .severity = Severity::Low,
    .description =
        "Docker fills its data root with images and containers; on the root partition it can "
        "exhaust the host's disk.",
    .remediation =
        "Put the data root (/var/lib/docker or --data-root) on its own partition or logical "
        "volume.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    std::string dir = option_last(f, "data-root");
    if (dir.empty()) dir = f.engine.docker_root_dir;
    if (dir.empty()) dir = "/var/lib/docker";
    if (std::find(f.mount_points.begin(), f.mount_points.end(), dir) != f.mount_points.end()) {
        return pass(dir + " is a separate mount point");
    }
    if (f.mount_points.empty())
        return warn("no mount table found (/proc/mounts or /etc/fstab); " + dir +
                    " not shown as a separate partition");
    return warn(dir + " is not a separate partition");
}

}  // namespace

Check make_cis_1_1_01_separate_partition() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

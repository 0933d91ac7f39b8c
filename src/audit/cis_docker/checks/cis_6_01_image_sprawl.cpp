// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 6.1: Ensure that image sprawl is avoided.
#include <algorithm>

#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/6.1",
    .title = "Ensure that image sprawl is avoided",
    .severity = Severity::Info,
    .description = "Unused images waste space and hide which images are really run.",
    .remediation = "Remove unused images (docker image prune).",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_engine(f)) return *v;
    std::size_t used = 0;
    for (const auto& i : f.engine.images) {
        const bool in_use = std::any_of(
            f.engine.containers.begin(), f.engine.containers.end(), [&](const ContainerFacts& c) {
                return std::find(i.tags.begin(), i.tags.end(), c.image) != i.tags.end() ||
                       c.image == i.id;
            });
        used += in_use ? 1 : 0;
    }
    return info(std::to_string(f.engine.images.size()) + " image(s), " + std::to_string(used) +
                " used by running containers");
}

}  // namespace

Check make_cis_6_01_image_sprawl() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

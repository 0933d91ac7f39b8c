// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.6: Ensure sensitive host system directories are not mounted on
// containers.
#include <algorithm>

#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.6",
    .title = "Ensure sensitive host system directories are not mounted on containers",
    .severity = Severity::High,
    .description = "Mounting host system directories lets the container read or change the host.",
    .remediation =
        "Do not bind-mount /, /boot, /dev, /etc, /lib, /proc, /sys or /usr into containers.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    return judge_containers(f, [](const ContainerFacts& c) -> std::optional<std::string> {
        static const std::vector<std::string> kSensitive = {"/",    "/boot", "/dev", "/etc",
                                                            "/lib", "/proc", "/sys", "/usr"};
        std::string hits;
        for (const auto& m : c.mounts) {
            if (std::find(kSensitive.begin(), kSensitive.end(), m.source) != kSensitive.end()) {
                hits += (hits.empty() ? "" : ", ") + m.source + (m.rw ? " (rw)" : " (ro)");
            }
        }
        if (!hits.empty()) return "mounts " + hits;
        return std::nullopt;
    });
}

}  // namespace

Check make_cis_5_06_sensitive_mounts() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.4: Ensure that Linux kernel capabilities are restricted within
// containers.
#include <algorithm>

#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/5.4",
    .title = "Ensure that Linux kernel capabilities are restricted within containers",
    .severity = Severity::Medium,
    .description = "Extra capabilities widen what root in the container can do to the host kernel.",
    .remediation =
        "Drop all capabilities (--cap-drop ALL) and add back only the needed ones; add none beyond "
        "Docker's default set.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    return judge_containers(f, [](const ContainerFacts& c) -> std::optional<std::string> {
        static const std::vector<std::string> kDefault = {
            "CHOWN",   "DAC_OVERRIDE", "FSETID",           "FOWNER",
            "MKNOD",   "NET_RAW",      "SETGID",           "SETUID",
            "SETFCAP", "SETPCAP",      "NET_BIND_SERVICE", "SYS_CHROOT",
            "KILL",    "AUDIT_WRITE"};
        std::string extra;
        for (std::string cap : c.cap_add) {
            if (cap.rfind("CAP_", 0) == 0) cap = cap.substr(4);
            if (cap == "ALL" ||
                std::find(kDefault.begin(), kDefault.end(), cap) == kDefault.end()) {
                extra += (extra.empty() ? "" : ",") + cap;
            }
        }
        if (!extra.empty()) return "cap-add " + extra;
        return std::nullopt;
    });
}

}  // namespace

Check make_cis_5_04_capabilities() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

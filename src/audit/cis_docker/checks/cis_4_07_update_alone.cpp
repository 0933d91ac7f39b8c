// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 4.7: Ensure update instructions are not used alone in the Dockerfile.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/4.7",
    .title = "Ensure update instructions are not used alone in the Dockerfile",
    .severity = Severity::Info,
    .description =
        "An update in a layer of its own is cached; later installs then use stale package lists.",
    .remediation = "Combine update and install in one RUN (apt-get update && apt-get install …).",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_image(f)) return *v;
    Verdict v = pass("no update instruction used alone");
    for (const auto& h : f.image.history) {
        const bool update = h.find("apt-get update") != std::string::npos ||
                            h.find("apk update") != std::string::npos ||
                            h.find("yum update") != std::string::npos ||
                            h.find("dnf update") != std::string::npos ||
                            h.find("apt update") != std::string::npos;
        const bool install = h.find("install") != std::string::npos ||
                             h.find("upgrade") != std::string::npos ||
                             h.find("apk add") != std::string::npos;
        if (update && !install) {
            v.result = Outcome::Info;
            v.details.push_back("update used alone: " + h.substr(0, 200));
        }
    }
    return v;
}

}  // namespace

Check make_cis_4_07_update_alone() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

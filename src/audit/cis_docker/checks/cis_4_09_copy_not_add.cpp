// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 4.9: Ensure that COPY is used instead of ADD in Dockerfiles.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/4.9",
    .title = "Ensure that COPY is used instead of ADD in Dockerfiles",
    .severity = Severity::Info,
    .description = "ADD fetches URLs and unpacks archives implicitly; COPY only copies.",
    .remediation = "Use COPY unless ADD's extra behaviour is needed.",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_image(f)) return *v;
    Verdict v = pass("no ADD instructions");
    for (std::size_t i = 0; i < f.image.history.size(); ++i) {
        const std::string& h = f.image.history[i];
        const auto pos = h.find("ADD ");
        if (pos == std::string::npos) continue;
        // The base image's root filesystem ("ADD file:… in /") is how every rootfs starts.
        if (i == 0 && h.find("ADD file:", pos) == pos) continue;
        v.result = Outcome::Info;
        v.details.push_back("ADD used: " + h.substr(0, 200));
    }
    return v;
}

}  // namespace

Check make_cis_4_09_copy_not_add() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

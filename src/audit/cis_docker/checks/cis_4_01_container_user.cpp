// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 4.1: Ensure that a user for the container has been created.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/4.1",
    .title = "Ensure that a user for the container has been created",
    .severity = Severity::Medium,
    .description = "A container without a USER runs as root; a breakout then starts as root.",
    .remediation = "Add a non-root USER to the Dockerfile (or run with --user).",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (f.image.given) {
        if (auto v = no_image(f)) return *v;
        const std::string& u = f.image.user;
        if (u.empty() || u == "root" || u == "0" || u.rfind("0:", 0) == 0 ||
            u.rfind("root:", 0) == 0) {
            return warn("image " + f.image.spec + " runs as " +
                        (u.empty() ? std::string("root (no USER)") : u));
        }
        return pass("image " + f.image.spec + " runs as " + u);
    }
    if (f.engine.reachable && !f.engine.containers.empty()) {
        return judge_containers(f, [](const ContainerFacts& c) -> std::optional<std::string> {
            const std::string& u = c.user;
            if (u.empty() || u == "root" || u == "0" || u.rfind("0:", 0) == 0 ||
                u.rfind("root:", 0) == 0) {
                return "runs as " + (u.empty() ? std::string("root (no user set)") : u);
            }
            return std::nullopt;
        });
    }
    return *no_image(f);
}

}  // namespace

Check make_cis_4_01_container_user() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
// RT014 (CIS Docker 1.6 5.32): Do not mount the Docker socket. The judgement is shared with the
// audit (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.32"}, {"trivy", "KSV006"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT014",
    .title = "Do not mount the Docker socket",
    .severity = Severity::Critical,
    .description =
        "Whoever reaches the Docker socket controls the daemon, hence the host: a container with "
        "it can start a privileged container mounting /.",
    .remediation =
        "Remove the docker.sock mount; use a socket proxy that allows only the needed API calls if "
        "the service must talk to Docker.",
    .references = kRefs,
};

judge::Why evaluate(const Container& c) {
    return judge::docker_socket(c.settings);
}

}  // namespace

Rule make_rt014_docker_socket() {
    return {&kInfo, "volumes", &evaluate};
}

}  // namespace berth::config

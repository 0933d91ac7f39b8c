// SPDX-License-Identifier: Apache-2.0
// RT002 (CIS Docker 1.6 5.4, docker-bench C.5.3): Do not add capabilities that allow escaping the
// container. The judgement is shared with the audit (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.4"},
                               {"cis", "docker-bench C.5.3"},
                               {"trivy", "KSV005"},
                               {"trivy", "KSV022"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT002",
    .title = "Do not add capabilities that allow escaping the container",
    .severity = Severity::High,
    .description =
        "SYS_ADMIN, SYS_MODULE, SYS_PTRACE, DAC_READ_SEARCH, NET_ADMIN, SYS_RAWIO and the like (or "
        "ALL) are what container escapes and host takeovers use.",
    .remediation =
        "Remove the capability from `cap_add` / `--cap-add`; find the narrower one the service "
        "needs.",
    .references = kRefs,
};

judge::Why evaluate(const Container& c) {
    return judge::dangerous_capabilities(c.settings);
}

}  // namespace

Rule make_rt002_dangerous_capabilities() {
    return {&kInfo, "cap_add", &evaluate};
}

}  // namespace berth::config

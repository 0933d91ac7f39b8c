// SPDX-License-Identifier: Apache-2.0
// RT023 (CIS Docker 1.6 4.1): Do not run as root. The judgement is shared with the audit
// (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {
    {"cis", "CIS Docker 1.6 4.1"}, {"trivy", "KSV012"}, {"trivy", "KSV020"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT023",
    .title = "Do not run as root",
    .severity = Severity::Medium,
    .description =
        "A process running as root in the container is one kernel bug or misconfiguration away "
        "from root on the host.",
    .remediation = "Set `user: \"1000:1000\"` (`--user`) or a non-root USER in the image.",
    .references = kRefs,
};

judge::Why evaluate(const Container& c) {
    return judge::runs_as_root(c.settings);
}

}  // namespace

Rule make_rt023_runs_as_root() {
    return {&kInfo, "user", &evaluate};
}

}  // namespace berth::config

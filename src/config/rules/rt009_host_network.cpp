// SPDX-License-Identifier: Apache-2.0
// RT009 (CIS Docker 1.6 5.10): Do not share the host's network namespace. The judgement is shared
// with the audit (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.10"}, {"trivy", "KSV009"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT009",
    .title = "Do not share the host's network namespace",
    .severity = Severity::High,
    .description =
        "With the host's network namespace a container can bind any host port, reach services on "
        "localhost and watch host traffic.",
    .remediation =
        "Remove `network_mode: host` (`--network host`); publish the needed ports instead.",
    .references = kRefs,
};

judge::Why evaluate(const Container& c) {
    return judge::host_network(c.settings);
}

}  // namespace

Rule make_rt009_host_network() {
    return {&kInfo, "network_mode", &evaluate};
}

}  // namespace berth::config

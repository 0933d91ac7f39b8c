// SPDX-License-Identifier: Apache-2.0
// RT027 (CIS Docker 1.6 5.14): Bind published ports to a specific host address. The judgement is
// shared with the audit (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.14"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT027",
    .title = "Bind published ports to a specific host address",
    .severity = Severity::Low,
    .description =
        "A port published on every interface (empty host ip, 0.0.0.0 or ::) is reachable from "
        "every network the host is on, bypassing host firewalls Docker's iptables rules precede.",
    .remediation = "Publish on one address: `127.0.0.1:8080:8080` (`-p 127.0.0.1:8080:8080`).",
    .references = kRefs,
};

judge::Why evaluate(const Container& c) {
    return judge::all_interfaces(c.settings);
}

}  // namespace

Rule make_rt027_all_interfaces() {
    return {&kInfo, "ports", &evaluate};
}

}  // namespace berth::config

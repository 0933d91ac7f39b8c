// SPDX-License-Identifier: Apache-2.0
// RT028: Do not share the host's cgroup namespace. The judgement is shared with the audit
// (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "runtime/RT028",
    .title = "Do not share the host's cgroup namespace",
    .severity = Severity::Medium,
    .description =
        "With the host's cgroup namespace a container sees the host's whole cgroup tree.",
    .remediation = "Remove `cgroup: host` (`--cgroupns host`).",
};

judge::Why host_cgroupns(const Container& c) {
    if (c.cgroupns_mode == "host") return std::string("uses the host cgroup namespace");
    return std::nullopt;
}

judge::Why evaluate(const Container& c) {
    return host_cgroupns(c);
}

}  // namespace

Rule make_rt028_host_cgroupns() {
    return {&kInfo, "cgroup", &evaluate};
}

}  // namespace berth::config

// SPDX-License-Identifier: Apache-2.0
// RT016 (CIS Docker 1.6 5.6): Do not mount host data and runtime directories. The judgement is
// shared with the audit (config/judge.hpp).
#include "config/judge.hpp"
#include "config/rules/rules.hpp"

namespace berth::config {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.6"}, {"trivy", "KSV023"}};
constexpr check::RuleInfo kInfo{
    .id = "runtime/RT016",
    .title = "Do not mount host data and runtime directories",
    .severity = Severity::High,
    .description =
        "/var/lib/docker, /var/lib/containerd, /run, /var/run, /root, /home and kubelet "
        "directories hold other containers' data, runtime sockets and credentials.",
    .remediation = "Mount only the files the service needs, read-only, or use named volumes.",
    .references = kRefs,
};

judge::Why evaluate(const Container& c) {
    return judge::host_data_dirs(c.settings);
}

}  // namespace

Rule make_rt016_host_data_dirs() {
    return {&kInfo, "volumes", &evaluate};
}

}  // namespace berth::config

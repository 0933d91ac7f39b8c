// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 2.5: Ensure insecure registries are not used.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/2.5",
    .title = "Ensure insecure registries are not used",
    .severity = Severity::Medium,
    .description =
        "An insecure registry is reached without TLS verification; images can be tampered with in "
        "transit.",
    .remediation =
        "Remove --insecure-registry flags and \"insecure-registries\" entries; give registries "
        "valid certificates.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_daemon_config(f)) return *v;
    std::vector<std::string> bad;
    if (const auto* v = option(f, "insecure-registries")) bad = *v;
    for (const auto& r : f.engine.insecure_registries) bad.push_back(r);
    for (const auto& c : f.engine.insecure_registry_cidrs) {
        if (c != "127.0.0.0/8" && c != "::1/128") bad.push_back(c);
    }
    if (bad.empty()) return pass("no insecure registries");
    Verdict v = warn("insecure registries configured:");
    v.details.insert(v.details.end(), bad.begin(), bad.end());
    return v;
}

}  // namespace

Check make_cis_2_05_insecure_registries() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

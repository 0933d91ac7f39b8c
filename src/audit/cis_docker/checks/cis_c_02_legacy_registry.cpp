// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 C.2: Ensure operations on legacy registry (v1) are Disabled.
#include <cstdlib>

#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/C.2",
    .title = "Ensure operations on legacy registry (v1) are Disabled",
    .severity = Severity::Low,
    .description = "The v1 registry protocol lacks content addressing and signatures.",
    .remediation =
        "Upgrade Docker (17.12 removed v1) or start dockerd with --disable-legacy-registry.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (option_last(f, "disable-legacy-registry") == "true")
        return pass("disable-legacy-registry=true");
    if (auto v = no_engine(f)) return *v;
    const std::string& ver = f.engine.server_version;
    const int major = std::atoi(ver.c_str());
    const auto dot = ver.find('.');
    const int minor = dot == std::string::npos ? 0 : std::atoi(ver.c_str() + dot + 1);
    if (major > 17 || (major == 17 && minor >= 12))
        return pass("Docker " + ver + " has no v1 registry support");
    return warn("Docker " + ver + " may use the v1 registry protocol");
}

}  // namespace

Check make_cis_c_02_legacy_registry() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

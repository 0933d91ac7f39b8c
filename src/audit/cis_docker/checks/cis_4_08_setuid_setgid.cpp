// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 4.8: Ensure setuid and setgid permissions are removed.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/4.8",
    .title = "Ensure setuid and setgid permissions are removed",
    .severity = Severity::Info,
    .description = "setuid and setgid files are how a process in a container gains privileges.",
    .remediation =
        "Remove the bits in the Dockerfile: RUN find / -perm /6000 -type f -exec chmod a-s {} + || "
        "true.",
    .level = 1,
    .automated = false,
    .scored = false,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_image(f)) return *v;
    if (!f.image.files_walked) return info("image layers were not read");
    if (f.image.setuid_files.empty()) return pass("no setuid or setgid files in the image");
    Verdict v = info(std::to_string(f.image.setuid_files.size()) +
                     " setuid/setgid file(s); remove the bits where not needed:");
    v.details.insert(v.details.end(), f.image.setuid_files.begin(), f.image.setuid_files.end());
    return v;
}

}  // namespace

Check make_cis_4_08_setuid_setgid() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 checks berth cannot judge from the host: 1.2.1, 4.2–4.4, 4.11, 4.12,
// 5.23, 5.24, 5.28 (manual: a NOTE saying what to review) and 8.1.1–8.2.1 (Docker Enterprise
// UCP/DTR settings: INFO). These 17 checks are one table (like 1.1.3–1.1.18, see docs/cis.md):
// each row keeps its metadata and the one line its verdict says; one judge decides them all.
// registry.cpp lists each row by its CIS number: make_cis_manual_checks("4.2").
#include <array>
#include <string>

#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"
#include "audit/cis_docker/table.hpp"

namespace berth::audit::cis {
namespace {

struct Row {
    check::RuleInfo info;
    bool enterprise;        // true: INFO "Docker Enterprise only (note)…"; false: manual(note)
    std::string_view note;  // what to review, or the Enterprise feature's name
};

constexpr std::string_view kImageWhy =
    "Images are the code containers run; what is in them decides what an attacker finds.";
constexpr std::string_view kImageFix =
    "Build from trusted minimal bases, scan images and rebuild them regularly.";
constexpr std::string_view kExecNote =
    "docker exec is not recorded in container state; audit exec use (authorization plugin or "
    "audit logs)";
constexpr std::string_view kEnterpriseWhy = "Docker Enterprise (UCP/DTR) setting.";
constexpr std::string_view kEnterpriseFix = "Configure it in the Docker Enterprise admin settings.";

constexpr std::array<Row, 17> kRows{{
    {check::RuleInfo{
         .id = "cis-docker/1.2.1",
         .title = "Ensure the container host has been Hardened",
         .severity = Severity::Info,
         .description =
             "Containers share the host kernel; a hardened host limits what an escape can reach.",
         .remediation = "Harden the host following its OS benchmark (CIS Linux), patch the kernel.",
         .level = 1,
         .automated = false,
         .scored = false,
     },
     false, "confirm the host is hardened (CIS benchmark for the host OS)"},
    {check::RuleInfo{
         .id = "cis-docker/4.2",
         .title = "Ensure that containers use only trusted base images",
         .severity = Severity::Info,
         .description = kImageWhy,
         .remediation = kImageFix,
         .level = 1,
         .automated = false,
         .scored = false,
     },
     false, "confirm base images come from trusted sources"},
    {check::RuleInfo{
         .id = "cis-docker/4.3",
         .title = "Ensure that unnecessary packages are not installed in the container",
         .severity = Severity::Info,
         .description = kImageWhy,
         .remediation = kImageFix,
         .level = 1,
         .automated = false,
         .scored = false,
     },
     false, "review the packages installed in the image (berth sbom lists them)"},
    {check::RuleInfo{
         .id = "cis-docker/4.4",
         .title = "Ensure images are scanned and rebuilt to include security patches",
         .severity = Severity::Info,
         .description = kImageWhy,
         .remediation = kImageFix,
         .level = 1,
         .automated = false,
         .scored = false,
     },
     false, "scan images for vulnerabilities and rebuild them with patches"},
    {check::RuleInfo{
         .id = "cis-docker/4.11",
         .title = "Ensure only verified packages are installed",
         .severity = Severity::Info,
         .description = "Unverified packages may be tampered with.",
         .remediation = "Install packages only from signed repositories with verification on.",
         .level = 1,
         .automated = false,
         .scored = false,
     },
     false, "confirm packages are installed from verified (signed) sources"},
    {check::RuleInfo{
         .id = "cis-docker/4.12",
         .title = "Ensure all signed artifacts are validated",
         .severity = Severity::Info,
         .description = "Unsigned artifacts may be tampered with.",
         .remediation =
             "Verify signatures of every artifact the build pulls in (berth sign verifies images).",
         .level = 1,
         .automated = false,
         .scored = false,
     },
     false, "confirm all signed artifacts are validated"},
    {check::RuleInfo{
         .id = "cis-docker/5.23",
         .title = "Ensure that docker exec commands are not used with the privileged option",
         .severity = Severity::Info,
         .description = "docker exec --privileged gives the exec'd process every capability.",
         .remediation = "Do not use docker exec --privileged.",
         .level = 1,
         .automated = true,
         .scored = false,
     },
     false, kExecNote},
    {check::RuleInfo{
         .id = "cis-docker/5.24",
         .title = "Ensure that docker exec commands are not used with the user=root option",
         .severity = Severity::Info,
         .description = "docker exec --user=root runs commands as root inside the container.",
         .remediation = "Do not use docker exec --user=root.",
         .level = 1,
         .automated = false,
         .scored = false,
     },
     false, kExecNote},
    {check::RuleInfo{
         .id = "cis-docker/5.28",
         .title =
             "Ensure that Docker commands always make use of the latest version of their image",
         .severity = Severity::Info,
         .description = "Cached images may be stale.",
         .remediation = "Pull images before running them (docker pull, --pull always).",
         .level = 1,
         .automated = false,
         .scored = false,
     },
     false, "confirm images are pulled fresh before containers start"},
    {check::RuleInfo{
         .id = "cis-docker/8.1.1",
         .title = "Configure the LDAP authentication service",
         .severity = Severity::Info,
         .description = kEnterpriseWhy,
         .remediation = kEnterpriseFix,
         .level = 1,
         .automated = true,
         .scored = false,
     },
     true, "LDAP authentication"},
    {check::RuleInfo{
         .id = "cis-docker/8.1.2",
         .title = "Use external certificates",
         .severity = Severity::Info,
         .description = kEnterpriseWhy,
         .remediation = kEnterpriseFix,
         .level = 1,
         .automated = true,
         .scored = false,
     },
     true, "external certificates"},
    {check::RuleInfo{
         .id = "cis-docker/8.1.3",
         .title = "Enforce the use of client certificate bundles for unprivileged users",
         .severity = Severity::Info,
         .description = kEnterpriseWhy,
         .remediation = kEnterpriseFix,
         .level = 1,
         .automated = false,
         .scored = false,
     },
     true, "client certificate bundles"},
    {check::RuleInfo{
         .id = "cis-docker/8.1.4",
         .title = "Configure applicable cluster role-based access control policies",
         .severity = Severity::Info,
         .description = kEnterpriseWhy,
         .remediation = kEnterpriseFix,
         .level = 1,
         .automated = false,
         .scored = false,
     },
     true, "RBAC policies"},
    {check::RuleInfo{
         .id = "cis-docker/8.1.5",
         .title = "Enable signed image enforcement",
         .severity = Severity::Info,
         .description = kEnterpriseWhy,
         .remediation = kEnterpriseFix,
         .level = 1,
         .automated = true,
         .scored = false,
     },
     true, "signed image enforcement"},
    {check::RuleInfo{
         .id = "cis-docker/8.1.6",
         .title = "Set the Per-User Session Limit to a value of '3' or lower",
         .severity = Severity::Info,
         .description = kEnterpriseWhy,
         .remediation = kEnterpriseFix,
         .level = 1,
         .automated = true,
         .scored = false,
     },
     true, "per-user session limit"},
    {check::RuleInfo{
         .id = "cis-docker/8.1.7",
         .title = "Set the 'Lifetime Minutes' and 'Renewal Threshold Minutes' values to '15' or "
                  "lower and "
                  "'0' respectively",
         .severity = Severity::Info,
         .description = kEnterpriseWhy,
         .remediation = kEnterpriseFix,
         .level = 1,
         .automated = true,
         .scored = false,
     },
     true, "session lifetime"},
    {check::RuleInfo{
         .id = "cis-docker/8.2.1",
         .title = "Enable image vulnerability scanning",
         .severity = Severity::Info,
         .description = kEnterpriseWhy,
         .remediation = kEnterpriseFix,
         .level = 1,
         .automated = true,
         .scored = false,
     },
     true, "DTR image scanning"},
}};

Verdict judge_row(const Row& row, const HostFacts& /*f*/) {
    if (!row.enterprise) return manual(std::string(row.note));
    return info("Docker Enterprise only (" + std::string(row.note) +
                "); berth does not audit UCP/DTR");
}

}  // namespace

Check make_cis_manual_checks(std::string_view number) {
    return Table<kRows, &judge_row>::by_number(number);
}

}  // namespace berth::audit::cis

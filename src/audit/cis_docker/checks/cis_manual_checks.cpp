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

// Every row is a level-1, unscored INFO: berth only says what to review.
constexpr Row manual_row(std::string_view id, std::string_view title, std::string_view why,
                         std::string_view fix, bool automated, std::string_view note) {
    return {check::RuleInfo{
                .id = id,
                .title = title,
                .severity = Severity::Info,
                .description = why,
                .remediation = fix,
                .level = 1,
                .automated = automated,
                .scored = false,
            },
            false, note};
}

constexpr Row enterprise(std::string_view id, std::string_view title, bool automated,
                         std::string_view feature) {
    Row row = manual_row(id, title, kEnterpriseWhy, kEnterpriseFix, automated, feature);
    row.enterprise = true;
    return row;
}

constexpr std::array<Row, 17> kRows{{
    manual_row("cis-docker/1.2.1", "Ensure the container host has been Hardened",
               "Containers share the host kernel; a hardened host limits what an escape can reach.",
               "Harden the host following its OS benchmark (CIS Linux), patch the kernel.", false,
               "confirm the host is hardened (CIS benchmark for the host OS)"),
    manual_row("cis-docker/4.2", "Ensure that containers use only trusted base images", kImageWhy,
               kImageFix, false, "confirm base images come from trusted sources"),
    manual_row("cis-docker/4.3",
               "Ensure that unnecessary packages are not installed in the container", kImageWhy,
               kImageFix, false,
               "review the packages installed in the image (berth sbom lists them)"),
    manual_row("cis-docker/4.4",
               "Ensure images are scanned and rebuilt to include security patches", kImageWhy,
               kImageFix, false, "scan images for vulnerabilities and rebuild them with patches"),
    manual_row("cis-docker/4.11", "Ensure only verified packages are installed",
               "Unverified packages may be tampered with.",
               "Install packages only from signed repositories with verification on.", false,
               "confirm packages are installed from verified (signed) sources"),
    manual_row(
        "cis-docker/4.12", "Ensure all signed artifacts are validated",
        "Unsigned artifacts may be tampered with.",
        "Verify signatures of every artifact the build pulls in (berth sign verifies images).",
        false, "confirm all signed artifacts are validated"),
    manual_row("cis-docker/5.23",
               "Ensure that docker exec commands are not used with the privileged option",
               "docker exec --privileged gives the exec'd process every capability.",
               "Do not use docker exec --privileged.", true, kExecNote),
    manual_row("cis-docker/5.24",
               "Ensure that docker exec commands are not used with the user=root option",
               "docker exec --user=root runs commands as root inside the container.",
               "Do not use docker exec --user=root.", false, kExecNote),
    manual_row("cis-docker/5.28",
               "Ensure that Docker commands always make use of the latest version of their image",
               "Cached images may be stale.",
               "Pull images before running them (docker pull, --pull always).", false,
               "confirm images are pulled fresh before containers start"),
    enterprise("cis-docker/8.1.1", "Configure the LDAP authentication service", true,
               "LDAP authentication"),
    enterprise("cis-docker/8.1.2", "Use external certificates", true, "external certificates"),
    enterprise("cis-docker/8.1.3",
               "Enforce the use of client certificate bundles for unprivileged users", false,
               "client certificate bundles"),
    enterprise("cis-docker/8.1.4",
               "Configure applicable cluster role-based access control policies", false,
               "RBAC policies"),
    enterprise("cis-docker/8.1.5", "Enable signed image enforcement", true,
               "signed image enforcement"),
    enterprise("cis-docker/8.1.6", "Set the Per-User Session Limit to a value of '3' or lower",
               true, "per-user session limit"),
    enterprise("cis-docker/8.1.7",
               "Set the 'Lifetime Minutes' and 'Renewal Threshold Minutes' values to '15' or "
               "lower and '0' respectively",
               true, "session lifetime"),
    enterprise("cis-docker/8.2.1", "Enable image vulnerability scanning", true,
               "DTR image scanning"),
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

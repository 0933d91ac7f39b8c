// SPDX-License-Identifier: Apache-2.0
// docker-bench-security C.5.3.1–C.5.3.4 (the judgement is config/judge.hpp has_capability, beside
// the one `berth config` RT002 uses):
// containers must not have the capabilities container escapes use (CAP_DAC_READ_SEARCH,
// CAP_SYS_MODULE, CAP_SYS_ADMIN, CAP_SYS_PTRACE). These 4 checks are one table (like 1.1.3–1.1.18,
// see docs/cis.md): each row names a capability; one judge WARNs for each running container that is
// privileged or adds it (or ALL). registry.cpp lists each row by its number:
// make_cis_c_5_3_capabilities("C.5.3.1").
#include <array>
#include <optional>
#include <string>

#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"
#include "audit/cis_docker/table.hpp"
#include "config/judge.hpp"

namespace berth::audit::cis {
namespace {

struct Row {
    check::RuleInfo info;
    std::string_view cap;  // without the CAP_ prefix: "SYS_ADMIN"
};

// Every row is a level-1, automated, scored check.
constexpr Row row(std::string_view id, std::string_view title, Severity severity,
                  std::string_view why, std::string_view fix, std::string_view cap) {
    return {check::RuleInfo{
                .id = id,
                .title = title,
                .severity = severity,
                .description = why,
                .remediation = fix,
                .level = 1,
                .automated = true,
                .scored = true,
            },
            cap};
}

constexpr std::array<Row, 4> kRows{{
    row("cis-docker/C.5.3.1", "Ensure that CAP_DAC_READ_SEARCH Linux kernel capability is disabled",
        Severity::High, "CAP_DAC_READ_SEARCH is one of the capabilities container escapes use.",
        "Do not add CAP_DAC_READ_SEARCH (--cap-add) and do not run privileged containers.",
        "DAC_READ_SEARCH"),
    row("cis-docker/C.5.3.2", "Ensure that CAP_SYS_MODULE Linux kernel capability is disabled",
        Severity::High, "CAP_SYS_MODULE is one of the capabilities container escapes use.",
        "Do not add CAP_SYS_MODULE (--cap-add) and do not run privileged containers.",
        "SYS_MODULE"),
    row("cis-docker/C.5.3.3", "Ensure that CAP_SYS_ADMIN Linux kernel capability is disabled",
        Severity::High, "CAP_SYS_ADMIN is one of the capabilities container escapes use.",
        "Do not add CAP_SYS_ADMIN (--cap-add) and do not run privileged containers.", "SYS_ADMIN"),
    row("cis-docker/C.5.3.4", "Ensure that CAP_SYS_PTRACE Linux kernel capability is disabled",
        Severity::Medium, "CAP_SYS_PTRACE is one of the capabilities container escapes use.",
        "Do not add CAP_SYS_PTRACE (--cap-add) and do not run privileged containers.",
        "SYS_PTRACE"),
}};

Verdict judge_row(const Row& row, const HostFacts& f) {
    // The judgement `berth config` shares (config/judge.hpp; runtime rule RT002).
    return judge_containers(
        f, [&row](const ContainerFacts& c) { return config::judge::has_capability(c, row.cap); });
}

}  // namespace

Check make_cis_c_5_3_capabilities(std::string_view number) {
    return Table<kRows, &judge_row>::by_number(number);
}

}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 5.18, 5.19, 5.30: what running containers use that a person should
// review (host devices, ulimit overrides, the default bridge). These 3 checks are one table (like
// 1.1.3–1.1.18, see docs/cis.md): each row lists what one container uses; one judge lists them
// all as INFO "name: note", PASS when no container uses any.
// registry.cpp lists each row by its CIS number: make_cis_5_container_notes("5.18").
#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"
#include "audit/cis_docker/table.hpp"
#include "config/judge.hpp"

namespace berth::audit::cis {
namespace {

using Notes = std::vector<std::string>;

struct Row {
    check::RuleInfo info;
    std::string_view none;                  // the PASS detail when no container uses any
    Notes (*notes)(const ContainerFacts&);  // what one container uses
};

constexpr std::array<Row, 3> kRows{{
    {check::RuleInfo{
         .id = "cis-docker/5.18",
         .title = "Ensure that host devices are not directly exposed to containers",
         .severity = Severity::Info,
         .description = "A host device in a container bypasses most isolation for that device.",
         .remediation =
             "Do not pass host devices (--device) unless needed, and then without mknod (rw only).",
         .level = 1,
         .automated = false,
         .scored = false,
     },
     "no host devices exposed",
     [](const ContainerFacts& c) { return config::judge::devices(c); }},  // RT018
    {check::RuleInfo{
         .id = "cis-docker/5.19",
         .title = "Ensure that the default ulimit is overwritten at runtime if needed",
         .severity = Severity::Info,
         .description = "Per-container ulimits override the default only when needed.",
         .remediation = "Use --ulimit only where the default does not fit.",
         .level = 1,
         .automated = false,
         .scored = false,
     },
     "no container overrides the default ulimits",
     [](const ContainerFacts& c) { return config::judge::ulimits(c); }},  // RT025
    {check::RuleInfo{
         .id = "cis-docker/5.30",
         .title = "Ensure that Docker's default bridge 'docker0' is not used",
         .severity = Severity::Info,
         .description =
             "Containers on the default bridge share one network without isolation between them.",
         .remediation = "Create user-defined networks and attach containers to them.",
         .level = 1,
         .automated = false,
         .scored = false,
     },
     "no container uses the default bridge",
     [](const ContainerFacts& c) {
         if (std::find(c.networks.begin(), c.networks.end(), "bridge") == c.networks.end())
             return Notes{};
         return Notes{"on the default bridge docker0"};
     }},
}};

Verdict judge_row(const Row& row, const HostFacts& f) {
    if (auto v = no_engine(f)) return *v;
    if (f.engine.containers.empty()) return info("no running containers");
    Verdict v = pass(std::string(row.none));
    for (const auto& c : f.engine.containers) {
        for (const auto& note : row.notes(c)) {
            v.result = Outcome::Info;
            v.details.push_back(c.name + ": " + note);
        }
    }
    return v;
}

}  // namespace

Check make_cis_5_container_notes(std::string_view number) {
    return Table<kRows, &judge_row>::by_number(number);
}

}  // namespace berth::audit::cis

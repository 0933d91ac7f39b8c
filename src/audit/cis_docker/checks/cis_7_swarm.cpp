// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 7.1–7.9: Docker swarm configuration. These 9 checks are one table
// (like 1.1.3–1.1.18, see docs/cis.md): every row needs the Engine API (SKIP without it) and
// PASSes when swarm mode is not active, else its own judge decides on the swarm's facts.
// registry.cpp lists each row by its CIS number: make_cis_7_swarm("7.1").
#include <array>
#include <string>

#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"
#include "audit/cis_docker/table.hpp"

namespace berth::audit::cis {
namespace {

struct Row {
    check::RuleInfo info;
    JudgeFn active;  // judges an active swarm
};

constexpr Row row(const Meta& m, JudgeFn active) {
    return {check::RuleInfo{
                .id = m.id,
                .title = m.title,
                .severity = m.severity,
                .description = m.description,
                .remediation = m.remediation,
                .level = m.level,
                .automated = m.automated,
                .scored = m.scored,
            },
            active};
}

constexpr std::array<Row, 9> kRows{{
    row({"cis-docker/7.1",
         "Ensure that the minimum number of manager nodes have been created in a swarm",
         Severity::Low,
         "Managers hold the cluster state; an even or excessive number weakens the quorum.",
         "Keep an odd number of managers (1, 3, 5 or 7).", 1, true, true},
        [](const HostFacts& f) {
            const int m = f.engine.swarm_managers;
            if (m % 2 == 0 || m > 7) return warn(std::to_string(m) + " manager node(s)");
            return pass(std::to_string(m) + " manager node(s)");
        }),
    row({"cis-docker/7.2", "Ensure that swarm services are bound to a specific host interface",
         Severity::Info,
         "Swarm management ports listening everywhere are reachable from any network.",
         "Initialise or join the swarm with --listen-addr on a specific interface.", 1, true, true},
        [](const HostFacts& /*f*/) {
            return info("confirm the swarm listens on a specific interface (--listen-addr)");
        }),
    row({"cis-docker/7.3", "Ensure that all Docker swarm overlay networks are encrypted",
         Severity::Medium,
         "Unencrypted overlay networks carry container traffic in the clear between nodes.",
         "Create overlay networks with --opt encrypted.", 1, true, true},
        [](const HostFacts& f) {
            Verdict v = pass("all overlay networks are encrypted");
            for (const auto& n : f.engine.networks) {
                if (n.driver == "overlay" && n.name != "ingress" &&
                    n.options.count("encrypted") == 0) {
                    v.result = Outcome::Fail;
                    v.details.push_back("overlay network " + n.name + " is not encrypted");
                }
            }
            return v;
        }),
    row({"cis-docker/7.4",
         "Ensure that Docker's secret management commands are used for managing secrets "
         "in a swarm "
         "cluster",
         Severity::Info,
         "Swarm secrets are encrypted and delivered only to the services that need them.",
         "Manage secrets with docker secret.", 1, false, false},
        [](const HostFacts& /*f*/) {
            return info("confirm secrets are managed with docker secret");
        }),
    row({"cis-docker/7.5", "Ensure that swarm manager is run in auto-lock mode", Severity::Medium,
         "Auto-lock keeps the swarm's keys encrypted at rest on managers.",
         "docker swarm update --autolock=true.", 1, true, true},
        [](const HostFacts& f) {
            if (!f.engine.swarm_manager) return info("this node is not a swarm manager");
            if (f.engine.swarm_autolock) return pass("auto-lock is enabled");
            return warn("swarm auto-lock is disabled");
        }),
    row({"cis-docker/7.6", "Ensure that the swarm manager auto-lock key is rotated periodically",
         Severity::Info, "A long-lived unlock key may leak.",
         "docker swarm unlock-key --rotate periodically.", 1, false, false},
        [](const HostFacts& /*f*/) { return manual("rotate the swarm unlock key periodically"); }),
    row({"cis-docker/7.7", "Ensure that node certificates are rotated as appropriate",
         Severity::Info, "Node certificates should expire and rotate.",
         "docker swarm update --cert-expiry with a short period.", 1, false, false},
        [](const HostFacts& f) {
            if (f.engine.swarm_node_cert_expiry_ns == 0)
                return info("node certificate expiry unknown");
            const auto days = f.engine.swarm_node_cert_expiry_ns / (86400LL * 1000000000LL);
            return info("node certificates expire after " + std::to_string(days) + " day(s)");
        }),
    row({"cis-docker/7.8", "Ensure that CA certificates are rotated as appropriate", Severity::Info,
         "CA certificates should be rotated.", "docker swarm ca --rotate periodically.", 1, false,
         false},
        [](const HostFacts& /*f*/) {
            return info("rotate the swarm CA periodically (docker swarm ca --rotate)");
        }),
    row({"cis-docker/7.9",
         "Ensure that management plane traffic is separated from data plane traffic",
         Severity::Info, "Management traffic on the data network can be observed or disrupted.",
         "Use --advertise-addr and --data-path-addr on separate interfaces.", 1, false, false},
        [](const HostFacts& /*f*/) {
            return info(
                "confirm management and data traffic use separate interfaces (--data-path-addr)");
        }),
}};

Verdict judge_row(const Row& row, const HostFacts& f) {
    if (auto v = no_engine(f)) return *v;
    if (f.engine.swarm_state != "active") return pass("swarm mode is not active");
    return row.active(f);
}

}  // namespace

Check make_cis_7_swarm(std::string_view number) {
    return Table<kRows, &judge_row>::by_number(number);
}

}  // namespace berth::audit::cis

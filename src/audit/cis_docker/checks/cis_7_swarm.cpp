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

constexpr std::array<Row, 9> kRows{{
    {check::RuleInfo{
         .id = "cis-docker/7.1",
         .title = "Ensure that the minimum number of manager nodes have been created in a swarm",
         .severity = Severity::Low,
         .description =
             "Managers hold the cluster state; an even or excessive number weakens the quorum.",
         .remediation = "Keep an odd number of managers (1, 3, 5 or 7).",
         .level = 1,
         .automated = true,
         .scored = true,
     },
     [](const HostFacts& f) {
         const int m = f.engine.swarm_managers;
         if (m % 2 == 0 || m > 7) return warn(std::to_string(m) + " manager node(s)");
         return pass(std::to_string(m) + " manager node(s)");
     }},
    {check::RuleInfo{
         .id = "cis-docker/7.2",
         .title = "Ensure that swarm services are bound to a specific host interface",
         .severity = Severity::Info,
         .description =
             "Swarm management ports listening everywhere are reachable from any network.",
         .remediation = "Initialise or join the swarm with --listen-addr on a specific interface.",
         .level = 1,
         .automated = true,
         .scored = true,
     },
     [](const HostFacts& /*f*/) {
         return info("confirm the swarm listens on a specific interface (--listen-addr)");
     }},
    {check::RuleInfo{
         .id = "cis-docker/7.3",
         .title = "Ensure that all Docker swarm overlay networks are encrypted",
         .severity = Severity::Medium,
         .description =
             "Unencrypted overlay networks carry container traffic in the clear between nodes.",
         .remediation = "Create overlay networks with --opt encrypted.",
         .level = 1,
         .automated = true,
         .scored = true,
     },
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
     }},
    {check::RuleInfo{
         .id = "cis-docker/7.4",
         .title = "Ensure that Docker's secret management commands are used for managing secrets "
                  "in a swarm "
                  "cluster",
         .severity = Severity::Info,
         .description =
             "Swarm secrets are encrypted and delivered only to the services that need them.",
         .remediation = "Manage secrets with docker secret.",
         .level = 1,
         .automated = false,
         .scored = false,
     },
     [](const HostFacts& /*f*/) { return info("confirm secrets are managed with docker secret"); }},
    {check::RuleInfo{
         .id = "cis-docker/7.5",
         .title = "Ensure that swarm manager is run in auto-lock mode",
         .severity = Severity::Medium,
         .description = "Auto-lock keeps the swarm's keys encrypted at rest on managers.",
         .remediation = "docker swarm update --autolock=true.",
         .level = 1,
         .automated = true,
         .scored = true,
     },
     [](const HostFacts& f) {
         if (!f.engine.swarm_manager) return info("this node is not a swarm manager");
         if (f.engine.swarm_autolock) return pass("auto-lock is enabled");
         return warn("swarm auto-lock is disabled");
     }},
    {check::RuleInfo{
         .id = "cis-docker/7.6",
         .title = "Ensure that the swarm manager auto-lock key is rotated periodically",
         .severity = Severity::Info,
         .description = "A long-lived unlock key may leak.",
         .remediation = "docker swarm unlock-key --rotate periodically.",
         .level = 1,
         .automated = false,
         .scored = false,
     },
     [](const HostFacts& /*f*/) { return manual("rotate the swarm unlock key periodically"); }},
    {check::RuleInfo{
         .id = "cis-docker/7.7",
         .title = "Ensure that node certificates are rotated as appropriate",
         .severity = Severity::Info,
         .description = "Node certificates should expire and rotate.",
         .remediation = "docker swarm update --cert-expiry with a short period.",
         .level = 1,
         .automated = false,
         .scored = false,
     },
     [](const HostFacts& f) {
         if (f.engine.swarm_node_cert_expiry_ns == 0)
             return info("node certificate expiry unknown");
         const auto days = f.engine.swarm_node_cert_expiry_ns / (86400LL * 1000000000LL);
         return info("node certificates expire after " + std::to_string(days) + " day(s)");
     }},
    {check::RuleInfo{
         .id = "cis-docker/7.8",
         .title = "Ensure that CA certificates are rotated as appropriate",
         .severity = Severity::Info,
         .description = "CA certificates should be rotated.",
         .remediation = "docker swarm ca --rotate periodically.",
         .level = 1,
         .automated = false,
         .scored = false,
     },
     [](const HostFacts& /*f*/) {
         return info("rotate the swarm CA periodically (docker swarm ca --rotate)");
     }},
    {check::RuleInfo{
         .id = "cis-docker/7.9",
         .title = "Ensure that management plane traffic is separated from data plane traffic",
         .severity = Severity::Info,
         .description = "Management traffic on the data network can be observed or disrupted.",
         .remediation = "Use --advertise-addr and --data-path-addr on separate interfaces.",
         .level = 1,
         .automated = false,
         .scored = false,
     },
     [](const HostFacts& /*f*/) {
         return info(
             "confirm management and data traffic use separate interfaces (--data-path-addr)");
     }},
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

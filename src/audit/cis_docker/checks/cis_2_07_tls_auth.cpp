// SPDX-License-Identifier: Apache-2.0
// CIS Docker Benchmark v1.6 2.7: Ensure TLS authentication for Docker daemon is configured.
#include "audit/cis_docker/check_support.hpp"
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {
namespace {

constexpr check::RuleInfo kInfo{
    .id = "cis-docker/2.7",
    .title = "Ensure TLS authentication for Docker daemon is configured",
    .severity = Severity::High,
    .description =
        "A daemon listening on TCP without mutual TLS gives root to anyone who reaches the port.",
    .remediation =
        "Use --tlsverify with --tlscacert, --tlscert and --tlskey for every tcp:// listener.",
    .level = 1,
    .automated = true,
    .scored = true,
};

Verdict judge(const HostFacts& f) {
    if (auto v = no_daemon_config(f)) return *v;
    bool tcp = false;
    if (const auto* hosts = option(f, "hosts")) {
        for (const auto& h : *hosts) tcp = tcp || h.rfind("tcp://", 0) == 0;
    }
    if (!tcp) return info("the daemon does not listen on TCP");
    if (option_last(f, "tlsverify") != "true")
        return warn("the daemon listens on TCP without --tlsverify");
    for (const char* k : {"tlscacert", "tlscert", "tlskey"}) {
        if (option_last(f, k).empty())
            return warn(std::string("tlsverify is set but ") + k + " is not");
    }
    Verdict v = pass("TCP listener with tlsverify, tlscacert, tlscert and tlskey");
    for (const auto* c : {&f.tls_ca, &f.tls_cert, &f.tls_key}) {
        if (!c->has_value()) continue;
        const CertFacts& cf = **c;
        if (!cf.parsed) {
            v.result = Outcome::Fail;
            v.details.push_back(cf.file.path + ": " + cf.error);
            continue;
        }
        if (cf.not_after != 0 && cf.not_after < f.now) {
            v.result = Outcome::Fail;
            v.details.push_back(cf.file.path + ": certificate expired");
        }
        if (cf.key_type == "RSA" && cf.key_bits < 2048) {
            v.result = Outcome::Fail;
            v.details.push_back(cf.file.path + ": RSA key of " + std::to_string(cf.key_bits) +
                                " bits (< 2048)");
        }
    }
    return v;
}

}  // namespace

Check make_cis_2_07_tls_auth() {
    return {&kInfo, &judge};
}

}  // namespace berth::audit::cis

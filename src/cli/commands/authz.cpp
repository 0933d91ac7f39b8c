// SPDX-License-Identifier: Apache-2.0
// `berth authz serve`: the Docker authorization plugin (src/authz/, docs/authz.md);
// `berth authz validate`: checks a policy file and prints what it defines.
#include <filesystem>
#include <iostream>

#include "authz/server.hpp"
#include "cli/commands/commands.hpp"

namespace berth::cli {
namespace {

struct AuthzOptions {
    std::string policy;
    std::string socket = std::string(authz::kDefaultSocket);
    std::string audit_log;
    std::uint64_t audit_log_max_size = 64ULL << 20U;
    unsigned threads = 4;
};

int run_serve(const AuthzOptions& o) {
    auto policy = authz::load_policy(o.policy);
    if (!policy) {
        print_error(policy.error());
        std::cerr << "berth: authz serve: refusing to start without a valid policy\n";
        return kExitUsage;
    }
    for (const auto& n : policy->notes) std::cerr << "berth: warning: " << n << "\n";
    std::unique_ptr<authz::AuditLog> audit;
    if (!o.audit_log.empty()) {
        auto a = authz::AuditLog::open(o.audit_log, o.audit_log_max_size);
        if (!a) {
            print_error(a.error());
            return kExitRuntime;
        }
        audit = std::move(*a);
    }
    authz::ServerOptions so;
    so.socket_path = o.socket;
    so.policy_path = o.policy;
    so.threads = o.threads;
    so.audit = audit.get();
    so.max_request = std::max<std::size_t>(so.max_request, policy->max_body * 2 + (1U << 20U));
    std::error_code ec;
    const auto policy_dir = std::filesystem::absolute(o.policy, ec).parent_path();
    so.decide.protected_paths = {std::filesystem::path(o.socket).parent_path().string(),
                                 policy_dir.string()};
    authz::Server server(so, std::make_shared<const authz::Policy>(std::move(*policy)));
    if (auto s = server.start(); !s) {
        print_error(s.error());
        return kExitRuntime;
    }
    std::cerr << "berth authz: serving on " << o.socket << " with policy " << o.policy << "\n";
    server.wait(true);
    return kExitOk;
}

int run_validate(const AuthzOptions& o) {
    auto policy = authz::load_policy(o.policy);
    if (!policy) {
        print_error(policy.error());
        return kExitUsage;
    }
    for (const auto& n : policy->notes) std::cout << "note: " << n << "\n";
    std::cout << o.policy << ": ok (" << policy->users.size() << " users, " << policy->groups.size()
              << " groups, " << policy->roles.size() << " roles)\n";
    return kExitOk;
}

}  // namespace

Command register_authz(CLI::App& root, const GlobalOptions&) {
    auto opt = std::make_shared<AuthzOptions>();
    auto* cmd = root.add_subcommand("authz", "Docker Engine access control (authorization plugin)");
    cmd->require_subcommand(1);
    cmd->footer(
        "Examples:\n"
        "  berth authz serve --policy /etc/berth/authz.yaml --audit-log /var/log/berth-authz.log\n"
        "  dockerd --authorization-plugin=berth --tlsverify …\n"
        "  berth authz validate --policy contrib/authz/seed-policy.yaml");
    auto* serve = cmd->add_subcommand(
        "serve", "Run the authorization plugin on a unix socket (dockerd --authorization-plugin)");
    serve->add_option("--policy", opt->policy, "Policy file (YAML); required: no policy, no start")
        ->required();
    serve->add_option("--socket", opt->socket, "Unix socket to listen on")->capture_default_str();
    serve->add_option("--audit-log", opt->audit_log,
                      "Append one JSON line per decision to FILE ('-' = stderr)");
    serve
        ->add_option("--audit-log-max-size", opt->audit_log_max_size,
                     "Rotate the audit log past this many bytes (FILE.1 … FILE.3)")
        ->capture_default_str();
    serve->add_option("--threads", opt->threads, "Worker threads")
        ->check(CLI::Range(1U, 64U))
        ->capture_default_str();
    auto* validate = cmd->add_subcommand("validate", "Check a policy file");
    validate->add_option("--policy", opt->policy, "Policy file (YAML)")->required();
    return {cmd, [opt, serve, validate] {
                if (serve->parsed()) return run_serve(*opt);
                if (validate->parsed()) return run_validate(*opt);
                return kExitUsage;
            }};
}

}  // namespace berth::cli

// SPDX-License-Identifier: Apache-2.0
// `berth config TARGET`: reads the runtime settings of containers — a Compose file, `docker
// inspect` JSON (a file or '-'), or the running containers of a Docker daemon (`docker://`,
// `docker://NAME`) — runs the runtime rules (src/config/) and writes one report of kind Config
// through the writer table (table, json, sarif).
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <map>

#include "cli/commands/commands.hpp"
#include "config/compose.hpp"
#include "config/evaluate.hpp"
#include "config/inspect.hpp"
#include "config/live.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

extern char** environ;  // NOLINT(readability-identifier-naming): POSIX

namespace berth::cli {
namespace {

struct ConfigOptions {
    std::string target;
    std::string type;  ///< "", "compose", "inspect"
    std::string format = "table";
    std::string output;
    std::string host;
    std::vector<std::string> profiles;
    std::vector<std::string> ignore;
    std::vector<std::string> severities;
    int exit_code = 0;
};

// Inspect JSON starts with '[' or '{'; anything else is taken as Compose YAML.
bool looks_like_inspect(std::string_view text) {
    const std::string_view t = text::trim(text);
    return t.starts_with("[") || t.starts_with("{");
}

std::map<std::string, std::string> process_environment() {
    std::map<std::string, std::string> env;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
        const std::string_view kv(*e);
        const auto eq = kv.find('=');
        if (eq != std::string_view::npos) env.emplace(kv.substr(0, eq), kv.substr(eq + 1));
    }
    return env;
}

// The containers TARGET names; warnings (unset compose variables) go to `warnings`.
Result<std::vector<config::Container>> load_target(const ConfigOptions& o,
                                                   std::vector<std::string>& warnings) {
    if (config::is_live_target(o.target)) {
        auto endpoint = engine::resolve_endpoint_from_env(o.host);
        if (!endpoint) return fail(endpoint.error());
        return config::load_live(o.target, *endpoint);
    }
    auto text = read_input(o.target, "the configuration file");
    if (!text) return fail(text.error());
    const std::string where = o.target == "-" ? "stdin" : o.target;
    const bool inspect = o.type.empty() ? looks_like_inspect(*text) : o.type == "inspect";
    if (inspect) return config::load_inspect(*text, where);
    config::ComposeOptions co;
    co.profiles = o.profiles;
    co.environment = process_environment();
    auto project = config::load_compose(*text, o.target, co);
    if (!project) return fail(project.error());
    warnings = std::move(project->warnings);
    return std::move(project->services);
}

int run_config(const ConfigOptions& o, const GlobalOptions& global) {
    auto sev = parse_rule_severities(o.severities);
    auto rules = config::select_rules(o.ignore);
    if (!sev || !rules) {
        print_error(sev ? rules.error() : sev.error());
        return kExitUsage;
    }
    std::vector<std::string> warnings;
    auto containers = load_target(o, warnings);
    if (!containers) {
        print_error(containers.error());
        return containers.error().code == ErrorCode::InvalidArgument ? kExitUsage : kExitRuntime;
    }
    if (!global.quiet) {
        for (const auto& w : warnings) std::cerr << "berth: warning: " << w << "\n";
    }
    report::Report rep;
    rep.kind = report::Kind::Config;
    rep.created = format_rfc3339(output_time());
    rep.target.reference = o.target;
    rep.target.name = o.target == "-" ? "stdin" : o.target;
    rep.target.source = config::is_live_target(o.target) ? "docker"
                        : containers->empty()            ? o.type
                                                         : containers->front().origin;
    for (auto& r : config::evaluate(*containers, *rules)) {
        if (sev->empty() || std::find(sev->begin(), sev->end(), r.rule->severity) != sev->end())
            rep.rule_results.push_back(std::move(r));
    }
    rep.gate.exit_code = o.exit_code;
    rep.gate.tripped = o.exit_code != 0 &&
                       std::any_of(rep.rule_results.begin(), rep.rule_results.end(),
                                   [](const check::RuleResult& r) {
                                       return r.outcome == check::Outcome::Fail && r.rule->scored;
                                   });
    if (int code = write_report(rep, o.format, o.output); code != kExitOk) return code;
    return rep.gate.tripped ? rep.gate.exit_code : kExitOk;
}

}  // namespace

Command register_config(CLI::App& root, const GlobalOptions& global) {
    auto opt = std::make_shared<ConfigOptions>();
    auto* cmd = root.add_subcommand(
        "config",
        "Check the runtime settings of containers (privileges, capabilities, host namespaces and\n"
        "mounts, resource limits, users, ports) in a Compose file, docker inspect output or the\n"
        "running containers of a Docker daemon");
    cmd->add_option("TARGET", opt->target,
                    "compose.yaml, an inspect JSON file, '-' (standard input), or docker:// "
                    "(every running container) / docker://NAME")
        ->required();
    add_format_option(*cmd, opt->format, report::Kind::Config);
    cmd->add_option("-o,--output", opt->output, "Write the report to FILE instead of stdout");
    cmd->add_option("--type", opt->type,
                    "What TARGET holds (default: detected: JSON is inspect output, else Compose)")
        ->check(CLI::IsMember({"compose", "inspect"}));
    cmd->add_option("--profile", opt->profiles,
                    "Compose profiles to enable, comma-separated (default: COMPOSE_PROFILES)")
        ->delimiter(',');
    cmd->add_option("-H,--host", opt->host,
                    "Docker daemon for docker:// (default: DOCKER_HOST, the docker context, "
                    "/var/run/docker.sock)");
    cmd->add_option("--ignore", opt->ignore, "Rule ids not to run, comma-separated: RT023")
        ->delimiter(',');
    cmd->add_option("-s,--severity", opt->severities,
                    "Report only these severities, comma-separated: INFO, LOW, MEDIUM, HIGH, "
                    "CRITICAL (any case)")
        ->delimiter(',');
    cmd->add_option("--exit-code", opt->exit_code,
                    "Exit with this code when any reported rule fails (0 = never; CI gate)")
        ->check(CLI::Range(0, 255))
        ->capture_default_str();
    cmd->footer(
        "Compose files: services, extends (same or other file), YAML anchors and merge keys,\n"
        "profiles, ${VAR} / ${VAR:-default} / ${VAR:?error} from the environment and the .env\n"
        "file beside the compose file. Findings point at the service's key (file:line).\n"
        "\nExamples:\n"
        "  berth config compose.yaml\n"
        "  berth config --profile debug --exit-code 1 --severity high,critical compose.yaml\n"
        "  docker inspect web db | berth config -\n"
        "  berth config docker://                  # every running container of the daemon\n"
        "  berth config docker://web --format json\n"
        "  berth config --format sarif -o config.sarif compose.yaml   # GitHub code scanning\n"
        "Rules (RT001…), their CIS Docker Benchmark numbers and Trivy ids: docs/rules.md\n"
        "(runtime section). The CIS §5 checks of `berth audit host` judge the same way.");
    return {cmd, [opt, &global] { return run_config(*opt, global); }};
}

}  // namespace berth::cli

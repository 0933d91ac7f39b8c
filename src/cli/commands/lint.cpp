// SPDX-License-Identifier: Apache-2.0
// `berth lint [DOCKERFILE...|-]`: parses each Dockerfile (BuildKit syntax), runs the Dockerfile
// rules (src/lint/dockerfile/) with the configuration (.berth.yaml, --ignore) and writes one
// report of kind Lint through the writer table (table, json, sarif).
#include "lint/dockerfile/lint.hpp"

#include <filesystem>
#include <iostream>
#include <iterator>

#include "cli/commands/commands.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

namespace berth::cli {
namespace {

namespace df = lint::dockerfile;

struct LintOptions {
    std::vector<std::string> files;
    std::string format = "table";
    std::string output;
    std::string config;
    std::vector<std::string> ignore;
    std::vector<std::string> severities;
    int exit_code = 0;
};

// --config FILE, else ./.berth.yaml when present, else nothing.
Result<df::LintConfig> config_of(const LintOptions& o) {
    df::LintConfig c;
    if (!o.config.empty()) {
        auto r = df::load_config(o.config);
        if (!r) return fail(r.error());
        c = std::move(*r);
    } else if (std::error_code ec; std::filesystem::exists(".berth.yaml", ec)) {
        auto r = df::load_config(".berth.yaml");
        if (!r) return fail(r.error());
        c = std::move(*r);
    }
    for (const auto& id : o.ignore) c.ignore.push_back(id);
    return c;
}

Result<std::vector<check::Severity>> severities_of(const std::vector<std::string>& in) {
    std::vector<check::Severity> out;
    for (const auto& s : in) {
        bool found = false;
        for (auto sev : {check::Severity::Info, check::Severity::Low, check::Severity::Medium,
                         check::Severity::High, check::Severity::Critical}) {
            if (text::iequals(check::severity_name(sev), s)) {
                out.push_back(sev);
                found = true;
            }
        }
        if (!found) {
            return fail(ErrorCode::InvalidArgument,
                        "unknown severity '" + s + "' (INFO, LOW, MEDIUM, HIGH, CRITICAL)",
                        "--severity");
        }
    }
    return out;
}

bool wanted(const std::vector<check::Severity>& sev, const check::RuleResult& r) {
    return sev.empty() || std::find(sev.begin(), sev.end(), r.rule->severity) != sev.end();
}

int run_lint(LintOptions o) {
    if (o.files.empty()) o.files.emplace_back("Dockerfile");
    auto config = config_of(o);
    auto sev = severities_of(o.severities);
    if (!config || !sev) {
        print_error(config ? sev.error() : config.error());
        return kExitUsage;
    }
    auto linter = df::Linter::make(*config);
    if (!linter) {
        print_error(linter.error());
        return kExitUsage;
    }
    report::Report rep;
    rep.kind = report::Kind::Lint;
    rep.created = format_rfc3339(output_time());
    rep.target.reference = text::join(o.files, " ");
    rep.target.name = rep.target.reference;
    rep.target.source = "dockerfile";
    for (const auto& path : o.files) {
        auto content = read_input(path, "the Dockerfile");
        if (!content) {
            print_error(content.error());
            return kExitRuntime;
        }
        for (auto& r : linter->lint(df::parse(*content, path))) {
            if (wanted(*sev, r)) rep.rule_results.push_back(std::move(r));
        }
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

Command register_lint(CLI::App& root, const GlobalOptions& /*global*/) {
    auto opt = std::make_shared<LintOptions>();
    auto* cmd = root.add_subcommand(
        "lint",
        "Check Dockerfiles for security and reliability problems (base images, users, secrets,\n"
        "package-manager hygiene, shell pitfalls); BuildKit syntax, hadolint-compatible ids");
    cmd->add_option("DOCKERFILE", opt->files,
                    "Dockerfiles to check; '-' reads standard input (default: ./Dockerfile)");
    add_format_option(*cmd, opt->format, report::Kind::Lint);
    cmd->add_option("-o,--output", opt->output, "Write the report to FILE instead of stdout");
    cmd->add_option("--config", opt->config,
                    "Configuration file (default: ./.berth.yaml when present)");
    cmd->add_option("--ignore", opt->ignore,
                    "Rule ids not to run, comma-separated: DF010, dockerfile/DF010 or a hadolint "
                    "id such as DL3008")
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
        "Ignoring findings:\n"
        "  # berth ignore=DF021,DF014        on the line(s) before an instruction\n"
        "  # hadolint ignore=DL3008 DL3009   hadolint's comments work too (same ids)\n"
        "  # berth global ignore=DF047       anywhere: for the whole file\n"
        "\n.berth.yaml:\n"
        "  lint:\n"
        "    ignore: [DF003, DL3008]                 # rules not run\n"
        "    severity: {DF021: medium}               # re-level a rule\n"
        "    allowed-registries: [docker.io, ghcr.io/acme]   # DF043; unset = any\n"
        "\nExamples:\n"
        "  berth lint                                        # ./Dockerfile\n"
        "  berth lint --exit-code 1 --severity high,critical services/*/Dockerfile\n"
        "  berth lint --format sarif -o berth-lint.sarif Dockerfile   # GitHub code scanning\n"
        "  cat Dockerfile | berth lint -\n"
        "Rules, severities and hadolint equivalents: docs/rules.md (dockerfile section).");
    return {cmd, [opt] { return run_lint(*opt); }};
}

}  // namespace berth::cli

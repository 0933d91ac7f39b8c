// SPDX-License-Identifier: Apache-2.0
// `berth plugins`: every plugin compiled in, one row each (kind, name, version, description). Each
// version is the plugin's own constant, declared next to its code and bumped when its behaviour
// changes (analyzers: version(); schemes and matchers: kVersion; importers: ImporterInfo; CIS
// checks: one rule kind with kChecksVersion and its check count; report formats: the writer
// table's version of the format written). The output is a golden
// (tests/e2e/testdata/plugins.golden), so each addition or bump shows in review.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "analyze/analyzer.hpp"
#include "audit/cis_docker/check.hpp"
#include "cli/commands/commands.hpp"
#include "config/rule.hpp"
#include "imagecheck/imagecheck.hpp"
#include "lint/dockerfile/rule.hpp"
#include "report/writer.hpp"
#include "secret/builtin.hpp"
#include "vuln/import/import.hpp"
#include "vuln/match/match.hpp"
#include "vuln/version/version.hpp"

namespace berth::cli {
namespace {

struct PluginRow {
    std::string kind;
    std::string name;
    std::string version;  ///< "1"; a format's own version ("2.1.0"); "-" when it has none
    std::string description;
};

// Report formats: one row per entry of the report writer table (src/report/writer.cpp), with the
// version of the format it writes.
void add_report_formats(std::vector<PluginRow>& rows) {
    for (const auto& w : report::writers()) {
        rows.push_back({"format", std::string(w.name),
                        w.version.empty() ? std::string("-") : std::string(w.version),
                        std::string(w.description)});
    }
}

std::vector<PluginRow> all_plugin_rows() {
    std::vector<PluginRow> rows;
    for (const auto& a : analyze::all_analyzers())
        rows.push_back({"analyzer", std::string(a->name()), std::to_string(a->version()), ""});
    for (const auto& i : vuln::import::all_importers()) {
        rows.push_back({"importer", std::string(i.name), std::to_string(i.version),
                        std::string(i.description)});
    }
    for (const auto* s : vuln::version::all_schemes()) {
        rows.push_back({"version", std::string(s->name()), std::to_string(s->version()), ""});
    }
    for (const auto& d : vuln::match::all_drivers()) {
        rows.push_back({"matcher", std::string(d->name()), std::to_string(d->version()), ""});
    }
    rows.push_back({"rule-kind", "cis-docker", std::to_string(audit::cis::kChecksVersion),
                    std::string(audit::cis::kBenchmark) + ": " +
                        std::to_string(audit::cis::all_checks().size()) +
                        " checks (berth audit host; docs/cis.md)"});
    rows.push_back({"rule-kind", "dockerfile", std::to_string(lint::dockerfile::kRulesVersion),
                    "Dockerfile rules: " + std::to_string(lint::dockerfile::all_rules().size()) +
                        " rules (berth lint; docs/rules.md)"});
    rows.push_back({"rule-kind", "image", std::to_string(imagecheck::kRulesVersion),
                    "Image checks: " + std::to_string(imagecheck::all_rules().size()) +
                        " rules (berth scan --scanners config; docs/rules.md)"});
    rows.push_back({"rule-kind", "runtime", std::to_string(config::kRulesVersion),
                    "Runtime settings rules: " + std::to_string(config::all_rules().size()) +
                        " rules (berth config; docs/rules.md)"});
    rows.push_back({"rule-kind", "secret", "1",
                    "Secret rules: " + std::to_string(secret::builtin_rules().size()) +
                        " built-in rules (berth scan --scanners secret; docs/secrets.md)"});
    add_report_formats(rows);
    return rows;
}

// Columns as wide as their longest cell (plus two spaces); no trailing blanks.
void print_rows(const std::vector<PluginRow>& rows) {
    std::size_t kind_w = 4;
    std::size_t name_w = 4;
    for (const auto& r : rows) {
        kind_w = std::max(kind_w, r.kind.size());
        name_w = std::max(name_w, r.name.size());
    }
    auto line = [&](const std::string& kind, const std::string& name, const std::string& version,
                    const std::string& description) {
        std::string out = kind + std::string(kind_w + 2 - kind.size(), ' ') + name +
                          std::string(name_w + 2 - name.size(), ' ') + version;
        if (!description.empty())
            out += std::string(9 - std::min<std::size_t>(8, version.size()), ' ') + description;
        std::cout << out << "\n";
    };
    line("KIND", "NAME", "VERSION", "DESCRIPTION");
    for (const auto& r : rows) line(r.kind, r.name, r.version, r.description);
}

}  // namespace

Command register_plugins(CLI::App& root, const GlobalOptions&) {
    auto* cmd =
        root.add_subcommand("plugins",
                            "List the plugins berth has: analyzers, advisory importers, version "
                            "schemes, matchers, rule kinds and report formats");
    return {cmd, [] {
                print_rows(all_plugin_rows());
                return kExitOk;
            }};
}

}  // namespace berth::cli

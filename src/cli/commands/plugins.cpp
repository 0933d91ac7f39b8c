// SPDX-License-Identifier: Apache-2.0
// `berth plugins`: every plugin compiled in, one line each (kind, name, version). The output is
// a golden (tests/e2e/testdata/plugins.golden), so each addition shows in review.
#include <iostream>

#include "analyze/analyzer.hpp"
#include "audit/cis_docker/check.hpp"
#include "cli/commands/commands.hpp"
#include "vuln/match/match.hpp"
#include "vuln/version/version.hpp"

namespace berth::cli {

Command register_plugins(CLI::App& root, const GlobalOptions&) {
    auto* cmd = root.add_subcommand(
        "plugins", "List the plugins berth has: analyzers, version schemes, matchers and CIS checks");
    return {cmd, [] {
                auto line = [](std::string_view kind, std::string_view name, unsigned version) {
                    std::string k(kind);
                    std::string n(name);
                    std::cout << k << std::string(10 - std::min<std::size_t>(9, k.size()), ' ') << n
                              << std::string(20 - std::min<std::size_t>(19, n.size()), ' ') << version << "\n";
                };
                std::cout << "KIND      NAME                VERSION\n";
                for (const auto& a : analyze::all_analyzers()) line("analyzer", a->name(), a->version());
                for (const auto* s : vuln::version::all_schemes()) line("version", s->name(), 1);
                for (const auto& d : vuln::match::all_drivers()) line("matcher", d->name(), 1);
                for (const auto& c : audit::cis::all_checks()) line("cis-check", c.info->id, 1);
                return kExitOk;
            }};
}

}  // namespace berth::cli

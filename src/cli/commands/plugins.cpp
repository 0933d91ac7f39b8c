// SPDX-License-Identifier: Apache-2.0
// `berth plugins`: every plugin compiled in, one line each (kind, name, version). The output is
// a golden (tests/e2e/testdata/plugins.golden), so each addition shows in review.
#include <iostream>

#include "analyze/analyzer.hpp"
#include "audit/cis_docker/check.hpp"
#include "cli/commands/commands.hpp"

namespace berth::cli {

Command register_plugins(CLI::App& root, const GlobalOptions&) {
    auto* cmd = root.add_subcommand("plugins", "List the analyzers (and later rules and checks) berth has");
    return {cmd, [] {
                std::cout << "KIND      NAME                VERSION\n";
                for (const auto& a : analyze::all_analyzers()) {
                    std::string name(a->name());
                    std::cout << "analyzer  " << name << std::string(20 - std::min<std::size_t>(19, name.size()), ' ')
                              << a->version() << "\n";
                }
                for (const auto& c : audit::cis::all_checks()) {
                    const std::string name = "cis-docker/" + std::string(c.info.id);
                    std::cout << "cis-check " << name << std::string(20 - std::min<std::size_t>(19, name.size()), ' ')
                              << 1 << "\n";
                }
                return kExitOk;
            }};
}

}  // namespace berth::cli

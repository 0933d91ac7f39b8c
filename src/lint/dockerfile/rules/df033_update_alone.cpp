// SPDX-License-Identifier: Apache-2.0
// DF033 (CIS Docker 4.7): a package index update is not alone in its RUN. `RUN apt-get update`
// on its own is cached as a layer, so later installs use a stale index.
#include "lint/dockerfile/rule_support.hpp"
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 4.7"}};
constexpr check::RuleInfo kInfo{
    .id = "dockerfile/DF033",
    .title = "Do not use update instructions alone",
    .severity = Severity::Medium,
    .description =
        "The build cache keeps a RUN that only updates the package index: later "
        "installs then use an old index and miss security fixes.",
    .remediation =
        "Update and install in the same RUN: "
        "`RUN apt-get update && apt-get install -y …`.",
    .references = kRefs,
};

// (program, update subcommand, install subcommands)
struct Manager {
    std::string_view program;
    std::string_view update;
    std::initializer_list<std::string_view> installs;
};

const Manager kManagers[] = {
    {"apt-get", "update", {"install", "upgrade", "dist-upgrade", "full-upgrade", "build-dep"}},
    {"apt", "update", {"install", "upgrade", "full-upgrade"}},
    {"apk", "update", {"add", "upgrade"}},
    {"yum", "makecache", {"install", "update", "upgrade", "groupinstall"}},
    {"dnf", "makecache", {"install", "update", "upgrade", "groupinstall"}},
    {"zypper", "refresh", {"install", "in", "update", "up", "patch"}},
};

void evaluate(const Context& ctx, std::vector<Finding>& out) {
    for (const Instruction* in : instructions(ctx.df, "RUN")) {
        const auto& cmds = ctx.commands(*in);
        for (const Manager& m : kManagers) {
            bool updates = false;
            bool installs = false;
            for (const auto& c : cmds) {
                if (c.program() != m.program) continue;
                const std::string sub = subcommand(c.args());
                updates = updates || sub == m.update;
                for (auto i : m.installs) installs = installs || sub == i;
            }
            if (updates && !installs) {
                out.push_back(at(*in, std::string(m.program) + " " + std::string(m.update) +
                                          " without an install in the same RUN"));
            }
        }
    }
}

}  // namespace

Rule make_df033_update_alone() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::lint::dockerfile

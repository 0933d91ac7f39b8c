// SPDX-License-Identifier: Apache-2.0
// IC003: world-writable files, and world-writable directories without the sticky bit (from the
// files/world_writable findings). /tmp (1777) passes; a 0777 upload directory or a 0666
// configuration file fails.
#include "imagecheck/rules/rules.hpp"
#include "imagecheck/support.hpp"

namespace berth::imagecheck {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 4.8"}, {"cwe", "CWE-732"}};
constexpr check::RuleInfo kInfo{
    .id = "image/IC003",
    .title = "Do not ship world-writable files or directories without the sticky bit",
    .severity = Severity::Medium,
    .description =
        "Any user in the container (and any process running as another uid) can rewrite a "
        "world-writable file, or delete and replace what others put in a world-writable "
        "directory without the sticky bit: configuration, scripts and binaries there can be "
        "swapped.",
    .remediation =
        "chmod o-w the files and directories in the Dockerfile (or set the sticky bit, chmod "
        "+t, on shared directories such as /tmp); give write access to the user that needs "
        "it with chown instead.",
    .references = kRefs,
};

void evaluate(const Context& ctx, check::RuleResult& out) {
    const auto found = findings_of(ctx.inventory, "files/world_writable");
    if (found.empty()) return;
    for (const auto* f : found) {
        check::Location l = file_location(*f);
        l.object = f->detail;
        out.locations.push_back(std::move(l));
    }
    out.message = std::to_string(found.size()) + " world-writable " +
                  (found.size() == 1 ? "entry" : "entries");
}

}  // namespace

Rule make_ic003_world_writable() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::imagecheck

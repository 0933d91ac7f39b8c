// SPDX-License-Identifier: Apache-2.0
// IC001 (CIS Docker 4.1, dockle CIS-DI-0001, Trivy DS002): the image's User is set and is not
// root. "", "root", "0", "root:…", "0:…" fail; "nobody", "1000:1000", "app" pass.
#include "core/text.hpp"
#include "imagecheck/rules/rules.hpp"
#include "imagecheck/support.hpp"

namespace berth::imagecheck {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 4.1"},
                               {"dockle", "CIS-DI-0001"},
                               {"trivy", "DS002"},
                               {"hadolint", "DL3002"}};
constexpr check::RuleInfo kInfo{
    .id = "image/IC001",
    .title = "Do not run the image as root",
    .severity = Severity::High,
    .description =
        "A container runs as the image's User unless told otherwise; as root, an attacker "
        "who breaks the application is root inside the container and a short step from the "
        "host.",
    .remediation =
        "Create a user in the Dockerfile (useradd/adduser) and end the final stage with "
        "`USER <name or uid>`.",
    .references = kRefs,
};

void evaluate(const Context& ctx, check::RuleResult& out) {
    const std::string_view user = text::trim(ctx.image.config.user);
    const std::string_view name = user.substr(0, user.find(':'));
    if (!name.empty() && name != "root" && name != "0") return;
    const std::size_t i = last_history(ctx, "USER");
    out.message = user.empty() ? "the image runs as root (no USER)"
                               : "the image runs as root (USER " + std::string(user) + ")";
    out.locations.push_back(history_location(ctx, i, "config User"));
}

}  // namespace

Rule make_ic001_root_user() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::imagecheck

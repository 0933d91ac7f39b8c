// SPDX-License-Identifier: Apache-2.0
// IC004 (CIS Docker 5.7 at image level, Trivy DS004): no SSH server in the image. Fails when an
// SSH server package is installed (openssh-server, openssh-server-pam, dropbear, dropbear-bin,
// dropbear-run), when Entrypoint or Cmd runs sshd or dropbear (a word whose file name is one of
// them: "/usr/sbin/sshd -D", "sh -c 'sshd && app'"), or when port 22 is exposed.
#include <algorithm>
#include <array>

#include "core/text.hpp"
#include "imagecheck/rules/rules.hpp"
#include "imagecheck/support.hpp"

namespace berth::imagecheck {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 5.7"}, {"trivy", "DS004"}};
constexpr check::RuleInfo kInfo{
    .id = "image/IC004",
    .title = "Do not install or run an SSH server in the image",
    .severity = Severity::Medium,
    .description =
        "An SSH daemon in a container is one more service to patch, configure and protect "
        "with keys that end up in the image; `docker exec` already gives shell access.",
    .remediation =
        "Remove the SSH server package and any sshd from ENTRYPOINT/CMD and EXPOSE 22; use "
        "`docker exec` (or kubectl exec) to get into a container.",
    .references = kRefs,
};

constexpr std::array<std::string_view, 5> kPackages{"openssh-server", "openssh-server-pam",
                                                    "dropbear", "dropbear-bin", "dropbear-run"};

bool runs_sshd(const std::vector<std::string>& args) {
    for (const auto& a : args) {
        for (std::string_view w : text::split_words(a)) {
            w = text::trim(w, "'\";&|()");
            const std::string_view base = w.substr(w.rfind('/') + 1);
            if (base == "sshd" || base == "dropbear") return true;
        }
    }
    return false;
}

void evaluate(const Context& ctx, check::RuleResult& out) {
    for (const auto& p : ctx.inventory.packages) {
        if (std::find(kPackages.begin(), kPackages.end(), p.name) == kPackages.end()) continue;
        check::Location l;
        l.path = p.location.path;
        if (!p.location.layer_diff_id.empty()) l.layer = p.location.layer_diff_id.str();
        l.created_by = p.location.created_by;
        l.object = "package " + p.name + " " + p.version;
        out.locations.push_back(std::move(l));
        out.details.push_back("installed: " + p.name);
    }
    const auto& c = ctx.image.config;
    if (runs_sshd(c.entrypoint)) {
        out.locations.push_back(
            history_location(ctx, last_history(ctx, "ENTRYPOINT"), "config Entrypoint"));
        out.details.push_back("started by the entrypoint: " + text::join(c.entrypoint, " "));
    }
    if (runs_sshd(c.cmd)) {
        out.locations.push_back(history_location(ctx, last_history(ctx, "CMD"), "config Cmd"));
        out.details.push_back("started by the command: " + text::join(c.cmd, " "));
    }
    if (std::find(c.exposed_ports.begin(), c.exposed_ports.end(), "22/tcp") !=
        c.exposed_ports.end()) {
        out.locations.push_back(
            history_location(ctx, last_history(ctx, "EXPOSE", "22"), "config ExposedPorts"));
        out.details.push_back("port 22/tcp is exposed");
    }
    if (!out.details.empty()) out.message = "the image carries an SSH server";
}

}  // namespace

Rule make_ic004_sshd() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::imagecheck

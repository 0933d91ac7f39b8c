// SPDX-License-Identifier: Apache-2.0
// IC006 (CIS Docker 4.10, dockle CIS-DI-0010): no credential files in the image. Read from the
// files/credentials findings (AWS credentials, Docker config.json with auths, SSH private keys,
// .npmrc/.pypirc tokens, .git-credentials, kube configs, .netrc), each with its layer: a file a
// later layer deleted is gone from the merged view but still in the earlier layer's blob, so
// deleting it is not the fix — rebuilding without it is.
#include "imagecheck/rules/rules.hpp"
#include "imagecheck/support.hpp"

namespace berth::imagecheck {
namespace {

constexpr Reference kRefs[] = {
    {"cis", "CIS Docker 1.6 4.10"}, {"dockle", "CIS-DI-0010"}, {"cwe", "CWE-522"}};
constexpr check::RuleInfo kInfo{
    .id = "image/IC006",
    .title = "Do not ship credential files in the image",
    .severity = Severity::High,
    .description =
        "Registry tokens, cloud keys, SSH private keys and kube configs copied into an "
        "image are readable by anyone who can pull it, in every layer that holds them.",
    .remediation =
        "Rebuild without the files (a .dockerignore, BuildKit secret mounts for build-time "
        "credentials) and rotate the exposed credentials; a later `rm` leaves them in the "
        "earlier layer.",
    .references = kRefs,
};

void evaluate(const Context& ctx, check::RuleResult& out) {
    const auto found = findings_of(ctx.inventory, "files/credentials");
    if (found.empty()) return;
    for (const auto* f : found) {
        check::Location l = file_location(*f);
        l.object = f->detail;
        out.locations.push_back(std::move(l));
    }
    out.message =
        std::to_string(found.size()) + " credential file" + (found.size() == 1 ? "" : "s");
}

}  // namespace

Rule make_ic006_credential_files() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::imagecheck

// SPDX-License-Identifier: Apache-2.0
// IC002 (CIS Docker 4.8, dockle CIS-DI-0008): setuid and setgid files, each with the package
// that owns it (Package::files: dpkg .list files, apk and rpm file lists) so the fix is obvious
// (`chmod u-s` in the Dockerfile, or removing the package). Read from the files/setuid findings
// that survive the merge. CIS lists this as a manual, level 2 control: the rule is not scored
// (it does not trip --exit-code), since most distributions ship a few such files (passwd, su).
#include <set>

#include "imagecheck/rules/rules.hpp"
#include "imagecheck/support.hpp"

namespace berth::imagecheck {
namespace {

constexpr Reference kRefs[] = {{"cis", "CIS Docker 1.6 4.8"}, {"dockle", "CIS-DI-0008"}};
constexpr check::RuleInfo kInfo{
    .id = "image/IC002",
    .title = "Remove setuid and setgid permissions",
    .severity = Severity::Low,
    .description =
        "A setuid or setgid program runs with its owner's or group's rights whoever starts "
        "it: each one is a way to escalate privileges inside the container.",
    .remediation =
        "Remove the bits the application does not need, e.g. `RUN find / -xdev -perm /6000 "
        "-type f -exec chmod a-s {} + || true` in the last stage, or remove the packages.",
    .references = kRefs,
    .level = 2,
    .scored = false,
};

void evaluate(const Context& ctx, check::RuleResult& out) {
    const auto found = findings_of(ctx.inventory, "files/setuid");
    if (found.empty()) return;
    std::set<std::string> paths;
    for (const auto* f : found) paths.insert(f->location.path);
    const auto owners = file_owners(ctx.inventory, paths);
    for (const auto* f : found) {
        check::Location l = file_location(*f);
        const std::string& owner = owners.at(f->location.path);
        l.object = f->detail + (owner.empty() ? ", no package" : ", package " + owner);
        out.locations.push_back(std::move(l));
    }
    out.message =
        std::to_string(paths.size()) + " setuid/setgid file" + (paths.size() == 1 ? "" : "s");
}

}  // namespace

Rule make_ic002_setuid_files() {
    return {&kInfo, &evaluate};
}

}  // namespace berth::imagecheck

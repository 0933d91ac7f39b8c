// SPDX-License-Identifier: Apache-2.0
// The one list of image rules, sorted by id. A unit test checks that every file under rules/ is
// listed, ids are unique and sorted, every rule has a failing and a passing case, and
// docs/rules.md documents it.
#include "imagecheck/rules/rules.hpp"

namespace berth::imagecheck {

std::vector<Rule> all_rules() {
    return {
        make_ic001_root_user(),         make_ic002_setuid_files(),
        make_ic003_world_writable(),    make_ic004_sshd(),
        make_ic005_secrets_in_config(), make_ic006_credential_files(),
        make_ic007_package_caches(),    make_ic008_healthcheck_missing(),
        make_ic009_add_remote_url(),    make_ic010_untrusted_registry(),
        make_ic011_latest_tag(),        make_ic012_update_alone(),
    };
}

const check::RuleKind& rule_kind() {
    static const check::RuleKind kind{
        .name = "image",
        .version = kRulesVersion,
        .title = "Image checks",
        .summary =
            "`berth scan --scanners config` (on by default) judges a built image: its config "
            "(user, environment, labels, healthcheck, entrypoint, ports), its history (the "
            "instruction behind each layer), where it comes from, and its files (setuid, "
            "world-writable, credential files, package caches) with the package owning each. "
            "Every finding names the layer and the instruction that made it. Each rule names the "
            "CIS Docker Benchmark section and the equivalent dockle (CIS-DI-…, DKL-…) and Trivy "
            "(DS…) ids where one exists. Scans report failed rules only.",
        .rules_dir = "src/imagecheck/rules",
        .list_file = "src/imagecheck/registry.cpp",
        .rules =
            [] {
                std::vector<const check::RuleInfo*> out;
                for (const auto& r : all_rules()) out.push_back(r.info);
                return out;
            },
    };
    return kind;
}

}  // namespace berth::imagecheck

// SPDX-License-Identifier: Apache-2.0
// The one list of Dockerfile rules, sorted by id, one entry per rule (table rows one by one). A
// unit test checks that every file under rules/ is listed, ids are unique and sorted, every rule
// has a failing and a passing case in rules/testdata/, and docs/rules.md documents it.
#include "lint/dockerfile/rules/rules.hpp"

namespace berth::lint::dockerfile {

std::vector<Rule> all_rules() {
    return {
        make_df001_parse_error(),
        make_df002_root_user(),
        make_df003_no_user(),
        make_df004_sudo(),
        make_df005_untagged_base(),
        make_df006_latest_base(),
        make_df007_add_not_copy(),
        make_df008_add_remote_url(),
        make_df009_curl_pipe_shell(),
        make_package_managers("DF010"),
        make_package_managers("DF011"),
        make_package_managers("DF012"),
        make_package_managers("DF013"),
        make_package_managers("DF014"),
        make_package_managers("DF015"),
        make_package_managers("DF016"),
        make_package_managers("DF017"),
        make_package_managers("DF018"),
        make_package_managers("DF019"),
        make_package_managers("DF020"),
        make_package_managers("DF021"),
        make_package_managers("DF022"),
        make_package_managers("DF023"),
        make_package_managers("DF024"),
        make_package_managers("DF025"),
        make_package_managers("DF026"),
        make_package_managers("DF027"),
        make_package_managers("DF028"),
        make_package_managers("DF029"),
        make_package_managers("DF030"),
        make_package_managers("DF031"),
        make_df032_apt_no_recommends(),
        make_df033_update_alone(),
        make_df034_workdir_absolute(),
        make_df035_expose_ports(),
        make_once_per_stage("DF036"),
        make_once_per_stage("DF037"),
        make_once_per_stage("DF038"),
        make_df039_pipefail(),
        make_df040_copy_from_stage(),
        make_df041_unique_stage_names(),
        make_df042_secrets_in_arg_env(),
        make_df043_allowed_registries(),
        make_df044_sensitive_files(),
        make_df045_world_writable(),
        make_df046_insecure_run(),
        make_df047_healthcheck_missing(),
        make_df048_onbuild_triggers(),
        make_df049_copy_dest_slash(),
        make_df050_env_self_reference(),
        make_df051_useradd_high_uid(),
        make_df052_exec_form(),
        make_df053_maintainer(),
    };
}

std::string_view short_id(std::string_view id) {
    const auto slash = id.rfind('/');
    return slash == std::string_view::npos ? id : id.substr(slash + 1);
}

std::vector<std::string_view> hadolint_ids(const check::RuleInfo& info) {
    std::vector<std::string_view> out;
    for (const auto& r : info.references) {
        if (r.kind == "hadolint") out.push_back(r.value);
    }
    return out;
}

const check::RuleKind& rule_kind() {
    static const check::RuleKind kind{
        .name = "dockerfile",
        .version = kRulesVersion,
        .title = "Dockerfile rules",
        .summary =
            "`berth lint` judges Dockerfiles (BuildKit syntax: heredocs, `--mount`, multi-stage "
            "builds) for security and reliability: base images, users, secrets, package-manager "
            "hygiene, shell pitfalls. Each rule names the equivalent hadolint id (DL…) and CIS "
            "Docker Benchmark section where one exists; `# hadolint ignore=DL3008` comments and "
            "ids work as aliases of the berth ids.",
        .rules_dir = "src/lint/dockerfile/rules",
        .list_file = "src/lint/dockerfile/registry.cpp",
        .rules =
            [] {
                std::vector<const check::RuleInfo*> out;
                for (const auto& r : all_rules()) out.push_back(r.info);
                return out;
            },
    };
    return kind;
}

}  // namespace berth::lint::dockerfile

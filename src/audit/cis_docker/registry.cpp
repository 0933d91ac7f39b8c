// SPDX-License-Identifier: Apache-2.0
// The one list of CIS Docker checks, sorted by id, one entry per check (the tables, e.g.
// 1.1.3–1.1.18 or 7.1–7.9, are listed row by row: see docs/cis.md). A unit test checks that
// every file under checks/ is listed, that ids are unique and sorted, and that
// docker-bench-security's list (shared data docker-bench/checks.tsv) is covered exactly, but for
// its placeholder examples C.1 and C.1.1.
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {

namespace {

// Section 1 (host).
void add_section_1(std::vector<Check>& list) {
    list.push_back(make_cis_1_1_01_separate_partition());
    list.push_back(make_cis_1_1_02_trusted_users());
    list.push_back(make_cis_1_1_audit_rules("1.1.3"));
    list.push_back(make_cis_1_1_audit_rules("1.1.4"));
    list.push_back(make_cis_1_1_audit_rules("1.1.5"));
    list.push_back(make_cis_1_1_audit_rules("1.1.6"));
    list.push_back(make_cis_1_1_audit_rules("1.1.7"));
    list.push_back(make_cis_1_1_audit_rules("1.1.8"));
    list.push_back(make_cis_1_1_audit_rules("1.1.9"));
    list.push_back(make_cis_1_1_audit_rules("1.1.10"));
    list.push_back(make_cis_1_1_audit_rules("1.1.11"));
    list.push_back(make_cis_1_1_audit_rules("1.1.12"));
    list.push_back(make_cis_1_1_audit_rules("1.1.13"));
    list.push_back(make_cis_1_1_audit_rules("1.1.14"));
    list.push_back(make_cis_1_1_audit_rules("1.1.15"));
    list.push_back(make_cis_1_1_audit_rules("1.1.16"));
    list.push_back(make_cis_1_1_audit_rules("1.1.17"));
    list.push_back(make_cis_1_1_audit_rules("1.1.18"));
    list.push_back(make_cis_manual_checks("1.2.1"));
    list.push_back(make_cis_1_2_02_docker_up_to_date());
}

// Section 2 (daemon).
void add_section_2(std::vector<Check>& list) {
    list.push_back(make_cis_2_01_daemon_non_root());
    list.push_back(make_cis_2_02_restrict_icc());
    list.push_back(make_cis_2_03_log_level_info());
    list.push_back(make_cis_2_04_iptables());
    list.push_back(make_cis_2_05_insecure_registries());
    list.push_back(make_cis_2_06_no_aufs());
    list.push_back(make_cis_2_07_tls_auth());
    list.push_back(make_cis_2_08_default_ulimit());
    list.push_back(make_cis_2_09_userns_remap());
    list.push_back(make_cis_2_10_cgroup_parent());
    list.push_back(make_cis_2_11_base_device_size());
    list.push_back(make_cis_2_12_authorization_plugin());
    list.push_back(make_cis_2_13_remote_logging());
    list.push_back(make_cis_2_14_no_new_privileges());
    list.push_back(make_cis_2_15_live_restore());
    list.push_back(make_cis_2_16_userland_proxy());
    list.push_back(make_cis_2_17_seccomp_profile());
    list.push_back(make_cis_2_18_experimental());
}

// Section 3 (files).
void add_section_3(std::vector<Check>& list) {
    list.push_back(make_cis_3_file_permissions("3.1"));
    list.push_back(make_cis_3_file_permissions("3.2"));
    list.push_back(make_cis_3_file_permissions("3.3"));
    list.push_back(make_cis_3_file_permissions("3.4"));
    list.push_back(make_cis_3_file_permissions("3.5"));
    list.push_back(make_cis_3_file_permissions("3.6"));
    list.push_back(make_cis_3_file_permissions("3.7"));
    list.push_back(make_cis_3_file_permissions("3.8"));
    list.push_back(make_cis_3_file_permissions("3.9"));
    list.push_back(make_cis_3_file_permissions("3.10"));
    list.push_back(make_cis_3_file_permissions("3.11"));
    list.push_back(make_cis_3_file_permissions("3.12"));
    list.push_back(make_cis_3_file_permissions("3.13"));
    list.push_back(make_cis_3_file_permissions("3.14"));
    list.push_back(make_cis_3_file_permissions("3.15"));
    list.push_back(make_cis_3_file_permissions("3.16"));
    list.push_back(make_cis_3_file_permissions("3.17"));
    list.push_back(make_cis_3_file_permissions("3.18"));
    list.push_back(make_cis_3_file_permissions("3.19"));
    list.push_back(make_cis_3_file_permissions("3.20"));
    list.push_back(make_cis_3_file_permissions("3.21"));
    list.push_back(make_cis_3_file_permissions("3.22"));
    list.push_back(make_cis_3_file_permissions("3.23"));
    list.push_back(make_cis_3_file_permissions("3.24"));
}

// Section 4 (images).
void add_section_4(std::vector<Check>& list) {
    list.push_back(make_cis_4_01_container_user());
    list.push_back(make_cis_manual_checks("4.2"));
    list.push_back(make_cis_manual_checks("4.3"));
    list.push_back(make_cis_manual_checks("4.4"));
    list.push_back(make_cis_4_05_content_trust());
    list.push_back(make_cis_4_06_healthcheck());
    list.push_back(make_cis_4_07_update_alone());
    list.push_back(make_cis_4_08_setuid_setgid());
    list.push_back(make_cis_4_09_copy_not_add());
    list.push_back(make_cis_4_10_no_secrets());
    list.push_back(make_cis_manual_checks("4.11"));
    list.push_back(make_cis_manual_checks("4.12"));
}

// Section 5 (runtime).
void add_section_5(std::vector<Check>& list) {
    list.push_back(make_cis_5_01_swarm_disabled());
    list.push_back(make_cis_5_02_apparmor());
    list.push_back(make_cis_5_03_selinux());
    list.push_back(make_cis_5_containers("5.4"));
    list.push_back(make_cis_5_containers("5.5"));
    list.push_back(make_cis_5_containers("5.6"));
    list.push_back(make_cis_5_containers("5.7"));
    list.push_back(make_cis_5_containers("5.8"));
    list.push_back(make_cis_5_containers("5.9"));
    list.push_back(make_cis_5_containers("5.10"));
    list.push_back(make_cis_5_containers("5.11"));
    list.push_back(make_cis_5_containers("5.12"));
    list.push_back(make_cis_5_containers("5.13"));
    list.push_back(make_cis_5_containers("5.14"));
    list.push_back(make_cis_5_containers("5.15"));
    list.push_back(make_cis_5_containers("5.16"));
    list.push_back(make_cis_5_containers("5.17"));
    list.push_back(make_cis_5_container_notes("5.18"));
    list.push_back(make_cis_5_container_notes("5.19"));
    list.push_back(make_cis_5_containers("5.20"));
    list.push_back(make_cis_5_containers("5.21"));
    list.push_back(make_cis_5_containers("5.22"));
    list.push_back(make_cis_manual_checks("5.23"));
    list.push_back(make_cis_manual_checks("5.24"));
    list.push_back(make_cis_5_containers("5.25"));
    list.push_back(make_cis_5_26_no_new_privileges_container());
    list.push_back(make_cis_5_containers("5.27"));
    list.push_back(make_cis_manual_checks("5.28"));
    list.push_back(make_cis_5_containers("5.29"));
    list.push_back(make_cis_5_container_notes("5.30"));
    list.push_back(make_cis_5_containers("5.31"));
    list.push_back(make_cis_5_containers("5.32"));
}

// Section 6 (operations).
void add_section_6(std::vector<Check>& list) {
    list.push_back(make_cis_6_01_image_sprawl());
    list.push_back(make_cis_6_02_container_sprawl());
}

// Section 7 (swarm).
void add_section_7(std::vector<Check>& list) {
    list.push_back(make_cis_7_swarm("7.1"));
    list.push_back(make_cis_7_swarm("7.2"));
    list.push_back(make_cis_7_swarm("7.3"));
    list.push_back(make_cis_7_swarm("7.4"));
    list.push_back(make_cis_7_swarm("7.5"));
    list.push_back(make_cis_7_swarm("7.6"));
    list.push_back(make_cis_7_swarm("7.7"));
    list.push_back(make_cis_7_swarm("7.8"));
    list.push_back(make_cis_7_swarm("7.9"));
}

// Section 8 (enterprise).
void add_section_8(std::vector<Check>& list) {
    list.push_back(make_cis_manual_checks("8.1.1"));
    list.push_back(make_cis_manual_checks("8.1.2"));
    list.push_back(make_cis_manual_checks("8.1.3"));
    list.push_back(make_cis_manual_checks("8.1.4"));
    list.push_back(make_cis_manual_checks("8.1.5"));
    list.push_back(make_cis_manual_checks("8.1.6"));
    list.push_back(make_cis_manual_checks("8.1.7"));
    list.push_back(make_cis_manual_checks("8.2.1"));
}

// Section C (community).
void add_section_c(std::vector<Check>& list) {
    list.push_back(make_cis_c_02_legacy_registry());
    list.push_back(make_cis_c_5_3_capabilities("C.5.3.1"));
    list.push_back(make_cis_c_5_3_capabilities("C.5.3.2"));
    list.push_back(make_cis_c_5_3_capabilities("C.5.3.3"));
    list.push_back(make_cis_c_5_3_capabilities("C.5.3.4"));
}

// Section R (rootless).
void add_section_r(std::vector<Check>& list) {
    list.push_back(make_cis_r_rootless("R.1"));
    list.push_back(make_cis_r_rootless("R.2"));
    list.push_back(make_cis_r_rootless("R.3"));
    list.push_back(make_cis_r_rootless("R.4"));
}

}  // namespace

std::vector<Check> all_checks() {
    std::vector<Check> list;
    add_section_1(list);
    add_section_2(list);
    add_section_3(list);
    add_section_4(list);
    add_section_5(list);
    add_section_6(list);
    add_section_7(list);
    add_section_8(list);
    add_section_c(list);
    add_section_r(list);
    return list;
}

const check::RuleKind& rule_kind() {
    static const check::RuleKind kind{
        .name = "cis-docker",
        .version = static_cast<unsigned>(kChecksVersion),
        .title = "CIS Docker Benchmark v1.6 host checks",
        .summary =
            "`berth audit host` judges a Docker host (files under --root, the daemon's options, "
            "the Engine API, an --image) against the CIS Docker Benchmark v1.6.0 as "
            "docker-bench-security implements it, plus rootless Docker (R.*). Ids keep the CIS "
            "numbers; docs/cis.md says how each check decides.",
        .rules_dir = "src/audit/cis_docker/checks",
        .list_file = "src/audit/cis_docker/registry.cpp",
        .rules =
            [] {
                std::vector<const check::RuleInfo*> out;
                for (const auto& c : all_checks()) out.push_back(c.info);
                return out;
            },
    };
    return kind;
}

}  // namespace berth::audit::cis

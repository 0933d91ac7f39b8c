// SPDX-License-Identifier: Apache-2.0
// The one list of CIS Docker checks, sorted by id, one entry per check (the two tables,
// 1.1.3–1.1.18 and 3.1–3.24, are listed row by row). A unit test checks that every file under
// checks/ is listed, that ids are unique and sorted, and that docker-bench-security's list
// (shared data docker-bench/checks.tsv) is covered exactly, but for its placeholder examples
// C.1 and C.1.1.
#include "audit/cis_docker/checks.hpp"

namespace berth::audit::cis {

std::vector<Check> all_checks() {
    std::vector<Check> list;
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
    list.push_back(make_cis_1_2_01_host_hardened());
    list.push_back(make_cis_1_2_02_docker_up_to_date());
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
    list.push_back(make_cis_4_01_container_user());
    list.push_back(make_cis_4_02_trusted_base_images());
    list.push_back(make_cis_4_03_no_unnecessary_packages());
    list.push_back(make_cis_4_04_images_scanned_rebuilt());
    list.push_back(make_cis_4_05_content_trust());
    list.push_back(make_cis_4_06_healthcheck());
    list.push_back(make_cis_4_07_update_alone());
    list.push_back(make_cis_4_08_setuid_setgid());
    list.push_back(make_cis_4_09_copy_not_add());
    list.push_back(make_cis_4_10_no_secrets());
    list.push_back(make_cis_4_11_verified_packages());
    list.push_back(make_cis_4_12_signed_artifacts());
    list.push_back(make_cis_5_01_swarm_disabled());
    list.push_back(make_cis_5_02_apparmor());
    list.push_back(make_cis_5_03_selinux());
    list.push_back(make_cis_5_04_capabilities());
    list.push_back(make_cis_5_05_no_privileged());
    list.push_back(make_cis_5_06_sensitive_mounts());
    list.push_back(make_cis_5_07_no_sshd());
    list.push_back(make_cis_5_08_privileged_ports());
    list.push_back(make_cis_5_09_needed_ports());
    list.push_back(make_cis_5_10_host_network());
    list.push_back(make_cis_5_11_memory_limit());
    list.push_back(make_cis_5_12_cpu_priority());
    list.push_back(make_cis_5_13_readonly_rootfs());
    list.push_back(make_cis_5_14_bind_host_interface());
    list.push_back(make_cis_5_15_restart_policy());
    list.push_back(make_cis_5_16_host_pid());
    list.push_back(make_cis_5_17_host_ipc());
    list.push_back(make_cis_5_18_host_devices());
    list.push_back(make_cis_5_19_ulimit_override());
    list.push_back(make_cis_5_20_mount_propagation());
    list.push_back(make_cis_5_21_host_uts());
    list.push_back(make_cis_5_22_seccomp_not_disabled());
    list.push_back(make_cis_5_23_exec_privileged());
    list.push_back(make_cis_5_24_exec_user_root());
    list.push_back(make_cis_5_25_cgroup_usage());
    list.push_back(make_cis_5_26_no_new_privileges_container());
    list.push_back(make_cis_5_27_health_checked());
    list.push_back(make_cis_5_28_latest_image());
    list.push_back(make_cis_5_29_pids_limit());
    list.push_back(make_cis_5_30_default_bridge());
    list.push_back(make_cis_5_31_host_userns());
    list.push_back(make_cis_5_32_docker_sock_mount());
    list.push_back(make_cis_6_01_image_sprawl());
    list.push_back(make_cis_6_02_container_sprawl());
    list.push_back(make_cis_7_01_swarm_managers());
    list.push_back(make_cis_7_02_swarm_bind_interface());
    list.push_back(make_cis_7_03_swarm_encrypted_overlay());
    list.push_back(make_cis_7_04_swarm_secrets());
    list.push_back(make_cis_7_05_swarm_autolock());
    list.push_back(make_cis_7_06_swarm_unlock_key_rotation());
    list.push_back(make_cis_7_07_swarm_node_cert_rotation());
    list.push_back(make_cis_7_08_swarm_ca_rotation());
    list.push_back(make_cis_7_09_swarm_plane_separation());
    list.push_back(make_cis_8_1_01_ee_ldap());
    list.push_back(make_cis_8_1_02_ee_external_certs());
    list.push_back(make_cis_8_1_03_ee_client_cert_bundles());
    list.push_back(make_cis_8_1_04_ee_rbac());
    list.push_back(make_cis_8_1_05_ee_signed_image_enforcement());
    list.push_back(make_cis_8_1_06_ee_session_limit());
    list.push_back(make_cis_8_1_07_ee_session_lifetime());
    list.push_back(make_cis_8_2_01_ee_image_scanning());
    list.push_back(make_cis_c_02_legacy_registry());
    list.push_back(make_cis_c_5_3_01_cap_dac_read_search());
    list.push_back(make_cis_c_5_3_02_cap_sys_module());
    list.push_back(make_cis_c_5_3_03_cap_sys_admin());
    list.push_back(make_cis_c_5_3_04_cap_sys_ptrace());
    list.push_back(make_cis_r_01_rootless_config_perms());
    list.push_back(make_cis_r_02_rootless_socket_perms());
    list.push_back(make_cis_r_03_rootless_subids());
    list.push_back(make_cis_r_04_rootless_daemon_options());
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

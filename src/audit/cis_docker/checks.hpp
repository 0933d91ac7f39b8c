// SPDX-License-Identifier: Apache-2.0
// Factories of the CIS Docker checks, one per file under checks/ (registry.cpp lists them all).
#pragma once

#include <vector>

#include "audit/cis_docker/check.hpp"

namespace berth::audit::cis {

/// CIS 1.1.1.
Check make_cis_1_1_01_separate_partition();
/// CIS 1.1.2.
Check make_cis_1_1_02_trusted_users();
/// CIS 1.1.3.
Check make_cis_1_1_03_audit_dockerd();
/// CIS 1.1.4.
Check make_cis_1_1_04_audit_run_containerd();
/// CIS 1.1.5.
Check make_cis_1_1_05_audit_var_lib_docker();
/// CIS 1.1.6.
Check make_cis_1_1_06_audit_etc_docker();
/// CIS 1.1.7.
Check make_cis_1_1_07_audit_docker_service();
/// CIS 1.1.8.
Check make_cis_1_1_08_audit_containerd_sock();
/// CIS 1.1.9.
Check make_cis_1_1_09_audit_docker_socket();
/// CIS 1.1.10.
Check make_cis_1_1_10_audit_etc_default_docker();
/// CIS 1.1.11.
Check make_cis_1_1_11_audit_daemon_json();
/// CIS 1.1.12.
Check make_cis_1_1_12_audit_containerd_config();
/// CIS 1.1.13.
Check make_cis_1_1_13_audit_etc_sysconfig_docker();
/// CIS 1.1.14.
Check make_cis_1_1_14_audit_containerd_bin();
/// CIS 1.1.15.
Check make_cis_1_1_15_audit_containerd_shim();
/// CIS 1.1.16.
Check make_cis_1_1_16_audit_containerd_shim_runc_v1();
/// CIS 1.1.17.
Check make_cis_1_1_17_audit_containerd_shim_runc_v2();
/// CIS 1.1.18.
Check make_cis_1_1_18_audit_runc();
/// CIS 1.2.1.
Check make_cis_1_2_01_host_hardened();
/// CIS 1.2.2.
Check make_cis_1_2_02_docker_up_to_date();
/// CIS 2.1.
Check make_cis_2_01_daemon_non_root();
/// CIS 2.2.
Check make_cis_2_02_restrict_icc();
/// CIS 2.3.
Check make_cis_2_03_log_level_info();
/// CIS 2.4.
Check make_cis_2_04_iptables();
/// CIS 2.5.
Check make_cis_2_05_insecure_registries();
/// CIS 2.6.
Check make_cis_2_06_no_aufs();
/// CIS 2.7.
Check make_cis_2_07_tls_auth();
/// CIS 2.8.
Check make_cis_2_08_default_ulimit();
/// CIS 2.9.
Check make_cis_2_09_userns_remap();
/// CIS 2.10.
Check make_cis_2_10_cgroup_parent();
/// CIS 2.11.
Check make_cis_2_11_base_device_size();
/// CIS 2.12.
Check make_cis_2_12_authorization_plugin();
/// CIS 2.13.
Check make_cis_2_13_remote_logging();
/// CIS 2.14.
Check make_cis_2_14_no_new_privileges();
/// CIS 2.15.
Check make_cis_2_15_live_restore();
/// CIS 2.16.
Check make_cis_2_16_userland_proxy();
/// CIS 2.17.
Check make_cis_2_17_seccomp_profile();
/// CIS 2.18.
Check make_cis_2_18_experimental();
/// CIS 4.1.
Check make_cis_4_01_container_user();
/// CIS 4.2.
Check make_cis_4_02_trusted_base_images();
/// CIS 4.3.
Check make_cis_4_03_no_unnecessary_packages();
/// CIS 4.4.
Check make_cis_4_04_images_scanned_rebuilt();
/// CIS 4.5.
Check make_cis_4_05_content_trust();
/// CIS 4.6.
Check make_cis_4_06_healthcheck();
/// CIS 4.7.
Check make_cis_4_07_update_alone();
/// CIS 4.8.
Check make_cis_4_08_setuid_setgid();
/// CIS 4.9.
Check make_cis_4_09_copy_not_add();
/// CIS 4.10.
Check make_cis_4_10_no_secrets();
/// CIS 4.11.
Check make_cis_4_11_verified_packages();
/// CIS 4.12.
Check make_cis_4_12_signed_artifacts();
/// CIS 5.1.
Check make_cis_5_01_swarm_disabled();
/// CIS 5.2.
Check make_cis_5_02_apparmor();
/// CIS 5.3.
Check make_cis_5_03_selinux();
/// CIS 5.4.
Check make_cis_5_04_capabilities();
/// CIS 5.5.
Check make_cis_5_05_no_privileged();
/// CIS 5.6.
Check make_cis_5_06_sensitive_mounts();
/// CIS 5.7.
Check make_cis_5_07_no_sshd();
/// CIS 5.8.
Check make_cis_5_08_privileged_ports();
/// CIS 5.9.
Check make_cis_5_09_needed_ports();
/// CIS 5.10.
Check make_cis_5_10_host_network();
/// CIS 5.11.
Check make_cis_5_11_memory_limit();
/// CIS 5.12.
Check make_cis_5_12_cpu_priority();
/// CIS 5.13.
Check make_cis_5_13_readonly_rootfs();
/// CIS 5.14.
Check make_cis_5_14_bind_host_interface();
/// CIS 5.15.
Check make_cis_5_15_restart_policy();
/// CIS 5.16.
Check make_cis_5_16_host_pid();
/// CIS 5.17.
Check make_cis_5_17_host_ipc();
/// CIS 5.18.
Check make_cis_5_18_host_devices();
/// CIS 5.19.
Check make_cis_5_19_ulimit_override();
/// CIS 5.20.
Check make_cis_5_20_mount_propagation();
/// CIS 5.21.
Check make_cis_5_21_host_uts();
/// CIS 5.22.
Check make_cis_5_22_seccomp_not_disabled();
/// CIS 5.23.
Check make_cis_5_23_exec_privileged();
/// CIS 5.24.
Check make_cis_5_24_exec_user_root();
/// CIS 5.25.
Check make_cis_5_25_cgroup_usage();
/// CIS 5.26.
Check make_cis_5_26_no_new_privileges_container();
/// CIS 5.27.
Check make_cis_5_27_health_checked();
/// CIS 5.28.
Check make_cis_5_28_latest_image();
/// CIS 5.29.
Check make_cis_5_29_pids_limit();
/// CIS 5.30.
Check make_cis_5_30_default_bridge();
/// CIS 5.31.
Check make_cis_5_31_host_userns();
/// CIS 5.32.
Check make_cis_5_32_docker_sock_mount();
/// CIS 6.1.
Check make_cis_6_01_image_sprawl();
/// CIS 6.2.
Check make_cis_6_02_container_sprawl();
/// CIS 7.1.
Check make_cis_7_01_swarm_managers();
/// CIS 7.2.
Check make_cis_7_02_swarm_bind_interface();
/// CIS 7.3.
Check make_cis_7_03_swarm_encrypted_overlay();
/// CIS 7.4.
Check make_cis_7_04_swarm_secrets();
/// CIS 7.5.
Check make_cis_7_05_swarm_autolock();
/// CIS 7.6.
Check make_cis_7_06_swarm_unlock_key_rotation();
/// CIS 7.7.
Check make_cis_7_07_swarm_node_cert_rotation();
/// CIS 7.8.
Check make_cis_7_08_swarm_ca_rotation();
/// CIS 7.9.
Check make_cis_7_09_swarm_plane_separation();
/// CIS 8.1.1.
Check make_cis_8_1_01_ee_ldap();
/// CIS 8.1.2.
Check make_cis_8_1_02_ee_external_certs();
/// CIS 8.1.3.
Check make_cis_8_1_03_ee_client_cert_bundles();
/// CIS 8.1.4.
Check make_cis_8_1_04_ee_rbac();
/// CIS 8.1.5.
Check make_cis_8_1_05_ee_signed_image_enforcement();
/// CIS 8.1.6.
Check make_cis_8_1_06_ee_session_limit();
/// CIS 8.1.7.
Check make_cis_8_1_07_ee_session_lifetime();
/// CIS 8.2.1.
Check make_cis_8_2_01_ee_image_scanning();
/// CIS C.1.
Check make_cis_c_01_example_automated();
/// CIS C.1.1.
Check make_cis_c_1_01_example_manual();
/// CIS C.2.
Check make_cis_c_02_legacy_registry();
/// CIS C.5.3.1.
Check make_cis_c_5_3_01_cap_dac_read_search();
/// CIS C.5.3.2.
Check make_cis_c_5_3_02_cap_sys_module();
/// CIS C.5.3.3.
Check make_cis_c_5_3_03_cap_sys_admin();
/// CIS C.5.3.4.
Check make_cis_c_5_3_04_cap_sys_ptrace();
/// CIS 3.1–3.24: the file ownership and permission table (checks/cis_3_file_permissions.cpp).
std::vector<Check> make_cis_3_file_permissions();

}  // namespace berth::audit::cis

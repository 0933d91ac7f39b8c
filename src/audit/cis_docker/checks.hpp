// SPDX-License-Identifier: Apache-2.0
// Factories of the CIS Docker checks, one per file under checks/ (registry.cpp lists them all).
#pragma once

#include <string_view>
#include <vector>

#include "audit/cis_docker/check.hpp"

namespace berth::audit::cis {

/// Check 1.1.1.
Check make_cis_1_1_01_separate_partition();
/// Check 1.1.2.
Check make_cis_1_1_02_trusted_users();
/// Check 1.2.1.
Check make_cis_1_2_01_host_hardened();
/// Check 1.2.2.
Check make_cis_1_2_02_docker_up_to_date();
/// Check 2.1.
Check make_cis_2_01_daemon_non_root();
/// Check 2.2.
Check make_cis_2_02_restrict_icc();
/// Check 2.3.
Check make_cis_2_03_log_level_info();
/// Check 2.4.
Check make_cis_2_04_iptables();
/// Check 2.5.
Check make_cis_2_05_insecure_registries();
/// Check 2.6.
Check make_cis_2_06_no_aufs();
/// Check 2.7.
Check make_cis_2_07_tls_auth();
/// Check 2.8.
Check make_cis_2_08_default_ulimit();
/// Check 2.9.
Check make_cis_2_09_userns_remap();
/// Check 2.10.
Check make_cis_2_10_cgroup_parent();
/// Check 2.11.
Check make_cis_2_11_base_device_size();
/// Check 2.12.
Check make_cis_2_12_authorization_plugin();
/// Check 2.13.
Check make_cis_2_13_remote_logging();
/// Check 2.14.
Check make_cis_2_14_no_new_privileges();
/// Check 2.15.
Check make_cis_2_15_live_restore();
/// Check 2.16.
Check make_cis_2_16_userland_proxy();
/// Check 2.17.
Check make_cis_2_17_seccomp_profile();
/// Check 2.18.
Check make_cis_2_18_experimental();
/// Check 4.1.
Check make_cis_4_01_container_user();
/// Check 4.2.
Check make_cis_4_02_trusted_base_images();
/// Check 4.3.
Check make_cis_4_03_no_unnecessary_packages();
/// Check 4.4.
Check make_cis_4_04_images_scanned_rebuilt();
/// Check 4.5.
Check make_cis_4_05_content_trust();
/// Check 4.6.
Check make_cis_4_06_healthcheck();
/// Check 4.7.
Check make_cis_4_07_update_alone();
/// Check 4.8.
Check make_cis_4_08_setuid_setgid();
/// Check 4.9.
Check make_cis_4_09_copy_not_add();
/// Check 4.10.
Check make_cis_4_10_no_secrets();
/// Check 4.11.
Check make_cis_4_11_verified_packages();
/// Check 4.12.
Check make_cis_4_12_signed_artifacts();
/// Check 5.1.
Check make_cis_5_01_swarm_disabled();
/// Check 5.2.
Check make_cis_5_02_apparmor();
/// Check 5.3.
Check make_cis_5_03_selinux();
/// Check 5.4.
Check make_cis_5_04_capabilities();
/// Check 5.5.
Check make_cis_5_05_no_privileged();
/// Check 5.6.
Check make_cis_5_06_sensitive_mounts();
/// Check 5.7.
Check make_cis_5_07_no_sshd();
/// Check 5.8.
Check make_cis_5_08_privileged_ports();
/// Check 5.9.
Check make_cis_5_09_needed_ports();
/// Check 5.10.
Check make_cis_5_10_host_network();
/// Check 5.11.
Check make_cis_5_11_memory_limit();
/// Check 5.12.
Check make_cis_5_12_cpu_priority();
/// Check 5.13.
Check make_cis_5_13_readonly_rootfs();
/// Check 5.14.
Check make_cis_5_14_bind_host_interface();
/// Check 5.15.
Check make_cis_5_15_restart_policy();
/// Check 5.16.
Check make_cis_5_16_host_pid();
/// Check 5.17.
Check make_cis_5_17_host_ipc();
/// Check 5.18.
Check make_cis_5_18_host_devices();
/// Check 5.19.
Check make_cis_5_19_ulimit_override();
/// Check 5.20.
Check make_cis_5_20_mount_propagation();
/// Check 5.21.
Check make_cis_5_21_host_uts();
/// Check 5.22.
Check make_cis_5_22_seccomp_not_disabled();
/// Check 5.23.
Check make_cis_5_23_exec_privileged();
/// Check 5.24.
Check make_cis_5_24_exec_user_root();
/// Check 5.25.
Check make_cis_5_25_cgroup_usage();
/// Check 5.26.
Check make_cis_5_26_no_new_privileges_container();
/// Check 5.27.
Check make_cis_5_27_health_checked();
/// Check 5.28.
Check make_cis_5_28_latest_image();
/// Check 5.29.
Check make_cis_5_29_pids_limit();
/// Check 5.30.
Check make_cis_5_30_default_bridge();
/// Check 5.31.
Check make_cis_5_31_host_userns();
/// Check 5.32.
Check make_cis_5_32_docker_sock_mount();
/// Check 6.1.
Check make_cis_6_01_image_sprawl();
/// Check 6.2.
Check make_cis_6_02_container_sprawl();
/// Check 7.1.
Check make_cis_7_01_swarm_managers();
/// Check 7.2.
Check make_cis_7_02_swarm_bind_interface();
/// Check 7.3.
Check make_cis_7_03_swarm_encrypted_overlay();
/// Check 7.4.
Check make_cis_7_04_swarm_secrets();
/// Check 7.5.
Check make_cis_7_05_swarm_autolock();
/// Check 7.6.
Check make_cis_7_06_swarm_unlock_key_rotation();
/// Check 7.7.
Check make_cis_7_07_swarm_node_cert_rotation();
/// Check 7.8.
Check make_cis_7_08_swarm_ca_rotation();
/// Check 7.9.
Check make_cis_7_09_swarm_plane_separation();
/// Check 8.1.1.
Check make_cis_8_1_01_ee_ldap();
/// Check 8.1.2.
Check make_cis_8_1_02_ee_external_certs();
/// Check 8.1.3.
Check make_cis_8_1_03_ee_client_cert_bundles();
/// Check 8.1.4.
Check make_cis_8_1_04_ee_rbac();
/// Check 8.1.5.
Check make_cis_8_1_05_ee_signed_image_enforcement();
/// Check 8.1.6.
Check make_cis_8_1_06_ee_session_limit();
/// Check 8.1.7.
Check make_cis_8_1_07_ee_session_lifetime();
/// Check 8.2.1.
Check make_cis_8_2_01_ee_image_scanning();
/// Check C.2.
Check make_cis_c_02_legacy_registry();
/// Check C.5.3.1.
Check make_cis_c_5_3_01_cap_dac_read_search();
/// Check C.5.3.2.
Check make_cis_c_5_3_02_cap_sys_module();
/// Check C.5.3.3.
Check make_cis_c_5_3_03_cap_sys_admin();
/// Check C.5.3.4.
Check make_cis_c_5_3_04_cap_sys_ptrace();
/// Check R.1.
Check make_cis_r_01_rootless_config_perms();
/// Check R.2.
Check make_cis_r_02_rootless_socket_perms();
/// Check R.3.
Check make_cis_r_03_rootless_subids();
/// Check R.4.
Check make_cis_r_04_rootless_daemon_options();
/// CIS 1.1.3–1.1.18 by number ("1.1.3"): the audit-rule table (checks/cis_1_1_audit_rules.cpp);
/// a Check with null members for an unknown number.
Check make_cis_1_1_audit_rules(std::string_view number);
/// CIS 3.1–3.24 by number ("3.1"): the file ownership and permission table
/// (checks/cis_3_file_permissions.cpp); a Check with null members for an unknown number.
Check make_cis_3_file_permissions(std::string_view number);

}  // namespace berth::audit::cis

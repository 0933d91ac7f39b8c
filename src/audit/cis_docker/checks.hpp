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
/// Check 5.1.
Check make_cis_5_01_swarm_disabled();
/// Check 5.2.
Check make_cis_5_02_apparmor();
/// Check 5.3.
Check make_cis_5_03_selinux();
/// Check 5.26.
Check make_cis_5_26_no_new_privileges_container();
/// Check 6.1.
Check make_cis_6_01_image_sprawl();
/// Check 6.2.
Check make_cis_6_02_container_sprawl();
/// Check C.2.
Check make_cis_c_02_legacy_registry();
/// CIS 1.1.3–1.1.18 by number ("1.1.3"): the audit-rule table (checks/cis_1_1_audit_rules.cpp);
/// a Check with null members for an unknown number.
Check make_cis_1_1_audit_rules(std::string_view number);
/// CIS 3.1–3.24 by number ("3.1"): the file ownership and permission table
/// (checks/cis_3_file_permissions.cpp); a Check with null members for an unknown number.
Check make_cis_3_file_permissions(std::string_view number);

/// The checks berth cannot judge by number ("4.2", "8.1.1"): manual notes and Docker Enterprise
/// settings (checks/cis_manual_checks.cpp); a Check with null members for an unknown number.
Check make_cis_manual_checks(std::string_view number);
/// CIS 7.1–7.9 by number ("7.1"): the swarm table (checks/cis_7_swarm.cpp); a Check with null
/// members for an unknown number.
Check make_cis_7_swarm(std::string_view number);

/// CIS 5.4–5.32 checks of one running container at a time, by number ("5.5")
/// (checks/cis_5_containers.cpp); a Check with null members for an unknown number.
Check make_cis_5_containers(std::string_view number);
/// CIS 5.18, 5.19, 5.30 by number: what running containers use, listed as INFO
/// (checks/cis_5_container_notes.cpp); a Check with null members for an unknown number.
Check make_cis_5_container_notes(std::string_view number);
/// CIS C.5.3.1–C.5.3.4 by number ("C.5.3.1"): the escape-capability table
/// (checks/cis_c_5_3_capabilities.cpp); a Check with null members for an unknown number.
Check make_cis_c_5_3_capabilities(std::string_view number);

/// Rootless Docker R.1–R.4 by number ("R.1") (checks/cis_r_rootless.cpp); a Check with null
/// members for an unknown number.
Check make_cis_r_rootless(std::string_view number);

}  // namespace berth::audit::cis

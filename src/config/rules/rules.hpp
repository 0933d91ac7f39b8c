// SPDX-License-Identifier: Apache-2.0
// The runtime rule factories, one per file under rules/. The list that orders them is
// registry.cpp.
#pragma once

#include "config/rule.hpp"

namespace berth::config {

Rule make_rt001_privileged();
Rule make_rt002_dangerous_capabilities();
Rule make_rt003_capabilities_beyond_default();
Rule make_rt004_no_drop_all();
Rule make_rt005_seccomp_unconfined();
Rule make_rt006_apparmor_unconfined();
Rule make_rt007_selinux_disabled();
Rule make_rt008_no_new_privileges();
Rule make_rt009_host_network();
Rule make_rt010_host_pid();
Rule make_rt011_host_ipc();
Rule make_rt012_host_uts();
Rule make_rt013_host_userns();
Rule make_rt014_docker_socket();
Rule make_rt015_host_system_dirs();
Rule make_rt016_host_data_dirs();
Rule make_rt017_shared_propagation();
Rule make_rt018_host_devices();
Rule make_rt019_no_memory_limit();
Rule make_rt020_no_cpu_limit();
Rule make_rt021_no_pids_limit();
Rule make_rt022_writable_rootfs();
Rule make_rt023_runs_as_root();
Rule make_rt024_restart_policy();
Rule make_rt025_ulimit_overrides();
Rule make_rt026_privileged_ports();
Rule make_rt027_all_interfaces();
Rule make_rt028_host_cgroupns();

}  // namespace berth::config

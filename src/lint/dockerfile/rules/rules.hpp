// SPDX-License-Identifier: Apache-2.0
// The rule factories, one per file under rules/ (tables take the row's short id). The list that
// orders them is registry.cpp.
#pragma once

#include <string_view>

#include "lint/dockerfile/rule.hpp"

namespace berth::lint::dockerfile {

Rule make_df001_parse_error();
Rule make_df002_root_user();
Rule make_df003_no_user();
Rule make_df004_sudo();
Rule make_df005_untagged_base();
Rule make_df006_latest_base();
Rule make_df007_add_not_copy();
Rule make_df008_add_remote_url();
Rule make_df009_curl_pipe_shell();
Rule make_package_managers(std::string_view short_id);  // DF010–DF031
Rule make_df032_apt_no_recommends();
Rule make_df033_update_alone();
Rule make_df034_workdir_absolute();
Rule make_df035_expose_ports();
Rule make_once_per_stage(std::string_view short_id);  // DF036–DF038
Rule make_df039_pipefail();
Rule make_df040_copy_from_stage();
Rule make_df041_unique_stage_names();
Rule make_df042_secrets_in_arg_env();
Rule make_df043_allowed_registries();
Rule make_df044_sensitive_files();
Rule make_df045_world_writable();
Rule make_df046_insecure_run();
Rule make_df047_healthcheck_missing();
Rule make_df048_onbuild_triggers();
Rule make_df049_copy_dest_slash();
Rule make_df050_env_self_reference();
Rule make_df051_useradd_high_uid();
Rule make_df052_exec_form();
Rule make_df053_maintainer();

}  // namespace berth::lint::dockerfile

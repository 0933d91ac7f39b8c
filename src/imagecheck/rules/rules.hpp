// SPDX-License-Identifier: Apache-2.0
// One factory per rule file (rules/<stem>.cpp defines make_<stem>()); the list is registry.cpp.
#pragma once

#include "imagecheck/imagecheck.hpp"

namespace berth::imagecheck {

Rule make_ic001_root_user();
Rule make_ic002_setuid_files();
Rule make_ic003_world_writable();
Rule make_ic004_sshd();
Rule make_ic005_secrets_in_config();
Rule make_ic006_credential_files();
Rule make_ic007_package_caches();
Rule make_ic008_healthcheck_missing();
Rule make_ic009_add_remote_url();
Rule make_ic010_untrusted_registry();
Rule make_ic011_latest_tag();
Rule make_ic012_update_alone();

}  // namespace berth::imagecheck

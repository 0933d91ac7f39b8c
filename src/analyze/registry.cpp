// SPDX-License-Identifier: Apache-2.0
// The one list of analyzers. Keep it sorted by name; a unit test checks that every file under
// src/analyze/{files,lang,os,pkgdb}/ is listed and that names are unique.
#include "analyze/plugins.hpp"

namespace berth::analyze {

std::vector<std::unique_ptr<Analyzer>> all_analyzers() {
    std::vector<std::unique_ptr<Analyzer>> list;
    list.push_back(make_credentials());
    list.push_back(make_pkg_cache());
    list.push_back(make_secrets());
    list.push_back(make_setuid());
    list.push_back(make_world_writable());
    list.push_back(make_composer_installed());
    list.push_back(make_conda_meta());
    list.push_back(make_dotnet_deps());
    list.push_back(make_gem_installed());
    list.push_back(make_go_binary());
    list.push_back(make_jar());
    list.push_back(make_npm_installed());
    list.push_back(make_python_installed());
    list.push_back(make_rust_binary());
    list.push_back(make_os_release());
    list.push_back(make_apk_installed());
    list.push_back(make_dpkg_status());
    list.push_back(make_rpm_db());
    return list;
}

}  // namespace berth::analyze

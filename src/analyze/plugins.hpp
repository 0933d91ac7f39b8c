// SPDX-License-Identifier: Apache-2.0
// One factory per analyzer file (src/analyze/<kind>/<stem>.cpp defines make_<stem>()).
// The list that uses them is registry.cpp.
#pragma once

#include <memory>

#include "analyze/analyzer.hpp"

namespace berth::analyze {

std::unique_ptr<Analyzer> make_apk_installed();       // pkgdb/apk_installed.cpp
std::unique_ptr<Analyzer> make_composer_installed();  // lang/composer_installed.cpp
std::unique_ptr<Analyzer> make_conda_meta();          // lang/conda_meta.cpp
std::unique_ptr<Analyzer> make_credentials();         // files/credentials.cpp
std::unique_ptr<Analyzer> make_dotnet_deps();         // lang/dotnet_deps.cpp
std::unique_ptr<Analyzer> make_dpkg_status();         // pkgdb/dpkg_status.cpp
std::unique_ptr<Analyzer> make_gem_installed();       // lang/gem_installed.cpp
std::unique_ptr<Analyzer> make_go_binary();           // lang/go_binary.cpp
std::unique_ptr<Analyzer> make_jar();                 // lang/jar.cpp
std::unique_ptr<Analyzer> make_npm_installed();       // lang/npm_installed.cpp
std::unique_ptr<Analyzer> make_os_release();          // os/os_release.cpp
std::unique_ptr<Analyzer> make_pkg_cache();           // files/pkg_cache.cpp
std::unique_ptr<Analyzer> make_python_installed();    // lang/python_installed.cpp
std::unique_ptr<Analyzer> make_rpm_db();              // pkgdb/rpm_db.cpp
std::unique_ptr<Analyzer> make_rust_binary();         // lang/rust_binary.cpp
std::unique_ptr<Analyzer> make_secrets();             // files/secrets.cpp (built-in rules)
std::unique_ptr<Analyzer> make_setuid();              // files/setuid.cpp
std::unique_ptr<Analyzer> make_world_writable();      // files/world_writable.cpp

}  // namespace berth::analyze

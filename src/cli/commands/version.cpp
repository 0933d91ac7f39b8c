// SPDX-License-Identifier: Apache-2.0
// `berth version`: the version and the libraries berth was built with.
#include "core/version.hpp"

#include <archive.h>
#include <isa-l.h>
#include <openssl/opensslv.h>
#include <zstd.h>

#include <iostream>
#include <memory>

#include "cli/commands/commands.hpp"

namespace berth::cli {

Command register_version(CLI::App& root, const GlobalOptions&) {
    auto* cmd = root.add_subcommand("version", "Print berth's version and its libraries' versions");
    return {cmd, [] {
                std::cout << "berth " << kVersion << "\n"
                          << "  " << archive_version_string() << "\n"
                          << "  isa-l " << ISAL_MAJOR_VERSION << "." << ISAL_MINOR_VERSION << "."
                          << ISAL_PATCH_VERSION << "\n"
                          << "  zstd " << ZSTD_versionString() << "\n"
                          << "  " << OPENSSL_VERSION_TEXT << "\n";
                return kExitOk;
            }};
}

}  // namespace berth::cli

// SPDX-License-Identifier: Apache-2.0
// One file per verb; each registers its subcommand and returns the process exit code.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "image/layer_walker.hpp"

namespace berth::cli {

/// Exit codes, as DESIGN.md fixes them.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitRuntime = 3;

/// Options every command shares.
struct GlobalOptions {
    bool quiet = false;
};

/// Options of every command that walks image layers.
struct WalkOptions {
    std::string platform;
    unsigned jobs = 0;
    image::Limits limits;
};

/// Adds --platform, --jobs and the safety-limit options to a subcommand.
void add_walk_options(CLI::App& cmd, WalkOptions& options);

/// Opens IMAGE with the --platform of `walk`; on failure prints the error and returns the exit
/// code (2 for usage errors, 3 otherwise), else kExitOk with `image` set.
int open_for_command(const std::string& spec, const WalkOptions& walk, std::optional<image::Image>& image);

/// Writes `text` to `path` ("" or "-" = stdout), atomically for files.
/// Errors: Io naming the path.
Status write_output(const std::string& path, const std::string& text);

/// Prints an error the way every command does: "berth: <where>: <message> [code]".
void print_error(const Error& error);

/// A registered command: the parsed subcommand and the function to run when it was chosen.
struct Command {
    CLI::App* app = nullptr;
    std::function<int()> run;
};

Command register_audit(CLI::App& root, const GlobalOptions& global);
Command register_inspect(CLI::App& root, const GlobalOptions& global);
Command register_plugins(CLI::App& root, const GlobalOptions& global);
Command register_sbom(CLI::App& root, const GlobalOptions& global);
Command register_version(CLI::App& root, const GlobalOptions& global);

}  // namespace berth::cli

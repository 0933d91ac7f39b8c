// SPDX-License-Identifier: Apache-2.0
// One file per verb; each registers its subcommand and returns the process exit code.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "analyze/inventory.hpp"
#include "image/layer_walker.hpp"
#include "image/source.hpp"
#include "sbom/encode/encode.hpp"

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
    std::uint64_t max_file_size = 512ULL << 20U;   ///< --max-file-size: random-access spool cap
    // Registry access (issue 5): see docs/registry.md.
    std::string username;                          ///< --username
    bool password_stdin = false;                   ///< --password-stdin
    std::vector<std::string> insecure_registries;  ///< --insecure-registry (repeatable)
    std::vector<std::string> registry_mirrors;     ///< --registry-mirror (repeatable)
};

/// RFC 3339 UTC of SOURCE_DATE_EPOCH when set (and `epoch` set to it, for reproducible output),
/// else of now.
std::string report_timestamp(std::optional<long long>& epoch);

/// A version-4-shaped UUID: derived from `seed` when output must be reproducible, else random.
std::string make_uuid(const std::optional<std::string>& seed);

/// Layer-result cache options.
struct CacheOptions {
    std::string cache_dir;
    bool no_cache = false;
};

/// Adds --cache-dir and --no-cache.
void add_cache_options(CLI::App& cmd, CacheOptions& options);

/// An image opened and inventoried (layers walked or taken from the cache).
struct InventoryRun {
    std::optional<image::Image> image;
    analyze::InventoryResult result;
    sbom::ImageMeta meta;
};

/// Opens IMAGE and builds its inventory with a progress line on a terminal; prints warnings
/// (unless quiet) and errors. Returns kExitOk with `run` filled, else the exit code.
int run_inventory(const std::string& spec, const WalkOptions& walk, const CacheOptions& cache,
                  const GlobalOptions& global, InventoryRun& run);

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

Command register_db(CLI::App& root, const GlobalOptions& global);
Command register_audit(CLI::App& root, const GlobalOptions& global);
Command register_inspect(CLI::App& root, const GlobalOptions& global);
Command register_plugins(CLI::App& root, const GlobalOptions& global);
Command register_sbom(CLI::App& root, const GlobalOptions& global);
Command register_scan(CLI::App& root, const GlobalOptions& global);
Command register_version(CLI::App& root, const GlobalOptions& global);

}  // namespace berth::cli

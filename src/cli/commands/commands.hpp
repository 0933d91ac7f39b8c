// SPDX-License-Identifier: Apache-2.0
// One file per verb; each registers its subcommand and returns the process exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/progress.hpp"
#include "core/result.hpp"
#include "image/layer_walker.hpp"
#include "image/source.hpp"
#include "report/report.hpp"

namespace berth::scan {
struct ScanRequest;
}
namespace berth::image::registry {
struct RegistryOptions;
}

namespace berth::cli {

/// Exit codes, as DESIGN.md fixes them.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitRuntime = 3;

/// Options every command shares.
struct GlobalOptions {
    bool quiet = false;
    std::size_t max_json_depth = 1000;        ///< --max-json-depth (json_read::Limits)
    std::size_t max_json_values = 4'000'000;  ///< --max-json-values (json_read::Limits)
};

/// Options of every command that walks image layers.
struct WalkOptions {
    std::string platform;
    unsigned jobs = 0;
    image::Limits limits;
    std::uint64_t max_file_size = 512ULL << 20U;  ///< --max-file-size: random-access spool cap
    // Registry access (issue 5): see docs/registry.md.
    std::string username;                          ///< --username
    bool password_stdin = false;                   ///< --password-stdin
    std::vector<std::string> insecure_registries;  ///< --insecure-registry (repeatable)
    std::vector<std::string> registry_mirrors;     ///< --registry-mirror (repeatable)
};

/// Layer-result cache options.
struct CacheOptions {
    std::string cache_dir;
    bool no_cache = false;
};

/// Adds --cache-dir and --no-cache.
void add_cache_options(CLI::App& cmd, CacheOptions& options);

/// Adds the "Registry" group: --username, --password-stdin, --insecure-registry and, when
/// `mirrors`, --registry-mirror (commands that sign or verify talk to the registry itself).
void add_registry_options(CLI::App& cmd, WalkOptions& options, bool mirrors = true);

/// Adds --platform, --jobs and the safety-limit options to a subcommand.
void add_walk_options(CLI::App& cmd, WalkOptions& options);

/// Fills `source` from --platform, --username/--password-stdin (reads stdin), --insecure-registry
/// and --registry-mirror; on a usage error prints it and returns kExitUsage, else kExitOk.
int source_options(const WalkOptions& walk, image::SourceOptions& source);

/// Fills `registry` from --username/--password-stdin (reads stdin) and --insecure-registry, for
/// commands that talk to a registry directly (sign, verify); on a usage error prints it and
/// returns kExitUsage, else kExitOk.
int registry_access(const WalkOptions& walk, image::registry::RegistryOptions& registry);

/// Opens IMAGE with the --platform of `walk`; on failure prints the error and returns the exit
/// code (2 for usage errors, 3 otherwise), else kExitOk with `image` set.
int open_for_command(const std::string& spec, const WalkOptions& walk,
                     std::optional<image::Image>& image);

/// The bytes of an input the user named: standard input for "-", else a regular file
/// (core/file.hpp: a FIFO, socket, device or directory is refused, never waited on), at most
/// 64 MiB. `what` ("the Dockerfile") starts the message of any error; `where` is the path.
Result<std::string> read_input(const std::string& path, std::string_view what);

/// Writes `text` to `path` ("" or "-" = stdout), atomically for files.
/// Errors: Io naming the path.
Status write_output(const std::string& path, const std::string& text);

/// The IMAGE forms every image command accepts, for --help footers (ends with a newline).
extern const char* const kImageForms;

/// Fills the image, source, limits, jobs and cache fields of a scan request from the options;
/// on a usage error prints it and returns kExitUsage, else kExitOk.
int fill_request(const std::string& image, const WalkOptions& walk, const CacheOptions& cache,
                 scan::ScanRequest& req);

/// The stderr renderer of scan progress: a one-line bar when stderr is a terminal and not -q,
/// else nothing; with BERTH_TIMINGS set, also a "timing: …" line at the end (bench/scan.sh).
std::unique_ptr<Progress> make_progress(const GlobalOptions& global);

/// Prints the report's warnings ("berth: warning: WHERE: MESSAGE"): inventory's, then the
/// scan's. With -q only coverage warnings (packages or an OS not checked) are printed.
void print_warnings(const report::Report& report, const GlobalOptions& global);

/// Adds -f/--format for a report of `kind`: the choices come from the writer table ("text" is
/// taken as "table"), and an unknown value is a usage error listing them.
void add_format_option(CLI::App& cmd, std::string& format, report::Kind kind);

/// Renders `report` with the writer named `format` and writes it to `output` ("" = stdout);
/// colour when writing a table to a terminal without NO_COLOR. Returns kExitOk, or prints the
/// error and returns kExitRuntime.
int write_report(const report::Report& report, const std::string& format,
                 const std::string& output);

/// Rule severities given with --severity ("high", "CRITICAL"), for commands reporting rule
/// results. Errors: InvalidArgument naming the unknown value.
Result<std::vector<check::Severity>> parse_rule_severities(const std::vector<std::string>& names);

/// Prints an error the way every command does: "berth: <where>: <message> [code]".
void print_error(const Error& error);

/// A registered command: the parsed subcommand and the function to run when it was chosen.
struct Command {
    CLI::App* app = nullptr;
    std::function<int()> run;
};

Command register_db(CLI::App& root, const GlobalOptions& global);

/// The first `berth scan` without a database: `berth db update` into `db` (feeds, or the mirror
/// of $BERTH_DB_MIRROR), with its progress and notes. Returns the exit code of the update.
int update_missing_database(const std::filesystem::path& db, const GlobalOptions& global);
Command register_audit(CLI::App& root, const GlobalOptions& global);
Command register_authz(CLI::App& root, const GlobalOptions& global);
Command register_completion(CLI::App& root, const GlobalOptions& global);
Command register_config(CLI::App& root, const GlobalOptions& global);
Command register_inspect(CLI::App& root, const GlobalOptions& global);
Command register_key(CLI::App& root, const GlobalOptions& global);
Command register_lint(CLI::App& root, const GlobalOptions& global);
Command register_manpages(CLI::App& root, const GlobalOptions& global);
Command register_plugins(CLI::App& root, const GlobalOptions& global);
Command register_sbom(CLI::App& root, const GlobalOptions& global);
Command register_scan(CLI::App& root, const GlobalOptions& global);
Command register_sign(CLI::App& root, const GlobalOptions& global);
Command register_serve(CLI::App& root, const GlobalOptions& global);
Command register_sign_blob(CLI::App& root, const GlobalOptions& global);
Command register_verify(CLI::App& root, const GlobalOptions& global);
Command register_verify_blob(CLI::App& root, const GlobalOptions& global);
Command register_version(CLI::App& root, const GlobalOptions& global);

}  // namespace berth::cli

// SPDX-License-Identifier: Apache-2.0
#include "cli/app.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <ctime>
#include <iostream>
#include <random>
#include <iterator>

#include "cli/commands/commands.hpp"
#include "core/time.hpp"
#include "core/version.hpp"
#include "analyze/analyzer.hpp"
#include "analyze/layer_cache.hpp"
#include "image/source.hpp"

namespace berth::cli {

namespace {

// Registry access options (issue 5), shared by every command that opens an image.
void add_registry_options(CLI::App& cmd, WalkOptions& options) {
    auto* g = cmd.add_option_group("Registry");
    g->add_option("--username", options.username, "Registry user name (with --password-stdin)");
    g->add_flag("--password-stdin", options.password_stdin,
                "Read the registry password or token from standard input");
    g->add_option("--insecure-registry", options.insecure_registries,
                  "host[:port] reachable over plain HTTP or unverified HTTPS (repeatable)");
    g->add_option("--registry-mirror", options.registry_mirrors,
                  "Mirror URL tried before Docker Hub for docker.io images (repeatable; default "
                  "$BERTH_REGISTRY_MIRRORS, comma-separated)");
}

}  // namespace

void add_walk_options(CLI::App& cmd, WalkOptions& options) {
    add_registry_options(cmd, options);
    cmd.add_option("--platform", options.platform,
                   "Platform to pick from a multi-platform image, os/arch[/variant] (default: this host's)");
    cmd.add_option("-j,--jobs", options.jobs, "Layers to walk at once (0 = one per core)")
        ->capture_default_str();
    auto* g = cmd.add_option_group("Safety limits");
    g->add_option("--max-entries", options.limits.max_entries, "Most tar entries in one layer")
        ->capture_default_str();
    g->add_option("--max-layer-bytes", options.limits.max_layer_bytes,
                  "Most uncompressed bytes in one layer")
        ->capture_default_str();
    g->add_option("--max-ratio", options.limits.max_ratio,
                  "Highest uncompressed:compressed ratio of a layer (decompression-bomb guard)")
        ->capture_default_str();
    g->add_option("--max-path-length", options.limits.max_path_length, "Longest entry name in bytes")
        ->capture_default_str();
    g->add_option("--max-file-size", options.max_file_size,
                  "Largest file an analyzer may read with random access (bigger: a warning, skipped)")
        ->capture_default_str();
}

int open_for_command(const std::string& spec, const WalkOptions& walk, std::optional<image::Image>& image) {
    image::SourceOptions source;
    if (!walk.platform.empty()) {
        auto p = image::parse_platform(walk.platform);
        if (!p) {
            print_error(p.error());
            return kExitUsage;
        }
        source.platform = *p;
    }
    source.username = walk.username;
    source.insecure_registries = walk.insecure_registries;
    source.registry_mirrors = walk.registry_mirrors;
    if (walk.password_stdin) {
        std::string password((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
        while (!password.empty() && (password.back() == '\n' || password.back() == '\r')) password.pop_back();
        if (walk.username.empty()) {
            print_error(Error{ErrorCode::InvalidArgument, "--password-stdin needs --username", ""});
            return kExitUsage;
        }
        source.password = std::move(password);
    }
    auto img = image::open_image(spec, source);
    if (!img) {
        print_error(img.error());
        return img.error().code == ErrorCode::InvalidArgument ? kExitUsage : kExitRuntime;
    }
    image = std::move(*img);
    return kExitOk;
}

std::string report_timestamp(std::optional<long long>& epoch) {
    epoch = source_date_epoch();
    return format_rfc3339(output_time());
}

// A version-4-shaped UUID: from `seed` when output must be reproducible, else random.
std::string make_uuid(const std::optional<std::string>& seed) {
    std::string hex;
    if (seed) {
        hex = sha256_of(*seed).hex.substr(0, 32);
    } else {
        std::random_device rd;
        static constexpr char kHex[] = "0123456789abcdef";
        for (int i = 0; i < 32; ++i) hex.push_back(kHex[rd() % 16U]);
    }
    hex[12] = '4';
    hex[16] = "89ab"[static_cast<unsigned char>(hex[16]) % 4U];
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) +
           "-" + hex.substr(20);
}

void add_cache_options(CLI::App& cmd, CacheOptions& options) {
    cmd.add_option("--cache-dir", options.cache_dir, "Layer-result cache directory (default $XDG_CACHE_HOME/berth)");
    cmd.add_flag("--no-cache", options.no_cache, "Neither read nor write the layer-result cache");
}

int run_inventory(const std::string& spec, const WalkOptions& walk, const CacheOptions& cache,
                  const GlobalOptions& global, InventoryRun& run) {
    if (int code = open_for_command(spec, walk, run.image); code != kExitOk) return code;
    const image::Image& img = *run.image;
    analyze::InventoryOptions inv_opt;
    inv_opt.limits = walk.limits;
    inv_opt.jobs = walk.jobs;
    inv_opt.spool.max_size = walk.max_file_size;
    if (!cache.no_cache) {
        inv_opt.cache_dir =
            cache.cache_dir.empty() ? analyze::default_cache_dir() : std::filesystem::path(cache.cache_dir);
    }
    if (!global.quiet && ::isatty(STDERR_FILENO) != 0) {
        inv_opt.progress = [](std::size_t done, std::size_t total) {
            std::fprintf(stderr, "\ranalyzing layers %zu/%zu", done, total);
            if (done == total) std::fprintf(stderr, "\r\033[K");
            std::fflush(stderr);
        };
    }
    auto analyzers = analyze::all_analyzers();
    auto result = analyze::build_inventory(img, analyzers, inv_opt);
    if (!result) {
        print_error(result.error());
        return kExitRuntime;
    }
    if (!global.quiet) {
        for (const auto& d : result->inventory.diagnostics) {
            std::cerr << "berth: warning: " << d.where << ": " << d.message << "\n";
        }
    }
    run.result = std::move(*result);
    sbom::ImageMeta& meta = run.meta;
    meta.name = img.reference.empty() ? spec : img.reference;
    meta.manifest_digest = img.manifest_digest;
    meta.image_id = img.config_digest;
    meta.architecture = img.platform.architecture;
    meta.os = img.platform.os;
    for (std::size_t i = 0; i < img.layers.size(); ++i) {
        sbom::LayerMeta l{img.layers[i].digest, img.layers[i].diff_id};
        if (l.digest.empty() && i < run.result.layers.size()) l.digest = run.result.layers[i].digest;
        meta.layers.push_back(l);
    }
    return kExitOk;
}

Status write_output(const std::string& path, const std::string& text) {
    if (path.empty() || path == "-") {
        std::cout << text;
        std::cout.flush();
        if (!std::cout) return fail(ErrorCode::Io, "cannot write to standard output");
        return {};
    }
    // Write beside the target, then rename: a reader never sees half a report.
    const std::string tmp = path + ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        if (!out) {
            std::error_code ec;
            std::filesystem::remove(tmp, ec);
            return fail(ErrorCode::Io, "cannot write the report", path);
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        return fail(ErrorCode::Io, "cannot write the report: " + ec.message(), path);
    }
    return {};
}

void print_error(const Error& error) {
    std::cerr << "berth: error: " << error.to_string() << " [" << error_code_name(error.code) << "]\n";
}

int run(int argc, char** argv) {
    CLI::App app{
        "berth — container image security: inspect images, list what is inside, find known\n"
        "vulnerabilities and bad configuration.",
        "berth"};
    app.set_version_flag("-V,--version", std::string("berth ") + kVersion);
    app.require_subcommand(1);
    app.fallthrough();
    GlobalOptions global;
    app.add_flag("-q,--quiet", global.quiet, "Print only the report and errors (no progress, no warnings)");
    app.footer(
        "Exit codes: 0 ok, 1 findings at or above the gate, 2 usage error, 3 runtime error.\n"
        "Run `berth COMMAND --help` for a command's options and examples.");

    std::vector<Command> commands = {
        register_db(app, global),
        register_audit(app, global),
        register_inspect(app, global),
        register_plugins(app, global),
        register_sbom(app, global),
        register_scan(app, global),
        register_version(app, global),
    };
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        return code == 0 ? kExitOk : kExitUsage;
    }
    for (const auto& c : commands) {
        if (c.app->parsed()) return c.run();
    }
    return kExitUsage;
}

}  // namespace berth::cli

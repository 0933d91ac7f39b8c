// SPDX-License-Identifier: Apache-2.0
#include "cli/app.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <random>
#include <string_view>
#include <vector>

#include "analyze/analyzer.hpp"
#include "analyze/layer_cache.hpp"
#include "cli/commands/commands.hpp"
#include "core/file.hpp"
#include "core/json_read.hpp"
#include "core/text.hpp"
#include "core/time.hpp"
#include "core/version.hpp"
#include "image/registry/client.hpp"
#include "image/source.hpp"

namespace berth::cli {

// Registry access options (issue 5), shared by every command that opens an image.
void add_registry_options(CLI::App& cmd, WalkOptions& options, bool mirrors) {
    auto* g = cmd.add_option_group("Registry");
    g->add_option("--username", options.username, "Registry user name (with --password-stdin)");
    g->add_flag("--password-stdin", options.password_stdin,
                "Read the registry password or token from standard input");
    g->add_option("--insecure-registry", options.insecure_registries,
                  "host[:port] reachable over plain HTTP or unverified HTTPS (repeatable)");
    if (!mirrors) return;
    g->add_option("--registry-mirror", options.registry_mirrors,
                  "Mirror URL tried before Docker Hub for docker.io images (repeatable; default "
                  "$BERTH_REGISTRY_MIRRORS, comma-separated)");
}

namespace {

// A safety limit of 0 would refuse every layer (or every layer past the ratio floor).
CLI::Validator at_least_one() {
    return CLI::Validator(
        [](std::string& v) {
            return v.find_first_not_of('0') == std::string::npos
                       ? std::string("must be at least 1 (0 would refuse every layer)")
                       : std::string();
        },
        "N>=1");
}

}  // namespace

void add_walk_options(CLI::App& cmd, WalkOptions& options) {
    add_registry_options(cmd, options);
    cmd.add_option(
        "--platform", options.platform,
        "Platform to pick from a multi-platform image, os/arch[/variant] (default: this host's)");
    cmd.add_option("-j,--jobs", options.jobs, "Layers to walk at once (0 = one per core)")
        ->capture_default_str();
    auto* g = cmd.add_option_group("Safety limits");
    // 0 would refuse every layer (or, for the ratio, every layer past the floor): rejected.
    g->add_option("--max-entries", options.limits.max_entries, "Most tar entries in one layer")
        ->check(at_least_one())
        ->capture_default_str();
    g->add_option("--max-layer-bytes", options.limits.max_layer_bytes,
                  "Most uncompressed bytes in one layer (sparse-file holes included)")
        ->check(at_least_one())
        ->capture_default_str();
    g->add_option("--max-ratio", options.limits.max_ratio,
                  "Highest uncompressed:compressed ratio of a layer (decompression-bomb guard)")
        ->check(at_least_one())
        ->capture_default_str();
    g->add_option("--max-path-length", options.limits.max_path_length,
                  "Longest entry name in bytes")
        ->check(at_least_one())
        ->capture_default_str();
    g->add_option(
         "--max-file-size", options.max_file_size,
         "Largest file an analyzer may read with random access (bigger: a warning, skipped)")
        ->capture_default_str();
    g->add_option("--max-packages", options.limits.max_packages,
                  "Most packages one package database may list (more: it is not read, a warning)")
        ->capture_default_str();
}

int source_options(const WalkOptions& walk, image::SourceOptions& source) {
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
        std::string password((std::istreambuf_iterator<char>(std::cin)),
                             std::istreambuf_iterator<char>());
        while (!password.empty() && (password.back() == '\n' || password.back() == '\r'))
            password.pop_back();
        if (walk.username.empty()) {
            print_error(Error{ErrorCode::InvalidArgument, "--password-stdin needs --username", ""});
            return kExitUsage;
        }
        source.password = std::move(password);
    }
    return kExitOk;
}

int registry_access(const WalkOptions& walk, image::registry::RegistryOptions& registry) {
    image::SourceOptions source;
    if (int code = source_options(walk, source); code != kExitOk) return code;
    if (!source.username.empty() || !source.password.empty()) {
        registry.credentials = image::registry::Credentials{source.username, source.password};
    }
    registry.insecure_registries = source.insecure_registries;
    return kExitOk;
}

int open_for_command(const std::string& spec, const WalkOptions& walk,
                     std::optional<image::Image>& image) {
    image::SourceOptions source;
    if (int code = source_options(walk, source); code != kExitOk) return code;
    auto img = image::open_image(spec, source);
    if (!img) {
        print_error(img.error());
        return img.error().code == ErrorCode::InvalidArgument ? kExitUsage : kExitRuntime;
    }
    image = std::move(*img);
    return kExitOk;
}

void add_cache_options(CLI::App& cmd, CacheOptions& options) {
    cmd.add_option("--cache-dir", options.cache_dir,
                   "Layer-result cache directory (default $XDG_CACHE_HOME/berth)");
    cmd.add_flag("--no-cache", options.no_cache, "Neither read nor write the layer-result cache");
}

Result<std::string> read_input(const std::string& path, std::string_view what) {
    constexpr std::uint64_t kMaxInput = 64ULL << 20U;
    auto named = [&](Error e) {
        e.message = "cannot read " + std::string(what) + ": " + e.message;
        return e;
    };
    if (path == "-") {
        auto text = read_fd(STDIN_FILENO, kMaxInput, "stdin");
        if (!text) return fail(named(text.error()));
        return text;
    }
    auto text = read_regular_file(path, kMaxInput);
    if (!text) return fail(named(text.error()));
    return text;
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
        if (!out) {  // the directory is missing or not writable: say why
            return fail(ErrorCode::Io, "cannot write " + path + ": " + std::strerror(errno));
        }
        out << text;
        out.close();
        if (!out) {
            const int err = errno;
            std::error_code ec;
            std::filesystem::remove(tmp, ec);
            return fail(ErrorCode::Io, "cannot write " + path + ": " + std::strerror(err));
        }
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp, ec);
        return fail(ErrorCode::Io, "cannot write " + path + ": " + ec.message());
    }
    return {};
}

Result<std::vector<check::Severity>> parse_rule_severities(const std::vector<std::string>& names) {
    std::vector<check::Severity> out;
    for (const auto& name : names) {
        bool found = false;
        for (auto sev : {check::Severity::Info, check::Severity::Low, check::Severity::Medium,
                         check::Severity::High, check::Severity::Critical}) {
            if (text::iequals(check::severity_name(sev), name)) {
                out.push_back(sev);
                found = true;
            }
        }
        if (!found) {
            return fail(ErrorCode::InvalidArgument,
                        "unknown severity '" + name + "' (INFO, LOW, MEDIUM, HIGH, CRITICAL)",
                        "--severity");
        }
    }
    return out;
}

void print_error(const Error& error) {
    std::cerr << "berth: error: " << error.to_string() << " [" << error_code_name(error.code)
              << "]\n";
}

namespace {

// Every repeatable option (a vector) takes one value per occurrence: `--insecure-registry H IMAGE`
// must leave IMAGE to the positional. CLI11 lets a vector option keep eating arguments, and an
// option in an option group does not even see the command's required positionals (issue 10).
// Applied to every command after registration, so options added later are covered too.
void one_value_per_occurrence(CLI::App& app) {
    for (CLI::Option* opt : app.get_options()) {
        if (!opt->get_positional() && opt->get_items_expected_max() > 1)
            opt->allow_extra_args(false);
    }
    for (CLI::App* sub : app.get_subcommands(std::function<bool(CLI::App*)>{})) {
        one_value_per_occurrence(*sub);
    }
}

std::vector<CLI::App*> named_subcommands(CLI::App& app) {
    return app.get_subcommands([](CLI::App* s) { return !s->get_name().empty(); });
}

// True when `token` ("--db", "-o", "-ofile") names an option of `app` or an ancestor (fallthrough)
// that takes its value from the next argument.
bool value_follows(CLI::App& app, std::string_view token) {
    if (token.find('=') != std::string_view::npos) return false;
    const bool is_long = token.size() > 2 && token[1] == '-';
    if (!is_long && token.size() > 2) return false;  // "-ofile": value attached
    for (CLI::App* a = &app; a != nullptr; a = a->get_parent()) {
        if (const CLI::Option* o = a->get_option_no_throw(std::string(token)); o != nullptr) {
            return o->get_items_expected_max() != 0;  // flags expect 0 items
        }
    }
    return false;
}

// Where the command words of argv lead: the deepest command reached and, when a word is not a
// command of a command that takes subcommands, that word.
struct CommandWalk {
    CLI::App* deepest = nullptr;
    std::string path;
    std::string unknown;
};

CommandWalk walk_commands(CLI::App& root, int argc, char** argv) {
    CommandWalk w{&root, root.get_name(), ""};
    for (int i = 1; i < argc; ++i) {
        const std::string_view t = argv[i];
        if (t == "--") break;
        if (t.size() > 1 && t[0] == '-') {
            if (value_follows(*w.deepest, t)) ++i;
            continue;
        }
        const auto subs = named_subcommands(*w.deepest);
        if (subs.empty()) break;
        auto it = std::find_if(subs.begin(), subs.end(),
                               [&](CLI::App* s) { return s->check_name(std::string(t)); });
        if (it == subs.end()) {
            w.unknown = std::string(t);
            break;
        }
        w.deepest = *it;
        w.path += " " + (*it)->get_name();
    }
    return w;
}

// `berth: unknown command "scna"; did you mean "scan"?` (as git and docker say it). Exit 2.
int unknown_command(const CommandWalk& w) {
    std::string best;
    std::size_t best_distance = 3;  // suggest only near misses (at most 2 edits)
    for (CLI::App* s : named_subcommands(*w.deepest)) {
        const std::size_t d = text::edit_distance(w.unknown, s->get_name());
        if (d < best_distance && d < w.unknown.size()) {
            best_distance = d;
            best = s->get_name();
        }
    }
    std::cerr << w.path << ": unknown command \"" << w.unknown << "\"";
    if (!best.empty()) std::cerr << "; did you mean \"" << best << "\"?";
    std::cerr << "\nRun '" << w.path << " --help' for the list of commands.\n";
    return kExitUsage;
}

}  // namespace

int run(int argc, char** argv) {
    CLI::App app{
        "berth — container image security: inspect images, list what is inside, find known\n"
        "vulnerabilities and bad configuration.",
        "berth"};
    app.set_version_flag("-V,--version", std::string("berth ") + kVersion);
    app.require_subcommand(1);
    app.fallthrough();
    GlobalOptions global;
    app.add_flag("-q,--quiet", global.quiet,
                 "Print only the report and errors (no progress, no warnings)");
    // Every JSON document berth reads (image configs, SBOMs, advisories, VEX) is parsed within
    // these (core/json_read.hpp); global, as JSON is read by every command.
    auto* limits = app.add_option_group("Safety limits");
    limits
        ->add_option("--max-json-depth", global.max_json_depth,
                     "Deepest nesting of arrays and objects in a JSON document")
        ->capture_default_str();
    limits
        ->add_option("--max-json-values", global.max_json_values,
                     "Most values (scalars, arrays, objects, keys) in one JSON document")
        ->capture_default_str();
    app.footer(
        "Exit codes: 0 ok, 1 findings at or above the gate, 2 usage error, 3 runtime error.\n"
        "Run `berth COMMAND --help` for a command's options and examples.");

    std::vector<Command> commands = {
        register_db(app, global),          register_audit(app, global),
        register_authz(app, global),       register_completion(app, global),
        register_config(app, global),      register_inspect(app, global),
        register_key(app, global),         register_lint(app, global),
        register_manpages(app, global),    register_plugins(app, global),
        register_sbom(app, global),        register_scan(app, global),
        register_serve(app, global),       register_sign(app, global),
        register_sign_blob(app, global),   register_verify(app, global),
        register_verify_blob(app, global), register_version(app, global),
    };
    one_value_per_occurrence(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() != 0) {
            const CommandWalk w = walk_commands(app, argc, argv);
            if (!w.unknown.empty()) return unknown_command(w);
            // A command group without its command (`berth`, `berth db`): its usage on stdout, as
            // git and docker print it, and a usage-error exit as git does (git exits 1, docker
            // 0; berth's usage code is 2, 1 means findings): a script missing its command fails.
            if (std::string_view(e.what()).find("ubcommand") != std::string_view::npos) {
                const bool nested = w.deepest != &app;
                std::cout << w.deepest->help(nested ? w.path.substr(0, w.path.rfind(' ')) : "");
                return kExitUsage;
            }
        }
        int code = app.exit(e);
        return code == 0 ? kExitOk : kExitUsage;
    }
    json_read::set_default_limits({global.max_json_depth, global.max_json_values});
    for (const auto& c : commands) {
        if (c.app->parsed()) return c.run();
    }
    return kExitUsage;
}

}  // namespace berth::cli

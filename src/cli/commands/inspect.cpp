// SPDX-License-Identifier: Apache-2.0
// `berth inspect IMAGE`: what an image is made of — manifest, config, history, and per layer
// the digests, sizes, entry and whiteout counts measured by walking every layer once.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/commands/commands.hpp"
#include "core/json.hpp"
#include "image/blob_store.hpp"
#include "image/merged_view.hpp"
#include "image/source.hpp"

namespace berth::cli {
namespace {

using nlohmann::json;

struct InspectOptions {
    std::string image;
    std::string format = "table";
    std::string output;
    std::vector<std::string> paths;  // --path: looked up in the merged filesystem
    WalkOptions walk;
};

// What --path P found in the merged filesystem.
struct PathAnswer {
    std::string path;
    std::optional<image::MergedView::Node> node;
    std::string resolved;  // after following symlinks inside the image; "" when unresolvable
};

std::vector<PathAnswer> answer_paths(const std::vector<std::string>& paths,
                                     std::vector<image::PathRecorder>& recorders) {
    std::vector<image::LayerPaths> layers;
    for (auto& r : recorders) layers.push_back(r.take());
    auto view = image::MergedView::build(layers);
    std::vector<PathAnswer> out;
    for (const auto& p : paths) {
        auto norm = image::normalize_member_path(p);
        PathAnswer a{p, std::nullopt, ""};
        if (norm) {
            a.node = view.lookup(*norm);
            if (auto r = view.resolve(*norm)) {
                a.resolved = *r;
                // Reached through a symlinked parent (/bin/sh with /bin -> usr/bin).
                if (!a.node) a.node = view.lookup(*r);
            }
        }
        out.push_back(std::move(a));
    }
    return out;
}

json strings(const std::vector<std::string>& v) { return json(v); }

json digest_or_null(const std::optional<Digest>& d) {
    return d && !d->empty() ? json(d->str()) : json(nullptr);
}

json to_json(const image::Image& img, const std::vector<image::LayerSummary>& layers,
             const std::vector<PathAnswer>& paths) {
    json out;
    if (!paths.empty()) {
        json ps = json::array();
        for (const auto& a : paths) {
            ps.push_back({{"path", a.path},
                          {"exists", a.node.has_value()},
                          {"layer", a.node ? json(a.node->layer) : json(nullptr)},
                          {"type", a.node ? json(std::string(image::entry_type_name(a.node->type)))
                                          : json(nullptr)},
                          {"resolved", a.resolved.empty() ? json(nullptr) : json(a.resolved)}});
        }
        out["paths"] = ps;
    }
    out["source"] = {{"kind", img.source}, {"location", img.location}, {"reference", img.reference}};
    out["repo_tags"] = strings(img.repo_tags);
    out["manifest"] = {{"digest", digest_or_null(img.manifest_digest)},
                       {"media_type", img.manifest_media_type}};
    out["image_id"] = digest_or_null(img.config_digest);
    out["config_media_type"] = img.config_media_type;
    out["platform"] = {{"os", img.platform.os},
                       {"architecture", img.platform.architecture},
                       {"variant", img.platform.variant}};
    out["created"] = img.created;
    out["author"] = img.author;
    const auto& c = img.config;
    json cfg = {{"user", c.user},
                {"env", strings(c.env)},
                {"entrypoint", strings(c.entrypoint)},
                {"cmd", strings(c.cmd)},
                {"working_dir", c.working_dir},
                {"exposed_ports", strings(c.exposed_ports)},
                {"volumes", strings(c.volumes)},
                {"labels", c.labels},
                {"stop_signal", c.stop_signal},
                {"healthcheck", nullptr}};
    if (c.healthcheck) {
        cfg["healthcheck"] = {{"test", strings(c.healthcheck->test)},
                              {"interval_ns", c.healthcheck->interval_ns},
                              {"timeout_ns", c.healthcheck->timeout_ns},
                              {"start_period_ns", c.healthcheck->start_period_ns},
                              {"retries", c.healthcheck->retries}};
    }
    out["config"] = cfg;
    json history = json::array();
    for (const auto& h : img.history) {
        history.push_back({{"created", h.created},
                           {"created_by", h.created_by},
                           {"comment", h.comment},
                           {"empty_layer", h.empty_layer}});
    }
    out["history"] = history;
    json ls = json::array();
    json diags = json::array();
    std::uint64_t total_c = 0;
    std::uint64_t total_u = 0;
    std::uint64_t total_e = 0;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const auto& s = layers[i];
        const auto& ref = img.layers[i];
        ls.push_back({{"index", i},
                      {"digest", s.digest.empty() ? json(nullptr) : json(s.digest.str())},
                      {"diff_id", s.diff_id.empty() ? json(nullptr) : json(s.diff_id.str())},
                      {"media_type", ref.media_type},
                      {"compression", ref.directory.empty()
                                          ? json(std::string(image::compression_name(s.compression)))
                                          : json(nullptr)},
                      {"compressed_size", s.compressed_bytes},
                      {"uncompressed_size", s.uncompressed_bytes},
                      {"entries", s.entries},
                      {"whiteouts", s.whiteouts},
                      {"opaque_dirs", s.opaque_dirs},
                      {"created_by", ref.created_by}});
        total_c += s.compressed_bytes;
        total_u += s.uncompressed_bytes;
        total_e += s.entries;
        for (const auto& d : s.diagnostics) {
            diags.push_back({{"severity", d.severity == Diagnostic::Severity::Warning ? "warning" : "info"},
                             {"message", d.message},
                             {"where", d.where}});
        }
    }
    out["layers"] = ls;
    out["totals"] = {{"layers", layers.size()},
                     {"compressed_size", total_c},
                     {"uncompressed_size", total_u},
                     {"entries", total_e}};
    out["diagnostics"] = diags;
    return out;
}

std::string human_size(std::uint64_t bytes) {
    const char* units[] = {"B", "kB", "MB", "GB", "TB"};
    double v = static_cast<double>(bytes);
    int u = 0;
    while (v >= 1000.0 && u < 4) {
        v /= 1000.0;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
    return buf;
}

std::string json_list(const std::vector<std::string>& v) { return v.empty() ? "" : json(v).dump(); }

std::string to_table(const image::Image& img, const std::vector<image::LayerSummary>& layers,
                     const std::vector<PathAnswer>& paths) {
    std::ostringstream out;
    auto row = [&out](std::string_view key, const std::string& value) {
        if (value.empty()) return;
        out << key << std::string(13 - std::min<std::size_t>(12, key.size()), ' ') << value << "\n";
    };
    auto rows = [&row](std::string_view key, const std::vector<std::string>& values) {
        for (std::size_t i = 0; i < values.size(); ++i) row(i == 0 ? key : "", values[i]);
    };
    row("Image", img.source + ":" + img.location + (img.reference.empty() ? "" : " (" + img.reference + ")"));
    if (img.manifest_digest) row("Manifest", img.manifest_digest->str() + "  " + img.manifest_media_type);
    if (img.config_digest) row("Image ID", img.config_digest->str() + "  " + img.config_media_type);
    if (!img.platform.os.empty()) row("Platform", img.platform.str());
    row("Created", img.created);
    row("Author", img.author);
    const auto& c = img.config;
    row("User", c.user.empty() && img.config_digest ? "(unset: root)" : c.user);
    row("Entrypoint", json_list(c.entrypoint));
    row("Cmd", json_list(c.cmd));
    row("WorkingDir", c.working_dir);
    rows("Env", c.env);
    rows("Ports", c.exposed_ports);
    rows("Volumes", c.volumes);
    std::vector<std::string> labels;
    for (const auto& [k, v] : c.labels) labels.push_back(k + "=" + v);
    rows("Labels", labels);
    if (c.healthcheck) row("Healthcheck", json_list(c.healthcheck->test));
    row("StopSignal", c.stop_signal);
    if (!img.history.empty()) {
        out << "\nHistory\n";
        for (const auto& h : img.history) {
            out << "  " << (h.created.empty() ? "-" : h.created) << "  "
                << (h.empty_layer ? "(no layer) " : "") << h.created_by << "\n";
        }
    }
    out << "\nLAYER  DIGEST               DIFF ID              COMP  STORED     UNPACKED   ENTRIES  "
           "WHITEOUTS\n";
    char line[256];
    std::uint64_t tc = 0;
    std::uint64_t tu = 0;
    std::uint64_t te = 0;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const auto& s = layers[i];
        std::string whiteouts = std::to_string(s.whiteouts + s.opaque_dirs);
        if (s.opaque_dirs > 0) whiteouts += " (opaque dirs: " + std::to_string(s.opaque_dirs) + ")";
        const std::string comp = img.layers[i].directory.empty()
                                     ? std::string(image::compression_name(s.compression))
                                     : "dir";
        std::snprintf(line, sizeof line, "%-6zu %-20s %-20s %-5s %-10s %-10s %-8llu %s\n", i,
                      s.digest.empty() ? "-" : short_digest(s.digest).c_str(),
                      s.diff_id.empty() ? "-" : short_digest(s.diff_id).c_str(), comp.c_str(),
                      human_size(s.compressed_bytes).c_str(), human_size(s.uncompressed_bytes).c_str(),
                      static_cast<unsigned long long>(s.entries), whiteouts.c_str());
        out << line;
        tc += s.compressed_bytes;
        tu += s.uncompressed_bytes;
        te += s.entries;
    }
    std::snprintf(line, sizeof line, "%-6s %-20s %-20s %-5s %-10s %-10s %llu\n", "total", "", "", "",
                  human_size(tc).c_str(), human_size(tu).c_str(), static_cast<unsigned long long>(te));
    out << line;
    if (!paths.empty()) out << "\nPATH\n";
    for (const auto& a : paths) {
        out << "  " << a.path << ": ";
        if (!a.node) {
            out << "absent\n";
            continue;
        }
        out << image::entry_type_name(a.node->type) << " from layer " << a.node->layer;
        if (!a.resolved.empty() && "/" + a.resolved != a.path && a.resolved != a.path) {
            out << ", resolves to /" << a.resolved;
        }
        out << "\n";
    }
    return out.str();
}

int run_inspect(const InspectOptions& opt, const GlobalOptions& global) {
    std::optional<image::Image> img;
    if (int code = open_for_command(opt.image, opt.walk, img); code != kExitOk) return code;
    // Paths are recorded only when asked for: a plain walk keeps no per-entry state.
    std::vector<image::NullVisitor> nulls(opt.paths.empty() ? img->layers.size() : 0);
    std::vector<image::PathRecorder> recorders(opt.paths.empty() ? 0 : img->layers.size());
    std::vector<image::LayerVisitor*> ptrs;
    for (auto& v : nulls) ptrs.push_back(&v);
    for (auto& v : recorders) ptrs.push_back(&v);
    const bool show_progress = !global.quiet && ::isatty(STDERR_FILENO) != 0;
    image::WalkProgress progress;
    if (show_progress) {
        progress = [](std::size_t done, std::size_t total) {
            std::fprintf(stderr, "\rwalking layers %zu/%zu", done, total);
            if (done == total) std::fprintf(stderr, "\r\033[K");
            std::fflush(stderr);
        };
    }
    auto results = image::walk_layers(*img, ptrs, opt.walk.limits, opt.walk.jobs, progress);
    std::vector<image::LayerSummary> layers;
    for (auto& r : results) {
        if (!r) {
            print_error(r.error());
            return kExitRuntime;
        }
        layers.push_back(std::move(*r));
    }
    if (!global.quiet) {
        for (const auto& s : layers) {
            for (const auto& d : s.diagnostics) {
                std::cerr << "berth: warning: " << d.where << ": " << d.message << "\n";
            }
        }
    }
    std::vector<PathAnswer> paths;
    if (!opt.paths.empty()) paths = answer_paths(opt.paths, recorders);
    std::string text = opt.format == "json" ? to_canonical_json(to_json(*img, layers, paths))
                                            : to_table(*img, layers, paths);
    if (auto st = write_output(opt.output, text); !st) {
        print_error(st.error());
        return kExitRuntime;
    }
    return kExitOk;
}

}  // namespace

Command register_inspect(CLI::App& root, const GlobalOptions& global) {
    auto opt = std::make_shared<InspectOptions>();
    auto* cmd = root.add_subcommand(
        "inspect",
        "Show an image's manifest, config, history and layers (digests, sizes, entry and "
        "whiteout counts), walking every layer once and verifying its digests");
    cmd->footer(
        std::string(kImageForms) +
        "\nExamples:\n"
        "  berth inspect oci:./images:latest\n"
        "  berth inspect --format json docker-archive:app.tar:myorg/app:1.2 -o app.json\n"
        "  berth inspect --platform linux/arm64 oci:./multiarch\n"
        "  berth inspect --path /etc/os-release --path /usr/bin/curl app.tar");
    cmd->add_option("IMAGE", opt->image, "Image to inspect (see IMAGE forms below)")->required();
    cmd->add_option("-f,--format", opt->format, "Output format")
        ->check(CLI::IsMember({"table", "json"}))
        ->capture_default_str();
    cmd->add_option("-o,--output", opt->output, "Write the report to FILE instead of stdout");
    cmd->add_option("--path", opt->paths,
                    "Also tell whether PATH exists in the final filesystem (after whiteouts), "
                    "which layer last wrote it, and where its symlinks lead (repeatable)");
    add_walk_options(*cmd, opt->walk);
    return {cmd, [opt, &global] { return run_inspect(*opt, global); }};
}

}  // namespace berth::cli

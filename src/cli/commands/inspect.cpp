// SPDX-License-Identifier: Apache-2.0
// `berth inspect IMAGE`: what an image is made of — manifest, config, history, and per layer
// the digests, sizes, entry and whiteout counts measured by walking every layer once. Walks the
// image into a report of kind Inspect; the writer table renders it (src/report/inspect.cpp).
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "cli/commands/commands.hpp"
#include "core/time.hpp"
#include "image/blob_store.hpp"
#include "image/merged_view.hpp"
#include "image/source.hpp"
#include "report/report.hpp"

namespace berth::cli {
namespace {

struct InspectOptions {
    std::string image;
    std::string format = "table";
    std::string output;
    std::vector<std::string> paths;  // --path: looked up in the merged filesystem
    WalkOptions walk;
};

// What each --path found in the merged filesystem of the recorded layers.
std::vector<report::PathAnswer> answer_paths(const std::vector<std::string>& paths,
                                             std::vector<image::PathRecorder>& recorders) {
    std::vector<image::LayerPaths> layers;
    layers.reserve(recorders.size());
    for (auto& r : recorders) layers.push_back(r.take());
    auto view = image::MergedView::build(layers);
    std::vector<report::PathAnswer> out;
    for (const auto& p : paths) {
        report::PathAnswer a;
        a.path = p;
        std::optional<image::MergedView::Node> node;
        if (auto norm = image::normalize_member_path(p)) {
            node = view.lookup(*norm);
            if (auto r = view.resolve(*norm)) {
                a.resolved = *r;
                // Reached through a symlinked parent (/bin/sh with /bin -> usr/bin).
                if (!node) node = view.lookup(*r);
            } else {
                a.resolve_error = r.error().message + ": /" + r.error().where;
            }
        }
        if (node) {
            a.exists = true;
            a.layer = node->layer;
            a.type = std::string(image::entry_type_name(node->type));
        }
        out.push_back(std::move(a));
    }
    return out;
}

// The report of kind Inspect: the image as read, and per layer what the walk measured (its
// diagnostics become the report's).
report::Report to_report(const InspectOptions& opt, image::Image& img,
                         std::vector<image::LayerSummary>& layers) {
    report::Report rep;
    rep.kind = report::Kind::Inspect;
    rep.created = format_rfc3339(output_time());
    rep.target.reference = opt.image;
    rep.target.name = img.reference.empty() ? img.location : img.reference;
    rep.target.source = img.source;
    if (img.manifest_digest) rep.target.manifest_digest = *img.manifest_digest;
    if (img.config_digest) rep.target.config_digest = *img.config_digest;
    if (!img.platform.os.empty()) rep.target.os_arch = img.platform.str();
    report::ImageDetails& d = rep.image;
    d.location = img.location;
    d.reference = img.reference;
    d.repo_tags = img.repo_tags;
    d.manifest_media_type = img.manifest_media_type;
    d.config_media_type = img.config_media_type;
    d.platform = img.platform;
    d.created = img.created;
    d.author = img.author;
    d.config = std::move(img.config);
    d.history = std::move(img.history);
    for (std::size_t i = 0; i < layers.size(); ++i) {
        auto& s = layers[i];
        const auto& ref = img.layers[i];
        rep.target.diff_ids.push_back(s.diff_id);
        rep.target.layers.push_back({s.digest, s.diff_id, ref.created_by});
        d.layers.push_back({s.digest, s.diff_id, ref.media_type,
                            ref.directory.empty()
                                ? std::string(image::compression_name(s.compression))
                                : std::string(),
                            s.compressed_bytes, s.uncompressed_bytes, s.entries, s.whiteouts,
                            s.opaque_dirs, ref.created_by});
        for (auto& diag : s.diagnostics) rep.diagnostics.push_back(std::move(diag));
    }
    return rep;
}

int run_inspect(const InspectOptions& opt, const GlobalOptions& global) {
    std::optional<image::Image> img;
    if (int code = open_for_command(opt.image, opt.walk, img); code != kExitOk) return code;
    // Paths are recorded only when asked for: a plain walk keeps no per-entry state.
    std::vector<image::NullVisitor> nulls(opt.paths.empty() ? img->layers.size() : 0);
    std::vector<image::PathRecorder> recorders(opt.paths.empty() ? 0 : img->layers.size());
    std::vector<image::LayerVisitor*> ptrs;
    ptrs.reserve(nulls.size() + recorders.size());
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
    report::Report rep = to_report(opt, *img, layers);
    if (!opt.paths.empty()) rep.image.paths = answer_paths(opt.paths, recorders);
    return write_report(rep, opt.format, opt.output);
}

}  // namespace

Command register_inspect(CLI::App& root, const GlobalOptions& global) {
    auto opt = std::make_shared<InspectOptions>();
    auto* cmd = root.add_subcommand(
        "inspect",
        "Show an image's manifest, config, history and layers (digests, sizes, entry and "
        "whiteout counts), walking every layer once and verifying its digests");
    cmd->footer(std::string(kImageForms) +
                "\nExamples:\n"
                "  berth inspect oci:./images:latest\n"
                "  berth inspect --format json docker-archive:app.tar:myorg/app:1.2 -o app.json\n"
                "  berth inspect --platform linux/arm64 oci:./multiarch\n"
                "  berth inspect --path /etc/os-release --path /usr/bin/curl app.tar");
    cmd->add_option("IMAGE", opt->image, "Image to inspect (see IMAGE forms below)")->required();
    add_format_option(*cmd, opt->format, report::Kind::Inspect);
    cmd->add_option("-o,--output", opt->output, "Write the report to FILE instead of stdout");
    cmd->add_option("--path", opt->paths,
                    "Also tell whether PATH exists in the final filesystem (after whiteouts), "
                    "which layer last wrote it, and where its symlinks lead (repeatable)");
    add_walk_options(*cmd, opt->walk);
    return {cmd, [opt, &global] { return run_inspect(*opt, global); }};
}

}  // namespace berth::cli

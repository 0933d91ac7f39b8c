// SPDX-License-Identifier: Apache-2.0
// `berth sbom IMAGE`: the bill of materials — installed OS packages with the layer that put each
// one there — as CycloneDX 1.6, SPDX 2.3, berth JSON or a table.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <random>
#include <sstream>

#include <nlohmann/json.hpp>

#include "analyze/inventory.hpp"
#include "cli/commands/commands.hpp"
#include "core/json.hpp"
#include "core/version.hpp"
#include "image/source.hpp"
#include "sbom/encode/encode.hpp"

namespace berth::cli {
namespace {

using nlohmann::json;

struct SbomOptions {
    std::string image;
    std::string format = "table";
    std::string output;
    CacheOptions cache;
    WalkOptions walk;
};

json to_json(const image::Image& img, const sbom::ImageMeta& meta, const analyze::InventoryResult& r) {
    json pkgs = json::array();
    for (const auto& p : r.inventory.packages) {
        pkgs.push_back({{"type", p.type},
                        {"name", p.name},
                        {"version", p.version},
                        {"arch", p.arch},
                        {"source_name", p.source_name},
                        {"source_version", p.source_version},
                        {"license", p.license},
                        {"maintainer", p.maintainer},
                        {"vendor", p.vendor},
                        {"installed_size", p.installed_size},
                        {"files", p.files.size()},
                        {"files_whited_out", p.files_whited_out},
                        {"purl", sbom::purl(p, r.inventory.os)},
                        {"package_db", p.location.path},
                        {"layer",
                         {{"index", p.location.layer_introduced},
                          {"digest", p.location.layer_digest.empty() ? json(nullptr) : json(p.location.layer_digest.str())},
                          {"diff_id",
                           p.location.layer_diff_id.empty() ? json(nullptr) : json(p.location.layer_diff_id.str())}}},
                        {"layer_changed", p.location.layer_changed}});
    }
    json os = nullptr;
    if (r.inventory.os) {
        os = {{"id", r.inventory.os->id},
              {"version_id", r.inventory.os->version_id},
              {"version_codename", r.inventory.os->version_codename},
              {"pretty_name", r.inventory.os->pretty_name}};
    }
    json diags = json::array();
    for (const auto& d : r.inventory.diagnostics) diags.push_back({{"message", d.message}, {"where", d.where}});
    return {{"image",
             {{"name", meta.name},
              {"source", img.source},
              {"manifest_digest", meta.manifest_digest ? json(meta.manifest_digest->str()) : json(nullptr)},
              {"image_id", meta.image_id ? json(meta.image_id->str()) : json(nullptr)},
              {"layers", img.layers.size()}}},
            {"os", os},
            {"cache", {{"layers_from_cache", r.layers_from_cache}, {"layers_walked", r.layers.size() - r.layers_from_cache}}},
            {"packages", pkgs},
            {"diagnostics", diags}};
}

std::string to_table(const analyze::InventoryResult& r) {
    std::ostringstream out;
    if (r.inventory.os) {
        out << "OS: " << r.inventory.os->id << " " << r.inventory.os->version_id;
        if (!r.inventory.os->pretty_name.empty()) out << " (" << r.inventory.os->pretty_name << ")";
        out << "\n\n";
    } else {
        out << "OS: unknown\n\n";
    }
    std::size_t wn = 4;
    std::size_t wv = 7;
    for (const auto& p : r.inventory.packages) {
        wn = std::max(wn, p.name.size());
        wv = std::max(wv, p.version.size());
    }
    auto pad = [](const std::string& s, std::size_t w) { return s + std::string(w + 2 - std::min(w + 1, s.size()), ' '); };
    out << pad("NAME", wn) << pad("VERSION", wv) << pad("ARCH", 7) << pad("TYPE", 4) << "LAYER\n";
    for (const auto& p : r.inventory.packages) {
        out << pad(p.name, wn) << pad(p.version, wv) << pad(p.arch, 7) << pad(p.type, 4)
            << p.location.layer_introduced << (p.files_whited_out ? "  (files deleted by a later layer)" : "")
            << "\n";
    }
    out << "\n" << r.inventory.packages.size() << " packages\n";
    return out.str();
}

int run_sbom(const SbomOptions& opt, const GlobalOptions& global) {
    InventoryRun run;
    if (int code = run_inventory(opt.image, opt.walk, opt.cache, global, run); code != kExitOk) return code;
    const auto& img = run.image;
    const auto& result = run.result;
    const auto& meta = run.meta;
    std::optional<long long> epoch;
    sbom::EncodeOptions enc;
    enc.timestamp = report_timestamp(epoch);
    enc.tool_version = kVersion;
    std::optional<std::string> seed;
    if (epoch) {
        seed = meta.name + "\n" + (meta.image_id ? meta.image_id->str() : "") + "\n" + std::to_string(*epoch);
    }
    enc.serial_uuid = make_uuid(seed);

    std::string text;
    if (opt.format == "cyclonedx") {
        text = sbom::encode_cyclonedx(result.inventory, meta, enc);
    } else if (opt.format == "spdx") {
        text = sbom::encode_spdx(result.inventory, meta, enc);
    } else if (opt.format == "json") {
        text = to_canonical_json(to_json(*img, meta, result));
    } else {
        text = to_table(result);
    }
    if (auto st = write_output(opt.output, text); !st) {
        print_error(st.error());
        return kExitRuntime;
    }
    return kExitOk;
}

}  // namespace

Command register_sbom(CLI::App& root, const GlobalOptions& global) {
    auto opt = std::make_shared<SbomOptions>();
    auto* cmd = root.add_subcommand(
        "sbom",
        "List what an image holds (OS packages from dpkg, apk and rpm databases, with the layer "
        "that introduced each) as CycloneDX 1.6, SPDX 2.3, JSON or a table");
    cmd->footer(
        "IMAGE forms: as for `berth inspect` (docker-archive:, oci:, oci-archive:, rootfs:, a path).\n"
        "Per-layer results are cached by diffID (--cache-dir, default $XDG_CACHE_HOME/berth), so a\n"
        "rescan, or a scan of an image sharing base layers, skips those layers.\n"
        "Set SOURCE_DATE_EPOCH for reproducible CycloneDX/SPDX output (timestamp and serial).\n"
        "\nExamples:\n"
        "  berth sbom oci:./images:app\n"
        "  berth sbom --format cyclonedx -o app.cdx.json docker-archive:app.tar\n"
        "  berth sbom --format spdx --no-cache rootfs:/srv/chroot");
    cmd->add_option("IMAGE", opt->image, "Image to list")->required();
    cmd->add_option("-f,--format", opt->format, "Output format")
        ->check(CLI::IsMember({"table", "json", "cyclonedx", "spdx"}))
        ->capture_default_str();
    cmd->add_option("-o,--output", opt->output, "Write the SBOM to FILE instead of stdout");
    add_cache_options(*cmd, opt->cache);
    add_walk_options(*cmd, opt->walk);
    return {cmd, [opt, &global] { return run_sbom(*opt, global); }};
}

}  // namespace berth::cli

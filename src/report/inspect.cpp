// SPDX-License-Identifier: Apache-2.0
// The `inspect` kind: an image's manifest, config, history, measured layers and --path answers.
// Table: key/value rows (Image, Manifest, Image ID, Platform, …, Env, Labels), the history, one
// row per layer (LAYER DIGEST DIFF ID COMP STORED UNPACKED ENTRIES WHITEOUTS) with a total, then
// the --path answers. JSON: the `image`, `config`, `history`, `layers`, `totals` and `paths`
// sections of docs/scan-json.md.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "report/report.hpp"
#include "report/report_util.hpp"

namespace berth::report::detail {
namespace {

using nlohmann::json;

std::string digest_text(const Digest& d) {
    return d.empty() ? std::string() : d.str();
}

// 1000-based units with one decimal: "512 B", "1.5 kB", "27.3 MB".
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

std::string json_list(const std::vector<std::string>& v) {
    return v.empty() ? std::string() : json(v).dump();
}

struct Totals {
    std::uint64_t stored = 0;
    std::uint64_t unpacked = 0;
    std::uint64_t entries = 0;
};

Totals totals_of(const ImageDetails& d) {
    Totals t;
    for (const auto& l : d.layers) {
        t.stored += l.stored_bytes;
        t.unpacked += l.unpacked_bytes;
        t.entries += l.entries;
    }
    return t;
}

// "Key          value" rows; empty values are left out.
void config_rows(const Report& r, std::string& out) {
    auto row = [&out](std::string_view key, const std::string& value) {
        if (value.empty()) return;
        out += std::string(key) + std::string(13 - std::min<std::size_t>(12, key.size()), ' ') +
               value + "\n";
    };
    auto rows = [&row](std::string_view key, const std::vector<std::string>& values) {
        for (std::size_t i = 0; i < values.size(); ++i) row(i == 0 ? key : "", values[i]);
    };
    const ImageDetails& d = r.image;
    row("Image",
        r.target.source + ":" + d.location + (d.reference.empty() ? "" : " (" + d.reference + ")"));
    if (!r.target.manifest_digest.empty()) {
        row("Manifest", r.target.manifest_digest.str() + "  " + d.manifest_media_type);
    }
    if (!r.target.config_digest.empty()) {
        row("Image ID", r.target.config_digest.str() + "  " + d.config_media_type);
    }
    row("Platform", r.target.os_arch);
    row("Created", d.created);
    row("Author", d.author);
    const auto& c = d.config;
    row("User", c.user.empty() && !r.target.config_digest.empty() ? "(unset: root)" : c.user);
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
}

void layer_rows(const ImageDetails& d, std::string& out) {
    out +=
        "\nLAYER  DIGEST               DIFF ID              COMP  STORED     UNPACKED   ENTRIES  "
        "WHITEOUTS\n";
    char line[512];
    for (std::size_t i = 0; i < d.layers.size(); ++i) {
        const auto& l = d.layers[i];
        std::string whiteouts = std::to_string(l.whiteouts + l.opaque_dirs);
        if (l.opaque_dirs > 0) whiteouts += " (opaque dirs: " + std::to_string(l.opaque_dirs) + ")";
        const std::string comp = l.compression.empty() ? std::string("dir") : l.compression;
        std::snprintf(line, sizeof line, "%-6zu %-20s %-20s %-5s %-10s %-10s %-8llu %s\n", i,
                      l.digest.empty() ? "-" : short_digest(l.digest).c_str(),
                      l.diff_id.empty() ? "-" : short_digest(l.diff_id).c_str(), comp.c_str(),
                      human_size(l.stored_bytes).c_str(), human_size(l.unpacked_bytes).c_str(),
                      static_cast<unsigned long long>(l.entries), whiteouts.c_str());
        out += line;
    }
    const Totals t = totals_of(d);
    std::snprintf(line, sizeof line, "%-6s %-20s %-20s %-5s %-10s %-10s %llu\n", "total", "", "",
                  "", human_size(t.stored).c_str(), human_size(t.unpacked).c_str(),
                  static_cast<unsigned long long>(t.entries));
    out += line;
}

void path_rows(const ImageDetails& d, std::string& out) {
    if (!d.paths.empty()) out += "\nPATH\n";
    for (const auto& a : d.paths) {
        out += "  " + a.path + ": ";
        if (!a.exists) {
            out += "absent\n";
            continue;
        }
        out += a.type + " from layer " + std::to_string(a.layer);
        if (!a.resolved.empty() && "/" + a.resolved != a.path && a.resolved != a.path) {
            out += ", resolves to /" + a.resolved;
        }
        if (!a.resolve_error.empty()) out += ", does not resolve: " + a.resolve_error;
        out += "\n";
    }
}

json config_json(const image::RunConfig& c) {
    json cfg = {{"user", c.user},
                {"env", c.env},
                {"entrypoint", c.entrypoint},
                {"cmd", c.cmd},
                {"working_dir", c.working_dir},
                {"exposed_ports", c.exposed_ports},
                {"volumes", c.volumes},
                {"labels", c.labels},
                {"stop_signal", c.stop_signal},
                {"healthcheck", nullptr}};
    if (c.healthcheck) {
        cfg["healthcheck"] = {{"test", c.healthcheck->test},
                              {"interval_ns", c.healthcheck->interval_ns},
                              {"timeout_ns", c.healthcheck->timeout_ns},
                              {"start_period_ns", c.healthcheck->start_period_ns},
                              {"retries", c.healthcheck->retries}};
    }
    return cfg;
}

json layers_json(const ImageDetails& d) {
    json ls = json::array();
    for (std::size_t i = 0; i < d.layers.size(); ++i) {
        const auto& l = d.layers[i];
        ls.push_back({{"index", i},
                      {"digest", digest_text(l.digest)},
                      {"diff_id", digest_text(l.diff_id)},
                      {"media_type", l.media_type},
                      {"compression", l.compression},
                      {"compressed_size", l.stored_bytes},
                      {"uncompressed_size", l.unpacked_bytes},
                      {"entries", l.entries},
                      {"whiteouts", l.whiteouts},
                      {"opaque_dirs", l.opaque_dirs},
                      {"created_by", l.created_by}});
    }
    return ls;
}

json paths_json(const ImageDetails& d) {
    json ps = json::array();
    for (const auto& a : d.paths) {
        ps.push_back({{"path", a.path},
                      {"exists", a.exists},
                      {"layer", a.exists ? json(a.layer) : json(nullptr)},
                      {"type", a.type},
                      {"resolved", a.resolved},
                      {"resolve_error", a.resolve_error}});
    }
    return ps;
}

}  // namespace

std::string inspect_table(const Report& r) {
    std::string out;
    config_rows(r, out);
    const ImageDetails& d = r.image;
    if (!d.history.empty()) {
        out += "\nHistory\n";
        for (const auto& h : d.history) {
            out += "  " + (h.created.empty() ? std::string("-") : h.created) + "  " +
                   (h.empty_layer ? "(no layer) " : "") + h.created_by + "\n";
        }
    }
    layer_rows(d, out);
    path_rows(d, out);
    return out;
}

void add_inspect(const Report& r, json& doc) {
    const ImageDetails& d = r.image;
    doc["image"] = {{"location", d.location},
                    {"reference", d.reference},
                    {"repo_tags", d.repo_tags},
                    {"manifest_media_type", d.manifest_media_type},
                    {"config_media_type", d.config_media_type},
                    {"platform",
                     {{"os", d.platform.os},
                      {"architecture", d.platform.architecture},
                      {"variant", d.platform.variant}}},
                    {"created", d.created},
                    {"author", d.author}};
    doc["config"] = config_json(d.config);
    json history = json::array();
    for (const auto& h : d.history) {
        history.push_back({{"created", h.created},
                           {"created_by", h.created_by},
                           {"comment", h.comment},
                           {"empty_layer", h.empty_layer}});
    }
    doc["history"] = std::move(history);
    doc["layers"] = layers_json(d);
    const Totals t = totals_of(d);
    doc["totals"] = {{"layers", d.layers.size()},
                     {"compressed_size", t.stored},
                     {"uncompressed_size", t.unpacked},
                     {"entries", t.entries}};
    doc["paths"] = paths_json(d);
}

}  // namespace berth::report::detail

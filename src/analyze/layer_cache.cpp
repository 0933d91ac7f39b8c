// SPDX-License-Identifier: Apache-2.0
// Cache entries are JSON files <dir>/layers/<sha256(diffID + analyzer set)>.json:
// {"format": 1, "diff_id": "sha256:…", "analyzers": "…", "whiteouts": […], "opaque_dirs": […],
//  "summary": {…}, "package_dbs": […], "owned_files": […], "os_releases": […], "diagnostics": […]}
#include "analyze/layer_cache.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace berth::analyze {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr int kFormat = 2;  // 2: diagnostics keep their severity

json package_to_json(const sbom::Package& p) {
    return {{"type", p.type},
            {"name", p.name},
            {"version", p.version},
            {"epoch", p.epoch},
            {"upstream_version", p.upstream_version},
            {"release", p.release},
            {"arch", p.arch},
            {"source_name", p.source_name},
            {"source_version", p.source_version},
            {"maintainer", p.maintainer},
            {"vendor", p.vendor},
            {"license", p.license},
            {"modularity_label", p.modularity_label},
            {"checksum", p.checksum},
            {"installed_size", p.installed_size},
            {"files", p.files},
            {"path", p.location.path}};
}

sbom::Package package_from_json(const json& j) {
    sbom::Package p;
    p.type = j.at("type").get<std::string>();
    p.name = j.at("name").get<std::string>();
    p.version = j.at("version").get<std::string>();
    p.epoch = j.at("epoch").get<std::string>();
    p.upstream_version = j.at("upstream_version").get<std::string>();
    p.release = j.at("release").get<std::string>();
    p.arch = j.at("arch").get<std::string>();
    p.source_name = j.at("source_name").get<std::string>();
    p.source_version = j.at("source_version").get<std::string>();
    p.maintainer = j.at("maintainer").get<std::string>();
    p.vendor = j.at("vendor").get<std::string>();
    p.license = j.at("license").get<std::string>();
    p.modularity_label = j.at("modularity_label").get<std::string>();
    p.checksum = j.at("checksum").get<std::string>();
    p.installed_size = j.at("installed_size").get<std::uint64_t>();
    p.files = j.at("files").get<std::vector<std::string>>();
    p.location.path = j.at("path").get<std::string>();
    return p;
}

json os_to_json(const sbom::OsInfo& o) {
    return {{"id", o.id},
            {"version_id", o.version_id},
            {"version_codename", o.version_codename},
            {"pretty_name", o.pretty_name},
            {"id_like", o.id_like},
            {"source_path", o.source_path}};
}

sbom::OsInfo os_from_json(const json& j) {
    sbom::OsInfo o;
    o.id = j.at("id").get<std::string>();
    o.version_id = j.at("version_id").get<std::string>();
    o.version_codename = j.at("version_codename").get<std::string>();
    o.pretty_name = j.at("pretty_name").get<std::string>();
    o.id_like = j.at("id_like").get<std::string>();
    o.source_path = j.at("source_path").get<std::string>();
    return o;
}

json to_json(const LayerRecord& r, const std::string& diff_id, const std::string& key) {
    json dbs = json::array();
    for (const auto& db : r.analysis.package_dbs) {
        json pkgs = json::array();
        for (const auto& p : db.packages) pkgs.push_back(package_to_json(p));
        dbs.push_back({{"analyzer", db.analyzer}, {"path", db.path}, {"packages", pkgs}});
    }
    json owned = json::array();
    for (const auto& o : r.analysis.owned_files) {
        owned.push_back({{"analyzer", o.analyzer}, {"package", o.package}, {"path", o.path}, {"files", o.files}});
    }
    json os = json::array();
    for (const auto& o : r.analysis.os_releases) os.push_back({{"path", o.path}, {"info", os_to_json(o.info)}});
    json diags = json::array();
    auto severity = [](const Diagnostic& d) { return d.severity == Diagnostic::Severity::Info ? "info" : "warning"; };
    for (const auto& d : r.analysis.diagnostics) {
        diags.push_back({{"message", d.message}, {"where", d.where}, {"severity", severity(d)}});
    }
    for (const auto& d : r.summary.diagnostics) {
        diags.push_back({{"message", d.message}, {"where", d.where}, {"severity", severity(d)}, {"walk", true}});
    }
    const auto& s = r.summary;
    return {{"format", kFormat},
            {"diff_id", diff_id},
            {"analyzers", key},
            {"whiteouts", r.whiteouts},
            {"opaque_dirs", r.opaque_dirs},
            {"summary",
             {{"compression", std::string(image::compression_name(s.compression))},
              {"digest", s.digest.str()},
              {"diff_id", s.diff_id.str()},
              {"compressed_bytes", s.compressed_bytes},
              {"uncompressed_bytes", s.uncompressed_bytes},
              {"entries", s.entries},
              {"whiteouts", s.whiteouts},
              {"opaque_dirs", s.opaque_dirs}}},
            {"package_dbs", dbs},
            {"owned_files", owned},
            {"os_releases", os},
            {"diagnostics", diags}};
}

LayerRecord from_json(const json& j) {
    LayerRecord r;
    r.whiteouts = j.at("whiteouts").get<std::vector<std::string>>();
    r.opaque_dirs = j.at("opaque_dirs").get<std::vector<std::string>>();
    const json& s = j.at("summary");
    const std::string comp = s.at("compression").get<std::string>();
    r.summary.compression = comp == "gzip"   ? image::Compression::Gzip
                            : comp == "zstd" ? image::Compression::Zstd
                                             : image::Compression::None;
    if (auto d = parse_digest(s.at("digest").get<std::string>())) r.summary.digest = *d;
    if (auto d = parse_digest(s.at("diff_id").get<std::string>())) r.summary.diff_id = *d;
    r.summary.compressed_bytes = s.at("compressed_bytes").get<std::uint64_t>();
    r.summary.uncompressed_bytes = s.at("uncompressed_bytes").get<std::uint64_t>();
    r.summary.entries = s.at("entries").get<std::uint64_t>();
    r.summary.whiteouts = s.at("whiteouts").get<std::uint64_t>();
    r.summary.opaque_dirs = s.at("opaque_dirs").get<std::uint64_t>();
    for (const auto& db : j.at("package_dbs")) {
        PackageDb d{db.at("analyzer").get<std::string>(), db.at("path").get<std::string>(), {}};
        for (const auto& p : db.at("packages")) d.packages.push_back(package_from_json(p));
        r.analysis.package_dbs.push_back(std::move(d));
    }
    for (const auto& o : j.at("owned_files")) {
        r.analysis.owned_files.push_back({o.at("analyzer").get<std::string>(), o.at("package").get<std::string>(),
                                          o.at("path").get<std::string>(),
                                          o.at("files").get<std::vector<std::string>>()});
    }
    for (const auto& o : j.at("os_releases")) {
        r.analysis.os_releases.push_back({o.at("path").get<std::string>(), os_from_json(o.at("info"))});
    }
    for (const auto& d : j.at("diagnostics")) {
        Diagnostic diag{d.at("severity").get<std::string>() == "info" ? Diagnostic::Severity::Info
                                                                      : Diagnostic::Severity::Warning,
                        d.at("message").get<std::string>(), d.at("where").get<std::string>()};
        if (d.contains("walk")) {
            r.summary.diagnostics.push_back(std::move(diag));
        } else {
            r.analysis.diagnostics.push_back(std::move(diag));
        }
    }
    return r;
}

}  // namespace

fs::path default_cache_dir() {
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x != nullptr && *x == '/') return fs::path(x) / "berth";
    if (const char* h = std::getenv("HOME"); h != nullptr && *h != '\0') return fs::path(h) / ".cache" / "berth";
    std::error_code ec;
    fs::path tmp = fs::temp_directory_path(ec);
    return (ec ? fs::path("/tmp") : tmp) / "berth-cache";
}

LayerCache::LayerCache(fs::path dir, std::string analyzers_key)
    : dir_(std::move(dir)), analyzers_key_(std::move(analyzers_key)) {}

fs::path LayerCache::path_for(const Digest& diff_id) const {
    return dir_ / "layers" / (sha256_of(diff_id.str() + "\n" + analyzers_key_).hex + ".json");
}

std::optional<LayerRecord> LayerCache::load(const Digest& diff_id) const {
    std::ifstream in(path_for(diff_id), std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream ss;
    ss << in.rdbuf();
    json j = json::parse(ss.str(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    // Library adapter: nlohmann throws on missing keys or wrong types; a damaged entry is a miss.
    try {
        if (j.at("format").get<int>() != kFormat || j.at("diff_id").get<std::string>() != diff_id.str() ||
            j.at("analyzers").get<std::string>() != analyzers_key_) {
            return std::nullopt;
        }
        return from_json(j);
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

Status LayerCache::store(const Digest& diff_id, const LayerRecord& record) const {
    const fs::path target = path_for(diff_id);
    std::error_code ec;
    fs::create_directories(target.parent_path(), ec);
    if (ec) return fail(ErrorCode::Io, "cannot create the cache directory: " + ec.message(), target.parent_path());
    const fs::path tmp = target.string() + ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << to_json(record, diff_id.str(), analyzers_key_).dump(-1, ' ', false, json::error_handler_t::replace);
        out.close();
        if (!out) {
            fs::remove(tmp, ec);
            return fail(ErrorCode::Io, "cannot write a cache entry", tmp.string());
        }
    }
    fs::rename(tmp, target, ec);
    if (ec) {
        fs::remove(tmp, ec);
        return fail(ErrorCode::Io, "cannot write a cache entry: " + ec.message(), target.string());
    }
    return {};
}

std::string analyzers_key(const std::vector<std::unique_ptr<Analyzer>>& analyzers) {
    std::vector<std::string> parts;
    for (const auto& a : analyzers) parts.push_back(std::string(a->name()) + "@" + std::to_string(a->version()));
    std::sort(parts.begin(), parts.end());
    std::string key = "format=" + std::to_string(kFormat);
    for (const auto& p : parts) key += "," + p;
    return key;
}

}  // namespace berth::analyze

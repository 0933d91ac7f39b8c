// SPDX-License-Identifier: Apache-2.0
// Cache entries are JSON files <dir>/layers/<sha256(diffID + analyzer set)>.json:
// {"format": 3, "diff_id": "sha256:…", "analyzers": "…", "whiteouts": […], "opaque_dirs": […],
//  "written": "<16 hex digits per path hash>", "summary": {…}, "package_dbs": […],
//  "owned_files": […], "os_releases": […], "file_findings": […], "secrets": […], "diagnostics":
//  […]}
// The format is part of the analyzer key (so of the file name) AND checked on load: an entry of
// another format is a miss and is removed; it never fails a scan.
#include "analyze/layer_cache.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/file.hpp"

namespace berth::analyze {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// 2: diagnostics keep their severity. 3: file findings, written-path hashes, package
// namespace and further locations. 4: diagnostics keep `incomplete`; wanted hardlinks.
// 5: secrets (files/secrets), and analyzer cache salts in the key.
constexpr int kFormat = 5;
// A record larger than this is treated as damaged (a miss): records list packages and findings.
constexpr std::uint64_t kMaxRecordBytes = std::uint64_t{256} << 20U;

json location_paths(const std::vector<sbom::Location>& locations) {
    json out = json::array();
    for (const auto& l : locations) out.push_back(l.path);
    return out;
}

json finding_to_json(const sbom::FileFinding& f) {
    return {{"analyzer", f.analyzer}, {"kind", f.kind},         {"detail", f.detail},
            {"mode", f.mode},         {"uid", f.uid},           {"gid", f.gid},
            {"size", f.size},         {"path", f.location.path}};
}

sbom::FileFinding finding_from_json(const json& j) {
    sbom::FileFinding f;
    f.analyzer = j.at("analyzer").get<std::string>();
    f.kind = j.at("kind").get<std::string>();
    f.detail = j.at("detail").get<std::string>();
    f.mode = j.at("mode").get<std::uint32_t>();
    f.uid = j.at("uid").get<std::int64_t>();
    f.gid = j.at("gid").get<std::int64_t>();
    f.size = j.at("size").get<std::uint64_t>();
    f.location.path = j.at("path").get<std::string>();
    return f;
}

json secret_to_json(const sbom::SecretFinding& f) {
    return {{"rule_id", f.rule_id},
            {"category", f.category},
            {"line", f.line},
            {"match", f.match},
            {"path", f.location.path}};
}

sbom::SecretFinding secret_from_json(const json& j) {
    sbom::SecretFinding f;
    f.rule_id = j.at("rule_id").get<std::string>();
    f.category = j.at("category").get<std::string>();
    f.line = j.at("line").get<std::size_t>();
    f.match = j.at("match").get<std::string>();
    f.location.path = j.at("path").get<std::string>();
    return f;
}

std::string hashes_to_hex(const std::vector<std::uint64_t>& hashes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(hashes.size() * 16);
    for (std::uint64_t h : hashes) {
        for (int shift = 60; shift >= 0; shift -= 4) out.push_back(kHex[(h >> shift) & 0xFU]);
    }
    return out;
}

std::vector<std::uint64_t> hashes_from_hex(const std::string& hex) {
    if (hex.size() % 16 != 0) throw json::other_error::create(501, "written: bad length", nullptr);
    std::vector<std::uint64_t> out;
    out.reserve(hex.size() / 16);
    for (std::size_t i = 0; i < hex.size(); i += 16) {
        std::uint64_t h = 0;
        for (std::size_t k = i; k < i + 16; ++k) {
            const char c = hex[k];
            const int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (v < 0) throw json::other_error::create(501, "written: not hex", nullptr);
            h = (h << 4U) | static_cast<std::uint64_t>(v);
        }
        out.push_back(h);
    }
    return out;
}

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
            {"path", p.location.path},
            {"purl_namespace", p.purl_namespace},
            {"locations", location_paths(p.locations)}};
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
    p.purl_namespace = j.at("purl_namespace").get<std::string>();
    for (const auto& l : j.at("locations")) {
        sbom::Location loc;
        loc.path = l.get<std::string>();
        p.locations.push_back(std::move(loc));
    }
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
        owned.push_back({{"analyzer", o.analyzer},
                         {"package", o.package},
                         {"path", o.path},
                         {"files", o.files}});
    }
    json os = json::array();
    for (const auto& o : r.analysis.os_releases)
        os.push_back({{"path", o.path}, {"info", os_to_json(o.info)}});
    json findings = json::array();
    for (const auto& f : r.analysis.file_findings) findings.push_back(finding_to_json(f));
    json secrets = json::array();
    for (const auto& f : r.analysis.secrets) secrets.push_back(secret_to_json(f));
    json diags = json::array();
    auto severity = [](const Diagnostic& d) {
        return d.severity == Diagnostic::Severity::Info ? "info" : "warning";
    };
    for (const auto& d : r.analysis.diagnostics) {
        diags.push_back({{"message", d.message},
                         {"where", d.where},
                         {"severity", severity(d)},
                         {"incomplete", d.incomplete}});
    }
    for (const auto& d : r.summary.diagnostics) {
        diags.push_back({{"message", d.message},
                         {"where", d.where},
                         {"severity", severity(d)},
                         {"incomplete", d.incomplete},
                         {"walk", true}});
    }
    json links = json::array();
    for (const auto& h : r.hardlinks) {
        links.push_back({{"path", h.path}, {"target", h.target}, {"mode", h.mode}});
    }
    const auto& s = r.summary;
    return {{"format", kFormat},
            {"diff_id", diff_id},
            {"analyzers", key},
            {"whiteouts", r.whiteouts},
            {"opaque_dirs", r.opaque_dirs},
            {"written", hashes_to_hex(r.written)},
            {"hardlinks", links},
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
            {"file_findings", findings},
            {"secrets", secrets},
            {"diagnostics", diags}};
}

LayerRecord from_json(const json& j) {
    LayerRecord r;
    r.whiteouts = j.at("whiteouts").get<std::vector<std::string>>();
    r.opaque_dirs = j.at("opaque_dirs").get<std::vector<std::string>>();
    r.written = hashes_from_hex(j.at("written").get<std::string>());
    for (const auto& h : j.at("hardlinks")) {
        r.hardlinks.push_back({h.at("path").get<std::string>(), h.at("target").get<std::string>(),
                               h.at("mode").get<std::uint32_t>()});
    }
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
        r.analysis.owned_files.push_back(
            {o.at("analyzer").get<std::string>(), o.at("package").get<std::string>(),
             o.at("path").get<std::string>(), o.at("files").get<std::vector<std::string>>()});
    }
    for (const auto& o : j.at("os_releases")) {
        r.analysis.os_releases.push_back(
            {o.at("path").get<std::string>(), os_from_json(o.at("info"))});
    }
    for (const auto& f : j.at("file_findings"))
        r.analysis.file_findings.push_back(finding_from_json(f));
    for (const auto& f : j.at("secrets")) r.analysis.secrets.push_back(secret_from_json(f));
    for (const auto& d : j.at("diagnostics")) {
        Diagnostic diag{d.at("severity").get<std::string>() == "info"
                            ? Diagnostic::Severity::Info
                            : Diagnostic::Severity::Warning,
                        d.at("message").get<std::string>(), d.at("where").get<std::string>(),
                        d.at("incomplete").get<bool>()};
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
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x != nullptr && *x == '/')
        return fs::path(x) / "berth";
    if (const char* h = std::getenv("HOME"); h != nullptr && *h != '\0')
        return fs::path(h) / ".cache" / "berth";
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
    const fs::path file = path_for(diff_id);
    auto text = read_regular_file(file, kMaxRecordBytes);
    if (!text) return std::nullopt;
    json j = json::parse(*text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    // Library adapter: nlohmann throws on missing keys or wrong types; a damaged entry is a miss.
    try {
        if (auto f = j.find("format");
            f == j.end() || !f->is_number_integer() || f->get<int>() != kFormat) {
            std::error_code ec;
            fs::remove(file, ec);  // another format's entry: a miss, cleaned up (best effort)
            return std::nullopt;
        }
        if (j.at("diff_id").get<std::string>() != diff_id.str() ||
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
    if (ec)
        return fail(ErrorCode::Io, "cannot create the cache directory: " + ec.message(),
                    target.parent_path());
    const fs::path tmp = target.string() + ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << to_json(record, diff_id.str(), analyzers_key_)
                   .dump(-1, ' ', false, json::error_handler_t::replace);
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

std::uint64_t path_hash(std::string_view path) {
    std::uint64_t h = 14695981039346656037ULL;
    for (char c : path) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    return h;
}

std::string analyzers_key(const std::vector<std::unique_ptr<Analyzer>>& analyzers) {
    std::vector<std::string> parts;
    parts.reserve(analyzers.size());
    for (const auto& a : analyzers) {
        std::string part = std::string(a->name()) + "@" + std::to_string(a->version());
        if (const std::string salt = a->cache_salt(); !salt.empty()) part += "#" + salt;
        parts.push_back(std::move(part));
    }
    std::sort(parts.begin(), parts.end());
    std::string key = "format=" + std::to_string(kFormat);
    for (const auto& p : parts) key += "," + p;
    return key;
}

}  // namespace berth::analyze

// SPDX-License-Identifier: Apache-2.0
// lang/composer: installed PHP packages, vendor/composer/installed.json (after Trivy
// pkg/fanal/analyzer/language/php/composer (installed.json) and syft pkg/cataloger/php
// parse_installed_json).
//
// Files read: `vendor/composer/installed.json` (any vendor directory: /app/vendor, /var/www/
// html/vendor, …). composer.lock is a lockfile for directory scans.
//
// Format (https://getcomposer.org/doc/07-runtime.md#installed-versions): Composer 1 writes an
// array of package objects, Composer 2 an object {"packages": [...], "dev": bool,
// "dev-package-names": [...]}. Read per package: name ("vendor/project"), version as written
// ("v5.4.3", "1.2.0", "dev-main"), license (an array of SPDX ids, joined with " OR " as
// Composer's docs say a list means a choice), authors[].name.
//
// Example:
//   {"packages": [{"name": "asm89/stack-cors", "version": "1.3.0", "license": ["MIT"]}]}
//     → sbom::Package{type "composer", purl_namespace "asm89", name "stack-cors",
//                     version "1.3.0", license "MIT"} → pkg:composer/asm89/stack-cors@1.3.0
//
// Defects: not JSON, over the limits, or neither shape is an error; a package entry without a
// "vendor/project" name or a version is skipped with a warning naming its index.
#include <string>
#include <string_view>
#include <utility>

#include "analyze/lang/lang_util.hpp"
#include "analyze/plugins.hpp"

namespace berth::analyze {
namespace {

constexpr std::string_view kName = "lang/composer";
constexpr std::string_view kFile = "vendor/composer/installed.json";

std::string strings_joined(const nlohmann::json& entry, const char* key, const char* member,
                           std::string_view sep) {
    std::string out;
    auto it = entry.find(key);
    if (it == entry.end()) return out;
    if (it->is_string()) return it->get<std::string>();
    if (!it->is_array()) return out;
    for (const auto& v : *it) {
        const nlohmann::json* s = &v;
        if (member != nullptr) {
            if (!v.is_object() || !v.contains(member)) continue;
            s = &v[member];
        }
        if (s->is_string()) out += (out.empty() ? "" : std::string(sep)) + s->get<std::string>();
    }
    return out;
}

class ComposerInstalled final : public Analyzer {
  public:
    [[nodiscard]] std::string_view name() const override { return kName; }
    [[nodiscard]] int version() const override { return 1; }

    [[nodiscard]] bool required(std::string_view path, const FileInfo& /*info*/) const override {
        if (!lang::ends_with(path, kFile)) return false;
        return path.size() == kFile.size() || path[path.size() - kFile.size() - 1] == '/';
    }

    Status analyze(const AnalysisInput& input, LayerAnalysis& out) const override {
        auto text = lang::read_metadata(input);
        if (!text) return fail(text.error());
        auto doc = lang::parse_json(*text, input.path);
        if (!doc) return fail(doc.error());
        const nlohmann::json* list = &*doc;
        if (doc->is_object()) {
            auto it = doc->find("packages");
            if (it == doc->end() || !it->is_array()) {
                return fail(ErrorCode::Format,
                            "installed.json is an object without a \"packages\" array", input.path);
            }
            list = &*it;
        } else if (!doc->is_array()) {
            return fail(ErrorCode::Format, "installed.json is neither an array nor an object",
                        input.path);
        }
        if (list->size() > input.max_packages)
            return fail(too_many_packages(input.max_packages, input.path));
        PackageDb db{std::string(kName), input.path, {}};
        const std::string prefix = doc->is_object() ? "$.packages[" : "$[";
        std::size_t index = 0;
        for (const auto& entry : *list) {
            const std::string at = prefix + std::to_string(index++) + "]";
            const std::string name =
                entry.is_object() && entry.contains("name") && entry["name"].is_string()
                    ? entry["name"].get<std::string>()
                    : std::string();
            const std::string version =
                entry.is_object() && entry.contains("version") && entry["version"].is_string()
                    ? entry["version"].get<std::string>()
                    : std::string();
            const auto slash = name.find('/');
            if (slash == std::string::npos || slash == 0 || slash + 1 == name.size() ||
                version.empty()) {
                out.diagnostics.push_back(lang::warning(
                    kName, at + ": no \"vendor/project\" name and version; skipped", input.path));
                continue;
            }
            sbom::Package p = lang::make_package("composer", name.substr(0, slash),
                                                 name.substr(slash + 1), version, input.path);
            p.license = strings_joined(entry, "license", nullptr, " OR ");
            p.maintainer = strings_joined(entry, "authors", "name", ", ");
            db.packages.push_back(std::move(p));
        }
        out.package_dbs.push_back(std::move(db));
        return {};
    }
};

}  // namespace

std::unique_ptr<Analyzer> make_composer_installed() {
    return std::make_unique<ComposerInstalled>();
}

}  // namespace berth::analyze

// SPDX-License-Identifier: Apache-2.0
// lang/npm: installed npm packages, node_modules/**/package.json (after Trivy
// pkg/fanal/analyzer/language/nodejs/pkg and syft pkg/cataloger/javascript parse_package_json).
//
// Files read: `package.json` directly inside a package directory of a node_modules tree —
// node_modules/NAME/package.json or node_modules/@SCOPE/NAME/package.json — at any depth
// (node_modules/a/node_modules/b/package.json) and wherever the tree is (an application's
// /app/node_modules, the global /usr/lib/node_modules and /usr/local/lib/node_modules). Other
// package.json files are not installed packages and are not offered: an application's own
// manifest (/app/package.json; its package-lock.json is read by directory scans, not here) and
// the package.json files packages ship inside themselves (node_modules/x/esm/package.json,
// usually only {"type": "module"}).
//
// Format: https://docs.npmjs.com/cli/configuring-npm/package-json. Read: name, version,
// license (a string, an object {"type": …} or the deprecated "licenses" array of those) and
// author (a string "Name <mail> (url)" or an object {"name": …}).
//
// Example:
//   node_modules/@actions/core/package.json     →  sbom::Package{type "npm",
//   {"name": "@actions/core", "version": "1.6.0",       purl_namespace "@actions", name "core",
//    "license": "MIT", "author": "GitHub"}              version "1.6.0", license "MIT",
//                                                       maintainer "GitHub", location.path …}
//   → pkg:npm/%40actions/core@1.6.0
//
// Each package.json is its own PackageDb, so a later layer deleting or rewriting one package
// directory is seen by the merge. Defects: a file that is not JSON, over the size or JSON limits,
// or not an object is an error (the walker makes it a warning naming the file); a package.json
// without a string name or version lists no package and says so (a warning at the file).
#include <string>
#include <string_view>
#include <utility>

#include "analyze/lang/lang_util.hpp"
#include "analyze/plugins.hpp"
#include "core/json_read.hpp"
#include "core/text.hpp"

namespace berth::analyze {
namespace {

constexpr std::string_view kName = "lang/npm";
constexpr std::string_view kManifest = "/package.json";
constexpr std::string_view kModules = "node_modules";

// "MIT"; {"type": "MIT"}; [{"type": "MIT"}, {"type": "Apache-2.0"}] → "MIT OR Apache-2.0".
std::string license_of(const nlohmann::json& doc) {
    auto one = [](const nlohmann::json& v) -> std::string {
        if (v.is_string()) return v.get<std::string>();
        if (v.is_object() && v.contains("type") && v["type"].is_string())
            return v["type"].get<std::string>();
        return {};
    };
    if (auto it = doc.find("license"); it != doc.end()) {
        if (std::string l = one(*it); !l.empty()) return l;
    }
    std::string out;
    for (const char* key : {"license", "licenses"}) {
        auto it = doc.find(key);
        if (it == doc.end() || !it->is_array()) continue;
        for (const auto& v : *it) {
            const std::string l = one(v);
            if (!l.empty()) out += (out.empty() ? "" : " OR ") + l;
        }
        if (!out.empty()) break;
    }
    return out;
}

// "Name <mail> (url)" or {"name": "Name", "email": …} → "Name <mail>" / "Name".
std::string author_of(const nlohmann::json& doc) {
    auto it = doc.find("author");
    if (it == doc.end()) return {};
    if (it->is_string()) return std::string(text::trim(it->get<std::string>()));
    if (!it->is_object()) return {};
    std::string name = it->contains("name") && (*it)["name"].is_string()
                           ? (*it)["name"].get<std::string>()
                           : std::string();
    if (it->contains("email") && (*it)["email"].is_string() && !name.empty())
        name += " <" + (*it)["email"].get<std::string>() + ">";
    return name;
}

class NpmInstalled final : public Analyzer {
  public:
    [[nodiscard]] std::string_view name() const override { return kName; }
    [[nodiscard]] int version() const override { return 1; }

    // node_modules/NAME/package.json or node_modules/@SCOPE/NAME/package.json.
    [[nodiscard]] bool required(std::string_view path, const FileInfo& /*info*/) const override {
        if (!lang::ends_with(path, kManifest)) return false;
        const std::string_view dir = lang::dir_name(path);
        const std::string_view package_dir = lang::base_name(dir);
        // A scope directory (node_modules/@scope) holds packages but is none.
        if (package_dir.empty() || package_dir.front() == '@') return false;
        const std::string_view parent = lang::dir_name(dir);
        if (lang::base_name(parent) == kModules) return true;
        const std::string_view scope = lang::base_name(parent);
        return scope.size() > 1 && scope.front() == '@' &&
               lang::base_name(lang::dir_name(parent)) == kModules;
    }

    Status analyze(const AnalysisInput& input, LayerAnalysis& out) const override {
        auto text = lang::read_metadata(input);
        if (!text) return fail(text.error());
        auto doc = lang::parse_json(*text, input.path);
        if (!doc) return fail(doc.error());
        if (!doc->is_object()) {
            return fail(ErrorCode::Format,
                        std::string("package.json is not a JSON object but ") +
                            std::string(json_read::type_name(*doc)),
                        input.path);
        }
        PackageDb db{std::string(kName), input.path, {}};
        const auto name = doc->find("name");
        const auto version = doc->find("version");
        if (name == doc->end() || !name->is_string() || name->get<std::string>().empty() ||
            version == doc->end() || !version->is_string() || version->get<std::string>().empty()) {
            out.diagnostics.push_back(lang::warning(
                kName, "package.json has no string \"name\" and \"version\"; no package listed",
                input.path));
            out.package_dbs.push_back(std::move(db));
            return {};
        }
        std::string full = name->get<std::string>();
        std::string ns;
        // "@scope/name": the scope is the purl namespace (purl-spec npm type).
        if (full.front() == '@') {
            const auto slash = full.find('/');
            if (slash != std::string::npos && slash > 1 && slash + 1 < full.size()) {
                ns = full.substr(0, slash);
                full = full.substr(slash + 1);
            }
        }
        sbom::Package p =
            lang::make_package("npm", ns, full, version->get<std::string>(), input.path);
        p.license = license_of(*doc);
        p.maintainer = author_of(*doc);
        db.packages.push_back(std::move(p));
        out.package_dbs.push_back(std::move(db));
        return {};
    }
};

}  // namespace

std::unique_ptr<Analyzer> make_npm_installed() {
    return std::make_unique<NpmInstalled>();
}

}  // namespace berth::analyze

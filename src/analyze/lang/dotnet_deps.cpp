// SPDX-License-Identifier: Apache-2.0
// lang/dotnet: NuGet packages of a deployed .NET application, *.deps.json (after Trivy
// pkg/dependency/parser/dotnet/core_deps and syft pkg/cataloger/dotnet deps_json).
//
// Files read: every `NAME.deps.json` (written by `dotnet publish` next to NAME.dll; the shared
// framework's own Microsoft.NETCore.App.deps.json lists its runtime packs the same way).
//
// Format
// (https://github.com/dotnet/sdk/blob/main/documentation/specs/runtime-configuration-file.md):
// "libraries" maps "Name/Version" to {"type": "package" | "project" | "referenceassembly" |
// "reference" | "runtimepack", "sha512": …, "path": …}. Only type "package" entries are NuGet
// packages; the application itself ("project") and framework references are not. The sha512
// ("sha512-BASE64") is kept as the checksum.
//
// Example:
//   "libraries": {"Newtonsoft.Json/13.0.3": {"type": "package", "sha512": "sha512-HrC5…"}}
//     → sbom::Package{type "nuget", name "Newtonsoft.Json", version "13.0.3",
//                     checksum "sha512-HrC5…"} → pkg:nuget/Newtonsoft.Json@13.0.3
//
// Defects: not JSON, over the limits, not an object or "libraries" not an object is an error;
// a key that is not "Name/Version" is skipped with a warning.
#include <string>
#include <string_view>
#include <utility>

#include "analyze/lang/lang_util.hpp"
#include "analyze/plugins.hpp"

namespace berth::analyze {
namespace {

constexpr std::string_view kName = "lang/dotnet";
constexpr std::string_view kSuffix = ".deps.json";

class DotnetDeps final : public Analyzer {
  public:
    [[nodiscard]] std::string_view name() const override { return kName; }
    [[nodiscard]] int version() const override { return 1; }

    [[nodiscard]] bool required(std::string_view path, const FileInfo& /*info*/) const override {
        return lang::ends_with(path, kSuffix) && lang::base_name(path).size() > kSuffix.size();
    }

    Status analyze(const AnalysisInput& input, LayerAnalysis& out) const override {
        auto text = lang::read_metadata(input);
        if (!text) return fail(text.error());
        auto doc = lang::parse_json(*text, input.path);
        if (!doc) return fail(doc.error());
        auto libraries = doc->is_object() ? doc->find("libraries") : doc->end();
        if (!doc->is_object() || (libraries != doc->end() && !libraries->is_object())) {
            return fail(ErrorCode::Format,
                        "not a .deps.json: expected an object with a \"libraries\" object",
                        input.path);
        }
        PackageDb db{std::string(kName), input.path, {}};
        if (libraries != doc->end()) {
            if (libraries->size() > input.max_packages)
                return fail(too_many_packages(input.max_packages, input.path));
            for (const auto& [key, lib] : libraries->items()) {
                if (!lib.is_object() || !lib.contains("type") || lib["type"] != "package") continue;
                const auto slash = key.find('/');
                if (slash == std::string::npos || slash == 0 || slash + 1 == key.size()) {
                    out.diagnostics.push_back(lang::warning(
                        kName, "$.libraries key " + lang::preview(key) + " is not \"Name/Version\"",
                        input.path));
                    continue;
                }
                sbom::Package p = lang::make_package("nuget", "", key.substr(0, slash),
                                                     key.substr(slash + 1), input.path);
                if (lib.contains("sha512") && lib["sha512"].is_string())
                    p.checksum = lib["sha512"].get<std::string>();
                db.packages.push_back(std::move(p));
            }
        }
        out.package_dbs.push_back(std::move(db));
        return {};
    }
};

}  // namespace

std::unique_ptr<Analyzer> make_dotnet_deps() {
    return std::make_unique<DotnetDeps>();
}

}  // namespace berth::analyze

// SPDX-License-Identifier: Apache-2.0
// lang/conda: packages of a conda environment, conda-meta/*.json (after Trivy
// pkg/fanal/analyzer/language/conda/meta and syft pkg/cataloger/python (conda-meta)).
//
// Files read: `PREFIX/conda-meta/NAME-VERSION-BUILD.json` (one per installed package; the
// environment's `history` file beside them is not JSON and is not read).
//
// Format (conda's PrefixRecord, https://docs.conda.io/projects/conda/en/latest/user-guide/
// concepts/environments.html): an object with name, version, build, channel, subdir, license and
// files (paths relative to PREFIX). Read: name, version, license, files (made relative to the
// image root: PREFIX/file). build, channel and subdir (purl qualifiers) are not kept yet.
//
// Example:
//   opt/conda/conda-meta/zlib-1.2.13-h5eee18b_0.json
//   {"name": "zlib", "version": "1.2.13", "build": "h5eee18b_0", "subdir": "linux-64",
//    "license": "Zlib", "files": ["lib/libz.so.1"]}
//     → sbom::Package{type "conda", name "zlib", version "1.2.13", license "Zlib",
//                     files {"opt/conda/lib/libz.so.1"}} → pkg:conda/zlib@1.2.13
//
// No advisory database berth reads has a conda ecosystem: the matcher says these packages were
// not checked (a coverage warning). Defects: not JSON, over the limits, not an object, or no
// string name and version is an error.
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>

#include "analyze/lang/lang_util.hpp"
#include "analyze/plugins.hpp"
#include "image/blob_store.hpp"

namespace berth::analyze {
namespace {

constexpr std::string_view kName = "lang/conda";
constexpr std::size_t kMaxFiles = 1'000'000;

class CondaMeta final : public Analyzer {
  public:
    [[nodiscard]] std::string_view name() const override { return kName; }
    [[nodiscard]] int version() const override { return 1; }

    [[nodiscard]] bool required(std::string_view path, const FileInfo& /*info*/) const override {
        return lang::ends_with(path, ".json") &&
               lang::base_name(lang::dir_name(path)) == "conda-meta";
    }

    Status analyze(const AnalysisInput& input, LayerAnalysis& out) const override {
        auto text = lang::read_metadata(input);
        if (!text) return fail(text.error());
        auto doc = lang::parse_json(*text, input.path);
        if (!doc) return fail(doc.error());
        auto str = [&](const char* key) -> std::string {
            auto it = doc->find(key);
            return it != doc->end() && it->is_string() ? it->get<std::string>() : std::string();
        };
        if (!doc->is_object() || str("name").empty() || str("version").empty()) {
            return fail(ErrorCode::Format,
                        "not a conda-meta record: expected an object with string name and version",
                        input.path);
        }
        sbom::Package p = lang::make_package("conda", "", str("name"), str("version"), input.path);
        p.license = str("license");
        // conda-meta sits in the environment's prefix: PREFIX/conda-meta/X.json.
        const std::string prefix(lang::dir_name(lang::dir_name(input.path)));
        if (auto files = doc->find("files"); files != doc->end() && files->is_array()) {
            for (const auto& f : *files) {
                if (!f.is_string() || p.files.size() >= kMaxFiles) continue;
                const std::string rel = f.get<std::string>();
                auto norm = image::normalize_member_path(prefix.empty() ? rel : prefix + "/" + rel);
                if (norm) p.files.push_back(std::move(*norm));
            }
            std::sort(p.files.begin(), p.files.end());
            p.files.erase(std::unique(p.files.begin(), p.files.end()), p.files.end());
        }
        out.package_dbs.push_back(PackageDb{std::string(kName), input.path, {std::move(p)}});
        return {};
    }
};

}  // namespace

std::unique_ptr<Analyzer> make_conda_meta() {
    return std::make_unique<CondaMeta>();
}

}  // namespace berth::analyze

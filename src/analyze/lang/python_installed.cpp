// SPDX-License-Identifier: Apache-2.0
// lang/python: installed Python distributions (after Trivy pkg/fanal/analyzer/language/python/
// packaging and syft pkg/cataloger/python parse_wheel_egg_metadata).
//
// Files read (directory names compared without regard to case, as syft does):
//   SITE/NAME-VER.dist-info/METADATA   wheels (PEP 376, PEP 627; what pip installs)
//   SITE/NAME-VER.egg-info/PKG-INFO    setuptools "develop"/egg installs
//   SITE/NAME-VER.egg-info             the same as a single file (distutils, Python 2.7)
//   SITE/NAME-VER.egg/EGG-INFO/PKG-INFO  unzipped eggs
// (the suffix test is "dist-info"/"egg-info", so EGG-INFO and bare "dist-info" directories count.)
// SITE is the site-packages (or dist-packages) directory: two levels above METADATA or PKG-INFO,
// one above a single-file .egg-info. It is not stored separately; the location path holds it.
//
// Format: core metadata (https://packaging.python.org/en/latest/specifications/core-metadata/):
// RFC 822 headers, `Key: value`, a line starting with space or tab continues the previous value,
// the headers end at the first blank line (the description follows). Read: Name, Version,
// License (else License-Expression), Author (else Maintainer) with Author-email.
//
// Example:
//   lib/python3.11/site-packages/Jinja2-2.10.dist-info/METADATA
//   Metadata-Version: 2.1                    →  sbom::Package{type "pypi", name "Jinja2",
//   Name: Jinja2                                  version "2.10", license "BSD",
//   Version: 2.10                                 location.path "lib/python3.11/site-packages/
//   License: BSD                                                 Jinja2-2.10.dist-info/METADATA"}
//   → pkg:pypi/jinja2@2.10 (purl() lower-cases and turns '_' into '-'); advisories are looked up
//     under the PEP 503 name "jinja2" (vuln/ecosystem.cpp). The name keeps its spelling for
//     display.
//
// Defects: a NUL byte (not a text file) is an error; a line that is not `Key: value` is skipped
// with one warning; metadata without Name or Version lists no package and says so (a warning
// at the file); an empty file is a warning too. A distribution named "Python" (the interpreter's
// own egg-info) is not listed. Each file is its own PackageDb.
#include <string>
#include <string_view>
#include <utility>

#include "analyze/lang/lang_util.hpp"
#include "analyze/plugins.hpp"
#include "core/text.hpp"

namespace berth::analyze {
namespace {

constexpr std::string_view kName = "lang/python";

struct Headers {
    std::string name, version, license, license_expression, author, author_email, maintainer;
    std::size_t bad_line = 0;  // first line that is not a header (1-based), 0 = none
};

std::string* field(Headers& h, std::string_view key) {
    if (text::iequals(key, "Name")) return &h.name;
    if (text::iequals(key, "Version")) return &h.version;
    if (text::iequals(key, "License")) return &h.license;
    if (text::iequals(key, "License-Expression")) return &h.license_expression;
    if (text::iequals(key, "Author")) return &h.author;
    if (text::iequals(key, "Author-email")) return &h.author_email;
    if (text::iequals(key, "Maintainer")) return &h.maintainer;
    return nullptr;
}

// The header block of `text` (up to the first blank line).
Headers parse_headers(std::string_view text) {
    Headers h;
    std::string* current = nullptr;
    std::size_t number = 0;
    while (!text.empty()) {
        const std::string_view raw = text::next_line(text);
        ++number;
        std::string_view line = raw;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (text::trim(line).empty()) break;  // end of headers
        if (line.front() == ' ' || line.front() == '\t') {
            // Continuation: only License keeps it (multi-line license texts); others are one line.
            if (current == &h.license) *current += " " + std::string(text::trim(line));
            continue;
        }
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) {
            if (h.bad_line == 0) h.bad_line = number;
            current = nullptr;
            continue;
        }
        current = field(h, text::trim(line.substr(0, colon)));
        if (current != nullptr && current->empty())
            *current = std::string(text::trim(line.substr(colon + 1)));
    }
    return h;
}

class PythonInstalled final : public Analyzer {
  public:
    [[nodiscard]] std::string_view name() const override { return kName; }
    [[nodiscard]] int version() const override { return 1; }

    [[nodiscard]] bool required(std::string_view path, const FileInfo& /*info*/) const override {
        if (lang::iends_with(path, ".egg-info")) return true;  // the single-file form
        const std::string_view dir = lang::dir_name(path);
        const std::string_view base = lang::base_name(path);
        // "dist-info"/"egg-info" without the dot: syft's globs (*dist-info) accept bare
        // directories of those names, and its fixtures use them.
        if (base == "METADATA") return lang::iends_with(dir, "dist-info");
        if (base == "PKG-INFO") return lang::iends_with(dir, "egg-info");
        return false;
    }

    Status analyze(const AnalysisInput& input, LayerAnalysis& out) const override {
        auto text = lang::read_metadata(input);
        if (!text) return fail(text.error());
        if (text->find('\0') != std::string::npos) {
            return fail(ErrorCode::Format, "not Python core metadata: a NUL byte in the text",
                        input.path);
        }
        PackageDb db{std::string(kName), input.path, {}};
        const Headers h = parse_headers(*text);
        if (h.bad_line != 0) {
            out.diagnostics.push_back(lang::warning(kName,
                                                    "not a \"Key: value\" header line; skipped",
                                                    input.path + ":" + std::to_string(h.bad_line)));
        }
        if (h.name.empty() || h.version.empty()) {
            out.diagnostics.push_back(lang::warning(
                kName,
                text->empty() ? "empty metadata file; no package listed"
                              : "metadata without Name and Version; no package listed",
                input.path));
            out.package_dbs.push_back(std::move(db));
            return {};
        }
        // The interpreter registers itself (Debian's lib-dynload/Python-2.7.egg-info): not a
        // PyPI distribution (syft ignores it too).
        if (text::iequals(h.name, "python")) {
            out.package_dbs.push_back(std::move(db));
            return {};
        }
        sbom::Package p = lang::make_package("pypi", "", h.name, h.version, input.path);
        p.license = !h.license.empty() && h.license != "UNKNOWN" ? h.license : h.license_expression;
        std::string who = !h.author.empty() ? h.author : h.maintainer;
        if (!h.author_email.empty()) who += (who.empty() ? "" : " ") + h.author_email;
        p.maintainer = std::move(who);
        db.packages.push_back(std::move(p));
        out.package_dbs.push_back(std::move(db));
        return {};
    }
};

}  // namespace

std::unique_ptr<Analyzer> make_python_installed() {
    return std::make_unique<PythonInstalled>();
}

}  // namespace berth::analyze

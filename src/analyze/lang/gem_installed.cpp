// SPDX-License-Identifier: Apache-2.0
// lang/gem: installed Ruby gems, specifications/*.gemspec (after Trivy
// pkg/fanal/analyzer/language/ruby/gemspec and syft pkg/cataloger/ruby parse_gemspec).
//
// Files read: NAME-VERSION.gemspec in a `specifications` directory of a gem home
// (usr/lib/ruby/gems/3.1.0/specifications/, usr/local/bundle/specifications/, …) or below it
// (`specifications/default/`: the default gems that ship with Ruby; any depth, as syft's glob
// **/specifications/**/*.gemspec). Other .gemspec files are source trees' gemspecs, not
// installed gems.
//
// Format: the Ruby file `gem install` writes (Gem::Specification#to_ruby), read WITHOUT running
// Ruby: inside `Gem::Specification.new do |s|` the assignments
//   s.name = "formatador".freeze     s.version = "1.1.0"     s.licenses = ["MIT".freeze]
//   s.authors = ["geemus".freeze]    s.name = %q{rake}       (old gemspecs)
// are read for any block variable name; a value is the first string literal ("…", '…', %q{…},
// %Q{…}) after the '='; `Gem::Version.new("1.0")` works the same way. A value with `#{…}`
// interpolation of another field is not evaluated (only name and version matter for identity
// and those are literals in generated gemspecs).
//
// Example:
//   usr/lib/ruby/gems/3.1.0/specifications/formatador-1.1.0.gemspec
//     → sbom::Package{type "gem", name "formatador", version "1.1.0", license "MIT",
//                     maintainer "geemus (Wesley Beary)"} → pkg:gem/formatador@1.1.0
//
// Defects: a NUL byte is an error; a file without `Gem::Specification.new` or without a name and
// version literal lists no package and says so (a warning at the file).
#include <string>
#include <string_view>
#include <utility>

#include "analyze/lang/lang_util.hpp"
#include "analyze/plugins.hpp"
#include "core/text.hpp"

namespace berth::analyze {
namespace {

constexpr std::string_view kName = "lang/gem";

// The first Ruby string literal at the start of `v` (after spaces, `[` and `Gem::Version.new(`):
// "x", 'x', %q{x}, %Q{x}, %q(x). Escapes are kept as written except \" and \\.
// `rest` (when given) receives what follows the literal.
std::string first_literal(std::string_view v, std::string_view* rest = nullptr) {
    v = text::trim(v);
    for (std::string_view skip : {"[", "Gem::Version.new(", "Gem::Version.new ", "("}) {
        if (v.substr(0, skip.size()) == skip) v = text::trim(v.substr(skip.size()));
    }
    if (v.empty()) return {};
    char close = 0;
    std::size_t start = 1;
    if (v.front() == '"' || v.front() == '\'') {
        close = v.front();
    } else if (v.size() >= 3 && v[0] == '%' && (v[1] == 'q' || v[1] == 'Q')) {
        const char open = v[2];
        close = open == '{'   ? '}'
                : open == '(' ? ')'
                : open == '[' ? ']'
                : open == '<' ? '>'
                              : open;
        start = 3;
    } else {
        return {};
    }
    std::string out;
    for (std::size_t i = start; i < v.size(); ++i) {
        if (v[i] == '\\' && i + 1 < v.size() && (v[i + 1] == close || v[i + 1] == '\\')) {
            out.push_back(v[++i]);
            continue;
        }
        if (v[i] == close) {
            if (rest != nullptr) *rest = v.substr(i + 1);
            return out;
        }
        out.push_back(v[i]);
    }
    return {};  // unterminated
}

// Every string literal of an array value: ["MIT".freeze, "Ruby".freeze] → "MIT, Ruby".
std::string literal_list(std::string_view v) {
    std::string out;
    v = text::trim(v);
    if (v.empty() || v.front() != '[') return first_literal(v);
    v.remove_prefix(1);
    while (!v.empty()) {
        std::string_view rest;
        const std::string lit = first_literal(v, &rest);
        if (lit.empty()) break;
        out += (out.empty() ? "" : ", ") + lit;
        v = rest;
        const auto comma = v.find(',');
        if (comma == std::string_view::npos) break;
        v = v.substr(comma + 1);
    }
    return out;
}

struct Spec {
    std::string name, version, licenses, authors;
    bool saw_new = false;
};

Spec parse_gemspec(std::string_view text) {
    Spec s;
    while (!text.empty()) {
        const std::string_view line = text::trim(text::next_line(text));
        if (line.empty() || line.front() == '#') continue;
        if (line.find("Gem::Specification.new") != std::string_view::npos) {
            s.saw_new = true;
            continue;
        }
        if (!s.saw_new) continue;
        // IDENT.FIELD = VALUE
        const auto dot = line.find('.');
        const auto eq = line.find('=');
        if (dot == std::string_view::npos || eq == std::string_view::npos || eq < dot) continue;
        if (eq + 1 < line.size() && line[eq + 1] == '=') continue;  // a comparison
        const std::string_view key = text::trim(line.substr(dot + 1, eq - dot - 1));
        const std::string_view value = line.substr(eq + 1);
        if (key == "name" && s.name.empty()) s.name = first_literal(value);
        if (key == "version" && s.version.empty()) s.version = first_literal(value);
        if ((key == "licenses" || key == "license") && s.licenses.empty())
            s.licenses = literal_list(value);
        if ((key == "authors" || key == "author") && s.authors.empty())
            s.authors = literal_list(value);
    }
    return s;
}

class GemInstalled final : public Analyzer {
  public:
    [[nodiscard]] std::string_view name() const override { return kName; }
    [[nodiscard]] int version() const override { return 1; }

    [[nodiscard]] bool required(std::string_view path, const FileInfo& /*info*/) const override {
        if (!lang::ends_with(path, ".gemspec")) return false;
        return lang::has_segment(lang::dir_name(path), "specifications");
    }

    Status analyze(const AnalysisInput& input, LayerAnalysis& out) const override {
        auto text = lang::read_metadata(input);
        if (!text) return fail(text.error());
        if (text->find('\0') != std::string::npos) {
            return fail(ErrorCode::Format, "not a gemspec: a NUL byte in the text", input.path);
        }
        PackageDb db{std::string(kName), input.path, {}};
        const Spec s = parse_gemspec(*text);
        if (s.name.empty() || s.version.empty()) {
            out.diagnostics.push_back(lang::warning(
                kName,
                s.saw_new ? "gemspec without a literal name and version; no package listed"
                          : "no Gem::Specification.new in the file; no package listed",
                input.path));
            out.package_dbs.push_back(std::move(db));
            return {};
        }
        sbom::Package p = lang::make_package("gem", "", s.name, s.version, input.path);
        p.license = s.licenses;
        p.maintainer = s.authors;
        db.packages.push_back(std::move(p));
        out.package_dbs.push_back(std::move(db));
        return {};
    }
};

}  // namespace

std::unique_ptr<Analyzer> make_gem_installed() {
    return std::make_unique<GemInstalled>();
}

}  // namespace berth::analyze

// SPDX-License-Identifier: Apache-2.0
// purl-spec parser (PURL-SPECIFICATION.rst "How to parse a purl string in its components", and
// the per-type rules of types/*-definition.json at purl-spec 16f3d0e).
//
// Example:
//   "pkg:npm/%40angular/animation@12.3.1#/lib/"  →  {npm, "@angular", "animation", "12.3.1", {},
//   "lib"} "pkg:PYPI/Django_package@1.11.1.dev1"         →  {pypi, "", "django-package",
//   "1.11.1.dev1"} "pkg:rpm/fedora/centerim@4.22.10-1.el6?epoch=1&arch=i686"
//                                                 →  {rpm, "fedora", "centerim", …, {arch, epoch}}
#include "sbom/purl_parse.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/text.hpp"

namespace berth::sbom {
namespace {

enum class Requirement { Optional, Required, Prohibited };

// One row per type with a rule beyond the generic grammar; types not listed are parsed by the
// generic rules only. From types/<type>-definition.json: namespace_definition.requirement and
// case_sensitive=false (→ lower-cased), name_definition.case_sensitive=false,
// version_definition.case_sensitive=false. purl_parse_test.cpp checks this table against the
// definition files.
struct TypeRule {
    std::string_view type;
    Requirement nspace = Requirement::Optional;
    bool lower_nspace = false;
    bool lower_name = false;
    bool lower_version = false;
    std::string_view required_qualifier;
};

using R = Requirement;
// clang-format off
constexpr TypeRule kTypeRules[] = {
    {"alpm",             R::Required,   true,  true,  false, ""},
    {"apk",              R::Required,   true,  true,  false, ""},
    {"bazel",            R::Prohibited, false, false, false, ""},
    {"bitbucket",        R::Required,   true,  true,  false, ""},
    {"bitnami",          R::Prohibited, false, true,  false, ""},
    {"brew",             R::Optional,   true,  true,  false, ""},
    {"cargo",            R::Prohibited, false, false, false, ""},
    {"chrome-extension", R::Prohibited, false, true,  false, ""},
    {"cocoapods",        R::Prohibited, false, false, false, ""},
    {"composer",         R::Required,   true,  true,  false, ""},
    {"conda",            R::Prohibited, false, false, false, ""},
    {"cran",             R::Prohibited, false, false, false, ""},
    {"deb",              R::Required,   true,  true,  false, ""},
    {"gem",              R::Prohibited, false, false, false, ""},
    {"git",              R::Required,   false, false, false, ""},
    {"github",           R::Required,   true,  true,  false, ""},
    {"golang",           R::Required,   false, false, false, ""},
    {"hackage",          R::Prohibited, false, false, false, ""},
    {"hex",              R::Optional,   true,  true,  false, ""},
    {"huggingface",      R::Required,   false, false, true,  ""},
    {"julia",            R::Prohibited, false, false, false, "uuid"},
    {"luarocks",         R::Optional,   true,  true,  false, ""},
    {"maven",            R::Required,   false, false, false, ""},
    {"mlflow",           R::Prohibited, false, false, false, ""},
    {"nuget",            R::Prohibited, false, false, false, ""},
    {"oci",              R::Prohibited, false, true,  true,  ""},
    {"opam",             R::Prohibited, false, false, false, ""},
    {"otp",              R::Prohibited, false, true,  false, ""},
    {"pub",              R::Prohibited, false, true,  false, ""},
    {"pypi",             R::Prohibited, false, true,  true,  ""},
    {"qpkg",             R::Required,   true,  false, false, ""},
    {"rpm",              R::Required,   true,  false, false, ""},
    {"swid",             R::Optional,   false, false, false, "tag_id"},
    {"swift",            R::Required,   false, false, false, ""},
    {"vcpkg",            R::Prohibited, false, false, false, ""},
    {"vscode-extension", R::Required,   true,  true,  true,  ""},
    {"yocto",            R::Optional,   true,  false, false, ""},
};
// clang-format on

const TypeRule* find_rule(std::string_view type) {
    for (const auto& r : kTypeRules) {
        if (r.type == type) return &r;
    }
    return nullptr;
}

tl::unexpected<Error> invalid(std::string message, std::string_view text) {
    return fail(ErrorCode::InvalidArgument, std::move(message), "purl " + std::string(text));
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_lower_alpha(char c) {
    return c >= 'a' && c <= 'z';
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Percent-decodes; '+' stays '+' (purl is not form encoding). nullopt on a broken escape.
std::optional<std::string> decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out.push_back(s[i]);
            continue;
        }
        if (i + 2 >= s.size()) return std::nullopt;
        int hi = hex_value(s[i + 1]);
        int lo = hex_value(s[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    return out;
}

// Type: ASCII letters, digits, '.', '+', '-'; must not start with a digit.
bool valid_type(std::string_view t) {
    if (t.empty() || is_digit(t.front())) return false;
    return std::all_of(t.begin(), t.end(), [](char c) {
        return is_lower_alpha(c) || is_digit(c) || c == '.' || c == '+' || c == '-';
    });
}

// Qualifier key (after lower-casing): letters, digits, '.', '-', '_'; not starting with a digit.
bool valid_key(std::string_view k) {
    if (k.empty() || is_digit(k.front())) return false;
    return std::all_of(k.begin(), k.end(), [](char c) {
        return is_lower_alpha(c) || is_digit(c) || c == '.' || c == '-' || c == '_';
    });
}

// chrome-extension: name ^[a-p]{32}$, version ^\d+(\.\d+){0,3}$ (permitted_characters).
bool chrome_name(std::string_view n) {
    return n.size() == 32 &&
           std::all_of(n.begin(), n.end(), [](char c) { return c >= 'a' && c <= 'p'; });
}

bool chrome_version(std::string_view v) {
    if (v.empty()) return true;
    auto parts = text::split(v, '.');
    if (parts.size() > 4) return false;
    return std::all_of(parts.begin(), parts.end(), [](std::string_view p) {
        return !p.empty() && std::all_of(p.begin(), p.end(), is_digit);
    });
}

// Subpath segments: '/'-separated, empty, '.' and '..' segments dropped.
Status parse_subpath(std::string_view sub, std::string_view text, Purl& p) {
    for (std::string_view seg : text::split(sub, '/')) {
        if (seg.empty() || seg == "." || seg == "..") continue;
        auto d = decode(seg);
        if (!d) return invalid("bad percent-escape in subpath", text);
        if (*d == "." || *d == ".." || d->find('/') != std::string::npos) {
            return invalid("subpath segment \"" + *d + "\" is not allowed", text);
        }
        if (!p.subpath.empty()) p.subpath += '/';
        p.subpath += *d;
    }
    return {};
}

// Qualifiers: key=value pairs separated by '&'; keys lower-cased, empty values dropped.
Status parse_qualifiers(std::string_view qs, std::string_view text, Purl& p) {
    for (std::string_view pair : text::split(qs, '&')) {
        if (pair.empty()) continue;
        auto eq = pair.find('=');
        if (eq == std::string_view::npos) {
            return invalid("qualifier \"" + std::string(pair) + "\" has no '='", text);
        }
        std::string key = text::lower(pair.substr(0, eq));
        if (!valid_key(key)) {
            return invalid("qualifier key \"" + key + "\" is not valid", text);
        }
        auto value = decode(pair.substr(eq + 1));
        if (!value) return invalid("bad percent-escape in qualifier " + key, text);
        if (p.qualifiers.count(key) != 0) {
            return invalid("qualifier key \"" + key + "\" is repeated", text);
        }
        if (!value->empty()) p.qualifiers.emplace(std::move(key), std::move(*value));
    }
    return {};
}

// The rules of kTypeRules and the per-type normalizations of purl-spec's type definitions.
Status apply_type_rules(std::string_view text, Purl& p) {
    const TypeRule* rule = find_rule(p.type);
    if (rule != nullptr) {
        if (rule->nspace == R::Required && p.nspace.empty()) {
            return invalid("type " + p.type + " requires a namespace", text);
        }
        if (rule->nspace == R::Prohibited && !p.nspace.empty()) {
            return invalid("type " + p.type + " does not allow a namespace", text);
        }
        if (rule->lower_nspace) p.nspace = text::lower(p.nspace);
        if (rule->lower_name) p.name = text::lower(p.name);
        if (rule->lower_version) p.version = text::lower(p.version);
        if (!rule->required_qualifier.empty() &&
            p.qualifiers.count(std::string(rule->required_qualifier)) == 0) {
            return invalid("type " + p.type + " requires the qualifier " +
                               std::string(rule->required_qualifier),
                           text);
        }
    }
    if (p.type == "pypi") {
        std::replace(p.name.begin(), p.name.end(), '_', '-');
    } else if (p.type == "pub") {
        for (auto& c : p.name) {
            if (!is_lower_alpha(c) && !is_digit(c)) c = '_';
        }
    } else if (p.type == "cpan") {
        // A distribution name, never a module name; the namespace is an upper-case CPAN id.
        if (p.name.find("::") != std::string::npos) {
            return invalid("cpan name \"" + p.name + "\" is a module name, not a distribution",
                           text);
        }
        p.nspace = text::upper(p.nspace);
    } else if (p.type == "mlflow") {
        // Databricks model names are case-insensitive (lower-cased); Azure ML keeps the case.
        auto it = p.qualifiers.find("repository_url");
        if (it != p.qualifiers.end() &&
            text::lower(it->second).find("azuredatabricks.net") != std::string::npos) {
            p.name = text::lower(p.name);
        }
    } else if (p.type == "chrome-extension") {
        if (!chrome_name(p.name)) {
            return invalid("chrome-extension name must be 32 letters a-p", text);
        }
        if (!chrome_version(p.version)) {
            return invalid("chrome-extension version must be 1 to 4 dot-separated numbers", text);
        }
    }
    return {};
}

}  // namespace

Result<Purl> parse_purl(std::string_view text) {
    Purl p;
    std::string_view rest = text;

    // Subpath: after the first '#'.
    if (auto hash = rest.find('#'); hash != std::string_view::npos) {
        if (auto st = parse_subpath(rest.substr(hash + 1), text, p); !st) return fail(st.error());
        rest = rest.substr(0, hash);
    }

    // Qualifiers: after the first '?'.
    if (auto q = rest.find('?'); q != std::string_view::npos) {
        if (auto st = parse_qualifiers(rest.substr(q + 1), text, p); !st) return fail(st.error());
        rest = rest.substr(0, q);
    }

    // Scheme: "pkg:" (case-insensitive), then any number of '/' (pkg://maven/… is tolerated).
    auto colon = rest.find(':');
    if (colon == std::string_view::npos || text::lower(rest.substr(0, colon)) != "pkg") {
        return invalid("does not start with the scheme \"pkg:\"", text);
    }
    rest = rest.substr(colon + 1);
    while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);

    // Type: up to the first '/'.
    auto slash = rest.find('/');
    if (slash == std::string_view::npos) return invalid("has no name (pkg:TYPE/NAME)", text);
    p.type = text::lower(rest.substr(0, slash));
    if (!valid_type(p.type)) return invalid("type \"" + p.type + "\" is not valid", text);
    rest = rest.substr(slash + 1);
    while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);

    // Version: after the last '@' of the last segment (so "@scope" namespaces stay intact).
    std::size_t last_slash = rest.rfind('/');
    std::size_t seg_start = last_slash == std::string_view::npos ? 0 : last_slash + 1;
    if (auto at = rest.rfind('@'); at != std::string_view::npos && at >= seg_start) {
        auto v = decode(rest.substr(at + 1));
        if (!v) return invalid("bad percent-escape in version", text);
        p.version = std::move(*v);
        rest = rest.substr(0, at);
    }

    // Name and namespace. git keeps the host as namespace and the repository path as name.
    std::vector<std::string> segments;
    for (std::string_view seg : text::split(rest, '/')) {
        if (seg.empty()) continue;
        auto d = decode(seg);
        if (!d) return invalid("bad percent-escape in namespace or name", text);
        segments.push_back(std::move(*d));
    }
    if (segments.empty() || rest.back() == '/') {
        return invalid("name is empty", text);
    }
    std::size_t name_from = p.type == "git" ? 1 : segments.size() - 1;
    if (p.type == "git" && segments.size() < 2) name_from = segments.size();
    for (std::size_t i = 0; i < segments.size(); ++i) {
        std::string& target = i < name_from ? p.nspace : p.name;
        if (!target.empty()) target += '/';
        target += segments[i];
    }
    if (p.name.empty()) return invalid("name is empty", text);

    if (auto st = apply_type_rules(text, p); !st) return fail(st.error());
    return p;
}

}  // namespace berth::sbom

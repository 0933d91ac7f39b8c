// SPDX-License-Identifier: Apache-2.0
// CycloneDX 1.6 JSON (https://cyclonedx.org/docs/1.6/json/, schema bom-1.6.schema.json), plus the
// helpers both encoders share (namespace encode_detail, declared in common.hpp).
//
// Example: libc6 2.36-9+deb12u4 amd64 from var/lib/dpkg/status in layer 0 of debian:12 →
//   metadata.component {"type": "container", "name": "docker.io/library/debian:12",
//                       "purl": "pkg:oci/debian@sha256:…?arch=amd64&repository_url=…&tag=12", …}
//   components[] {"type": "library", "bom-ref": "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?…",
//                 "name": "libc6", "version": "2.36-9+deb12u4", "purl": …,
//                 "properties": [{"name": "berth:layer_introduced", "value": "0"}, …]}
//   dependencies [{"ref": <image bom-ref>, "dependsOn": [<os bom-ref>, <package bom-refs>…]}]
// Output is canonical JSON; components, properties and dependsOn are in a fixed order that does
// not depend on the order of Inventory::packages, so equal inventories give equal bytes.
#include <algorithm>
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "core/json.hpp"
#include "sbom/encode/common.hpp"
#include "sbom/encode/encode.hpp"

namespace berth::sbom {

namespace encode_detail {
namespace {

// SPDX License List ids that OS packages commonly declare (apk L:, rpm License: on distros that
// use SPDX, e.g. Fedora ≥ 38). Deprecated ids (GPL-2.0, GPL-2.0+, …) are still valid ids.
// encode_test.cpp checks every entry against the CycloneDX copy of the list (spdx.schema.json).
// clang-format off
constexpr std::string_view kLicenseIds[] = {
    "0BSD", "AFL-2.1", "AFL-3.0", "AGPL-1.0-only", "AGPL-3.0", "AGPL-3.0-only", "AGPL-3.0-or-later",
    "Apache-1.0", "Apache-1.1", "Apache-2.0", "APSL-2.0", "Artistic-1.0", "Artistic-1.0-Perl",
    "Artistic-2.0", "Beerware", "blessing", "BSD-1-Clause", "BSD-2-Clause", "BSD-2-Clause-Patent",
    "BSD-3-Clause", "BSD-3-Clause-Clear", "BSD-4-Clause", "BSD-4-Clause-UC", "BSD-Source-Code",
    "BSL-1.0", "bzip2-1.0.6", "CC-BY-3.0", "CC-BY-4.0", "CC-BY-SA-3.0", "CC-BY-SA-4.0", "CC-PDDC",
    "CC0-1.0", "CDDL-1.0", "CDDL-1.1", "CPL-1.0", "curl", "ECL-2.0", "EPL-1.0", "EPL-2.0",
    "EUPL-1.1", "EUPL-1.2", "FSFAP", "FSFUL", "FSFULLR", "FTL", "GFDL-1.1", "GFDL-1.1-only",
    "GFDL-1.1-or-later", "GFDL-1.2", "GFDL-1.2-only", "GFDL-1.2-or-later", "GFDL-1.3",
    "GFDL-1.3-only", "GFDL-1.3-or-later", "GPL-1.0", "GPL-1.0+", "GPL-1.0-only", "GPL-1.0-or-later",
    "GPL-2.0", "GPL-2.0+", "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0", "GPL-3.0+",
    "GPL-3.0-only", "GPL-3.0-or-later", "HPND", "HPND-sell-variant", "ICU", "IJG", "Info-ZIP",
    "IPA", "ISC", "JSON", "LGPL-2.0", "LGPL-2.0+", "LGPL-2.0-only", "LGPL-2.0-or-later", "LGPL-2.1",
    "LGPL-2.1+", "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0", "LGPL-3.0+", "LGPL-3.0-only",
    "LGPL-3.0-or-later", "Libpng", "libpng-2.0", "libtiff", "LPPL-1.3c", "MirOS", "MIT", "MIT-0",
    "MIT-CMU", "MIT-open-group", "MPL-1.0", "MPL-1.1", "MPL-2.0", "MPL-2.0-no-copyleft-exception",
    "MS-PL", "MS-RL", "NCSA", "NTP", "OFL-1.1", "OLDAP-2.8", "OpenSSL", "OpenSSL-standalone",
    "PHP-3.0", "PHP-3.01", "PostgreSQL", "PSF-2.0", "Python-2.0", "Ruby", "SGI-B-2.0", "Sleepycat",
    "SMLNJ", "SSLeay-standalone", "TCL", "Unicode-3.0", "Unicode-DFS-2015", "Unicode-DFS-2016",
    "Unlicense", "UPL-1.0", "Vim", "W3C", "W3C-20150513", "WTFPL", "X11", "XFree86-1.1", "Zlib",
    "zlib-acknowledgement", "ZPL-2.1",
};
// clang-format on

// SPDX license exception ids (the right-hand side of WITH).
// clang-format off
constexpr std::string_view kExceptionIds[] = {
    "Autoconf-exception-2.0", "Autoconf-exception-3.0", "Bison-exception-2.2",
    "Classpath-exception-2.0", "Font-exception-2.0", "GCC-exception-2.0", "GCC-exception-3.1",
    "GPL-3.0-linking-exception", "LGPL-3.0-linking-exception", "Libtool-exception",
    "Linux-syscall-note", "LLVM-exception", "OCaml-LGPL-linking-exception",
    "OpenJDK-assembly-exception-1.0", "openvpn-openssl-exception", "Qt-GPL-exception-1.0",
    "Qt-LGPL-exception-1.1", "u-boot-exception-2.0", "Universal-FOSS-exception-1.0",
    "WxWindows-exception-3.1",
};
// clang-format on

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i];
        char y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

template <std::size_t N>
std::optional<std::string_view> find_id(const std::string_view (&list)[N], std::string_view id) {
    for (std::string_view known : list) {
        if (iequals(known, id)) return known;
    }
    return std::nullopt;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

// Recursive-descent parser for SPDX license expressions (SPDX 2.3 Annex D):
//   or-expr  := and-expr ("OR" and-expr)*      AND binds tighter than OR
//   and-expr := atom ("AND" atom)*
//   atom     := "(" or-expr ")" | license-id ["+"] ["WITH" exception-id]
// It rewrites each id in its canonical case and appends the tokens to `out`.
class LicenseParser {
  public:
    explicit LicenseParser(std::vector<std::string> tokens) : tokens_(std::move(tokens)) {}

    std::optional<std::vector<std::string>> parse() {
        if (tokens_.empty() || !or_expr() || pos_ != tokens_.size()) return std::nullopt;
        return out_;
    }

  private:
    [[nodiscard]] bool at(std::string_view t) const {
        return pos_ < tokens_.size() && tokens_[pos_] == t;
    }

    bool or_expr() {
        if (!and_expr()) return false;
        while (at("OR")) {
            out_.emplace_back("OR");
            ++pos_;
            if (!and_expr()) return false;
        }
        return true;
    }

    bool and_expr() {
        if (!atom()) return false;
        while (at("AND")) {
            out_.emplace_back("AND");
            ++pos_;
            if (!atom()) return false;
        }
        return true;
    }

    bool atom() {
        if (pos_ >= tokens_.size()) return false;
        if (at("(")) {
            // License strings come from the image: bound the recursion.
            if (++depth_ > kMaxDepth) return false;
            out_.emplace_back("(");
            ++pos_;
            if (!or_expr() || !at(")")) return false;
            out_.emplace_back(")");
            ++pos_;
            --depth_;
            return true;
        }
        std::string_view token = tokens_[pos_];
        if (token == "AND" || token == "OR" || token == "WITH" || token == ")") return false;
        std::string id;
        if (auto known = find_id(kLicenseIds, token)) {
            id = std::string(*known);
        } else if (token.size() > 1 && token.back() == '+') {
            auto base = find_id(kLicenseIds, token.substr(0, token.size() - 1));
            if (!base) return false;
            id = std::string(*base) + "+";
        } else {
            return false;
        }
        out_.push_back(std::move(id));
        ++pos_;
        if (at("WITH")) {
            ++pos_;
            if (pos_ >= tokens_.size()) return false;
            auto exception = find_id(kExceptionIds, tokens_[pos_]);
            if (!exception) return false;
            out_.emplace_back("WITH");
            out_.emplace_back(*exception);
            ++pos_;
        }
        return true;
    }

    static constexpr std::size_t kMaxDepth = 16;

    std::vector<std::string> tokens_;
    std::size_t pos_ = 0;
    std::size_t depth_ = 0;
    std::vector<std::string> out_;
};

using PackageKey =
    std::tuple<const std::string&, const std::string&, std::size_t, std::size_t, std::string,
               std::string, const std::string&, const std::string&, const std::string&,
               const std::string&, const std::string&, const std::string&, const std::string&,
               const std::string&, const std::string&, const std::string&, const std::string&,
               const std::string&, bool>;

PackageKey package_key(const SortedPackage& s) {
    const Package& p = *s.package;
    return {s.purl,
            p.location.path,
            p.location.layer_introduced,
            p.location.layer_changed,
            p.location.layer_digest.str(),
            p.location.layer_diff_id.str(),
            p.type,
            p.name,
            p.version,
            p.epoch,
            p.release,
            p.arch,
            p.source_name,
            p.source_version,
            p.maintainer,
            p.vendor,
            p.license,
            p.modularity_label,
            p.files_whited_out};
}

}  // namespace

std::string oci_purl(std::string_view name, std::string_view version,
                     std::vector<std::pair<std::string, std::string>> qualifiers) {
    std::string out = "pkg:oci/" + purl_escape(lower(name));
    if (!version.empty()) out += "@" + purl_escape(version);
    std::sort(qualifiers.begin(), qualifiers.end());
    char sep = '?';
    for (const auto& [key, value] : qualifiers) {
        if (value.empty()) continue;
        out += sep + key + "=" + purl_escape(value);
        sep = '&';
    }
    return out;
}

namespace {

// Parts of ImageMeta::name that an oci purl uses.
struct ImageName {
    std::string repository;     // "docker.io/library/debian" (reference) or a name from a path
    std::string tag;            // "12" when the reference has one
    bool has_registry = false;  // repository starts with a registry host
};

constexpr std::string_view kTransports[] = {
    "docker-archive:", "oci-archive:", "oci:", "rootfs:", "docker:", "daemon:"};

// A reference as image::Reference::str() writes it: [host[:port]/]path[:tag][@alg:hex], lower-case
// path. Anything else (transport prefix, file path) is an input spec, not a reference.
bool reference_shaped(std::string_view s) {
    if (s.empty() || s.front() == '/' || s.front() == '.' || s.front() == '~') return false;
    for (std::string_view t : kTransports) {
        if (s.substr(0, t.size()) == t) return false;
    }
    return std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '_' || c == '-' || c == '/' || c == ':' || c == '@';
    });
}

ImageName split_image_name(std::string_view s) {
    ImageName out;
    if (reference_shaped(s)) {
        if (auto at = s.find('@'); at != std::string_view::npos) s = s.substr(0, at);
        auto slash = s.rfind('/');
        auto colon = s.rfind(':');
        if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
            out.tag = std::string(s.substr(colon + 1));
            s = s.substr(0, colon);
        }
        out.repository = std::string(s);
        if (auto first = s.find('/'); first != std::string_view::npos) {
            std::string_view host = s.substr(0, first);
            out.has_registry =
                host.find_first_of(".:") != std::string_view::npos || host == "localhost";
        }
        return out;
    }
    // An input spec: name the image after the last path component ("oci:./images:app" → images,
    // "docker-archive:/tmp/app.tar" → app, "rootfs:/srv/chroot" → chroot).
    for (std::string_view t : kTransports) {
        if (s.substr(0, t.size()) == t) {
            bool layout = t == "oci:" || t == "oci-archive:";
            s.remove_prefix(t.size());
            if (layout) {
                auto slash = s.rfind('/');
                auto colon = s.rfind(':');
                if (colon != std::string_view::npos &&
                    (slash == std::string_view::npos || colon > slash)) {
                    s = s.substr(0, colon);
                }
            }
            break;
        }
    }
    while (!s.empty() && s.back() == '/') s.remove_suffix(1);
    if (auto slash = s.rfind('/'); slash != std::string_view::npos) s = s.substr(slash + 1);
    for (std::string_view ext : {".tar.gz", ".tgz", ".tar"}) {
        if (s.size() > ext.size() && s.substr(s.size() - ext.size()) == ext) {
            s.remove_suffix(ext.size());
            break;
        }
    }
    out.repository = std::string(s);
    return out;
}

}  // namespace

std::string image_purl(const ImageMeta& image) {
    if (!image.manifest_digest || image.manifest_digest->empty()) return "";
    ImageName n = split_image_name(image.name);
    std::string name = n.repository;
    if (auto slash = name.rfind('/'); slash != std::string::npos) name = name.substr(slash + 1);
    if (name.empty()) name = "image";
    std::vector<std::pair<std::string, std::string>> q{{"arch", image.architecture},
                                                       {"tag", n.tag}};
    if (n.has_registry) q.emplace_back("repository_url", n.repository);
    return oci_purl(name, image.manifest_digest->str(), std::move(q));
}

std::string image_version(const ImageMeta& image) {
    if (image.manifest_digest && !image.manifest_digest->empty())
        return image.manifest_digest->str();
    if (image.image_id && !image.image_id->empty()) return image.image_id->str();
    return "";
}

std::optional<std::string> spdx_license_expression(std::string_view raw) {
    std::vector<std::string> tokens;
    std::string current;
    auto flush = [&] {
        if (!current.empty()) tokens.push_back(std::move(current));
        current.clear();
    };
    for (char c : raw) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            flush();
        } else if (c == '(' || c == ')') {
            flush();
            tokens.emplace_back(1, c);
        } else {
            current.push_back(c);
        }
    }
    flush();
    // apk (APKBUILD `license=`) and older packages list several licenses separated by spaces,
    // meaning all of them apply ("MPL-2.0 GPL-2.0-or-later"); Syft and Trivy split such lists
    // into one license each. SPDX has no list syntax, so two or more listed ids with no operator
    // between them become a conjunction. Anything else that does not parse stays unknown.
    if (tokens.size() >= 2 && std::all_of(tokens.begin(), tokens.end(), [](const std::string& t) {
            return find_id(kLicenseIds, t).has_value();
        })) {
        std::string out;
        for (const auto& t : tokens) {
            if (!out.empty()) out += " AND ";
            out += *find_id(kLicenseIds, t);
        }
        return out;
    }
    auto parsed = LicenseParser(std::move(tokens)).parse();
    if (!parsed) return std::nullopt;
    std::string out;
    for (const auto& t : *parsed) {
        if (!out.empty() && out.back() != '(' && t != ")") out += ' ';
        out += t;
    }
    return out;
}

bool is_listed_spdx_license(std::string_view id) {
    return std::find(std::begin(kLicenseIds), std::end(kLicenseIds), id) != std::end(kLicenseIds);
}

std::vector<std::string_view> listed_spdx_ids() {
    std::vector<std::string_view> out(std::begin(kLicenseIds), std::end(kLicenseIds));
    out.insert(out.end(), std::begin(kExceptionIds), std::end(kExceptionIds));
    return out;
}

std::pair<std::string, std::string> split_contact(std::string_view text) {
    auto trim = [](std::string_view v) {
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
        while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
        return v;
    };
    text = trim(text);
    auto open = text.rfind('<');
    if (!text.empty() && text.back() == '>' && open != std::string_view::npos) {
        return {std::string(trim(text.substr(0, open))),
                std::string(trim(text.substr(open + 1, text.size() - open - 2)))};
    }
    return {std::string(text), ""};
}

std::vector<SortedPackage> sorted_packages(const Inventory& inventory) {
    std::vector<SortedPackage> out;
    out.reserve(inventory.packages.size());
    for (const auto& p : inventory.packages) out.push_back({purl(p, inventory.os), &p});
    std::sort(out.begin(), out.end(), [](const SortedPackage& a, const SortedPackage& b) {
        return package_key(a) < package_key(b);
    });
    return out;
}

std::vector<std::string> unique_ids(std::vector<std::string> ids,
                                    const std::vector<std::string>& alternatives) {
    std::map<std::string, std::size_t> count;
    for (const auto& id : ids) ++count[id];
    std::set<std::string> used;
    for (const auto& [id, n] : count) {
        if (n == 1) used.insert(id);
    }
    std::map<std::string, std::size_t> next;  // per repeated id: the next "-N" to try
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (count[ids[i]] == 1) continue;
        if (i < alternatives.size() && !alternatives[i].empty() &&
            used.insert(alternatives[i]).second) {
            ids[i] = alternatives[i];
            continue;
        }
        std::size_t& n = next.try_emplace(ids[i], 1).first->second;
        while (!used.insert(ids[i] + "-" + std::to_string(n)).second) ++n;
        ids[i] += "-" + std::to_string(n++);
    }
    return ids;
}

}  // namespace encode_detail

namespace {

using nlohmann::json;

constexpr std::string_view kSchema = "http://cyclonedx.org/schema/bom-1.6.schema.json";

json property(std::string name, std::string value) {
    return {{"name", std::move(name)}, {"value", std::move(value)}};
}

// The serialNumber pattern of bom-1.6: urn:uuid: + lower-case 8-4-4-4-12 hex.
std::optional<std::string> serial_number(std::string_view uuid) {
    if (uuid.size() != 36) return std::nullopt;
    std::string out = "urn:uuid:";
    for (std::size_t i = 0; i < uuid.size(); ++i) {
        char c = uuid[i];
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash) {
            if (c != '-') return std::nullopt;
        } else if (c >= 'A' && c <= 'F') {
            c = static_cast<char>(c - 'A' + 'a');
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return std::nullopt;
        }
        out.push_back(c);
    }
    return out;
}

// licenses: an SPDX id → {"license": {"id"}}; another valid SPDX expression → the one-element
// {"expression"} form; anything else (e.g. rpm "GPLv2+ and BSD") → {"license": {"name"}}.
json licenses(const std::string& raw) {
    auto expression = encode_detail::spdx_license_expression(raw);
    if (expression && encode_detail::is_listed_spdx_license(*expression)) {
        return json::array({{{"license", {{"id", *expression}}}}});
    }
    if (expression) return json::array({{{"expression", *expression}}});
    return json::array({{{"license", {{"name", raw}}}}});
}

json supplier(const std::string& name, const std::string& email) {
    json s = {{"name", name}};
    if (!email.empty()) s["contact"] = json::array({{{"email", email}}});
    return s;
}

json package_component(const Package& p, const std::string& purl, const std::string& bom_ref) {
    json c = {{"type", "library"}, {"bom-ref", bom_ref}, {"name", p.name}, {"purl", purl}};
    if (!p.purl_namespace.empty()) c["group"] = p.purl_namespace;  // Maven group, npm scope
    if (!p.version.empty()) c["version"] = p.version;
    bool has_license = p.license.find_first_not_of(" \t") != std::string::npos;
    if (has_license) c["licenses"] = licenses(p.license);
    // Supplier: the rpm Vendor (an organization), else the deb/apk maintainer. Publisher: the
    // maintainer line as written, else the vendor.
    if (!p.vendor.empty()) {
        c["supplier"] = supplier(p.vendor, "");
    } else if (!p.maintainer.empty()) {
        auto [name, email] = encode_detail::split_contact(p.maintainer);
        if (!name.empty()) c["supplier"] = supplier(name, email);
    }
    if (!p.maintainer.empty()) {
        c["publisher"] = p.maintainer;
    } else if (!p.vendor.empty()) {
        c["publisher"] = p.vendor;
    }
    // Properties, sorted by name.
    json props = json::array();
    if (!p.epoch.empty()) props.push_back(property("berth:epoch", p.epoch));
    if (p.files_whited_out) props.push_back(property("berth:files_whited_out", "true"));
    if (!p.location.created_by.empty()) {
        props.push_back(property("berth:layer:created_by", p.location.created_by));
    }
    props.push_back(property("berth:layer_changed", std::to_string(p.location.layer_changed)));
    if (!p.location.layer_diff_id.empty()) {
        props.push_back(property("berth:layer_diff_id", p.location.layer_diff_id.str()));
    }
    if (!p.location.layer_digest.empty()) {
        props.push_back(property("berth:layer_digest", p.location.layer_digest.str()));
    }
    props.push_back(
        property("berth:layer_introduced", std::to_string(p.location.layer_introduced)));
    if (!p.modularity_label.empty())
        props.push_back(property("berth:modularity_label", p.modularity_label));
    if (!p.location.path.empty()) props.push_back(property("berth:package_db", p.location.path));
    if (!p.release.empty()) props.push_back(property("berth:release", p.release));
    if (!p.source_name.empty()) props.push_back(property("berth:source_name", p.source_name));
    if (!p.source_version.empty())
        props.push_back(property("berth:source_version", p.source_version));
    c["properties"] = std::move(props);
    return c;
}

std::string os_bom_ref(const OsInfo& os) {
    std::string ref = "os:" + (os.id.empty() ? std::string("unknown") : os.id);
    if (!os.version_id.empty()) ref += "@" + os.version_id;
    return ref;
}

json os_component(const OsInfo& os) {
    json c = {{"type", "operating-system"},
              {"bom-ref", os_bom_ref(os)},
              {"name", os.id.empty() ? std::string("unknown") : os.id}};
    if (!os.version_id.empty()) c["version"] = os.version_id;
    if (!os.pretty_name.empty()) c["description"] = os.pretty_name;
    json props = json::array();
    if (!os.id_like.empty()) props.push_back(property("berth:os_id_like", os.id_like));
    if (!os.source_path.empty()) props.push_back(property("berth:os_release_path", os.source_path));
    if (!os.version_codename.empty())
        props.push_back(property("berth:os_version_codename", os.version_codename));
    if (!props.empty()) c["properties"] = std::move(props);
    return c;
}

json image_component(const ImageMeta& image, const std::string& purl, const std::string& bom_ref) {
    std::string version = encode_detail::image_version(image);
    std::string name =
        image.name.empty() ? (version.empty() ? std::string("image") : version) : image.name;
    json c = {{"type", "container"}, {"bom-ref", bom_ref}, {"name", name}};
    if (!version.empty()) c["version"] = version;
    if (!purl.empty()) c["purl"] = purl;
    // Image facts first, then per-layer digests in layer order.
    json props = json::array();
    if (!image.architecture.empty())
        props.push_back(property("berth:image_architecture", image.architecture));
    if (image.image_id && !image.image_id->empty()) {
        props.push_back(property("berth:image_id", image.image_id->str()));
    }
    if (image.manifest_digest && !image.manifest_digest->empty()) {
        props.push_back(property("berth:image_manifest_digest", image.manifest_digest->str()));
    }
    if (!image.os.empty()) props.push_back(property("berth:image_os", image.os));
    for (std::size_t i = 0; i < image.layers.size(); ++i) {
        const LayerMeta& l = image.layers[i];
        std::string prefix = "berth:layer:" + std::to_string(i) + ":";
        if (!l.digest.empty()) props.push_back(property(prefix + "digest", l.digest.str()));
        if (!l.diff_id.empty()) props.push_back(property(prefix + "diff_id", l.diff_id.str()));
    }
    if (!props.empty()) c["properties"] = std::move(props);
    return c;
}

}  // namespace

json cyclonedx_bom(const Inventory& inventory, const ImageMeta& image, const EncodeOptions& options,
                   std::vector<std::string>* package_refs) {
    json bom = {
        {"$schema", kSchema}, {"bomFormat", "CycloneDX"}, {"specVersion", "1.6"}, {"version", 1}};
    if (auto serial = serial_number(options.serial_uuid)) bom["serialNumber"] = *serial;

    json tool = {{"type", "application"}, {"name", "berth"}};
    if (!options.tool_version.empty()) tool["version"] = options.tool_version;

    std::string image_purl = encode_detail::image_purl(image);
    std::string image_ref = image_purl;
    if (image_ref.empty()) {
        std::string version = encode_detail::image_version(image);
        image_ref = "image:" + (!image.name.empty() ? image.name
                                : !version.empty()  ? version
                                                    : "unknown");
    }
    json metadata = {{"tools", {{"components", json::array({tool})}}},
                     {"component", image_component(image, image_purl, image_ref)}};
    if (!options.timestamp.empty()) metadata["timestamp"] = options.timestamp;
    if (!options.incomplete.empty()) {
        json props = json::array();
        for (const auto& what : options.incomplete)
            props.push_back(property(kIncompleteProperty, what));
        metadata["properties"] = std::move(props);
        // CycloneDX's own word for it: the image's inventory is known to be incomplete.
        bom["compositions"] =
            json::array({{{"aggregate", "incomplete"}, {"assemblies", json::array({image_ref})}}});
    }
    bom["metadata"] = std::move(metadata);

    json components = json::array();
    json depends_on = json::array();
    if (inventory.os) {
        components.push_back(os_component(*inventory.os));
        depends_on.push_back(os_bom_ref(*inventory.os));
    }
    // bom-ref = purl; packages sharing a purl (the same package in two databases) get the
    // database path as an extra "package_db" qualifier, then "-N" if that is still not unique.
    auto packages = encode_detail::sorted_packages(inventory);
    std::vector<std::string> refs;
    std::vector<std::string> alternatives;
    for (const auto& s : packages) {
        refs.push_back(s.purl);
        char sep = s.purl.find('?') == std::string::npos ? '?' : '&';
        alternatives.push_back(s.purl + sep +
                               "package_db=" + sbom::purl_escape(s.package->location.path));
    }
    refs = encode_detail::unique_ids(std::move(refs), alternatives);
    if (package_refs != nullptr) package_refs->assign(inventory.packages.size(), std::string());
    for (std::size_t i = 0; i < packages.size(); ++i) {
        components.push_back(package_component(*packages[i].package, packages[i].purl, refs[i]));
        depends_on.push_back(refs[i]);
        if (package_refs != nullptr) {
            auto index = static_cast<std::size_t>(packages[i].package - inventory.packages.data());
            (*package_refs)[index] = refs[i];
        }
    }
    bom["components"] = std::move(components);
    bom["dependencies"] = json::array({{{"ref", image_ref}, {"dependsOn", std::move(depends_on)}}});
    return bom;
}

std::string encode_cyclonedx(const Inventory& inventory, const ImageMeta& image,
                             const EncodeOptions& options) {
    return to_canonical_json(cyclonedx_bom(inventory, image, options));
}

}  // namespace berth::sbom

// SPDX-License-Identifier: Apache-2.0
// SPDX 2.3 JSON (https://spdx.github.io/spdx-spec/v2.3/, schema spdx-schema.json @ tag v2.3).
//
// Example: libc6 2.36-9+deb12u4 amd64 (source glibc) in debian:12 →
//   packages[] {"SPDXID": "SPDXRef-Package-deb-libc6-2.36-9-deb12u4-amd64", "name": "libc6",
//               "versionInfo": "2.36-9+deb12u4", "downloadLocation": "NOASSERTION",
//               "filesAnalyzed": false, "sourceInfo": "built from source package
//               glibc 2.36-9+deb12u4", "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER",
//               "referenceType": "purl",
//                                 "referenceLocator": "pkg:deb/debian/libc6@…"}], …}
//   relationships: DOCUMENT DESCRIBES SPDXRef-Image; SPDXRef-Image CONTAINS the OS and each
//   package.
// Notes on the 2.3 JSON schema: primaryPackagePurpose is spelled OPERATING_SYSTEM (underscore;
// tag-value uses OPERATING-SYSTEM), referenceCategory PACKAGE-MANAGER (hyphen).
#include <algorithm>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "core/json.hpp"
#include "sbom/encode/common.hpp"
#include "sbom/encode/encode.hpp"
#include "sbom/purl.hpp"

namespace berth::sbom {

namespace {

using nlohmann::json;

constexpr std::string_view kNoAssertion = "NOASSERTION";
constexpr std::string_view kImageId = "SPDXRef-Image";
constexpr std::string_view kOsId = "SPDXRef-OperatingSystem";

// SPDX idstring: letters, digits, '.', '-' (SPDX 2.3 §3.2/§7.2); anything else becomes '-'.
std::string sanitize_id(std::string_view s) {
    std::string out;
    for (char c : s) {
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-';
        out.push_back(keep ? c : '-');
    }
    return out;
}

// documentNamespace must be a URI unique to this document: the image name with pchar-unsafe
// characters percent-encoded ('/', ':', '@' kept), and "." / ".." path segments escaped so
// that URI normalization cannot rewrite the path.
std::string namespace_uri(const std::string& name, const std::string& uuid) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string path;
    std::string segment;
    auto flush = [&] {
        if (segment == "." || segment == "..") {
            for (std::size_t i = 0; i < segment.size(); ++i) path += "%2E";
        } else {
            path += segment;
        }
        segment.clear();
    };
    for (char ch : name.empty() ? std::string("image") : name) {
        auto c = static_cast<unsigned char>(ch);
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.' || c == '_' || c == '~' || c == ':' || c == '@';
        if (c == '/') {
            flush();
            path.push_back('/');
        } else if (keep) {
            segment.push_back(ch);
        } else {
            segment.push_back('%');
            segment.push_back(kHex[c >> 4U]);
            segment.push_back(kHex[c & 0x0FU]);
        }
    }
    flush();
    std::string out = "https://berth.dev/spdx/" + path;
    if (!uuid.empty()) out += "-" + encode_detail::purl_escape(uuid);
    return out;
}

json purl_ref(const std::string& purl) {
    return json::array({{{"referenceCategory", "PACKAGE-MANAGER"},
                         {"referenceType", "purl"},
                         {"referenceLocator", purl}}});
}

// Agent syntax (SPDX 2.3 §7.5): "Organization: name (email)". rpm Vendor is an organization;
// deb/apk maintainers are often teams, so they are written as organizations too.
std::string supplier(const Package& p) {
    auto [name, email] = encode_detail::split_contact(p.vendor.empty() ? p.maintainer : p.vendor);
    if (name.empty()) return std::string(kNoAssertion);
    std::string out = "Organization: " + name;
    if (!email.empty()) out += " (" + email + ")";
    return out;
}

// Where berth found the package, which SPDX has no field for.
std::string provenance(const Package& p) {
    const Location& l = p.location;
    std::string out = "berth: introduced in layer " + std::to_string(l.layer_introduced);
    std::vector<std::string> ids;
    if (!l.layer_digest.empty()) ids.push_back("digest " + l.layer_digest.str());
    if (!l.layer_diff_id.empty()) ids.push_back("diffID " + l.layer_diff_id.str());
    for (std::size_t i = 0; i < ids.size(); ++i) out += (i == 0 ? " (" : ", ") + ids[i];
    if (!ids.empty()) out += ")";
    out += "; last changed in layer " + std::to_string(l.layer_changed);
    if (!l.path.empty()) out += "; package database " + l.path;
    if (!p.modularity_label.empty()) out += "; modularity label " + p.modularity_label;
    if (p.files_whited_out) out += "; some of its files were deleted by a later layer";
    return out;
}

json package_json(const Package& p, const std::string& purl, const std::string& spdx_id) {
    json j = {{"SPDXID", spdx_id},
              {"name", ecosystem_name(p)},
              {"downloadLocation", kNoAssertion},
              {"filesAnalyzed", false},
              {"supplier", supplier(p)},
              {"licenseConcluded", kNoAssertion},
              {"licenseDeclared", kNoAssertion},
              {"externalRefs", purl_ref(purl)},
              {"comment", provenance(p)}};
    if (!p.version.empty()) j["versionInfo"] = p.version;
    // licenseDeclared only when the package's string is a valid SPDX expression; otherwise the
    // raw text goes to licenseComments. licenseConcluded stays NOASSERTION: berth reads no
    // license files, so it concludes nothing.
    if (p.license.find_first_not_of(" \t") != std::string::npos) {
        if (auto expression = encode_detail::spdx_license_expression(p.license)) {
            j["licenseDeclared"] = *expression;
        } else {
            j["licenseComments"] = "declared license, not an SPDX license expression: " + p.license;
        }
    }
    if (!p.source_name.empty()) {
        std::string info = "built from source package " + p.source_name;
        if (!p.source_version.empty()) info += " " + p.source_version;
        j["sourceInfo"] = info;
    }
    return j;
}

json image_json(const ImageMeta& image) {
    std::string version = encode_detail::image_version(image);
    json j = {{"SPDXID", kImageId},
              {"name", image.name.empty() ? (version.empty() ? std::string("image") : version)
                                          : image.name},
              {"downloadLocation", kNoAssertion},
              {"filesAnalyzed", false},
              {"primaryPackagePurpose", "CONTAINER"},
              {"supplier", kNoAssertion},
              {"licenseConcluded", kNoAssertion},
              {"licenseDeclared", kNoAssertion}};
    if (!version.empty()) j["versionInfo"] = version;
    if (std::string purl = encode_detail::image_purl(image); !purl.empty())
        j["externalRefs"] = purl_ref(purl);
    std::vector<std::string> facts;
    if (image.image_id && !image.image_id->empty())
        facts.push_back("image ID " + image.image_id->str());
    if (image.manifest_digest && !image.manifest_digest->empty()) {
        facts.push_back("manifest digest " + image.manifest_digest->str());
    }
    if (!image.os.empty() || !image.architecture.empty()) {
        facts.push_back("platform " + image.os + "/" + image.architecture);
    }
    if (!image.layers.empty()) facts.push_back(std::to_string(image.layers.size()) + " layers");
    if (!facts.empty()) {
        std::string comment = "berth: ";
        for (std::size_t i = 0; i < facts.size(); ++i) comment += (i == 0 ? "" : "; ") + facts[i];
        j["comment"] = comment;
    }
    return j;
}

json os_json(const OsInfo& os) {
    json j = {{"SPDXID", kOsId},
              {"name", os.id.empty() ? std::string("unknown") : os.id},
              {"downloadLocation", kNoAssertion},
              {"filesAnalyzed", false},
              {"primaryPackagePurpose", "OPERATING_SYSTEM"},
              {"supplier", kNoAssertion},
              {"licenseConcluded", kNoAssertion},
              {"licenseDeclared", kNoAssertion}};
    if (!os.version_id.empty()) j["versionInfo"] = os.version_id;
    if (!os.pretty_name.empty()) j["description"] = os.pretty_name;
    return j;
}

json relationship(std::string_view from, std::string_view type, std::string_view to) {
    return {{"spdxElementId", from}, {"relationshipType", type}, {"relatedSpdxElement", to}};
}

}  // namespace

std::string encode_spdx(const Inventory& inventory, const ImageMeta& image,
                        const EncodeOptions& options) {
    std::string doc_name = image.name.empty() ? encode_detail::image_version(image) : image.name;
    if (doc_name.empty()) doc_name = "image";
    std::string creator = "Tool: berth";
    if (!options.tool_version.empty()) creator += "-" + options.tool_version;

    json packages = json::array({image_json(image)});
    json relationships = json::array({relationship("SPDXRef-DOCUMENT", "DESCRIBES", kImageId)});
    if (inventory.os) {
        packages.push_back(os_json(*inventory.os));
        relationships.push_back(relationship(kImageId, "CONTAINS", kOsId));
    }
    // SPDXRef-Package-TYPE-NAME-VERSION-ARCH (sanitized); repeats get "-1", "-2", … in the
    // encoders' package order.
    auto sorted = encode_detail::sorted_packages(inventory);
    std::vector<std::string> ids;
    for (const auto& s : sorted) {
        const Package& p = *s.package;
        std::string id = "SPDXRef-Package-" + sanitize_id(p.type) + "-" + sanitize_id(p.name);
        if (!p.version.empty()) id += "-" + sanitize_id(p.version);
        if (!p.arch.empty()) id += "-" + sanitize_id(p.arch);
        ids.push_back(std::move(id));
    }
    ids = encode_detail::unique_ids(std::move(ids), {});
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        packages.push_back(package_json(*sorted[i].package, sorted[i].purl, ids[i]));
        relationships.push_back(relationship(kImageId, "CONTAINS", ids[i]));
    }
    auto by_id = [](const json& a, const json& b) {
        return a["SPDXID"].get_ref<const std::string&>() <
               b["SPDXID"].get_ref<const std::string&>();
    };
    std::sort(packages.begin(), packages.end(), by_id);
    auto by_triple = [](const json& a, const json& b) {
        auto key = [](const json& r) {
            return std::make_tuple(r["spdxElementId"].get_ref<const std::string&>(),
                                   r["relationshipType"].get_ref<const std::string&>(),
                                   r["relatedSpdxElement"].get_ref<const std::string&>());
        };
        return key(a) < key(b);
    };
    std::sort(relationships.begin(), relationships.end(), by_triple);

    json doc = {
        {"spdxVersion", "SPDX-2.3"},
        {"dataLicense", "CC0-1.0"},
        {"SPDXID", "SPDXRef-DOCUMENT"},
        {"name", doc_name},
        {"documentNamespace", namespace_uri(image.name, options.serial_uuid)},
        {"creationInfo", {{"created", options.timestamp}, {"creators", json::array({creator})}}},
        {"packages", std::move(packages)},
        {"relationships", std::move(relationships)}};
    if (!options.incomplete.empty()) {
        std::string comment = "berth: the inventory is incomplete; not read:";  // decode.cpp
        for (const auto& what : options.incomplete) comment += "\n- " + what;
        doc["comment"] = std::move(comment);
    }
    return to_canonical_json(doc);
}

}  // namespace berth::sbom

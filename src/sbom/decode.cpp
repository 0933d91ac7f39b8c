// SPDX-License-Identifier: Apache-2.0
// CycloneDX JSON (https://cyclonedx.org/docs/1.6/json/; 1.2–1.6 share the fields read here) and
// SPDX 2.2/2.3 JSON (https://spdx.github.io/spdx-spec/v2.3/) → Inventory + ImageMeta.
//
// Example (Trivy, CycloneDX):
//   {"type": "operating-system", "name": "debian", "version": "12.15"}       → os {debian, 12.15}
//   {"type": "library", "name": "bsdutils", "version": "2.38.1-5+deb12u3",
//    "purl": "pkg:deb/debian/bsdutils@2.38.1-5%2Bdeb12u3?arch=amd64&epoch=1&distro=debian-12.15",
//    "properties": [{"name": "aquasecurity:trivy:SrcName", "value": "util-linux"}, …]}
//     → Package{deb, "bsdutils", "1:2.38.1-5+deb12u3", epoch "1", upstream "2.38.1",
//               release "5+deb12u3", arch "amd64", source "util-linux" "2.38.1-5+deb12u3"}
// SPDX has no properties; its equivalents (sourceInfo, berth's provenance comment, Trivy's
// attributionTexts "LayerDiffID: …") are turned into the same property names first, so one
// function builds packages for both formats.
#include "sbom/decode.hpp"

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <deque>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "core/digest.hpp"
#include "core/json_read.hpp"
#include "core/text.hpp"
#include "sbom/decode_wrapped.hpp"
#include "sbom/purl_parse.hpp"

namespace berth::sbom {
namespace {

using nlohmann::json;

// Property names berth's encoders write (cyclonedx.cpp) and Trivy's.
constexpr std::string_view kEpoch = "berth:epoch";
constexpr std::string_view kWhitedOut = "berth:files_whited_out";
constexpr std::string_view kLayerChanged = "berth:layer_changed";
constexpr std::string_view kLayerDiffId = "berth:layer_diff_id";
constexpr std::string_view kLayerDigest = "berth:layer_digest";
constexpr std::string_view kLayerIntroduced = "berth:layer_introduced";
constexpr std::string_view kModularity = "berth:modularity_label";
constexpr std::string_view kPackageDb = "berth:package_db";
constexpr std::string_view kRelease = "berth:release";
constexpr std::string_view kSourceName = "berth:source_name";
constexpr std::string_view kSourceVersion = "berth:source_version";
constexpr std::string_view kTrivySrcName = "aquasecurity:trivy:SrcName";
constexpr std::string_view kTrivySrcVersion = "aquasecurity:trivy:SrcVersion";
constexpr std::string_view kTrivySrcRelease = "aquasecurity:trivy:SrcRelease";
constexpr std::string_view kTrivySrcEpoch = "aquasecurity:trivy:SrcEpoch";
constexpr std::string_view kTrivyLayerDiffId = "aquasecurity:trivy:LayerDiffID";
constexpr std::string_view kTrivyImageId = "aquasecurity:trivy:ImageID";
constexpr std::string_view kTrivyDiffId = "aquasecurity:trivy:DiffID";
constexpr std::string_view kTrivyRepoDigest = "aquasecurity:trivy:RepoDigest";

// Ordered name/value pairs; names may repeat (Trivy's DiffID), lookups take the first.
class Properties {
  public:
    void add(std::string name, std::string value) {
        items_.emplace_back(std::move(name), std::move(value));
    }
    [[nodiscard]] std::string get(std::string_view name) const {
        for (const auto& [k, v] : items_) {
            if (k == name) return v;
        }
        return {};
    }
    [[nodiscard]] std::vector<std::string> all(std::string_view name) const {
        std::vector<std::string> out;
        for (const auto& [k, v] : items_) {
            if (k == name) out.push_back(v);
        }
        return out;
    }
    [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& items() const {
        return items_;
    }

  private:
    std::vector<std::pair<std::string, std::string>> items_;
};

// What a component/package says besides its purl.
struct Facts {
    std::string declared_version;  // CycloneDX version / SPDX versionInfo
    std::string license;
    std::string supplier_name;
    std::string supplier_email;
    std::string publisher;  // CycloneDX only
    Properties props;
};

bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

// Space and tab only, as encode's split_contact, so decoding inverts encoding exactly.
std::string_view trim(std::string_view v) {
    return text::trim(v, " \t");
}

// "Name <email>" → {Name, email}; no "<…>" at the end → {text, ""} (as encode's split_contact).
std::pair<std::string, std::string> split_contact(std::string_view text) {
    text = trim(text);
    auto open = text.rfind('<');
    if (!text.empty() && text.back() == '>' && open != std::string_view::npos) {
        return {std::string(trim(text.substr(0, open))),
                std::string(trim(text.substr(open + 1, text.size() - open - 2)))};
    }
    return {std::string(text), ""};
}

// A JSON pointer (RFC 6901) built only when a diagnostic or an error needs it. Each node names
// its parent node and one or two reference tokens ("properties", 3 → "/properties/3"), so going
// one level deeper costs O(1) whatever the depth: copying the pointer string at every level made
// decoding 100,000 nested components quadratic (issue 11). A node refers to its parent and to
// its key, which must outlive it (string literals, or nodes kept in a deque by the traversal).
class Ptr {
  public:
    static constexpr std::size_t kNoIndex = static_cast<std::size_t>(-1);

    Ptr() = default;  ///< the document itself: ""
    Ptr(const Ptr& parent, std::string_view key, std::size_t index = kNoIndex)
        : parent_(&parent), key_(key), index_(index) {}
    Ptr(const Ptr& parent, std::size_t index) : parent_(&parent), index_(index) {}

    [[nodiscard]] std::string str() const {
        std::vector<const Ptr*> chain;
        for (const Ptr* p = this; p != nullptr && p->parent_ != nullptr; p = p->parent_) {
            chain.push_back(p);
        }
        std::string out;
        for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
            if (!(*it)->key_.empty()) out.append("/").append((*it)->key_);
            if ((*it)->index_ != kNoIndex) out.append("/").append(std::to_string((*it)->index_));
        }
        return out;
    }

  private:
    const Ptr* parent_ = nullptr;
    std::string_view key_;
    std::size_t index_ = kNoIndex;
};

// Reads one document; collects diagnostics; builds errors with a JSON pointer.
class Reader {
  public:
    explicit Reader(std::string where) : where_(std::move(where)) {}

    [[nodiscard]] std::string at(const Ptr& pointer) const { return where_ + "#" + pointer.str(); }

    tl::unexpected<Error> type_error(const Ptr& pointer, std::string_view expected) const {
        return fail(ErrorCode::Format, "expected " + std::string(expected), at(pointer));
    }

    // Optional member of the given JSON type; nullptr when absent or null.
    Result<const json*> member(const json& object, std::string_view key, const Ptr& pointer,
                               json::value_t type) const {
        auto it = object.find(key);
        if (it == object.end() || it->is_null()) return nullptr;
        bool ok = type == json::value_t::string   ? it->is_string()
                  : type == json::value_t::array  ? it->is_array()
                  : type == json::value_t::object ? it->is_object()
                                                  : false;
        if (!ok) {
            return type_error(Ptr(pointer, key), type == json::value_t::string  ? "a string"
                                                 : type == json::value_t::array ? "an array"
                                                                                : "an object");
        }
        return &*it;
    }

    Result<std::string> string(const json& object, std::string_view key, const Ptr& pointer) const {
        auto m = member(object, key, pointer, json::value_t::string);
        if (!m) return fail(m.error());
        return *m == nullptr ? std::string() : (*m)->get<std::string>();
    }

    void warn(std::string message, const Ptr& pointer) {
        diagnostics_.push_back({Diagnostic::Severity::Warning, std::move(message), at(pointer)});
    }
    // About the whole document (a count of skipped parts): a warning, printed on stderr.
    void warn_document(std::string message) {
        diagnostics_.push_back({Diagnostic::Severity::Warning, std::move(message), where_});
    }
    // An input the document's producer says it could not read: the inventory is incomplete,
    // and a scan of it fails its gate as a scan of the image would (fail closed).
    void incomplete(std::string message, const Ptr& pointer) {
        diagnostics_.push_back({Diagnostic::Severity::Warning, std::move(message), at(pointer),
                                /*incomplete=*/true});
    }
    Diagnostics take_diagnostics() { return std::move(diagnostics_); }

    // A digest property value; warns and returns empty when it is not one.
    Digest digest(const std::string& value, std::string_view what, const Ptr& pointer) {
        if (value.empty()) return {};
        auto d = parse_digest(value);
        if (!d) {
            warn(std::string(what) + " is not a sha256 digest: " + d.error().message, pointer);
            return {};
        }
        return *d;
    }

    std::size_t number(const std::string& value, std::string_view what, const Ptr& pointer) {
        if (value.empty()) return 0;
        std::size_t n = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
        if (ec != std::errc() || end != value.data() + value.size()) {
            warn(std::string(what) + " is not a number: \"" + value + "\"", pointer);
            return 0;
        }
        return n;
    }

  private:
    std::string where_;
    Diagnostics diagnostics_;
};

// "debian-12.15" → {debian, 12.15}; "opensuse-leap-15.5" → {opensuse-leap, 15.5}; a distro
// without a version part ("jessie") is a codename of the purl's namespace.
OsInfo os_from_distro(const std::string& distro, const std::string& nspace) {
    OsInfo os;
    for (std::size_t i = distro.size(); i-- > 0;) {
        if (distro[i] == '-' && i + 1 < distro.size() && distro[i + 1] >= '0' &&
            distro[i + 1] <= '9' && i > 0) {
            os.id = text::lower(distro.substr(0, i));
            os.version_id = distro.substr(i + 1);
            return os;
        }
    }
    os.id = text::lower(nspace);
    os.version_codename = distro;
    return os;
}

bool is_distro_type(std::string_view type) {
    return type == "deb" || type == "rpm" || type == "apk" || type == "alpm";
}

// "1:2.36-9" → "2.36-9".
std::string_view without_epoch(std::string_view v) {
    auto colon = v.find(':');
    return colon != std::string_view::npos && all_digits(v.substr(0, colon)) ? v.substr(colon + 1)
                                                                             : v;
}

// Package from its purl and what the document says beside it.
Package make_package(const Purl& purl, const Facts& f, Reader& r, const Ptr& pointer) {
    const Properties& props = f.props;
    Package p;
    p.type = purl.type;
    p.name = purl.name;
    // A distro's namespace names the OS (derived from the inventory's OS); a language
    // ecosystem's is part of the package's identity (sbom::ecosystem_name).
    if (!is_distro_type(purl.type)) p.purl_namespace = purl.nspace;
    p.version = purl.version.empty() ? f.declared_version : purl.version;
    p.arch = purl.qualifiers.count("arch") != 0 ? purl.qualifiers.at("arch") : "";

    if (p.type == "deb" || p.type == "rpm") {
        // The epoch: berth's property (keeps a stated "0"), the `epoch` qualifier (rpm per
        // purl-spec, deb as Trivy writes it), the version itself (deb per purl-spec), or a
        // declared version that is "EPOCH:" + the purl's.
        std::string q_epoch =
            purl.qualifiers.count("epoch") != 0 ? purl.qualifiers.at("epoch") : "";
        std::string v = p.version;
        std::string in_version;
        if (auto colon = v.find(':');
            colon != std::string::npos && all_digits(v.substr(0, colon))) {
            in_version = v.substr(0, colon);
        }
        std::string declared;
        const std::string& dv = f.declared_version;
        if (auto colon = dv.find(':'); colon != std::string::npos &&
                                       all_digits(dv.substr(0, colon)) &&
                                       dv.substr(colon + 1) == v) {
            declared = dv.substr(0, colon);
        }
        p.epoch = props.get(kEpoch);
        if (p.epoch.empty())
            p.epoch = !in_version.empty() ? in_version : !q_epoch.empty() ? q_epoch : declared;
        // berth's full version: deb prints the epoch only when not 0; rpm when stated.
        if (in_version.empty() && !p.epoch.empty() && (p.type == "rpm" || p.epoch != "0")) {
            p.version = p.epoch + ":" + v;
        }
        std::string_view bare = without_epoch(p.version);
        if (auto dash = bare.rfind('-'); dash != std::string_view::npos) {
            p.upstream_version = std::string(bare.substr(0, dash));
            p.release = std::string(bare.substr(dash + 1));
        } else {
            p.upstream_version = std::string(bare);
        }
    } else if (p.type == "apk") {
        // "1.2.3-r0" → upstream "1.2.3", release "r0" (as the apk analyzer splits it).
        const std::string& v = p.version;
        auto dash = v.rfind("-r");
        if (dash != std::string::npos && dash != 0 && dash + 2 < v.size() &&
            all_digits(std::string_view(v).substr(dash + 2))) {
            p.upstream_version = v.substr(0, dash);
            p.release = v.substr(dash + 1);
        } else {
            p.upstream_version = v;
        }
    }
    if (std::string rel = props.get(kRelease); !rel.empty()) p.release = rel;

    // Source package.
    p.source_name = props.get(kSourceName);
    p.source_version = props.get(kSourceVersion);
    if (p.source_name.empty()) {
        p.source_name = props.get(kTrivySrcName);
        if (!p.source_name.empty() && p.source_version.empty()) {
            std::string sv = props.get(kTrivySrcVersion);
            if (!sv.empty()) {
                if (std::string rel = props.get(kTrivySrcRelease); !rel.empty()) sv += "-" + rel;
                if (std::string e = props.get(kTrivySrcEpoch); !e.empty() && e != "0") {
                    sv = e + ":" + sv;
                }
            }
            p.source_version = sv;
        }
    }
    if (p.source_name.empty() && p.type == "deb" && purl.qualifiers.count("upstream") != 0) {
        p.source_name = purl.qualifiers.at("upstream");
    }

    // Maintainer / vendor: berth writes the rpm Vendor as supplier and the deb/apk maintainer
    // as publisher ("Name <email>") and as supplier {name, contact}; other tools put the
    // maintainer line in supplier.name (Trivy).
    std::string contact = f.supplier_name;
    if (!f.supplier_email.empty()) contact += " <" + f.supplier_email + ">";
    if (!f.publisher.empty()) {
        auto [pub_name, pub_email] = split_contact(f.publisher);
        if (!f.supplier_name.empty() && f.supplier_name != pub_name) {
            p.vendor = f.supplier_name;
            p.maintainer = f.publisher;
        } else if (p.type == "rpm" && f.supplier_email.empty() && pub_email.empty()) {
            p.vendor = f.publisher;
        } else {
            p.maintainer = f.publisher;
        }
    } else if (!contact.empty()) {
        (p.type == "rpm" ? p.vendor : p.maintainer) = contact;
    }
    p.license = f.license;
    p.modularity_label = props.get(kModularity);
    p.files_whited_out = props.get(kWhitedOut) == "true";

    Location& l = p.location;
    l.path = props.get(kPackageDb);
    l.layer_introduced = r.number(props.get(kLayerIntroduced), kLayerIntroduced, pointer);
    l.layer_changed = r.number(props.get(kLayerChanged), kLayerChanged, pointer);
    l.layer_digest = r.digest(props.get(kLayerDigest), kLayerDigest, pointer);
    std::string diff_id = props.get(kLayerDiffId);
    if (diff_id.empty()) diff_id = props.get(kTrivyLayerDiffId);
    l.layer_diff_id = r.digest(diff_id, "layer diffID", pointer);
    return p;
}

// Adds the image's purl facts (pkg:oci/NAME@DIGEST?arch=…) where the document said nothing else.
void image_from_purl(const std::string& text, ImageMeta& image, Reader& r, const Ptr& pointer) {
    if (text.empty()) return;
    auto purl = parse_purl(text);
    if (!purl || (purl->type != "oci" && purl->type != "docker")) return;
    if (!image.manifest_digest && starts_with(purl->version, "sha256:")) {
        Digest d = r.digest(purl->version, "image purl version", pointer);
        if (!d.empty()) image.manifest_digest = d;
    }
    if (image.architecture.empty() && purl->qualifiers.count("arch") != 0) {
        image.architecture = purl->qualifiers.at("arch");
    }
}

void sort_packages(std::vector<Package>& packages) {
    std::stable_sort(packages.begin(), packages.end(), [](const Package& a, const Package& b) {
        return std::tie(a.type, a.name, a.version, a.arch, a.location.path) <
               std::tie(b.type, b.name, b.version, b.arch, b.location.path);
    });
}

// ---------------------------------------------------------------------------------------------
// CycloneDX

Result<Properties> cdx_properties(const json& c, const Ptr& ptr, Reader& r) {
    Properties out;
    auto arr = r.member(c, "properties", ptr, json::value_t::array);
    if (!arr) return fail(arr.error());
    if (*arr == nullptr) return out;
    for (std::size_t i = 0; i < (*arr)->size(); ++i) {
        const json& prop = (**arr)[i];
        const Ptr pp(ptr, "properties", i);
        if (!prop.is_object()) return r.type_error(pp, "an object");
        auto name = r.string(prop, "name", pp);
        if (!name) return fail(name.error());
        auto value = r.string(prop, "value", pp);
        if (!value) return fail(value.error());
        out.add(std::move(*name), std::move(*value));
    }
    return out;
}

// licenses: [{"license": {"id"|"name"}} …] joined with " AND ", or [{"expression"}].
Result<std::string> cdx_license(const json& c, const Ptr& ptr, Reader& r) {
    auto arr = r.member(c, "licenses", ptr, json::value_t::array);
    if (!arr) return fail(arr.error());
    if (*arr == nullptr) return std::string();
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < (*arr)->size(); ++i) {
        const json& choice = (**arr)[i];
        const Ptr lp(ptr, "licenses", i);
        if (!choice.is_object()) return r.type_error(lp, "an object");
        auto expr = r.string(choice, "expression", lp);
        if (!expr) return fail(expr.error());
        if (!expr->empty()) {
            parts.push_back(*expr);
            continue;
        }
        auto lic = r.member(choice, "license", lp, json::value_t::object);
        if (!lic) return fail(lic.error());
        if (*lic == nullptr) continue;
        const Ptr license_ptr(lp, "license");
        auto id = r.string(**lic, "id", license_ptr);
        if (!id) return fail(id.error());
        auto name = r.string(**lic, "name", license_ptr);
        if (!name) return fail(name.error());
        if (!id->empty()) {
            parts.push_back(*id);
        } else if (!name->empty()) {
            parts.push_back(*name);
        }
    }
    std::string out;
    for (const auto& s : parts) out += (out.empty() ? "" : " AND ") + s;
    return out;
}

Result<Facts> cdx_facts(const json& c, const Ptr& ptr, Reader& r) {
    Facts f;
    auto version = r.string(c, "version", ptr);
    if (!version) return fail(version.error());
    f.declared_version = std::move(*version);
    auto license = cdx_license(c, ptr, r);
    if (!license) return fail(license.error());
    f.license = std::move(*license);
    auto supplier = r.member(c, "supplier", ptr, json::value_t::object);
    if (!supplier) return fail(supplier.error());
    if (*supplier != nullptr) {
        const Ptr supplier_ptr(ptr, "supplier");
        auto name = r.string(**supplier, "name", supplier_ptr);
        if (!name) return fail(name.error());
        f.supplier_name = std::move(*name);
        auto contacts = r.member(**supplier, "contact", supplier_ptr, json::value_t::array);
        if (!contacts) return fail(contacts.error());
        if (*contacts != nullptr && !(*contacts)->empty() && (**contacts)[0].is_object()) {
            const Ptr contact_ptr(supplier_ptr, "contact", 0);
            auto email = r.string((**contacts)[0], "email", contact_ptr);
            if (!email) return fail(email.error());
            f.supplier_email = std::move(*email);
        }
    }
    auto publisher = r.string(c, "publisher", ptr);
    if (!publisher) return fail(publisher.error());
    f.publisher = std::move(*publisher);
    auto props = cdx_properties(c, ptr, r);
    if (!props) return fail(props.error());
    f.props = std::move(*props);
    return f;
}

// What the producer says it did not read: berth's `berth:incomplete` metadata properties, else
// a composition whose aggregate is "incomplete" (any producer).
Status cdx_incomplete(const json& bom, const json& metadata, Reader& r) {
    const Ptr root;
    const Ptr metadata_ptr(root, "metadata");
    auto props = cdx_properties(metadata, metadata_ptr, r);
    if (!props) return fail(props.error());
    const auto listed = props->all(kIncompleteProperty);
    for (const auto& what : listed)
        r.incomplete("not read when the SBOM was made: " + what, metadata_ptr);
    auto compositions = r.member(bom, "compositions", root, json::value_t::array);
    if (!compositions) return fail(compositions.error());
    if (!listed.empty() || *compositions == nullptr) return {};
    for (std::size_t i = 0; i < (*compositions)->size(); ++i) {
        const json& c = (**compositions)[i];
        if (c.is_object() && c.value("aggregate", json()) == "incomplete") {
            r.incomplete("the SBOM says its inventory is incomplete (aggregate \"incomplete\")",
                         Ptr(root, "compositions", i));
            break;
        }
    }
    return {};
}

Status cdx_image(const json& bom, DecodedSbom& out, Reader& r) {
    const Ptr root;
    auto metadata = r.member(bom, "metadata", root, json::value_t::object);
    if (!metadata) return fail(metadata.error());
    if (*metadata == nullptr) return {};
    if (auto st = cdx_incomplete(bom, **metadata, r); !st) return st;
    const Ptr metadata_ptr(root, "metadata");
    auto component = r.member(**metadata, "component", metadata_ptr, json::value_t::object);
    if (!component) return fail(component.error());
    if (*component == nullptr) return {};
    const json& c = **component;
    const Ptr ptr(metadata_ptr, "component");
    ImageMeta& image = out.image;
    auto name = r.string(c, "name", ptr);
    if (!name) return fail(name.error());
    image.name = std::move(*name);
    auto props = cdx_properties(c, ptr, r);
    if (!props) return fail(props.error());
    image.architecture = props->get("berth:image_architecture");
    image.os = props->get("berth:image_os");
    std::string id = props->get("berth:image_id");
    if (id.empty()) id = props->get(kTrivyImageId);
    if (Digest d = r.digest(id, "image ID", ptr); !d.empty()) image.image_id = d;
    std::string manifest = props->get("berth:image_manifest_digest");
    if (manifest.empty()) {
        std::string repo_digest = props->get(kTrivyRepoDigest);  // "repo@sha256:…"
        if (auto at = repo_digest.rfind('@'); at != std::string::npos) {
            manifest = repo_digest.substr(at + 1);
        }
    }
    if (Digest d = r.digest(manifest, "manifest digest", ptr); !d.empty())
        image.manifest_digest = d;
    // berth:layer:N:digest / berth:layer:N:diff_id, else Trivy's DiffID list.
    for (const auto& [k, v] : props->items()) {
        if (!starts_with(k, "berth:layer:")) continue;
        std::string_view rest = std::string_view(k).substr(12);
        auto colon = rest.find(':');
        if (colon == std::string_view::npos) continue;
        std::size_t index = r.number(std::string(rest.substr(0, colon)), "layer index", ptr);
        if (index > 4096) continue;  // OCI images have far fewer layers; ignore nonsense
        if (image.layers.size() <= index) image.layers.resize(index + 1);
        std::string_view field = rest.substr(colon + 1);
        if (field == "digest") image.layers[index].digest = r.digest(v, "layer digest", ptr);
        if (field == "diff_id") image.layers[index].diff_id = r.digest(v, "layer diffID", ptr);
    }
    if (image.layers.empty()) {
        for (const auto& v : props->all(kTrivyDiffId)) {
            image.layers.push_back({Digest{}, r.digest(v, "layer diffID", ptr)});
        }
    }
    auto purl = r.string(c, "purl", ptr);
    if (!purl) return fail(purl.error());
    image_from_purl(*purl, image, r, ptr);
    return {};
}

Status decode_cyclonedx(const json& bom, DecodedSbom& out, Reader& r) {
    if (auto st = cdx_image(bom, out, r); !st) return st;
    const Ptr root;
    auto top = r.member(bom, "components", root, json::value_t::array);
    if (!top) return fail(top.error());
    std::optional<OsInfo> os_component;
    std::optional<OsInfo> os_distro;
    std::size_t without_purl = 0;
    // Depth-first over nested components with an explicit stack (documents are untrusted). Each
    // component's pointer node lives in `nodes` (a deque: stable addresses) for its children.
    std::deque<Ptr> nodes;
    std::vector<std::pair<const json*, const Ptr*>> stack;
    auto push_children = [&](const json& list, const Ptr& parent) {
        for (std::size_t i = list.size(); i-- > 0;) {
            nodes.emplace_back(parent, "components", i);
            stack.emplace_back(&list[i], &nodes.back());
        }
    };
    if (*top != nullptr) push_children(**top, root);
    while (!stack.empty()) {
        const auto [cp, node] = stack.back();
        stack.pop_back();
        const json& c = *cp;
        const Ptr& ptr = *node;
        if (!c.is_object()) return r.type_error(ptr, "an object");
        auto nested = r.member(c, "components", ptr, json::value_t::array);
        if (!nested) return fail(nested.error());
        if (*nested != nullptr) push_children(**nested, ptr);

        auto type = r.string(c, "type", ptr);
        if (!type) return fail(type.error());
        if (*type == "operating-system") {
            if (os_component) continue;
            OsInfo os;
            auto name = r.string(c, "name", ptr);
            if (!name) return fail(name.error());
            auto version = r.string(c, "version", ptr);
            if (!version) return fail(version.error());
            auto description = r.string(c, "description", ptr);
            if (!description) return fail(description.error());
            auto props = cdx_properties(c, ptr, r);
            if (!props) return fail(props.error());
            os.id = text::lower(*name);
            os.version_id = std::move(*version);
            os.pretty_name = std::move(*description);
            os.id_like = props->get("berth:os_id_like");
            os.source_path = props->get("berth:os_release_path");
            os.version_codename = props->get("berth:os_version_codename");
            os_component = std::move(os);
            continue;
        }
        auto purl_text = r.string(c, "purl", ptr);
        if (!purl_text) return fail(purl_text.error());
        if (purl_text->empty()) {
            ++without_purl;
            continue;
        }
        auto purl = parse_purl(*purl_text);
        if (!purl) {
            r.warn("component skipped (not checked): " + purl.error().message, Ptr(ptr, "purl"));
            continue;
        }
        auto facts = cdx_facts(c, ptr, r);
        if (!facts) return fail(facts.error());
        if (!os_distro && purl->qualifiers.count("distro") != 0) {
            os_distro = os_from_distro(purl->qualifiers.at("distro"), purl->nspace);
        }
        out.inventory.packages.push_back(make_package(*purl, *facts, r, ptr));
    }
    out.inventory.os = os_component ? os_component : os_distro;
    if (without_purl > 0) {
        r.warn_document(std::to_string(without_purl) +
                        " component(s) without a purl skipped: not checked");
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// SPDX

// "Organization: Name (email)" (berth), "Organization: Name <email>" (Trivy), "Person: …".
void spdx_supplier(std::string_view text, Facts& f) {
    for (std::string_view prefix : {"Organization:", "Person:", "Tool:"}) {
        if (starts_with(text, prefix)) {
            text = trim(text.substr(prefix.size()));
            break;
        }
    }
    if (text == "NOASSERTION" || text.empty()) return;
    if (text.back() == ')' && text.rfind('(') != std::string_view::npos) {
        auto open = text.rfind('(');
        f.supplier_name = std::string(trim(text.substr(0, open)));
        f.supplier_email = std::string(trim(text.substr(open + 1, text.size() - open - 2)));
    } else if (text.back() == '>' && text.rfind('<') != std::string_view::npos) {
        auto open = text.rfind('<');
        f.supplier_name = std::string(trim(text.substr(0, open)));
        f.supplier_email = std::string(trim(text.substr(open + 1, text.size() - open - 2)));
    } else {
        f.supplier_name = std::string(text);
    }
}

// berth's provenance comment (spdx.cpp provenance()) back into berth:… properties:
// "berth: introduced in layer 0 (digest sha256:…, diffID sha256:…); last changed in layer 2;
//  package database var/lib/dpkg/status; modularity label X; some of its files were deleted …"
void spdx_provenance(std::string_view comment, Properties& props) {
    constexpr std::string_view kHead = "berth: introduced in layer ";
    if (!starts_with(comment, kHead)) return;
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start <= comment.size()) {
        auto semi = comment.find("; ", start);
        parts.push_back(
            comment.substr(start, semi == std::string_view::npos ? semi : semi - start));
        if (semi == std::string_view::npos) break;
        start = semi + 2;
    }
    for (std::string_view part : parts) {
        if (starts_with(part, kHead)) {
            std::string_view rest = part.substr(kHead.size());
            auto paren = rest.find(" (");
            props.add(std::string(kLayerIntroduced), std::string(rest.substr(0, paren)));
            if (paren != std::string_view::npos && rest.back() == ')') {
                std::string_view ids = rest.substr(paren + 2, rest.size() - paren - 3);
                std::size_t s = 0;
                while (s < ids.size()) {
                    auto comma = ids.find(", ", s);
                    std::string_view id =
                        ids.substr(s, comma == std::string_view::npos ? comma : comma - s);
                    if (starts_with(id, "digest "))
                        props.add(std::string(kLayerDigest), std::string(id.substr(7)));
                    if (starts_with(id, "diffID "))
                        props.add(std::string(kLayerDiffId), std::string(id.substr(7)));
                    if (comma == std::string_view::npos) break;
                    s = comma + 2;
                }
            }
        } else if (starts_with(part, "last changed in layer ")) {
            props.add(std::string(kLayerChanged), std::string(part.substr(22)));
        } else if (starts_with(part, "package database ")) {
            props.add(std::string(kPackageDb), std::string(part.substr(17)));
        } else if (starts_with(part, "modularity label ")) {
            props.add(std::string(kModularity), std::string(part.substr(17)));
        } else if (part == "some of its files were deleted by a later layer") {
            props.add(std::string(kWhitedOut), "true");
        }
    }
}

struct SpdxPackage {
    std::string id;
    std::string name;
    std::string purpose;
    std::string purl;
    std::string comment;
    std::string description;
    std::vector<std::string> attributions;
    Facts facts;
};

Result<SpdxPackage> spdx_package(const json& j, const Ptr& ptr, Reader& r) {
    if (!j.is_object()) return r.type_error(ptr, "an object");
    SpdxPackage p;
    for (auto [key, target] : {std::pair<std::string_view, std::string*>{"SPDXID", &p.id},
                               {"name", &p.name},
                               {"primaryPackagePurpose", &p.purpose},
                               {"comment", &p.comment},
                               {"description", &p.description},
                               {"versionInfo", &p.facts.declared_version}}) {
        auto v = r.string(j, key, ptr);
        if (!v) return fail(v.error());
        *target = std::move(*v);
    }
    auto refs = r.member(j, "externalRefs", ptr, json::value_t::array);
    if (!refs) return fail(refs.error());
    for (std::size_t i = 0; *refs != nullptr && i < (*refs)->size(); ++i) {
        const json& ref = (**refs)[i];
        const Ptr rp(ptr, "externalRefs", i);
        if (!ref.is_object()) return r.type_error(rp, "an object");
        auto type = r.string(ref, "referenceType", rp);
        if (!type) return fail(type.error());
        auto locator = r.string(ref, "referenceLocator", rp);
        if (!locator) return fail(locator.error());
        if (*type == "purl" && p.purl.empty()) p.purl = std::move(*locator);
    }
    auto attributions = r.member(j, "attributionTexts", ptr, json::value_t::array);
    if (!attributions) return fail(attributions.error());
    for (std::size_t i = 0; *attributions != nullptr && i < (*attributions)->size(); ++i) {
        const json& a = (**attributions)[i];
        if (!a.is_string()) return r.type_error(Ptr(ptr, "attributionTexts", i), "a string");
        p.attributions.push_back(a.get<std::string>());
    }
    auto supplier = r.string(j, "supplier", ptr);
    if (!supplier) return fail(supplier.error());
    spdx_supplier(*supplier, p.facts);
    // License: the declared expression; berth puts a non-SPDX string in licenseComments.
    auto declared = r.string(j, "licenseDeclared", ptr);
    if (!declared) return fail(declared.error());
    auto comments = r.string(j, "licenseComments", ptr);
    if (!comments) return fail(comments.error());
    constexpr std::string_view kRaw = "declared license, not an SPDX license expression: ";
    if (!declared->empty() && *declared != "NOASSERTION" && *declared != "NONE") {
        p.facts.license = *declared;
    } else if (starts_with(*comments, kRaw)) {
        p.facts.license = comments->substr(kRaw.size());
    }
    // Source package: "built from source package NAME [VERSION]" (berth), "built package from:
    // NAME VERSION" (Trivy).
    auto source = r.string(j, "sourceInfo", ptr);
    if (!source) return fail(source.error());
    for (std::string_view prefix : {"built from source package ", "built package from: "}) {
        if (!starts_with(*source, prefix)) continue;
        std::string_view rest = trim(std::string_view(*source).substr(prefix.size()));
        auto space = rest.find(' ');
        p.facts.props.add(std::string(kSourceName), std::string(rest.substr(0, space)));
        if (space != std::string_view::npos) {
            p.facts.props.add(std::string(kSourceVersion),
                              std::string(trim(rest.substr(space + 1))));
        }
        break;
    }
    spdx_provenance(p.comment, p.facts.props);
    for (const auto& a : p.attributions) {
        if (starts_with(a, "LayerDiffID: "))
            p.facts.props.add(std::string(kTrivyLayerDiffId), a.substr(13));
    }
    return p;
}

// berth's image comment: "berth: image ID sha256:…; manifest digest sha256:…; platform linux/amd64;
// 2 layers".
void spdx_image(const SpdxPackage& s, ImageMeta& image, Reader& r, const Ptr& ptr) {
    image.name = s.name;
    std::string_view comment = s.comment;
    if (starts_with(comment, "berth: ")) {
        comment.remove_prefix(7);
        std::size_t start = 0;
        while (start < comment.size()) {
            auto semi = comment.find("; ", start);
            std::string_view part =
                comment.substr(start, semi == std::string_view::npos ? semi : semi - start);
            if (starts_with(part, "image ID ")) {
                if (Digest d = r.digest(std::string(part.substr(9)), "image ID", ptr); !d.empty())
                    image.image_id = d;
            } else if (starts_with(part, "manifest digest ")) {
                if (Digest d = r.digest(std::string(part.substr(16)), "manifest digest", ptr);
                    !d.empty()) {
                    image.manifest_digest = d;
                }
            } else if (starts_with(part, "platform ")) {
                std::string_view platform = part.substr(9);
                auto slash = platform.find('/');
                image.os = std::string(platform.substr(0, slash));
                if (slash != std::string_view::npos)
                    image.architecture = std::string(platform.substr(slash + 1));
            }
            if (semi == std::string_view::npos) break;
            start = semi + 2;
        }
    }
    for (const auto& a : s.attributions) {  // Trivy
        if (starts_with(a, "ImageID: ") && !image.image_id) {
            if (Digest d = r.digest(a.substr(9), "image ID", ptr); !d.empty()) image.image_id = d;
        } else if (starts_with(a, "DiffID: ")) {
            image.layers.push_back({Digest{}, r.digest(a.substr(8), "layer diffID", ptr)});
        } else if (starts_with(a, "RepoDigest: ") && !image.manifest_digest) {
            std::string rd = a.substr(12);
            if (auto at = rd.rfind('@'); at != std::string::npos) {
                if (Digest d = r.digest(rd.substr(at + 1), "manifest digest", ptr); !d.empty()) {
                    image.manifest_digest = d;
                }
            }
        }
    }
    image_from_purl(s.purl, image, r, ptr);
}

// berth's SPDX documents list what was not read in the document comment, one "- " line each
// after kSpdxIncompleteHead.
constexpr std::string_view kSpdxIncompleteHead = "berth: the inventory is incomplete; not read:";

Status spdx_incomplete(const json& doc, Reader& r) {
    const Ptr root;
    auto comment = r.string(doc, "comment", root);
    if (!comment) return fail(comment.error());
    if (!starts_with(*comment, kSpdxIncompleteHead)) return {};
    std::string_view rest = std::string_view(*comment).substr(kSpdxIncompleteHead.size());
    bool any = false;
    while (!rest.empty()) {
        const auto nl = rest.find('\n');
        std::string_view line = rest.substr(0, nl);
        rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
        if (starts_with(line, "- ")) {
            r.incomplete("not read when the SBOM was made: " + std::string(line.substr(2)),
                         Ptr(root, "comment"));
            any = true;
        }
    }
    if (!any) r.incomplete("the SBOM says its inventory is incomplete", Ptr(root, "comment"));
    return {};
}

Status decode_spdx(const json& doc, DecodedSbom& out, Reader& r) {
    if (auto st = spdx_incomplete(doc, r); !st) return st;
    // The subject: relationships "SPDXRef-DOCUMENT DESCRIBES X", or documentDescribes (2.2).
    std::vector<std::string> described;
    const Ptr root;
    auto rels = r.member(doc, "relationships", root, json::value_t::array);
    if (!rels) return fail(rels.error());
    for (std::size_t i = 0; *rels != nullptr && i < (*rels)->size(); ++i) {
        const json& rel = (**rels)[i];
        const Ptr rp(root, "relationships", i);
        if (!rel.is_object()) return r.type_error(rp, "an object");
        auto from = r.string(rel, "spdxElementId", rp);
        if (!from) return fail(from.error());
        auto type = r.string(rel, "relationshipType", rp);
        if (!type) return fail(type.error());
        auto to = r.string(rel, "relatedSpdxElement", rp);
        if (!to) return fail(to.error());
        if (*type == "DESCRIBES" && *from == "SPDXRef-DOCUMENT") described.push_back(*to);
        if (*type == "DESCRIBED_BY" && *to == "SPDXRef-DOCUMENT") described.push_back(*from);
    }
    auto describes = r.member(doc, "documentDescribes", root, json::value_t::array);
    if (!describes) return fail(describes.error());
    for (std::size_t i = 0; *describes != nullptr && i < (*describes)->size(); ++i) {
        const json& d = (**describes)[i];
        if (!d.is_string()) return r.type_error(Ptr(root, "documentDescribes", i), "a string");
        described.push_back(d.get<std::string>());
    }
    auto is_subject = [&](const std::string& id) {
        return std::find(described.begin(), described.end(), id) != described.end();
    };

    auto packages = r.member(doc, "packages", root, json::value_t::array);
    if (!packages) return fail(packages.error());
    std::optional<OsInfo> os_package;
    std::optional<OsInfo> os_distro;
    bool have_subject = false;
    std::size_t without_purl = 0;
    for (std::size_t i = 0; *packages != nullptr && i < (*packages)->size(); ++i) {
        const Ptr ptr(root, "packages", i);
        auto s = spdx_package((**packages)[i], ptr, r);
        if (!s) return fail(s.error());
        if (is_subject(s->id)) {
            if (!have_subject) spdx_image(*s, out.image, r, ptr);
            have_subject = true;
            continue;
        }
        // The 2.3 JSON schema spells OPERATING_SYSTEM; tag-value and Trivy OPERATING-SYSTEM.
        if (s->purpose == "OPERATING_SYSTEM" || s->purpose == "OPERATING-SYSTEM") {
            if (!os_package) {
                OsInfo os;
                os.id = text::lower(s->name);
                os.version_id = s->facts.declared_version;
                os.pretty_name = s->description;
                os_package = std::move(os);
            }
            continue;
        }
        if (s->purl.empty()) {
            ++without_purl;
            continue;
        }
        auto purl = parse_purl(s->purl);
        if (!purl) {
            r.warn("package skipped (not checked): " + purl.error().message,
                   Ptr(ptr, "externalRefs"));
            continue;
        }
        if (!os_distro && purl->qualifiers.count("distro") != 0) {
            os_distro = os_from_distro(purl->qualifiers.at("distro"), purl->nspace);
        }
        out.inventory.packages.push_back(make_package(*purl, s->facts, r, ptr));
    }
    out.inventory.os = os_package ? os_package : os_distro;
    if (without_purl > 0)
        r.warn_document(std::to_string(without_purl) +
                        " package(s) without a purl skipped: not checked");
    return {};
}

// A parsed CycloneDX or SPDX JSON document (or a tag-value one made into SPDX JSON).
Result<DecodedSbom> decode_document(const json& doc, const std::string& w) {
    Reader r(w);
    const Ptr root;
    if (!doc.is_object())
        return fail(ErrorCode::Format, "an SBOM must be a JSON object", r.at(root));

    DecodedSbom out;
    auto bom_format = r.string(doc, "bomFormat", root);
    if (!bom_format) return fail(bom_format.error());
    auto spdx_version = r.string(doc, "spdxVersion", root);
    if (!spdx_version) return fail(spdx_version.error());
    if (*bom_format == "CycloneDX") {
        auto spec = r.string(doc, "specVersion", root);
        if (!spec) return fail(spec.error());
        static constexpr std::string_view kSpecs[] = {"1.2", "1.3", "1.4", "1.5", "1.6"};
        if (std::find(std::begin(kSpecs), std::end(kSpecs), *spec) == std::end(kSpecs)) {
            return fail(ErrorCode::Unsupported,
                        "CycloneDX specVersion \"" + *spec + "\" is not supported (1.2-1.6)",
                        r.at(Ptr(root, "specVersion")));
        }
        out.format = "CycloneDX " + *spec;
        if (auto st = decode_cyclonedx(doc, out, r); !st) return fail(st.error());
    } else if (!bom_format->empty()) {
        return fail(ErrorCode::Format, "bomFormat \"" + *bom_format + "\" is not CycloneDX",
                    r.at(Ptr(root, "bomFormat")));
    } else if (starts_with(*spdx_version, "SPDX-")) {
        if (*spdx_version != "SPDX-2.2" && *spdx_version != "SPDX-2.3") {
            return fail(
                ErrorCode::Unsupported,
                "spdxVersion \"" + *spdx_version + "\" is not supported (SPDX-2.2, SPDX-2.3)",
                r.at(Ptr(root, "spdxVersion")));
        }
        out.format = *spdx_version;
        if (auto st = decode_spdx(doc, out, r); !st) return fail(st.error());
    } else if (doc.contains("@context")) {
        return fail(ErrorCode::Unsupported,
                    "JSON-LD documents (SPDX 3) are not supported; use SPDX 2.2/2.3 JSON", w);
    } else {
        return fail(ErrorCode::Format,
                    "neither CycloneDX (no \"bomFormat\") nor SPDX (no \"spdxVersion\") JSON",
                    r.at(root));
    }
    sort_packages(out.inventory.packages);
    out.inventory.diagnostics = r.take_diagnostics();
    return out;
}

}  // namespace

Result<DecodedSbom> decode_sbom(std::string_view bytes, std::string_view where) {
    const std::string w(where);
    std::string_view text = bytes;
    if (starts_with(text, "\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte order mark
    std::size_t first = text.find_first_not_of(" \t\r\n");
    std::string_view head =
        first == std::string_view::npos ? std::string_view() : text.substr(first);
    if (starts_with(head, "<")) {
        return fail(ErrorCode::Unsupported,
                    "XML SBOMs (CycloneDX XML, SPDX RDF/XML) are not supported; use CycloneDX "
                    "1.2-1.6 JSON or SPDX 2.2/2.3 JSON or tag-value",
                    w);
    }
    if (detail::is_spdx_tag_value(head)) {
        auto doc = detail::spdx_tag_value_to_json(head, w);
        if (!doc) return fail(doc.error());
        auto out = decode_document(*doc, w);
        if (out) out->format += " (tag-value)";
        return out;
    }
    // An in-toto attestation (DSSE envelope, JSON Lines of them): the SBOM is its predicate.
    auto wrapped = detail::unwrap_attestation(head, w);
    if (!wrapped) return fail(wrapped.error());
    if (*wrapped) {
        auto parsed = json_read::parse((*wrapped)->sbom, w + " (attestation predicate)");
        if (!parsed) return fail(parsed.error());
        auto out = decode_document(*parsed, w);
        if (out) out->format += ", " + (*wrapped)->note;
        return out;
    }

    // Within the JSON limits (depth, number of values): the DOM, not the file, is what costs.
    json_read::SyntaxError syntax;
    auto parsed = json_read::parse(text, w, json_read::default_limits(), &syntax);
    if (!parsed) {
        if (parsed.error().code != ErrorCode::Format) return fail(parsed.error());
        const std::size_t byte = syntax.byte;
        std::string offset =
            byte > 0 ? ", byte " + std::to_string(byte + (bytes.size() - text.size())) : "";
        return fail(ErrorCode::Format, "not valid JSON", w + offset);
    }
    return decode_document(*parsed, w);
}

}  // namespace berth::sbom

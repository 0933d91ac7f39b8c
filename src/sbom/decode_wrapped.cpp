// SPDX-License-Identifier: Apache-2.0
// Containers of SBOMs, opened before decode_sbom() reads the SBOM (issue 19).
//
// in-toto attestations (https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md,
// DSSE https://github.com/secure-systems-lab/dsse/blob/master/envelope.md), as `cosign attest
// --type cyclonedx|spdxjson` stores them and `cosign download attestation` prints them (one
// envelope per line):
//   {"payloadType": "application/vnd.in-toto+json", "payload": "<base64>", "signatures": […]}
//   payload → {"_type": "https://in-toto.io/Statement/v0.1", "subject": […],
//              "predicateType": "https://cyclonedx.org/bom", "predicate": {"bomFormat": …}}
//   → Unwrapped{sbom = the predicate, note "in-toto attestation, predicate https://cyclonedx…"}
// cosign before 2.0 wrapped the SBOM as {"Data": <SBOM or its JSON text>, "Timestamp": …}; both
// are opened. A Sigstore bundle's `dsseEnvelope` and a bare Statement are accepted too. The
// signatures are not verified here (`berth verify` does that): the SBOM is read as the file says.
//
// SPDX tag-value (SPDX 2.3 spec, chapter 5 and annex "Tag-value format"), e.g. Trivy's
// `--format spdx`:
//   SPDXVersion: SPDX-2.3
//   PackageName: libretls
//   SPDXID: SPDXRef-Package-343391d704e00fbd
//   PackageVersion: 3.3.4-r3
//   PackageSourceInfo: built package from: libretls 3.3.4-r3
//   ExternalRef: PACKAGE-MANAGER purl pkg:apk/alpine/libretls@3.3.4-r3?arch=x86_64&distro=3.15.11
//   → {"spdxVersion": "SPDX-2.3", "packages": [{"name": "libretls", "SPDXID": …,
//      "versionInfo": "3.3.4-r3", "sourceInfo": …, "externalRefs": [{"referenceCategory":
//      "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:apk/…"}]}]}
// so the JSON reader's mapping (docs/sbom-input.md) applies unchanged.
#include "sbom/decode_wrapped.hpp"

#include <array>
#include <utility>
#include <vector>

#include "core/base64.hpp"
#include "core/json_read.hpp"
#include "core/text.hpp"

namespace berth::sbom::detail {
namespace {

using nlohmann::json;

std::string_view skip_bom_and_blanks(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    const auto first = text.find_first_not_of(" \t\r\n");
    return first == std::string_view::npos ? std::string_view() : text.substr(first);
}

bool is_sbom(const json& j) {
    return j.is_object() && (j.contains("bomFormat") || j.contains("spdxVersion"));
}

// The SBOM in a statement's predicate, or null when the predicate is something else.
json sbom_predicate(const json& statement, const std::string& where) {
    if (!statement.is_object()) return nullptr;
    auto it = statement.find("predicate");
    if (it == statement.end()) return nullptr;
    if (is_sbom(*it)) return *it;
    if (it->is_object() && it->contains("Data")) {  // cosign < 2.0: {"Data": …, "Timestamp": …}
        const json& data = (*it)["Data"];
        if (is_sbom(data)) return data;
        if (data.is_string()) {
            auto inner = json_read::parse(data.get<std::string>(), where);
            if (inner && is_sbom(*inner)) return std::move(*inner);
        }
    }
    return nullptr;
}

// One JSON document of the input: the in-toto statement it is or carries, or null when it is
// none of the attestation shapes.
Result<json> statement_of(const json& doc, const std::string& where) {
    if (!doc.is_object()) return json(nullptr);
    const json* envelope = &doc;
    if (auto b = doc.find("dsseEnvelope"); b != doc.end()) envelope = &*b;
    if (envelope->is_object() && envelope->contains("payloadType") &&
        envelope->contains("payload")) {
        const json& type = (*envelope)["payloadType"];
        const json& payload = (*envelope)["payload"];
        if (!type.is_string() || !payload.is_string())
            return fail(ErrorCode::Format, "DSSE payloadType and payload must be strings", where);
        if (type.get<std::string>() != "application/vnd.in-toto+json") {
            return fail(ErrorCode::Unsupported,
                        "DSSE payload type \"" + type.get<std::string>() +
                            "\" is not an in-toto statement (application/vnd.in-toto+json)",
                        where);
        }
        auto bytes = base64_decode(payload.get<std::string>());
        if (!bytes) return fail(ErrorCode::Format, "DSSE payload is not base64", where);
        auto statement = json_read::parse(*bytes, where + " (DSSE payload)");
        if (!statement) return fail(statement.error());
        return std::move(*statement);
    }
    if (doc.contains("_type") && doc["_type"].is_string() &&
        text::istarts_with(doc["_type"].get<std::string>(), "https://in-toto.io/Statement/")) {
        return doc;
    }
    return json(nullptr);
}

// Cheap test before any parse, so that a large plain SBOM is not parsed twice. The whole text is
// searched: a writer that sorts keys puts "payloadType" after the payload.
bool may_be_attestation(std::string_view text) {
    for (std::string_view key : {"\"payloadType\"", "\"dsseEnvelope\"", "\"_type\""}) {
        if (text.find(key) != std::string_view::npos) return true;
    }
    return false;
}

// The JSON documents of the input: one, or one per non-blank line (JSON Lines).
Result<std::vector<std::pair<std::size_t, json>>> documents(std::string_view text,
                                                            const std::string& where) {
    std::vector<std::pair<std::size_t, json>> out;
    if (auto one = json_read::parse(text, where)) {
        out.emplace_back(0, std::move(*one));
        return out;
    }
    std::size_t line_no = 0;
    while (!text.empty()) {
        const std::string_view line = text::trim(text::next_line(text));
        ++line_no;
        if (line.empty()) continue;
        auto doc = json_read::parse(line, where + ":" + std::to_string(line_no));
        if (!doc) return fail(doc.error());
        out.emplace_back(line_no, std::move(*doc));
    }
    return out;
}

}  // namespace

Result<std::optional<Unwrapped>> unwrap_attestation(std::string_view text,
                                                    const std::string& where) {
    text = skip_bom_and_blanks(text);
    if (text.empty() || text.front() != '{' || !may_be_attestation(text)) return std::nullopt;
    auto docs = documents(text, where);
    if (!docs) return fail(docs.error());
    std::optional<Unwrapped> found;
    std::size_t sboms = 0;
    std::vector<std::string> other_types;
    for (const auto& [line, doc] : *docs) {
        const std::string at = line == 0 ? where : where + ":" + std::to_string(line);
        if (docs->size() == 1 && is_sbom(doc)) return std::nullopt;  // a plain SBOM after all
        auto statement = statement_of(doc, at);
        if (!statement) return fail(statement.error());
        if (statement->is_null()) {
            if (docs->size() == 1) return std::nullopt;
            return fail(ErrorCode::Format, "not an in-toto attestation", at);
        }
        const std::string type = (*statement).value("predicateType", std::string());
        json predicate = sbom_predicate(*statement, at);
        if (predicate.is_null()) {
            other_types.push_back(type.empty() ? "(none)" : type);
            continue;
        }
        if (++sboms == 1)
            found = Unwrapped{predicate.dump(), "in-toto attestation, predicate " + type};
    }
    if (!found) {
        std::string types;
        for (const auto& t : other_types) types += (types.empty() ? "" : ", ") + t;
        return fail(ErrorCode::Format,
                    "no SBOM in the in-toto attestation(s): predicate types " + types, where);
    }
    if (sboms > 1) {
        found->note += " (the first of " + std::to_string(sboms) + " SBOM attestations)";
    }
    return found;
}

bool is_spdx_tag_value(std::string_view text) {
    text = skip_bom_and_blanks(text);
    if (text.empty() || text.front() == '{' || text.front() == '<') return false;
    if (text.front() == '#') return true;
    const std::string_view first = text.substr(0, text.find('\n'));
    const auto colon = first.find(':');
    return colon != std::string_view::npos && colon > 0 &&
           first.substr(0, colon).find_first_of(" \t{") == std::string_view::npos;
}

namespace {

// Package tags and the SPDX JSON member each becomes (plain strings).
constexpr std::array<std::pair<std::string_view, std::string_view>, 15> kPackageTags{{
    {"PackageComment", "comment"},
    {"PackageCopyrightText", "copyrightText"},
    {"PackageDescription", "description"},
    {"PackageDownloadLocation", "downloadLocation"},
    {"PackageFileName", "packageFileName"},
    {"PackageHomePage", "homepage"},
    {"PackageLicenseComments", "licenseComments"},
    {"PackageLicenseConcluded", "licenseConcluded"},
    {"PackageLicenseDeclared", "licenseDeclared"},
    {"PackageOriginator", "originator"},
    {"PackageSourceInfo", "sourceInfo"},
    {"PackageSummary", "summary"},
    {"PackageSupplier", "supplier"},
    {"PackageVersion", "versionInfo"},
    {"PrimaryPackagePurpose", "primaryPackagePurpose"},
}};

// Document tags → members.
constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kDocumentTags{{
    {"DataLicense", "dataLicense"},
    {"DocumentComment", "comment"},
    {"DocumentName", "name"},
    {"DocumentNamespace", "documentNamespace"},
    {"SPDXVersion", "spdxVersion"},
}};

// Tags that start a file, snippet or license section: what follows is not the package's.
constexpr std::array<std::string_view, 3> kSectionTags{"FileName", "SnippetSPDXID", "LicenseID"};

class TagValueReader {
  public:
    explicit TagValueReader(std::string where) : where_(std::move(where)) {}

    Result<json> read(std::string_view text) {
        while (!text.empty()) {
            std::string_view line = text::next_line(text);
            ++line_no_;
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            const std::string_view t = text::trim(line);
            if (t.empty() || t.front() == '#') continue;
            auto [tag, value] = split(t);
            if (tag.empty()) return fail(error("not a \"Tag: value\" line"));
            std::string v(value);
            if (text::istarts_with(value, "<text>")) {
                auto joined = multi_line(value.substr(6), text);
                if (!joined) return fail(joined.error());
                v = std::move(*joined);
            }
            if (auto s = take(tag, std::move(v)); !s) return fail(s.error());
        }
        end_package();
        if (!relationships_.empty()) doc_["relationships"] = std::move(relationships_);
        doc_["packages"] = std::move(packages_);
        return std::move(doc_);
    }

  private:
    // "Tag: value"; "Relationship A DESCRIBES B" (no colon, as spdx-sbom-generator writes it).
    static std::pair<std::string_view, std::string_view> split(std::string_view line) {
        constexpr std::string_view kRel = "Relationship ";
        if (line.substr(0, kRel.size()) == kRel) return {"Relationship", line.substr(kRel.size())};
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) return {};
        const std::string_view tag = text::trim(line.substr(0, colon));
        if (tag.find_first_of(" \t") != std::string_view::npos) return {};
        return {tag, text::trim(line.substr(colon + 1))};
    }

    // A <text>…</text> value; `first` is what follows <text> on the tag's line.
    Result<std::string> multi_line(std::string_view first, std::string_view& rest) {
        std::string out;
        std::string_view part = first;
        const std::size_t start = line_no_;
        while (true) {
            if (const auto end = part.find("</text>"); end != std::string_view::npos) {
                out += part.substr(0, end);
                return std::string(text::trim(out));
            }
            out += part;
            if (rest.empty()) {
                line_no_ = start;
                return fail(error("<text> without </text>"));
            }
            out += '\n';
            part = text::next_line(rest);
            ++line_no_;
        }
    }

    Status take(std::string_view tag, std::string value) {
        if (tag == "PackageName") {
            end_package();
            package_ = json{{"name", std::move(value)}};
            return {};
        }
        for (auto s : kSectionTags) {
            if (tag == s) end_package();
        }
        if (tag == "Relationship") return relationship(value);
        if (tag == "SPDXID") {  // the document's, a package's, or a file's (not kept)
            if (!package_.is_null()) {
                package_["SPDXID"] = std::move(value);
            } else if (!in_section_) {
                doc_["SPDXID"] = std::move(value);
            }
            return {};
        }
        if (tag == "Creator" || tag == "Created") {
            auto& info = doc_["creationInfo"];
            if (tag == "Created") {
                info["created"] = std::move(value);
            } else {
                info["creators"].push_back(std::move(value));
            }
            return {};
        }
        for (const auto& [t, member] : kDocumentTags) {
            if (tag != t) continue;
            doc_[std::string(member)] = std::move(value);
            return {};
        }
        return package_tag(tag, std::move(value));
    }

    Status package_tag(std::string_view tag, std::string value) {
        const bool is_package_tag = text::istarts_with(tag, "Package") || tag == "ExternalRef" ||
                                    tag == "PrimaryPackagePurpose" || tag == "ExternalRefComment";
        if (!is_package_tag) return {};  // other sections and tags berth does not read
        if (package_.is_null()) {
            if (in_section_) return {};
            return fail(error(std::string(tag) + " before any PackageName"));
        }
        if (tag == "ExternalRef") {
            const auto fields = text::split_words(value);
            if (fields.size() != 3)
                return fail(
                    error("ExternalRef needs CATEGORY TYPE LOCATOR, got \"" + value + "\""));
            package_["externalRefs"].push_back({{"referenceCategory", std::string(fields[0])},
                                                {"referenceType", std::string(fields[1])},
                                                {"referenceLocator", std::string(fields[2])}});
        } else if (tag == "FilesAnalyzed") {
            package_["filesAnalyzed"] = text::iequals(value, "true");
        } else if (tag == "PackageAttributionText") {
            package_["attributionTexts"].push_back(std::move(value));
        } else {
            for (const auto& [t, member] : kPackageTags) {
                if (tag != t) continue;
                package_[std::string(member)] = std::move(value);
                break;
            }
        }
        return {};
    }

    Status relationship(const std::string& value) {
        const auto fields = text::split_words(value);
        if (fields.size() < 3) return fail(error("Relationship needs A TYPE B"));
        relationships_.push_back({{"spdxElementId", std::string(fields[0])},
                                  {"relationshipType", std::string(fields[1])},
                                  {"relatedSpdxElement", std::string(fields[2])}});
        return {};
    }

    void end_package() {
        if (!package_.is_null()) packages_.push_back(std::move(package_));
        package_ = nullptr;
        in_section_ = true;
    }

    [[nodiscard]] Error error(std::string message) const {
        return Error{ErrorCode::Format, std::move(message),
                     where_ + ":" + std::to_string(line_no_)};
    }

    std::string where_;
    std::size_t line_no_ = 0;
    json doc_ = json::object();
    json package_;  // the package being read, null outside one
    json packages_ = json::array();
    json relationships_ = json::array();
    bool in_section_ = false;  // past the first package or section: stray tags are not errors
};

}  // namespace

Result<json> spdx_tag_value_to_json(std::string_view text, const std::string& where) {
    text = skip_bom_and_blanks(text);
    return TagValueReader(where).read(text);
}

}  // namespace berth::sbom::detail

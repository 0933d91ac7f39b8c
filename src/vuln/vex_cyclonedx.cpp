// SPDX-License-Identifier: Apache-2.0
// CycloneDX VEX as --vex input, read into the OpenVEX statement model suppress.cpp applies.
// Format: CycloneDX 1.4–1.6 `vulnerabilities[]` (https://cyclonedx.org/docs/1.6/json/
// #vulnerabilities, "Vulnerability Exploitability eXchange"); a VEX is a BOM whose
// vulnerabilities say how a component is affected. Trivy's testdata/cyclonedx.json:
//   {"bomFormat": "CycloneDX", "specVersion": "1.5", "vulnerabilities": [
//     {"id": "CVE-2018-7489", "analysis": {"state": "not_affected",
//                                           "justification": "code_not_reachable"},
//      "affects": [{"ref": "urn:cdx:3e671687-…/1#pkg:maven/com.fasterxml.jackson.core/
//                            jackson-databind@2.8.0"}]}]}
//   → VexStatement{vulnerability_ids {"CVE-2018-7489"}, products {{"pkg:maven/…@2.8.0"}},
//                  status NotAffected, justification "code_not_reachable"}
// Decisions:
//  - A BOM-link's serial number and version are not compared with anything: berth scans images
//    and SBOMs whose serial it does not know (Trivy requires them to equal the scanned SBOM's,
//    so a VEX written for an image's SBOM is not applied to the image); the reference after '#'
//    decides. A reference that is a bom-ref of this document's components becomes their purl.
//  - CycloneDX has no per-statement timestamp berth needs: statements keep document order, and
//    of two statements for one flaw and package the later one wins (as with equal OpenVEX times).
//  - `affects[].versions` ranges are not evaluated: a ref with a versioned purl limits the
//    statement to that version, one without applies to every version.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/json_read.hpp"
#include "vuln/suppress.hpp"
#include "vuln/vex_read.hpp"

namespace berth::vuln {
namespace {

using json_read::Cursor;

// CycloneDX impact analysis states → OpenVEX status (Trivy pkg/vex/cyclonedx.go cdxStatus).
Result<VexStatus> status_of(const Cursor& analysis) {
    auto state = analysis.opt_string("state");
    if (!state) return fail(state.error());
    if (*state == "not_affected" || *state == "false_positive") return VexStatus::NotAffected;
    if (*state == "resolved" || *state == "resolved_with_pedigree") return VexStatus::Fixed;
    if (*state == "exploitable") return VexStatus::Affected;
    if (state->empty() || *state == "in_triage") return VexStatus::UnderInvestigation;
    return fail(analysis["state"].error(
        "unknown analysis state '" + *state +
        "' (want resolved, resolved_with_pedigree, exploitable, in_triage, false_positive or "
        "not_affected)"));
}

// bom-ref → purl of every component, nested ones and metadata.component included.
Status collect_refs(const Cursor& components, std::map<std::string, std::string>& refs) {
    auto list = components.elements();
    if (!list) return fail(list.error());
    for (const Cursor& c : *list) {
        if (!c.value().is_object()) continue;
        const std::string ref = c.string_or("bom-ref");
        const std::string purl = c.string_or("purl");
        if (!ref.empty() && !purl.empty()) refs.emplace(ref, purl);
        if (auto s = collect_refs(c["components"], refs); !s) return s;
    }
    return {};
}

// "urn:cdx:SERIAL/VERSION#REF" → REF; a purl or bom-ref as is; REF → its component's purl.
std::string product_id(std::string ref, const std::map<std::string, std::string>& refs) {
    if (ref.rfind("urn:cdx:", 0) == 0) {
        const auto hash = ref.find('#');
        ref = hash == std::string::npos ? std::string() : ref.substr(hash + 1);
    }
    if (auto it = refs.find(ref); it != refs.end()) return it->second;
    return ref;
}

Result<VexStatement> read_vulnerability(const Cursor& v,
                                        const std::map<std::string, std::string>& refs) {
    if (!v.value().is_object()) return fail(v.error("vulnerability must be an object"));
    VexStatement st;
    auto id = v.opt_string("id");
    if (!id) return fail(id.error());
    if (id->empty()) return fail(v.error("vulnerability has no 'id'"));
    st.vulnerability_ids.push_back(*id);
    auto references = v["references"].elements();
    if (!references) return fail(references.error());
    for (const Cursor& r : *references) {
        if (std::string other = r.string_or("id"); !other.empty())
            st.vulnerability_ids.push_back(std::move(other));
    }
    auto analysis = v.opt_object("analysis");
    if (!analysis) return fail(analysis.error());
    auto status = status_of(*analysis);
    if (!status) return fail(status.error());
    st.status = *status;
    st.justification = analysis->string_or("justification");
    st.impact_statement = analysis->string_or("detail");
    auto affects = v["affects"].elements();
    if (!affects) return fail(affects.error());
    for (const Cursor& a : *affects) {
        auto ref = a.req_string("ref");
        if (!ref) return fail(ref.error());
        std::string product = product_id(*ref, refs);
        if (!product.empty()) st.products.push_back(VexProduct{{std::move(product)}, {}});
    }
    return st;
}

}  // namespace

Result<VexDocument> parse_cyclonedx_vex(std::string_view text, std::string source) {
    VexDocument doc;
    doc.source = std::move(source);
    doc.format = "cyclonedx";
    auto parsed = detail::read_vex_object(text, doc.source);
    if (!parsed) return fail(parsed.error());
    const Cursor root(*parsed, doc.source);
    if (root.string_or("bomFormat") != "CycloneDX") {
        return fail(root["bomFormat"].error("not a CycloneDX document (want bomFormat CycloneDX)"));
    }
    doc.id = root.string_or("serialNumber");
    std::map<std::string, std::string> refs;
    if (auto s = collect_refs(root["components"], refs); !s) return fail(s.error());
    if (const Cursor meta = root["metadata"]["component"]; meta.value().is_object()) {
        const std::string ref = meta.string_or("bom-ref");
        const std::string purl = meta.string_or("purl");
        if (!ref.empty() && !purl.empty()) refs.emplace(ref, purl);
    }
    auto list = root["vulnerabilities"].elements();
    if (!list) return fail(list.error());
    for (std::size_t i = 0; i < list->size(); ++i) {
        auto st = read_vulnerability((*list)[i], refs);
        if (!st) return fail(st.error());
        st->index = i;
        doc.statements.push_back(std::move(*st));
    }
    if (doc.statements.empty()) {
        doc.diagnostics.push_back({Diagnostic::Severity::Warning,
                                   "CycloneDX document has no vulnerabilities: nothing to apply",
                                   doc.source});
    }
    return doc;
}

Result<VexDocument> parse_vex(std::string_view text, std::string source) {
    // Told apart by the top-level keys: CycloneDX has bomFormat, CSAF document.csaf_version,
    // OpenVEX @context.
    if (text.size() <= detail::kMaxVexDocumentBytes) {
        auto parsed = json_read::parse(text, source);
        if (parsed && parsed->is_object() && !parsed->contains("@context")) {
            if (parsed->contains("bomFormat")) return parse_cyclonedx_vex(text, std::move(source));
            const auto document = parsed->find("document");
            if (document != parsed->end() && document->is_object() &&
                document->contains("csaf_version")) {
                return parse_csaf_vex(text, std::move(source));
            }
        }
    }
    return parse_openvex(text, std::move(source));
}

}  // namespace berth::vuln

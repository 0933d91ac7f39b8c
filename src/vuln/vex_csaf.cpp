// SPDX-License-Identifier: Apache-2.0
// CSAF VEX as --vex input, read into the OpenVEX statement model suppress.cpp applies.
// Format: CSAF 2.0 with the VEX profile (https://docs.oasis-open.org/csaf/csaf/v2.0/os/
// csaf-v2.0-os.html, 4.5 "Profile 5: VEX"). Trivy's testdata/csaf-not-affected.json:
//   "product_tree": {"branches": [… {"product": {"product_id": "SPB-00260",
//       "product_identification_helper": {"purl": "pkg:maven/…/spring-boot@2.6.0"}}}]},
//   "vulnerabilities": [{"cve": "CVE-2021-44228",
//       "product_status": {"known_not_affected": ["SPB-00260"]},
//       "threats": [{"category": "impact", "details": "Class with vulnerable code was removed…"}]}]
//   → VexStatement{vulnerability_ids {"CVE-2021-44228"}, products {{"pkg:maven/…@2.6.0"}},
//                  status NotAffected, impact_statement "Class with vulnerable code was removed…"}
// Product ids resolve through the product tree: branches (nested) and full_product_names give a
// product's purls (product_identification_helper.purl); a relationship (default_component_of,
// installed_on, installed_with) names a product made of two: `relates_to_product_reference` is
// the product and `product_reference` its subcomponent, as in an OpenVEX product with
// subcomponents (Trivy pkg/vex/csaf.go does the same). Status lists: known_not_affected →
// not_affected, fixed and first_fixed → fixed, known_affected → affected, under_investigation →
// under_investigation. A product's flag label is its justification. Statements keep document
// order (no per-statement time).
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

constexpr int kMaxBranchDepth = 32;

struct ProductTree {
    std::map<std::string, std::vector<std::string>> purls;  // product id → purls
    std::map<std::string, VexProduct> composed;             // relationship id → product
};

void add_product(const Cursor& product, ProductTree& tree) {
    const std::string id = product.string_or("product_id");
    const std::string purl = product["product_identification_helper"].string_or("purl");
    if (!id.empty() && !purl.empty()) tree.purls[id].push_back(purl);
}

Status walk_branches(const Cursor& branches, ProductTree& tree, int depth) {
    if (depth > kMaxBranchDepth) return fail(branches.error("branches nested too deeply"));
    auto list = branches.elements();
    if (!list) return fail(list.error());
    for (const Cursor& b : *list) {
        if (b["product"].value().is_object()) add_product(b["product"], tree);
        if (auto s = walk_branches(b["branches"], tree, depth + 1); !s) return s;
    }
    return {};
}

std::vector<std::string> purls_of(const ProductTree& tree, const std::string& id) {
    auto it = tree.purls.find(id);
    return it == tree.purls.end() ? std::vector<std::string>{} : it->second;
}

Result<ProductTree> read_product_tree(const Cursor& root) {
    ProductTree tree;
    const Cursor pt = root["product_tree"];
    if (auto s = walk_branches(pt["branches"], tree, 0); !s) return fail(s.error());
    auto full = pt["full_product_names"].elements();
    if (!full) return fail(full.error());
    for (const Cursor& p : *full) add_product(p, tree);
    auto rels = pt["relationships"].elements();
    if (!rels) return fail(rels.error());
    for (const Cursor& r : *rels) {
        const std::string category = r.string_or("category");
        if (category != "default_component_of" && category != "installed_on" &&
            category != "installed_with") {
            continue;
        }
        const std::string id = r["full_product_name"].string_or("product_id");
        VexProduct product{purls_of(tree, r.string_or("relates_to_product_reference")),
                           purls_of(tree, r.string_or("product_reference"))};
        if (!id.empty() && !product.ids.empty() && !product.subcomponents.empty())
            tree.composed.emplace(id, std::move(product));
    }
    return tree;
}

// The products a product id stands for (none when it has no purl).
std::vector<VexProduct> products_of(const ProductTree& tree, const std::string& id) {
    if (auto it = tree.composed.find(id); it != tree.composed.end()) return {it->second};
    std::vector<VexProduct> out;
    for (const auto& purl : purls_of(tree, id)) out.push_back(VexProduct{{purl}, {}});
    return out;
}

// label of the flag naming `id`, else "".
std::string flag_for(const Cursor& v, const std::string& id) {
    auto flags = v["flags"].elements();
    if (!flags) return {};
    for (const Cursor& f : *flags) {
        for (const auto& p : f.strings_or_empty("product_ids")) {
            if (p == id) return f.string_or("label");
        }
    }
    return {};
}

std::string impact_of(const Cursor& v) {
    auto threats = v["threats"].elements();
    if (!threats) return {};
    for (const Cursor& t : *threats) {
        if (t.string_or("category") == "impact") return t.string_or("details");
    }
    return {};
}

Status read_vulnerability(const Cursor& v, const ProductTree& tree, VexDocument& doc) {
    std::vector<std::string> ids;
    if (std::string cve = v.string_or("cve"); !cve.empty()) ids.push_back(std::move(cve));
    auto others = v["ids"].elements();
    if (!others) return fail(others.error());
    for (const Cursor& i : *others) {
        if (std::string text = i.string_or("text"); !text.empty()) ids.push_back(std::move(text));
    }
    if (ids.empty()) return fail(v.error("vulnerability has no 'cve' or 'ids'"));
    const std::string impact = impact_of(v);
    constexpr std::pair<std::string_view, VexStatus> kLists[] = {
        {"known_not_affected", VexStatus::NotAffected},
        {"fixed", VexStatus::Fixed},
        {"first_fixed", VexStatus::Fixed},
        {"known_affected", VexStatus::Affected},
        {"under_investigation", VexStatus::UnderInvestigation}};
    for (const auto& [list, status] : kLists) {
        auto product_ids = v["product_status"].opt_strings(list);
        if (!product_ids) return fail(product_ids.error());
        for (const auto& id : *product_ids) {
            VexStatement st;
            st.vulnerability_ids = ids;
            st.products = products_of(tree, id);
            if (st.products.empty()) continue;  // no purl: nothing berth can match
            st.status = status;
            st.justification = flag_for(v, id);
            st.impact_statement = impact;
            st.index = doc.statements.size();
            doc.statements.push_back(std::move(st));
        }
    }
    return {};
}

}  // namespace

Result<VexDocument> parse_csaf_vex(std::string_view text, std::string source) {
    VexDocument doc;
    doc.source = std::move(source);
    doc.format = "csaf";
    auto parsed = detail::read_vex_object(text, doc.source);
    if (!parsed) return fail(parsed.error());
    const Cursor root(*parsed, doc.source);
    const Cursor document = root["document"];
    if (document.string_or("csaf_version").empty()) {
        return fail(document.error("not a CSAF document (no document.csaf_version)"));
    }
    doc.id = document["tracking"].string_or("id");
    auto tree = read_product_tree(root);
    if (!tree) return fail(tree.error());
    auto list = root["vulnerabilities"].elements();
    if (!list) return fail(list.error());
    for (const Cursor& v : *list) {
        if (auto s = read_vulnerability(v, *tree, doc); !s) return fail(s.error());
    }
    if (doc.statements.empty()) {
        doc.diagnostics.push_back({Diagnostic::Severity::Warning,
                                   "CSAF document names no product with a purl: nothing to apply",
                                   doc.source});
    }
    return doc;
}

}  // namespace berth::vuln

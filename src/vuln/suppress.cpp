// SPDX-License-Identifier: Apache-2.0
// Ignore files and OpenVEX. Formats:
//   .trivyignore       https://aquasecurity.github.io/trivy/latest/docs/configuration/filtering/
//                      (plain: "CVE-2023-4911 exp:2026-12-31"; YAML: vulnerabilities[].{id,
//                      purls, expired_at, statement})
//   OpenVEX v0.2.0     https://github.com/openvex/spec/blob/main/OPENVEX-SPEC.md
// Example: statement {vulnerability.name "CVE-2023-4911", products [{"@id":
// "pkg:deb/debian/libc6"}], status "not_affected", justification "vulnerable_code_not_present"}
// suppresses the CVE-2023-4911 finding on libc6 2.36-9 with Suppression{"vex", "not_affected",
// "vulnerable_code_not_present", <file>}.
#include "vuln/suppress.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json_read.hpp"
#include "core/text.hpp"

namespace berth::vuln {
namespace {

using json_read::Cursor;
using nlohmann::json;

constexpr std::size_t kMaxDocumentBytes = 64U << 20U;
constexpr int kMaxDepth = 64;

// Blanks in a plain ignore file line: space, tab and the CR of CRLF files. Narrower than
// text::is_space on purpose: '\n' separates lines and a stray \f or \v is kept as text.
std::string_view trim(std::string_view s) {
    return text::trim(s, " \t\r");
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Bracket nesting outside JSON strings; the recursive parsers would overflow the stack on
// adversarial input ("[[[[…").
int nesting_depth(std::string_view text) {
    int depth = 0;
    int max = 0;
    bool in_string = false;
    bool escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            max = std::max(max, ++depth);
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return max;
}

// "YYYY-MM-DD" with a real month and day.
bool valid_date(std::string_view d) {
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
    for (std::size_t i : {0U, 1U, 2U, 3U, 5U, 6U, 8U, 9U}) {
        if (d[i] < '0' || d[i] > '9') return false;
    }
    int month = (d[5] - '0') * 10 + (d[6] - '0');
    int day = (d[8] - '0') * 10 + (d[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
long long days_from_civil(long long y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

// RFC 3339 date-time → (seconds since the epoch UTC, nanoseconds).
std::optional<std::pair<long long, long long>> parse_rfc3339(std::string_view t) {
    auto digits = [&](std::size_t pos, std::size_t n) -> std::optional<long long> {
        if (pos + n > t.size()) return std::nullopt;
        long long v = 0;
        for (std::size_t i = pos; i < pos + n; ++i) {
            if (t[i] < '0' || t[i] > '9') return std::nullopt;
            v = v * 10 + (t[i] - '0');
        }
        return v;
    };
    if (t.size() < 20 || !valid_date(t.substr(0, 10))) return std::nullopt;
    if (t[10] != 'T' && t[10] != 't' && t[10] != ' ') return std::nullopt;
    auto year = digits(0, 4);
    auto month = digits(5, 2);
    auto day = digits(8, 2);
    auto hour = digits(11, 2);
    auto minute = digits(14, 2);
    auto second = digits(17, 2);
    if (!hour || !minute || !second || t[13] != ':' || t[16] != ':' || *hour > 23 || *minute > 59 ||
        *second > 60) {
        return std::nullopt;
    }
    std::size_t pos = 19;
    long long nanos = 0;
    if (pos < t.size() && t[pos] == '.') {
        ++pos;
        std::size_t start = pos;
        long long scale = 100000000;
        while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
            nanos += (t[pos] - '0') * scale;
            scale /= 10;
            ++pos;
        }
        if (pos == start) return std::nullopt;
    }
    long long offset = 0;
    if (pos < t.size() && (t[pos] == 'Z' || t[pos] == 'z')) {
        ++pos;
    } else if (pos < t.size() && (t[pos] == '+' || t[pos] == '-')) {
        auto oh = digits(pos + 1, 2);
        auto om = digits(pos + 4, 2);
        if (!oh || !om || pos + 3 >= t.size() || t[pos + 3] != ':') return std::nullopt;
        offset = (*oh * 60 + *om) * 60 * (t[pos] == '-' ? -1 : 1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != t.size()) return std::nullopt;
    long long days =
        days_from_civil(*year, static_cast<unsigned>(*month), static_cast<unsigned>(*day));
    return std::pair{days * 86400 + *hour * 3600 + *minute * 60 + *second - offset, nanos};
}

// ---------------------------------------------------------------------------------------------
// purl

struct Purl {
    std::string type;
    std::string ns;
    std::string name;
    std::string version;
    std::map<std::string, std::string> qualifiers;
};

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
            hex_value(s[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

// purl-spec: pkg:type/namespace/name@version?qualifiers#subpath
std::optional<Purl> parse_purl(std::string_view s) {
    if (s.size() < 4 || !text::istarts_with(s, "pkg:")) return std::nullopt;
    s.remove_prefix(4);
    while (!s.empty() && s.front() == '/') s.remove_prefix(1);
    if (auto hash = s.find('#'); hash != std::string_view::npos) s = s.substr(0, hash);
    Purl p;
    if (auto q = s.find('?'); q != std::string_view::npos) {
        std::string_view qs = s.substr(q + 1);
        s = s.substr(0, q);
        while (!qs.empty()) {
            auto amp = qs.find('&');
            std::string_view kv = qs.substr(0, amp);
            auto eq = kv.find('=');
            if (eq != std::string_view::npos && eq > 0) {
                const std::string key = text::lower(kv.substr(0, eq));
                p.qualifiers[key] = percent_decode(kv.substr(eq + 1));
            }
            if (amp == std::string_view::npos) break;
            qs.remove_prefix(amp + 1);
        }
    }
    auto slash = s.find('/');
    if (slash == std::string_view::npos || slash == 0) return std::nullopt;
    p.type = text::lower(s.substr(0, slash));
    s.remove_prefix(slash + 1);
    if (auto at = s.rfind('@'); at != std::string_view::npos) {
        p.version = percent_decode(s.substr(at + 1));
        s = s.substr(0, at);
    }
    while (!s.empty() && s.back() == '/') s.remove_suffix(1);
    auto last = s.rfind('/');
    if (last != std::string_view::npos) {
        p.ns = percent_decode(s.substr(0, last));
        s.remove_prefix(last + 1);
    }
    p.name = percent_decode(s);
    if (p.name.empty()) return std::nullopt;
    return p;
}

bool is_image_purl(std::string_view s) {
    auto p = parse_purl(s);
    return p && (p->type == "oci" || p->type == "docker");
}

// ---------------------------------------------------------------------------------------------
// Ignore files

Result<IgnoreFile> parse_plain(std::string_view text, IgnoreFile out) {
    std::size_t line_no = 0;
    while (!text.empty()) {
        std::string_view line = trim(text::next_line(text));
        ++line_no;
        if (line.empty() || line.front() == '#') continue;
        IgnoreEntry entry;
        entry.line = line_no;
        std::size_t field = 0;
        while (!line.empty()) {
            auto end = line.find_first_of(" \t");
            std::string_view f = line.substr(0, end);
            line = trim(end == std::string_view::npos ? std::string_view() : line.substr(end));
            if (f.front() == '#') break;  // trailing comment
            if (field++ == 0) {
                entry.id = std::string(f);
            } else if (f.substr(0, 4) == "exp:") {
                if (!valid_date(f.substr(4))) {
                    return fail(ErrorCode::Format,
                                "bad expiry '" + std::string(f) + "' (want exp:YYYY-MM-DD)",
                                out.source + ":" + std::to_string(line_no));
                }
                entry.expired_at = std::string(f.substr(4));
            }
        }
        out.entries.push_back(std::move(entry));
    }
    return out;
}

// A YAML scalar as a string; Format error naming `what` otherwise.
Result<std::string> scalar(const YAML::Node& node, const std::string& what,
                           const std::string& where) {
    if (!node.IsScalar()) return fail(ErrorCode::Format, what + " must be a string", where);
    return node.Scalar();
}

Result<IgnoreFile> parse_structured(std::string_view text, IgnoreFile out) {
    if (nesting_depth(text) > kMaxDepth) {
        return fail(ErrorCode::LimitExceeded, "nested deeper than 64 levels", out.source);
    }
    YAML::Node root;
    try {
        root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
        return fail(ErrorCode::Format, "not valid YAML/JSON: " + e.msg,
                    out.source + ":" + std::to_string(e.mark.line + 1));
    }
    try {
        if (root.IsNull()) return out;
        if (!root.IsMap()) {
            return fail(ErrorCode::Format, "top level must be a map with 'vulnerabilities'",
                        out.source);
        }
        YAML::Node list = root["vulnerabilities"];
        if (!list || list.IsNull()) return out;
        if (!list.IsSequence()) {
            return fail(ErrorCode::Format, "'vulnerabilities' must be a list", out.source);
        }
        std::size_t n = 0;
        for (const auto& item : list) {
            ++n;
            std::string where = out.source + ":" + std::to_string(item.Mark().line + 1) +
                                ": vulnerabilities[" + std::to_string(n - 1) + "]";
            if (!item.IsMap()) return fail(ErrorCode::Format, "entry must be a map", where);
            IgnoreEntry entry;
            entry.line = n;
            if (!item["id"]) return fail(ErrorCode::Format, "entry has no 'id'", where);
            auto id = scalar(item["id"], "id", where);
            if (!id) return fail(id.error());
            entry.id = std::string(trim(*id));
            if (entry.id.empty()) return fail(ErrorCode::Format, "empty 'id'", where);
            if (YAML::Node purls = item["purls"]; purls && !purls.IsNull()) {
                if (!purls.IsSequence()) {
                    return fail(ErrorCode::Format, "'purls' must be a list", where);
                }
                for (const auto& p : purls) {
                    auto s = scalar(p, "purls[]", where);
                    if (!s) return fail(s.error());
                    if (!parse_purl(*s)) {
                        return fail(ErrorCode::Format, "'" + *s + "' is not a purl", where);
                    }
                    entry.purls.push_back(*s);
                }
            }
            if (YAML::Node exp = item["expired_at"]; exp && !exp.IsNull()) {
                auto s = scalar(exp, "expired_at", where);
                if (!s) return fail(s.error());
                // Trivy writes a date; a full timestamp is accepted and cut to its date.
                std::string date = s->substr(0, 10);
                if (!valid_date(date) || (s->size() > 10 && !parse_rfc3339(*s))) {
                    return fail(ErrorCode::Format, "bad expired_at '" + *s + "' (want YYYY-MM-DD)",
                                where);
                }
                entry.expired_at = date;
            }
            if (YAML::Node st = item["statement"]; st && !st.IsNull()) {
                auto s = scalar(st, "statement", where);
                if (!s) return fail(s.error());
                entry.statement = *s;
            }
            out.entries.push_back(std::move(entry));
        }
    } catch (const YAML::Exception& e) {
        return fail(ErrorCode::Format, "unexpected YAML structure: " + e.msg,
                    out.source + ":" + std::to_string(e.mark.line + 1));
    }
    return out;
}

bool looks_structured(std::string_view text, std::string_view source) {
    if (ends_with(source, ".yaml") || ends_with(source, ".yml") || ends_with(source, ".json")) {
        return true;
    }
    std::string_view t = trim(text);
    while (!t.empty() && (t.front() == '\n')) t = trim(t.substr(1));
    if (!t.empty() && t.front() == '{') return true;
    while (!text.empty()) {
        auto nl = text.find('\n');
        if (text.substr(0, nl).substr(0, 16) == "vulnerabilities:") return true;
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    return false;
}

// ---------------------------------------------------------------------------------------------
// OpenVEX

constexpr std::string_view kJustifications[] = {
    "component_not_present", "vulnerable_code_not_present", "vulnerable_code_not_in_execute_path",
    "vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist"};

std::optional<VexStatus> vex_status(std::string_view s) {
    if (s == "not_affected") return VexStatus::NotAffected;
    if (s == "affected") return VexStatus::Affected;
    if (s == "fixed") return VexStatus::Fixed;
    if (s == "under_investigation") return VexStatus::UnderInvestigation;
    return std::nullopt;
}

// @id and identifiers.purl of a product or subcomponent; a plain string is its @id (OpenVEX
// before v0.2.0 wrote "products": ["pkg:maven/…"], as Trivy's testdata/openvex.json does).
Result<std::vector<std::string>> component_ids(const Cursor& c) {
    if (c.value().is_string()) return std::vector<std::string>{c.value().get<std::string>()};
    if (!c.value().is_object()) return fail(c.error("must be an object or a string"));
    std::vector<std::string> ids;
    auto id = c.opt_string("@id");
    if (!id) return fail(id.error());
    if (!id->empty()) ids.push_back(*id);
    if (const Cursor identifiers = c["identifiers"]; identifiers.value().is_object()) {
        auto purl = identifiers.opt_string("purl");
        if (!purl) return fail(purl.error());
        if (!purl->empty() && *purl != *id) ids.push_back(*purl);
    }
    return ids;
}

// An @id IRI ending in an id ("https://nvd.nist.gov/vuln/detail/CVE-2023-1234") also names
// that id, so a statement without `name` still meets the finding.
std::string id_in_iri(std::string_view iri) {
    if (iri.find("://") == std::string_view::npos) return {};
    while (!iri.empty() && iri.back() == '/') iri.remove_suffix(1);
    const std::string_view last = iri.substr(iri.rfind('/') + 1);
    if (last.find('-') == std::string_view::npos || last.find_first_of("?#=") != last.npos)
        return {};
    return std::string(last);
}

// The ids a statement's "vulnerability" names: name, @id and aliases (or a plain string, as
// OpenVEX before v0.2.0 wrote it). The spec requires `name`; a statement with only an @id is
// accepted with a warning (go-vex matches a vulnerability by name, @id or alias alike).
Status parse_vulnerability(const Cursor& s, VexStatement& st, Diagnostics& diagnostics) {
    const Cursor v = s["vulnerability"];
    if (!v.present()) return fail(s.error("no 'vulnerability'"));
    if (v.value().is_string()) {
        st.vulnerability_ids.push_back(v.value().get<std::string>());
        return {};
    }
    if (!v.value().is_object()) return fail(v.error("'vulnerability' must be an object"));
    auto name = v.opt_string("name");
    if (!name) return fail(name.error());
    auto id = v.opt_string("@id");
    if (!id) return fail(id.error());
    if (name->empty() && id->empty()) return fail(v.error("no vulnerability 'name' or '@id'"));
    if (name->empty()) {
        diagnostics.push_back(
            {Diagnostic::Severity::Warning,
             "vulnerability has no 'name' (the spec requires one); matched by "
             "its '@id' " +
                 *id,
             v.where() + ":" + v.path().substr(std::min<std::size_t>(2, v.path().size()))});
    } else {
        st.vulnerability_ids.push_back(*name);
    }
    if (!id->empty()) {
        st.vulnerability_ids.push_back(*id);
        if (auto tail = id_in_iri(*id); !tail.empty()) st.vulnerability_ids.push_back(tail);
    }
    auto aliases = v.opt_strings("aliases");
    if (!aliases) return fail(aliases.error());
    st.vulnerability_ids.insert(st.vulnerability_ids.end(), aliases->begin(), aliases->end());
    return {};
}

// products[] with their subcomponents[].
Status parse_products(const Cursor& s, VexStatement& st) {
    auto products = s.opt_array("products");
    if (!products) return fail(products.error());
    auto list = products->elements();
    if (!list) return fail(list.error());
    for (const Cursor& pc : *list) {
        auto ids = component_ids(pc);
        if (!ids) return fail(ids.error());
        VexProduct product;
        product.ids = std::move(*ids);
        auto subs = pc.opt_array("subcomponents");
        if (!subs) return fail(subs.error());
        auto sub_list = subs->elements();
        if (!sub_list) return fail(sub_list.error());
        for (const Cursor& sc : *sub_list) {
            auto sub = component_ids(sc);
            if (!sub) return fail(sub.error());
            for (auto& id : *sub) product.subcomponents.push_back(std::move(id));
        }
        st.products.push_back(std::move(product));
    }
    return {};
}

// status, justification and impact_statement, checked against each other.
Status parse_status(const Cursor& s, VexStatement& st) {
    auto status = s.opt_string("status");
    if (!status) return fail(status.error());
    auto parsed = vex_status(*status);
    if (!parsed) {
        return fail(
            s["status"].error("unknown status '" + *status +
                              "' (want not_affected, affected, fixed or under_investigation)"));
    }
    st.status = *parsed;
    auto justification = s.opt_string("justification");
    if (!justification) return fail(justification.error());
    if (!justification->empty() && std::find(std::begin(kJustifications), std::end(kJustifications),
                                             *justification) == std::end(kJustifications)) {
        return fail(s["justification"].error("unknown justification '" + *justification + "'"));
    }
    st.justification = *justification;
    auto impact = s.opt_string("impact_statement");
    if (!impact) return fail(impact.error());
    st.impact_statement = *impact;
    if (st.status == VexStatus::NotAffected && st.justification.empty() &&
        st.impact_statement.empty()) {
        return fail(s.error("not_affected needs a 'justification' or an 'impact_statement'"));
    }
    return {};
}

Result<VexStatement> parse_statement(const Cursor& s, const std::string& doc_timestamp,
                                     Diagnostics& diagnostics) {
    if (!s.value().is_object()) return fail(s.error("statement must be an object"));
    VexStatement st;
    if (auto r = parse_vulnerability(s, st, diagnostics); !r) return fail(r.error());
    if (auto r = parse_status(s, st); !r) return fail(r.error());
    if (auto r = parse_products(s, st); !r) return fail(r.error());
    auto ts = s.opt_string("timestamp");
    if (!ts) return fail(ts.error());
    st.timestamp = ts->empty() ? doc_timestamp : *ts;
    auto time = parse_rfc3339(st.timestamp);
    if (!time) {
        return fail(s["timestamp"].error("bad timestamp '" + st.timestamp + "' (want RFC 3339)"));
    }
    st.time_seconds = time->first;
    st.time_nanos = time->second;
    return st;
}

// ---------------------------------------------------------------------------------------------
// Matching

bool id_matches(const Finding& f, const std::string& id) {
    if (text::iequals(f.id, id)) return true;
    return std::any_of(f.aliases.begin(), f.aliases.end(),
                       [&](const std::string& a) { return text::iequals(a, id); });
}

bool image_matches(const std::string& product_id, const std::vector<std::string>& image_ids) {
    for (const auto& id : image_ids) {
        if (id.empty()) continue;
        if (product_id == id) return true;
        if (is_image_purl(product_id) && is_image_purl(id) && purl_matches(product_id, id)) {
            return true;
        }
    }
    return false;
}

bool any_purl_matches(const std::vector<std::string>& patterns, const std::string& purl) {
    return std::any_of(patterns.begin(), patterns.end(),
                       [&](const std::string& p) { return purl_matches(p, purl); });
}

// A purl of a package, not of an image.
bool is_package_purl(const std::string& id) {
    auto p = parse_purl(id);
    return p && p->type != "oci" && p->type != "docker";
}

// Which packages a statement's product covers. A product with subcomponents covers them when it
// is the scanned image or a package the image holds (Trivy walks the SBOM's dependency paths from
// the package up to the root for this; berth's inventory has no dependency graph, so a product
// package present in the image is taken to bring its subcomponents).
class ProductLookup {
  public:
    ProductLookup(const sbom::Inventory& inventory, const std::vector<std::string>& image_ids)
        : inventory_(inventory), image_ids_(image_ids) {}

    // Whether `product` covers the package whose purl is `purl`.
    bool covers(const VexProduct& product, const std::string& purl) {
        if (product.subcomponents.empty()) return any_purl_matches(product.ids, purl);
        if (!any_purl_matches(product.subcomponents, purl)) return false;
        return std::any_of(product.ids.begin(), product.ids.end(), [&](const std::string& id) {
            return image_matches(id, image_ids_) || (is_package_purl(id) && in_inventory(id));
        });
    }

  private:
    bool in_inventory(const std::string& pattern) {
        if (purls_.empty()) {
            for (const auto& p : inventory_.packages)
                purls_.push_back(sbom::purl(p, inventory_.os));
        }
        return std::any_of(purls_.begin(), purls_.end(),
                           [&](const std::string& purl) { return purl_matches(pattern, purl); });
    }

    const sbom::Inventory& inventory_;
    const std::vector<std::string>& image_ids_;
    std::vector<std::string> purls_;  // the inventory's, made on first use
};

}  // namespace

std::string_view vex_status_name(VexStatus s) {
    switch (s) {
        case VexStatus::NotAffected:
            return "not_affected";
        case VexStatus::Affected:
            return "affected";
        case VexStatus::Fixed:
            return "fixed";
        case VexStatus::UnderInvestigation:
            break;
    }
    return "under_investigation";
}

bool purl_matches(std::string_view pattern, std::string_view purl) {
    auto a = parse_purl(pattern);
    auto b = parse_purl(purl);
    if (!a || !b) return false;
    if (a->type != b->type || a->ns != b->ns || a->name != b->name) return false;
    if (!a->version.empty() && a->version != b->version) return false;
    for (const auto& [key, value] : a->qualifiers) {
        auto it = b->qualifiers.find(key);
        if (it == b->qualifiers.end() || it->second != value) return false;
    }
    return true;
}

Result<IgnoreFile> parse_ignore_file(std::string_view text, std::string source, std::string today) {
    IgnoreFile out;
    out.source = std::move(source);
    out.today = std::move(today);
    if (text.size() > kMaxDocumentBytes) {
        return fail(ErrorCode::LimitExceeded, "ignore file larger than 64 MiB", out.source);
    }
    if (!out.today.empty() && !valid_date(out.today)) {
        return fail(ErrorCode::InvalidArgument, "today must be YYYY-MM-DD, not " + out.today,
                    out.source);
    }
    if (looks_structured(text, out.source)) return parse_structured(text, std::move(out));
    return parse_plain(text, std::move(out));
}

Result<VexDocument> parse_openvex(std::string_view text, std::string source) {
    VexDocument doc;
    doc.source = std::move(source);
    doc.format = "openvex";
    if (text.size() > kMaxDocumentBytes) {
        return fail(ErrorCode::LimitExceeded, "OpenVEX document larger than 64 MiB", doc.source);
    }
    if (nesting_depth(text) > kMaxDepth) {
        return fail(ErrorCode::LimitExceeded, "nested deeper than 64 levels", doc.source);
    }
    auto parsed = json_read::parse(text, doc.source);
    if (!parsed) return fail(parsed.error());
    if (!parsed->is_object()) return fail(ErrorCode::Format, "not a JSON object", doc.source);
    const Cursor root(*parsed, doc.source);
    auto context = root.opt_string("@context");
    if (!context) return fail(context.error());
    if (context->rfind("https://openvex.dev/ns", 0) != 0) {
        return fail(root["@context"].error("not an OpenVEX document (@context is '" + *context +
                                           "', want https://openvex.dev/ns…)"));
    }
    auto id = root.opt_string("@id");
    if (!id) return fail(id.error());
    doc.id = *id;
    auto timestamp = root.opt_string("timestamp");
    if (!timestamp) return fail(timestamp.error());
    if (timestamp->empty() || !parse_rfc3339(*timestamp)) {
        return fail(root["timestamp"].error("document needs an RFC 3339 'timestamp'"));
    }
    const Cursor statements = root["statements"];
    if (!statements.value().is_array()) {
        return fail(statements.error("'statements' must be a list"));
    }
    auto list = statements.elements();
    if (!list) return fail(list.error());
    for (std::size_t i = 0; i < list->size(); ++i) {
        auto st = parse_statement((*list)[i], *timestamp, doc.diagnostics);
        if (!st) return fail(st.error());
        st->index = i;
        doc.statements.push_back(std::move(*st));
    }
    return doc;
}

void apply_suppressions(std::vector<Finding>& findings, const sbom::Inventory& inventory,
                        const IgnoreFile* ignore, const VexDocument* vex,
                        const std::vector<std::string>& image_ids, Diagnostics& diagnostics) {
    std::vector<bool> usable;
    if (ignore != nullptr) {
        for (const auto& e : ignore->entries) {
            bool expired =
                !ignore->today.empty() && !e.expired_at.empty() && e.expired_at <= ignore->today;
            usable.push_back(!expired);
            if (expired) {
                diagnostics.push_back(
                    {Diagnostic::Severity::Warning,
                     "ignore entry " + e.id + " expired on " + e.expired_at + "; not applied",
                     ignore->source + ":" + std::to_string(e.line)});
            }
        }
    }
    if (vex != nullptr && image_ids.empty()) {
        for (const auto& st : vex->statements) {
            for (const auto& p : st.products) {
                if (!p.subcomponents.empty() &&
                    std::none_of(p.ids.begin(), p.ids.end(), is_package_purl)) {
                    diagnostics.push_back(
                        {Diagnostic::Severity::Warning,
                         "statement names a product with subcomponents but the scanned image's "
                         "identity is unknown; not applied",
                         vex->source + ":statements[" + std::to_string(st.index) + "]"});
                    break;
                }
            }
        }
    }
    ProductLookup products(inventory, image_ids);
    for (auto& f : findings) {
        if (f.suppressed) continue;
        std::string purl;
        if (f.package_index < inventory.packages.size()) {
            purl = sbom::purl(inventory.packages[f.package_index], inventory.os);
        }
        if (ignore != nullptr) {
            for (std::size_t i = 0; i < ignore->entries.size(); ++i) {
                const IgnoreEntry& e = ignore->entries[i];
                if (!usable[i] || !id_matches(f, e.id)) continue;
                if (!e.purls.empty() && (purl.empty() || !any_purl_matches(e.purls, purl))) {
                    continue;
                }
                f.suppressed = Suppression{"ignorefile", e.id, e.statement, ignore->source};
                break;
            }
        }
        if (f.suppressed || vex == nullptr || purl.empty()) continue;
        const VexStatement* latest = nullptr;
        for (const auto& st : vex->statements) {
            bool names_vuln = std::any_of(st.vulnerability_ids.begin(), st.vulnerability_ids.end(),
                                          [&](const std::string& id) { return id_matches(f, id); });
            if (!names_vuln) continue;
            const bool product_matches =
                std::any_of(st.products.begin(), st.products.end(),
                            [&](const VexProduct& p) { return products.covers(p, purl); });
            if (!product_matches) continue;
            if (latest == nullptr || std::pair(st.time_seconds, st.time_nanos) >=
                                         std::pair(latest->time_seconds, latest->time_nanos)) {
                latest = &st;
            }
        }
        if (latest != nullptr &&
            (latest->status == VexStatus::NotAffected || latest->status == VexStatus::Fixed)) {
            f.suppressed = Suppression{
                "vex", std::string(vex_status_name(latest->status)),
                latest->justification.empty() ? latest->impact_statement : latest->justification,
                vex->source};
        }
    }
}

void apply_suppressions(std::vector<Finding>& findings, const sbom::Inventory& inventory,
                        const IgnoreFile* ignore, const VexDocument* vex,
                        Diagnostics& diagnostics) {
    apply_suppressions(findings, inventory, ignore, vex, {}, diagnostics);
}

}  // namespace berth::vuln

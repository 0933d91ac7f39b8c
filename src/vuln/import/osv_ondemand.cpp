// SPDX-License-Identifier: Apache-2.0
// The fast path of the OSV importer (osv.cpp): simdjson's On-Demand API
// (https://github.com/simdjson/simdjson/blob/master/doc/ondemand.md) reads the fields berth keeps
// straight from the document, with no DOM. It handles well-formed records only: on anything
// unusual (a wrong JSON type, an unknown range type or event, a document over the JSON limits,
// a syntax error) it gives up and osv.cpp parses the document again with the checked DOM reader,
// whose errors and diagnostics (JSON paths, limits) stay the reference. So both paths give the
// same advisories for every document the DOM path accepts (osv_test.cpp compares them on the
// shared data). One difference remains: content the importer skips (database_specific, …) is
// checked by simdjson's structural pass (brackets, strings, UTF-8) but its scalars are not
// parsed, so `"x": 01` there is accepted where the DOM reader refuses the whole document.
#include <simdjson.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json_read.hpp"
#include "vuln/import/formats.hpp"

namespace berth::vuln::import::detail {
namespace {

namespace od = simdjson::ondemand;

// True when the document is within the JSON limits by a conservative count: nesting depth exactly,
// values at most (each value or key is preceded by '[', '{', ',' or ':', or is the root).
bool within_limits(std::string_view s, const json_read::Limits& limits) {
    std::size_t depth = 0;
    std::size_t values = 1;
    bool in_string = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (in_string) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        switch (c) {
            case '"':
                in_string = true;
                break;
            case '[':
            case '{':
                if (++depth > limits.max_depth) return false;
                ++values;
                break;
            case ']':
            case '}':
                if (depth > 0) --depth;
                break;
            case ',':
            case ':':
                ++values;
                break;
            default:
                break;
        }
    }
    return values <= limits.max_values;
}

// A string member, or "" for null (opt_string's rules); false on any other type.
bool opt_string(od::value v, std::string& out) {
    od::json_type t;
    if (v.type().get(t)) return false;
    if (t == od::json_type::null) {
        out.clear();
        return true;
    }
    if (t != od::json_type::string) return false;
    std::string_view s;
    if (v.get_string().get(s)) return false;
    out.assign(s);
    return true;
}

// An array of strings, or none for null (opt_strings' rules).
bool opt_strings(od::value v, std::vector<std::string>& out) {
    od::json_type t;
    if (v.type().get(t)) return false;
    out.clear();
    if (t == od::json_type::null) return true;
    od::array arr;
    if (t != od::json_type::array || v.get_array().get(arr)) return false;
    for (auto el : arr) {
        std::string_view s;
        if (el.get_string().get(s)) return false;
        out.emplace_back(s);
    }
    return true;
}

// Calls read(key, value) for each member of an object value; null is an empty object when
// `null_ok`. False when it is not an object or read() fails.
template <typename Read>
bool each_member(od::value v, Read read, bool null_ok = true) {
    od::json_type t;
    if (v.type().get(t)) return false;
    if (t == od::json_type::null && null_ok) return true;
    od::object obj;
    if (t != od::json_type::object || v.get_object().get(obj)) return false;
    for (auto member : obj) {
        od::field field;
        if (std::move(member).get(field)) return false;
        std::string_view key;
        if (field.unescaped_key().get(key)) return false;
        if (!read(key, field.value())) return false;
    }
    return true;
}

// Calls read(value) for each element of an array value (null: none).
template <typename Read>
bool each_element(od::value v, Read read) {
    od::json_type t;
    if (v.type().get(t)) return false;
    if (t == od::json_type::null) return true;
    od::array arr;
    if (t != od::json_type::array || v.get_array().get(arr)) return false;
    for (auto el : arr) {
        od::value value;
        if (el.get(value)) return false;
        if (!read(value)) return false;
    }
    return true;
}

bool read_events(od::value v, Range& range) {
    return each_element(v, [&](od::value e) {
        int n = 0;
        const bool ok = each_member(
            e,
            [&](std::string_view key, od::value value) {
                RangeEvent ev;
                if (!osv_event_kind(key, ev.kind)) return false;
                std::string_view s;
                if (value.get_string().get(s)) return false;
                ev.value.assign(s);
                range.events.push_back(std::move(ev));
                return ++n == 1;
            },
            /*null_ok=*/false);
        return ok && n == 1;
    });
}

bool read_range(od::value v, Affected& out) {
    Range range;
    std::string type;
    bool events = false;
    const bool ok = each_member(
        v,
        [&](std::string_view key, od::value value) {
            if (key == "type") return opt_string(value, type);
            if (key == "events") {
                if (events) return false;  // a repeated key: let the DOM path decide
                events = true;
                return read_events(value, range);
            }
            return true;
        },
        /*null_ok=*/false);
    // An unknown type is skipped with a warning by the DOM path.
    if (!ok || !events || !osv_range_type(type, range.type)) return false;
    out.ranges.push_back(std::move(range));
    return true;
}

// `severity` as a string in ecosystem_specific (preferred) or database_specific; `found` when
// there is one (an empty string counts, as in the DOM path).
bool read_specific(od::value v, std::string& severity, bool& found) {
    od::json_type t;
    if (v.type().get(t)) return false;
    if (t != od::json_type::object) return true;  // the DOM path ignores other types too
    return each_member(v, [&](std::string_view key, od::value value) {
        if (key != "severity") return true;
        od::json_type st;
        if (value.type().get(st)) return false;
        if (st != od::json_type::string) return true;
        std::string_view s;
        if (value.get_string().get(s)) return false;
        severity.assign(s);
        found = true;
        return true;
    });
}

bool read_affected(od::value v, Advisory& adv) {
    Affected out;
    std::string eco_severity;
    std::string db_severity;
    bool eco_found = false;
    bool db_found = false;
    const bool ok = each_member(
        v,
        [&](std::string_view key, od::value value) {
            if (key == "package") {
                out.ecosystem.clear();  // a repeated key: the last one wins, as in the DOM path
                out.package.clear();
                out.purl.clear();
                return each_member(value, [&](std::string_view k, od::value pv) {
                    if (k == "ecosystem") return opt_string(pv, out.ecosystem);
                    if (k == "name") return opt_string(pv, out.package);
                    if (k == "purl") return opt_string(pv, out.purl);
                    return true;
                });
            }
            if (key == "ranges") {
                out.ranges.clear();
                return each_element(value, [&](od::value r) { return read_range(r, out); });
            }
            if (key == "versions") return opt_strings(value, out.versions);
            if (key == "ecosystem_specific") return read_specific(value, eco_severity, eco_found);
            if (key == "database_specific") return read_specific(value, db_severity, db_found);
            return true;
        },
        /*null_ok=*/false);
    if (!ok) return false;
    if (eco_found) {
        out.severity = std::move(eco_severity);
    } else if (db_found) {
        out.severity = std::move(db_severity);
    }
    adv.affected.push_back(std::move(out));
    return true;
}

bool read_pairs(od::value v, std::string_view first, std::string_view second,
                std::vector<std::pair<std::string, std::string>>& out) {
    out.clear();
    return each_element(v, [&](od::value e) {
        std::pair<std::string, std::string> p;
        const bool ok = each_member(
            e,
            [&](std::string_view key, od::value value) {
                if (key == first) return opt_string(value, p.first);
                if (key == second) return opt_string(value, p.second);
                return true;
            },
            /*null_ok=*/false);
        if (ok) out.push_back(std::move(p));
        return ok;
    });
}

bool read_advisory(od::value v, Advisory& adv) {
    adv.source = "osv";
    std::vector<std::pair<std::string, std::string>> severity;
    std::vector<std::pair<std::string, std::string>> references;
    std::vector<std::string> upstream;
    const bool ok = each_member(
        v,
        [&](std::string_view key, od::value value) {
            if (key == "id") return opt_string(value, adv.id);
            if (key == "aliases") return opt_strings(value, adv.aliases);
            if (key == "related") return opt_strings(value, adv.related);
            // `upstream` ids are aliases to berth (osv.cpp parse_one says why).
            if (key == "upstream") return opt_strings(value, upstream);
            if (key == "summary") return opt_string(value, adv.summary);
            if (key == "details") return opt_string(value, adv.details);
            if (key == "published") return opt_string(value, adv.published);
            if (key == "modified") return opt_string(value, adv.modified);
            if (key == "withdrawn") return opt_string(value, adv.withdrawn);
            if (key == "severity") return read_pairs(value, "type", "score", severity);
            if (key == "references") return read_pairs(value, "type", "url", references);
            if (key == "affected") {
                adv.affected.clear();
                return each_element(value, [&](od::value a) { return read_affected(a, adv); });
            }
            return true;
        },
        /*null_ok=*/false);
    if (!ok || adv.id.empty()) return false;
    adv.aliases.insert(adv.aliases.end(), upstream.begin(), upstream.end());
    normalize_ids(adv.aliases, adv.id);
    for (auto& [type, score] : severity)
        adv.severity.push_back({std::move(type), std::move(score)});
    for (auto& [type, url] : references)
        adv.references.push_back({std::move(type), std::move(url)});
    return true;
}

}  // namespace

bool parse_osv_ondemand(std::string_view bytes, std::vector<Advisory>& out) {
    if (!within_limits(bytes, json_read::default_limits())) return false;
    thread_local od::parser parser;
    const simdjson::padded_string padded(bytes.data(), bytes.size());
    od::document doc;
    if (parser.iterate(padded).get(doc)) return false;
    od::json_type t;
    if (doc.type().get(t)) return false;
    if (t == od::json_type::array) {
        od::array arr;
        if (doc.get_array().get(arr)) return false;
        for (auto el : arr) {
            od::value v;
            if (el.get(v)) return false;
            Advisory adv;
            if (!read_advisory(v, adv)) return false;
            out.push_back(std::move(adv));
        }
    } else {
        od::value v;
        if (doc.get_value().get(v)) return false;
        Advisory adv;
        if (!read_advisory(v, adv)) return false;
        out.push_back(std::move(adv));
    }
    // Nothing may follow the root value ("{…} {…}" is the DOM path's error to word).
    const char* rest = nullptr;
    return doc.current_location().get(rest) == simdjson::OUT_OF_BOUNDS;
}

}  // namespace berth::vuln::import::detail

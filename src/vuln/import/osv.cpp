// SPDX-License-Identifier: Apache-2.0
// OSV importer. Spec: https://ossf.github.io/osv-schema/ (schema 1.x). One JSON object, or a JSON
// array of them, becomes one Advisory each:
//   {"id":"RUSTSEC-2021-0001","aliases":["CVE-2021-1"],"modified":"…","affected":[{"package":
//    {"ecosystem":"crates.io","name":"x"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},
//    {"fixed":"1.2.0"}]}]}]}
//   → Advisory{id "RUSTSEC-2021-0001", source "osv", aliases {"CVE-2021-1"}, affected
//   {{"crates.io",
//     "x", ranges {Semver {Introduced "0", Fixed "1.2.0"}}}}}
// database_specific and ecosystem_specific are ignored, except a string `severity` inside
// either (distro ratings such as AlmaLinux's or Ubuntu's OSV), which becomes Affected::severity.
// Unknown range types are skipped with a diagnostic; wrong JSON types are Format errors whose
// message starts with the JSON path ("$.affected[0].package.name: expected a string, got number").
// Well-formed documents are read by the On-Demand fast path (osv_ondemand.cpp); this DOM reader
// handles (and words the errors of) everything else.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json_read.hpp"
#include "vuln/import/formats.hpp"

namespace berth::vuln::import::detail {

/// Bumped when this importer's output changes (shown by `berth plugins`).
constexpr int kVersion = 2;  // 2: `upstream` ids become aliases
const ImporterInfo kOsvImporter{"osv", kVersion,
                                "OSV JSON: one advisory or an array (osv.dev schema)"};

bool osv_event_kind(std::string_view key, RangeEvent::Kind& kind) {
    if (key == "introduced") {
        kind = RangeEvent::Kind::Introduced;
    } else if (key == "fixed") {
        kind = RangeEvent::Kind::Fixed;
    } else if (key == "last_affected") {
        kind = RangeEvent::Kind::LastAffected;
    } else if (key == "limit") {
        kind = RangeEvent::Kind::Limit;
    } else {
        return false;
    }
    return true;
}

bool osv_range_type(std::string_view type, Range::Type& out) {
    if (type == "ECOSYSTEM") {
        out = Range::Type::Ecosystem;
    } else if (type == "SEMVER") {
        out = Range::Type::Semver;
    } else if (type == "GIT") {
        out = Range::Type::Git;
    } else {
        return false;
    }
    return true;
}

namespace {

using json_read::Cursor;
using nlohmann::json;

// Errors are Format errors located at the document, their message led by the JSON path:
// "$.affected[0].ranges: expected an array, got object" (json_read conventions).
struct Ctx {
    std::string_view where;
    Diagnostics& diagnostics;
};

// Assigns a Result to `out`, or passes its error on.
template <typename T>
Status take(Result<T> r, T& out) {
    if (!r) return fail(std::move(r.error()));
    out = std::move(*r);
    return {};
}

// `severity` as a string inside database_specific / ecosystem_specific, if any.
void distro_severity(const Cursor& affected, std::string& out) {
    for (const char* key : {"ecosystem_specific", "database_specific"}) {
        const json& sev = affected[key]["severity"].value();
        if (sev.is_string()) {
            out = sev.get<std::string>();
            return;
        }
    }
}

Status parse_events(const Cursor& r, Range& range) {
    const Cursor events = r["events"];
    if (!events.value().is_array()) return fail(events.error("expected an array of events"));
    const json& list = events.value();
    range.events.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json& e = list[i];
        // Cursors (and their paths) are made only for errors: this loop is the hot one.
        if (!e.is_object() || e.size() != 1)
            return fail(events[i].error("expected an object with one event"));
        // Not `*e.items().begin()`: nlohmann's proxy returns a reference to the temporary
        // iterator, which dangles once the statement ends.
        const auto first = e.begin();
        const std::string& key = first.key();
        const json& value = first.value();
        RangeEvent ev;
        if (!osv_event_kind(key, ev.kind))
            return fail(events[i].error("unknown event \"" + key + "\""));
        if (!value.is_string()) {
            return fail(events[i][std::string_view(key)].error(
                "expected a string, got " + std::string(json_read::type_name(value))));
        }
        ev.value = value.get_ref<const std::string&>();
        range.events.push_back(std::move(ev));
    }
    return {};
}

Status parse_range(const Cursor& r, Affected& out, const Ctx& ctx) {
    if (!r.value().is_object()) return fail(r.error("expected a range object"));
    std::string type;
    if (auto s = take(r.opt_string("type"), type); !s) return s;
    Range range;
    if (!osv_range_type(type, range.type)) {
        ctx.diagnostics.push_back(
            {Diagnostic::Severity::Warning,
             r.path() + ": range type \"" + type + "\" is not ECOSYSTEM, SEMVER or GIT; skipped",
             std::string(ctx.where)});
        return {};
    }
    if (auto s = parse_events(r, range); !s) return s;
    out.ranges.push_back(std::move(range));
    return {};
}

Status parse_affected(const Cursor& a, Advisory& adv, const Ctx& ctx) {
    if (!a.value().is_object()) return fail(a.error("expected an affected object"));
    Affected out;
    auto pkg = a.opt_object("package");
    if (!pkg) return fail(pkg.error());
    for (Status s :
         {take(pkg->opt_string("ecosystem"), out.ecosystem),
          take(pkg->opt_string("name"), out.package), take(pkg->opt_string("purl"), out.purl)}) {
        if (!s) return s;
    }
    auto ranges = a.opt_array("ranges");
    if (!ranges) return fail(ranges.error());
    auto list = ranges->elements();
    if (!list) return fail(list.error());
    for (const Cursor& r : *list) {
        if (auto s = parse_range(r, out, ctx); !s) return s;
    }
    if (auto s = take(a.opt_strings("versions"), out.versions); !s) return s;
    distro_severity(a, out.severity);
    adv.affected.push_back(std::move(out));
    return {};
}

// The objects of an optional array member, each read by `read` (absent or null → none).
template <typename Read>
Status each_object(const Cursor& obj, std::string_view key, Read read) {
    auto arr = obj.opt_array(key);
    if (!arr) return fail(arr.error());
    auto list = arr->elements();
    if (!list) return fail(list.error());
    for (const Cursor& e : *list) {
        if (!e.value().is_object()) {
            return fail(
                e.error("expected an object, got " + std::string(json_read::type_name(e.value()))));
        }
        if (auto s = read(e); !s) return s;
    }
    return {};
}

Result<Advisory> parse_one(const Cursor& j, const Ctx& ctx) {
    if (!j.value().is_object()) return fail(j.error("expected an OSV object"));
    Advisory adv;
    adv.source = "osv";
    if (auto s = take(j.opt_string("id"), adv.id); !s) return fail(s.error());
    if (adv.id.empty()) return fail(j["id"].error("missing id"));
    for (Status s :
         {take(j.opt_strings("aliases"), adv.aliases), take(j.opt_strings("related"), adv.related),
          take(j.opt_string("summary"), adv.summary), take(j.opt_string("details"), adv.details),
          take(j.opt_string("published"), adv.published),
          take(j.opt_string("modified"), adv.modified),
          take(j.opt_string("withdrawn"), adv.withdrawn)}) {
        if (!s) return fail(s.error());
    }
    // OSV 1.7 `upstream` (Red Hat's RHSA, Debian's and Ubuntu's records name the CVEs they fix
    // there): the flaws this record is about, which berth groups findings by, as a DSA's CVEs.
    std::vector<std::string> upstream;
    if (auto s = take(j.opt_strings("upstream"), upstream); !s) return fail(s.error());
    adv.aliases.insert(adv.aliases.end(), upstream.begin(), upstream.end());
    normalize_ids(adv.aliases, adv.id);
    Status s = each_object(j, "severity", [&](const Cursor& e) -> Status {
        Severity out;
        if (auto r = take(e.opt_string("type"), out.type); !r) return r;
        if (auto r = take(e.opt_string("score"), out.score); !r) return r;
        adv.severity.push_back(std::move(out));
        return {};
    });
    if (!s) return fail(s.error());
    auto affected = j.opt_array("affected");
    if (!affected) return fail(affected.error());
    auto list = affected->elements();
    if (!list) return fail(list.error());
    adv.affected.reserve(list->size());
    for (const Cursor& a : *list) {
        if (auto r = parse_affected(a, adv, ctx); !r) return fail(r.error());
    }
    s = each_object(j, "references", [&](const Cursor& e) -> Status {
        Reference out;
        if (auto r = take(e.opt_string("type"), out.type); !r) return r;
        if (auto r = take(e.opt_string("url"), out.url); !r) return r;
        adv.references.push_back(std::move(out));
        return {};
    });
    if (!s) return fail(s.error());
    return adv;
}

}  // namespace

Status parse_osv(std::string_view bytes, std::string_view where, const Sink& sink,
                 Diagnostics& diagnostics) {
    // Well-formed records take the On-Demand path; the DOM path decides and words the rest.
    if (std::vector<Advisory> fast; parse_osv_ondemand(bytes, fast)) {
        for (auto& adv : fast) {
            if (auto s = sink(std::move(adv)); !s) return s;
        }
        return {};
    }
    return parse_osv_dom(bytes, where, sink, diagnostics);
}

Status parse_osv_dom(std::string_view bytes, std::string_view where, const Sink& sink,
                     Diagnostics& diagnostics) {
    auto parsed = parse_json(bytes, where);
    if (!parsed) return fail(parsed.error());
    const json doc = std::move(*parsed);
    const Ctx ctx{where, diagnostics};
    const Cursor root(doc, std::string(where));
    if (doc.is_array()) {
        for (std::size_t i = 0; i < doc.size(); ++i) {
            auto adv = parse_one(root[i], ctx);
            if (!adv) return fail(adv.error());
            if (auto s = sink(std::move(*adv)); !s) return s;
        }
        return {};
    }
    auto adv = parse_one(root, ctx);
    if (!adv) return fail(adv.error());
    return sink(std::move(*adv));
}

}  // namespace berth::vuln::import::detail

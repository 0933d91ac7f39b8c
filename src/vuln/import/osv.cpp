// SPDX-License-Identifier: Apache-2.0
// OSV importer. Spec: https://ossf.github.io/osv-schema/ (schema 1.x). One JSON object, or a JSON
// array of them, becomes one Advisory each:
//   {"id":"RUSTSEC-2021-0001","aliases":["CVE-2021-1"],"modified":"…","affected":[{"package":
//    {"ecosystem":"crates.io","name":"x"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},
//    {"fixed":"1.2.0"}]}]}]}
//   → Advisory{id "RUSTSEC-2021-0001", source "osv", aliases {"CVE-2021-1"}, affected {{"crates.io",
//     "x", ranges {Semver {Introduced "0", Fixed "1.2.0"}}}}}
// database_specific and ecosystem_specific are ignored, except a string `severity` inside
// either (distro ratings such as AlmaLinux's or Ubuntu's OSV), which becomes Affected::severity.
// Unknown range types are skipped with a diagnostic; wrong JSON types are Format errors naming
// the field.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vuln/import/formats.hpp"

namespace berth::vuln::import::detail {

/// Bumped when this importer's output changes (shown by `berth plugins`).
constexpr int kVersion = 1;
const ImporterInfo kOsvImporter{"osv", kVersion, "OSV JSON: one advisory or an array (osv.dev schema)"};

namespace {

using nlohmann::json;

// Errors name the document and the JSON path inside it: "osv/X.json#/affected/0/ranges".
struct Ctx {
    std::string_view where;
    Diagnostics& diagnostics;

    [[nodiscard]] tl::unexpected<Error> bad(const std::string& path, const std::string& message) const {
        return fail(ErrorCode::Format, message, std::string(where) + "#" + path);
    }
};

// Reads an optional string member; absent or null leaves `out` unchanged.
Status get_string(const json& obj, const char* key, std::string& out, const std::string& path, const Ctx& ctx) {
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return {};
    if (!it->is_string()) return ctx.bad(path + "/" + key, "expected a string");
    out = it->get_ref<const std::string&>();
    return {};
}

Status get_strings(const json& obj, const char* key, std::vector<std::string>& out, const std::string& path,
                   const Ctx& ctx) {
    const auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return {};
    if (!it->is_array()) return ctx.bad(path + "/" + key, "expected an array of strings");
    out.reserve(it->size());
    for (std::size_t i = 0; i < it->size(); ++i) {
        const json& v = (*it)[i];
        if (!v.is_string()) return ctx.bad(path + "/" + key + "/" + std::to_string(i), "expected a string");
        out.push_back(v.get_ref<const std::string&>());
    }
    return {};
}

// `severity` as a string inside database_specific / ecosystem_specific, if any.
void distro_severity(const json& affected, std::string& out) {
    for (const char* key : {"ecosystem_specific", "database_specific"}) {
        const auto it = affected.find(key);
        if (it == affected.end() || !it->is_object()) continue;
        const auto sev = it->find("severity");
        if (sev != it->end() && sev->is_string()) {
            out = sev->get_ref<const std::string&>();
            return;
        }
    }
}

Status parse_range(const json& r, const std::string& path, Affected& out, const Ctx& ctx) {
    if (!r.is_object()) return ctx.bad(path, "expected a range object");
    std::string type;
    if (auto s = get_string(r, "type", type, path, ctx); !s) return s;
    Range range;
    if (type == "ECOSYSTEM") {
        range.type = Range::Type::Ecosystem;
    } else if (type == "SEMVER") {
        range.type = Range::Type::Semver;
    } else if (type == "GIT") {
        range.type = Range::Type::Git;
    } else {
        ctx.diagnostics.push_back({Diagnostic::Severity::Warning,
                                   "range type \"" + type + "\" is not ECOSYSTEM, SEMVER or GIT; skipped",
                                   std::string(ctx.where) + "#" + path});
        return {};
    }
    const auto events = r.find("events");
    if (events == r.end() || !events->is_array()) return ctx.bad(path + "/events", "expected an array of events");
    range.events.reserve(events->size());
    for (std::size_t i = 0; i < events->size(); ++i) {
        const json& e = (*events)[i];
        // Paths are built only for errors: this loop is the hot one.
        const auto epath = [&] { return path + "/events/" + std::to_string(i); };
        if (!e.is_object() || e.size() != 1) return ctx.bad(epath(), "expected an object with one event");
        const auto& [key, value] = *e.items().begin();
        RangeEvent ev;
        if (key == "introduced") {
            ev.kind = RangeEvent::Kind::Introduced;
        } else if (key == "fixed") {
            ev.kind = RangeEvent::Kind::Fixed;
        } else if (key == "last_affected") {
            ev.kind = RangeEvent::Kind::LastAffected;
        } else if (key == "limit") {
            ev.kind = RangeEvent::Kind::Limit;
        } else {
            return ctx.bad(epath(), "unknown event \"" + key + "\"");
        }
        if (!value.is_string()) return ctx.bad(epath() + "/" + key, "expected a string");
        ev.value = value.get_ref<const std::string&>();
        range.events.push_back(std::move(ev));
    }
    out.ranges.push_back(std::move(range));
    return {};
}

Status parse_affected(const json& a, const std::string& path, Advisory& adv, const Ctx& ctx) {
    if (!a.is_object()) return ctx.bad(path, "expected an affected object");
    Affected out;
    if (const auto pkg = a.find("package"); pkg != a.end() && !pkg->is_null()) {
        if (!pkg->is_object()) return ctx.bad(path + "/package", "expected an object");
        if (auto s = get_string(*pkg, "ecosystem", out.ecosystem, path + "/package", ctx); !s) return s;
        if (auto s = get_string(*pkg, "name", out.package, path + "/package", ctx); !s) return s;
        if (auto s = get_string(*pkg, "purl", out.purl, path + "/package", ctx); !s) return s;
    }
    if (const auto ranges = a.find("ranges"); ranges != a.end() && !ranges->is_null()) {
        if (!ranges->is_array()) return ctx.bad(path + "/ranges", "expected an array");
        for (std::size_t i = 0; i < ranges->size(); ++i) {
            if (auto s = parse_range((*ranges)[i], path + "/ranges/" + std::to_string(i), out, ctx); !s) return s;
        }
    }
    if (auto s = get_strings(a, "versions", out.versions, path, ctx); !s) return s;
    distro_severity(a, out.severity);
    adv.affected.push_back(std::move(out));
    return {};
}

Result<Advisory> parse_one(const json& j, const std::string& path, const Ctx& ctx) {
    if (!j.is_object()) return ctx.bad(path, "expected an OSV object");
    Advisory adv;
    adv.source = "osv";
    if (auto s = get_string(j, "id", adv.id, path, ctx); !s) return tl::unexpected(s.error());
    if (adv.id.empty()) return ctx.bad(path + "/id", "missing id");
    Status s = get_strings(j, "aliases", adv.aliases, path, ctx);
    if (s) s = get_strings(j, "related", adv.related, path, ctx);
    if (s) s = get_string(j, "summary", adv.summary, path, ctx);
    if (s) s = get_string(j, "details", adv.details, path, ctx);
    if (s) s = get_string(j, "published", adv.published, path, ctx);
    if (s) s = get_string(j, "modified", adv.modified, path, ctx);
    if (s) s = get_string(j, "withdrawn", adv.withdrawn, path, ctx);
    if (!s) return tl::unexpected(s.error());
    normalize_ids(adv.aliases, adv.id);
    if (const auto sev = j.find("severity"); sev != j.end() && !sev->is_null()) {
        if (!sev->is_array()) return ctx.bad(path + "/severity", "expected an array");
        for (std::size_t i = 0; i < sev->size(); ++i) {
            const json& e = (*sev)[i];
            const std::string spath = path + "/severity/" + std::to_string(i);
            if (!e.is_object()) return ctx.bad(spath, "expected an object");
            Severity out;
            if (auto r = get_string(e, "type", out.type, spath, ctx); !r) return tl::unexpected(r.error());
            if (auto r = get_string(e, "score", out.score, spath, ctx); !r) return tl::unexpected(r.error());
            adv.severity.push_back(std::move(out));
        }
    }
    if (const auto aff = j.find("affected"); aff != j.end() && !aff->is_null()) {
        if (!aff->is_array()) return ctx.bad(path + "/affected", "expected an array");
        adv.affected.reserve(aff->size());
        for (std::size_t i = 0; i < aff->size(); ++i) {
            if (auto r = parse_affected((*aff)[i], path + "/affected/" + std::to_string(i), adv, ctx); !r) {
                return tl::unexpected(r.error());
            }
        }
    }
    if (const auto refs = j.find("references"); refs != j.end() && !refs->is_null()) {
        if (!refs->is_array()) return ctx.bad(path + "/references", "expected an array");
        for (std::size_t i = 0; i < refs->size(); ++i) {
            const json& e = (*refs)[i];
            const std::string rpath = path + "/references/" + std::to_string(i);
            if (!e.is_object()) return ctx.bad(rpath, "expected an object");
            Reference out;
            if (auto r = get_string(e, "type", out.type, rpath, ctx); !r) return tl::unexpected(r.error());
            if (auto r = get_string(e, "url", out.url, rpath, ctx); !r) return tl::unexpected(r.error());
            adv.references.push_back(std::move(out));
        }
    }
    return adv;
}

}  // namespace

Status parse_osv(std::string_view bytes, std::string_view where, const Sink& sink, Diagnostics& diagnostics) {
    json doc;
    try {
        doc = json::parse(bytes.begin(), bytes.end());
    } catch (const json::exception& e) {
        return fail(json_error(e, bytes, where));
    }
    const Ctx ctx{where, diagnostics};
    if (doc.is_array()) {
        for (std::size_t i = 0; i < doc.size(); ++i) {
            auto adv = parse_one(doc[i], "/" + std::to_string(i), ctx);
            if (!adv) return fail(adv.error());
            if (auto s = sink(std::move(*adv)); !s) return s;
        }
        return {};
    }
    auto adv = parse_one(doc, "", ctx);
    if (!adv) return fail(adv.error());
    return sink(std::move(*adv));
}

}  // namespace berth::vuln::import::detail

// SPDX-License-Identifier: Apache-2.0
// Alpine secdb JSON (https://secdb.alpinelinux.org/, one file per release and repository):
//   {"distroversion":"v3.10","reponame":"main","packages":[{"pkg":{"name":"openssl",
//    "secfixes":{"1.1.1d-r0":["CVE-2019-1547 CVE-2019-1549"],"0":["CVE-2018-1"]}}}]}
// → Advisory{id "CVE-2019-1547", source "alpine-secdb", affected {{"Alpine:v3.10", "openssl",
//   ranges {Ecosystem {Introduced "0", Fixed "1.1.1d-r0"}}}}}, the same for CVE-2019-1549, and
//   CVE-2018-1 with state NotAffected (fixed version "0" means never affected).
// One Advisory per id per file, with one Affected per (package, fixed version) naming it;
// advisories are emitted in id order. An entry string may hold several ids ("CVE-2016-10013
// XSA-204"): each becomes an advisory and the others in the same string become its aliases; non-id
// words (such as
// "(+ regression fix)") and placeholders ("CVE-????-?????") go to Affected::note; a fixed version
// with null or {} instead of a list is a diagnostic. "CVE 2018-16859" and "CVE_2019-2426" (typos in
// the 2020 snapshot) are read as CVE-2018-16859 and CVE-2019-2426.
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vuln/import/formats.hpp"

namespace berth::vuln::import::detail {

/// Bumped when this importer's output changes (shown by `berth plugins`).
constexpr int kVersion = 1;
const ImporterInfo kAlpineSecdbImporter{"alpine-secdb", kVersion,
                                        "Alpine secdb JSON (vX.Y/main.json, community.json)"};

namespace {

using nlohmann::json;

bool is_id_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == ':';
}

// An id starts with an upper-case letter and has a dash: CVE-…, XSA-…, TALOS-…, GHSA-…
bool looks_like_id(std::string_view t) {
    if (t.empty() || t.front() < 'A' || t.front() > 'Z' || t.find('-') == std::string_view::npos)
        return false;
    for (const char c : t) {
        if (!is_id_char(c)) return false;
    }
    return true;
}

struct Entry {
    std::vector<std::string> ids;
    std::string note;
};

Entry split_entry(std::string_view s) {
    Entry out;
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
        std::size_t j = i;
        while (j < s.size() && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r') ++j;
        if (j > i) words.push_back(s.substr(i, j - i));
        i = j;
    }
    for (std::size_t w = 0; w < words.size(); ++w) {
        if (words[w] == "CVE" && w + 1 < words.size() && !words[w + 1].empty() &&
            words[w + 1].front() >= '0' && words[w + 1].front() <= '9') {
            out.ids.push_back("CVE-" + std::string(words[w + 1]));
            ++w;
        } else if (words[w].starts_with("CVE_")) {
            out.ids.push_back("CVE-" + std::string(words[w].substr(4)));
        } else if (looks_like_id(words[w])) {
            out.ids.emplace_back(words[w]);
        } else {
            if (!out.note.empty()) out.note += ' ';
            out.note += words[w];
        }
    }
    return out;
}

}  // namespace

Status parse_alpine_secdb(std::string_view bytes, std::string_view where, const Sink& sink,
                          Diagnostics& diagnostics) {
    std::map<std::string, Advisory> advisories;
    auto parsed = parse_json(bytes, where);
    if (!parsed) return fail(parsed.error());
    try {
        const json& doc = *parsed;
        const std::string w(where);
        if (!doc.is_object()) return fail(ErrorCode::Format, "expected a secdb object", w);
        const auto dv = doc.find("distroversion");
        if (dv == doc.end() || !dv->is_string() || dv->get_ref<const std::string&>().empty()) {
            return fail(ErrorCode::Format, "missing distroversion", w + "#/distroversion");
        }
        const std::string ecosystem = "Alpine:" + dv->get<std::string>();
        const auto packages = doc.find("packages");
        if (packages == doc.end() || packages->is_null() ||
            (packages->is_object() && packages->empty())) {
            return {};  // an empty repository (v3.3 community has null, vuln-list-update's copy {})
        }
        if (!packages->is_array())
            return fail(ErrorCode::Format, "expected an array", w + "#/packages");
        for (std::size_t i = 0; i < packages->size(); ++i) {
            const std::string path = w + "#/packages/" + std::to_string(i);
            const json& entry = (*packages)[i];
            const auto pkg = entry.is_object() ? entry.find("pkg") : entry.end();
            if (pkg == entry.end() || !pkg->is_object())
                return fail(ErrorCode::Format, "expected {\"pkg\": {…}}", path);
            const auto name = pkg->find("name");
            if (name == pkg->end() || !name->is_string())
                return fail(ErrorCode::Format, "missing name", path + "/pkg/name");
            const auto secfixes = pkg->find("secfixes");
            if (secfixes == pkg->end() || secfixes->is_null()) continue;
            if (!secfixes->is_object())
                return fail(ErrorCode::Format, "expected an object", path + "/pkg/secfixes");
            for (const auto& [version, ids] : secfixes->items()) {
                const std::string vpath = path + "/pkg/secfixes/" + version;
                if (ids.is_null() || (ids.is_object() && ids.empty())) {
                    diagnostics.push_back({Diagnostic::Severity::Warning,
                                           "fixed version without ids; skipped", vpath});
                    continue;
                }
                if (!ids.is_array())
                    return fail(ErrorCode::Format, "expected an array of ids", vpath);
                for (std::size_t k = 0; k < ids.size(); ++k) {
                    if (!ids[k].is_string()) {
                        return fail(ErrorCode::Format, "expected a string",
                                    vpath + "/" + std::to_string(k));
                    }
                    Entry e = split_entry(ids[k].get_ref<const std::string&>());
                    if (e.ids.empty()) {
                        diagnostics.push_back({Diagnostic::Severity::Warning,
                                               "entry names no id; skipped",
                                               vpath + "/" + std::to_string(k)});
                        continue;
                    }
                    for (const auto& id : e.ids) {
                        Advisory& adv = advisories[id];
                        if (adv.id.empty()) {
                            adv.id = id;
                            adv.source = "alpine-secdb";
                        }
                        for (const auto& other : e.ids) {
                            if (other != id) adv.aliases.push_back(other);
                        }
                        Affected a;
                        a.ecosystem = ecosystem;
                        a.package = name->get<std::string>();
                        a.note = e.note;
                        if (version == "0") {
                            a.state = FixState::NotAffected;
                        } else {
                            a.ranges.push_back({Range::Type::Ecosystem,
                                                {{RangeEvent::Kind::Introduced, "0"},
                                                 {RangeEvent::Kind::Fixed, version}}});
                        }
                        adv.affected.push_back(std::move(a));
                    }
                }
            }
        }
    } catch (const json::exception& e) {
        return fail(json_error(e, bytes, where));
    }
    for (auto& [id, adv] : advisories) {
        normalize_ids(adv.aliases, adv.id);
        if (auto s = sink(std::move(adv)); !s) return s;
    }
    return {};
}

}  // namespace berth::vuln::import::detail

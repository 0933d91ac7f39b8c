// SPDX-License-Identifier: Apache-2.0
// Debian security tracker JSON export (https://security-tracker.debian.org/tracker/data/json):
//   {"openssl": {"CVE-2021-3711": {"description": "…", "scope": "remote",
//     "releases": {"bullseye": {"status": "resolved", "fixed_version": "1.1.1k-1+deb11u1",
//                               "urgency": "high", "repositories": {"bullseye": "1.1.1n-0+deb11u5"}},
//                  "buster": {"status": "open", "urgency": "low**", "nodsa": "Minor issue",
//                             "nodsa_reason": "postponed"}}}}}
// → Advisory{id "CVE-2021-3711", source "debian-tracker", summary "…", affected {
//     {"Debian:11", "openssl", ranges {Ecosystem {Introduced "0", Fixed "1.1.1k-1+deb11u1"}}, severity "high"},
//     {"Debian:10", "openssl", ranges {Ecosystem {Introduced "0"}}, WillNotFix, severity "low",
//      note "postponed: Minor issue"}}}
// One Advisory per CVE (or TEMP-… id) with the entries of every source package naming it, emitted in
// id order. status resolved + fixed_version "0" → NotAffected; resolved + version → fixed range;
// open/undetermined → Affected, or WillNotFix when nodsa or nodsa_reason (ignored, postponed) is
// given. Urgency "not yet assigned" is no severity; "**" markers are stripped. sid and experimental
// have no release number and are skipped; other unknown codenames are diagnostics.
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>

#include "vuln/import/formats.hpp"

namespace berth::vuln::import::detail {

/// Bumped when this importer's output changes (shown by `berth plugins`).
constexpr int kVersion = 1;
const ImporterInfo kDebianTrackerImporter{"debian-tracker-json", kVersion, "Debian security tracker JSON export"};

namespace {

using nlohmann::json;

std::string string_member(const json& obj, const char* key) {
    const auto it = obj.find(key);
    return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string clean_urgency(std::string u) {
    std::string out;
    for (const char c : u) {
        if (c != '*') out += c;
    }
    out = std::string(trim(out));
    return out == "not yet assigned" ? std::string() : out;
}

}  // namespace

Status parse_debian_tracker(std::string_view bytes, std::string_view where, const Sink& sink,
                            Diagnostics& diagnostics) {
    std::map<std::string, Advisory> advisories;
    try {
        const json doc = json::parse(bytes.begin(), bytes.end());
        const std::string w(where);
        if (!doc.is_object()) return fail(ErrorCode::Format, "expected an object keyed by source package", w);
        for (const auto& [package, cves] : doc.items()) {
            const std::string ppath = w + "#/" + package;
            if (!cves.is_object()) return fail(ErrorCode::Format, "expected an object keyed by CVE id", ppath);
            for (const auto& [id, cve] : cves.items()) {
                const std::string cpath = ppath + "/" + id;
                if (!cve.is_object()) return fail(ErrorCode::Format, "expected an object", cpath);
                Advisory& adv = advisories[id];
                if (adv.id.empty()) {
                    adv.id = id;
                    adv.source = "debian-tracker";
                    adv.summary = string_member(cve, "description");
                    adv.references.push_back({"WEB", "https://security-tracker.debian.org/tracker/" + id});
                }
                const auto releases = cve.find("releases");
                if (releases == cve.end() || releases->is_null()) continue;
                if (!releases->is_object()) return fail(ErrorCode::Format, "expected an object", cpath + "/releases");
                for (const auto& [codename, rel] : releases->items()) {
                    const std::string rpath = cpath + "/releases/" + codename;
                    if (!rel.is_object()) return fail(ErrorCode::Format, "expected an object", rpath);
                    const std::string_view number = debian_release(codename);
                    if (number.empty()) {
                        if (codename != "sid" && codename != "experimental") {
                            diagnostics.push_back({Diagnostic::Severity::Warning,
                                                   "unknown Debian release \"" + codename + "\"; skipped", rpath});
                        }
                        continue;
                    }
                    const std::string status = string_member(rel, "status");
                    const std::string fixed = string_member(rel, "fixed_version");
                    const std::string nodsa = string_member(rel, "nodsa");
                    const std::string reason = string_member(rel, "nodsa_reason");
                    Affected a;
                    a.ecosystem = "Debian:" + std::string(number);
                    a.package = package;
                    a.severity = clean_urgency(string_member(rel, "urgency"));
                    if (status == "resolved") {
                        if (fixed == "0") {
                            a.state = FixState::NotAffected;
                        } else if (!fixed.empty()) {
                            a.ranges.push_back({Range::Type::Ecosystem,
                                                {{RangeEvent::Kind::Introduced, "0"}, {RangeEvent::Kind::Fixed, fixed}}});
                        } else {
                            diagnostics.push_back({Diagnostic::Severity::Warning,
                                                   "resolved without fixed_version; skipped", rpath});
                            continue;
                        }
                    } else if (status == "open" || status == "undetermined") {
                        a.ranges.push_back({Range::Type::Ecosystem, {{RangeEvent::Kind::Introduced, "0"}}});
                        if (!nodsa.empty() || reason == "ignored" || reason == "postponed") {
                            a.state = FixState::WillNotFix;
                            a.note = reason.empty() ? nodsa : nodsa.empty() ? reason : reason + ": " + nodsa;
                        }
                    } else {
                        diagnostics.push_back({Diagnostic::Severity::Warning,
                                               "unknown status \"" + status + "\"; skipped", rpath});
                        continue;
                    }
                    adv.affected.push_back(std::move(a));
                }
            }
        }
    } catch (const json::exception& e) {
        return fail(json_error(e, bytes, where));
    }
    for (auto& [id, adv] : advisories) {
        if (auto s = sink(std::move(adv)); !s) return s;
    }
    return {};
}

}  // namespace berth::vuln::import::detail

// SPDX-License-Identifier: Apache-2.0
// Debian security tracker JSON export (https://security-tracker.debian.org/tracker/data/json):
//   {"openssl": {"CVE-2021-3711": {"description": "…", "scope": "remote",
//     "releases": {"bullseye": {"status": "resolved", "fixed_version": "1.1.1k-1+deb11u1",
//                               "urgency": "high", "repositories": {"bullseye":
//                               "1.1.1n-0+deb11u5"}},
//                  "buster": {"status": "open", "urgency": "low**", "nodsa": "Minor issue",
//                             "nodsa_reason": "postponed"}}}}}
// → Advisory{id "CVE-2021-3711", source "debian-tracker", summary "…", affected {
//     {"Debian:11", "openssl", ranges {Ecosystem {Introduced "0", Fixed "1.1.1k-1+deb11u1"}},
//     severity "high"},
//     {"Debian:10", "openssl", ranges {Ecosystem {Introduced "0"}}, FixDeferred, severity "low",
//      note "postponed: Minor issue"}}}
// One Advisory per CVE (or TEMP-… id) with the entries of every source package naming it, emitted
// in id order. status resolved + fixed_version "0" → NotAffected; resolved + version → fixed range;
// open/undetermined → Affected, or FixDeferred when nodsa_reason is postponed, or WillNotFix when
// nodsa or nodsa_reason ignored is given. Urgency "not yet assigned" is no severity; "**" markers
// are stripped. sid and experimental have no release number and are skipped; other unknown
// codenames are diagnostics.
#include <algorithm>
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>

#include "core/json_read.hpp"
#include "vuln/import/formats.hpp"

namespace berth::vuln::import::detail {

/// Bumped when this importer's output changes (shown by `berth plugins`).
constexpr int kVersion = 1;
const ImporterInfo kDebianTrackerImporter{"debian-tracker-json", kVersion,
                                          "Debian security tracker JSON export"};

namespace {

// JSON values the tracker document may hold (its own cap; json_read::Limits for the others).
constexpr std::size_t kMaxTrackerValues = 24'000'000;

using json_read::Cursor;
using nlohmann::json;

std::string clean_urgency(const std::string& u) {
    std::string out;
    for (const char c : u) {
        if (c != '*') out += c;
    }
    out = std::string(trim(out));
    return out == "not yet assigned" ? std::string() : out;
}

// One release entry of one CVE for one source package → an Affected entry; false when the
// entry is skipped (a diagnostic says why, located at the document with the JSON path).
bool read_release(const Cursor& rel, std::string_view number, const std::string& package,
                  Affected& a, Diagnostics& diagnostics) {
    auto skip = [&](const std::string& why) {
        diagnostics.push_back(
            {Diagnostic::Severity::Warning, rel.path() + ": " + why, rel.where()});
        return false;
    };
    const std::string status = rel.string_or("status");
    const std::string fixed = rel.string_or("fixed_version");
    const std::string nodsa = rel.string_or("nodsa");
    const std::string reason = rel.string_or("nodsa_reason");
    a.ecosystem = "Debian:" + std::string(number);
    a.package = package;
    a.severity = clean_urgency(rel.string_or("urgency"));
    if (status == "resolved") {
        if (fixed == "0") {
            a.state = FixState::NotAffected;
        } else if (!fixed.empty()) {
            a.ranges.push_back(
                {Range::Type::Ecosystem,
                 {{RangeEvent::Kind::Introduced, "0"}, {RangeEvent::Kind::Fixed, fixed}}});
        } else {
            return skip("resolved without fixed_version; skipped");
        }
    } else if (status == "open" || status == "undetermined") {
        a.ranges.push_back({Range::Type::Ecosystem, {{RangeEvent::Kind::Introduced, "0"}}});
        if (!nodsa.empty() || reason == "ignored" || reason == "postponed") {
            a.state = reason == "postponed" ? FixState::FixDeferred : FixState::WillNotFix;
            a.note = reason.empty() ? nodsa : nodsa.empty() ? reason : reason + ": " + nodsa;
        }
    } else {
        return skip("unknown status \"" + status + "\"; skipped");
    }
    return true;
}

// The "releases" of one CVE entry of `package` into `adv`.
Status read_releases(const Cursor& cve, const std::string& package, Advisory& adv,
                     Diagnostics& diagnostics) {
    auto releases = cve.opt_object("releases");
    if (!releases) return fail(releases.error());
    auto members = releases->members();
    if (!members) return fail(members.error());
    for (const auto& [codename, rel] : *members) {
        if (!rel.value().is_object()) {
            return fail(rel.error("expected an object, got " +
                                  std::string(json_read::type_name(rel.value()))));
        }
        const std::string_view number = debian_release(codename);
        if (number.empty()) {
            // sid and experimental have no release number.
            if (codename != "sid" && codename != "experimental") {
                diagnostics.push_back(
                    {Diagnostic::Severity::Warning,
                     rel.path() + ": unknown Debian release \"" + codename + "\"; skipped",
                     rel.where()});
            }
            continue;
        }
        Affected a;
        if (read_release(rel, number, package, a, diagnostics))
            adv.affected.push_back(std::move(a));
    }
    return {};
}

Status read_package(const Cursor& cves, const std::string& package,
                    std::map<std::string, Advisory>& advisories, Diagnostics& diagnostics) {
    if (!cves.value().is_object()) {
        return fail(cves.error("expected an object keyed by CVE id, got " +
                               std::string(json_read::type_name(cves.value()))));
    }
    auto members = cves.members();
    if (!members) return fail(members.error());
    for (const auto& [id, cve] : *members) {
        if (!cve.value().is_object()) {
            return fail(cve.error("expected an object, got " +
                                  std::string(json_read::type_name(cve.value()))));
        }
        Advisory& adv = advisories[id];
        if (adv.id.empty()) {
            adv.id = id;
            adv.source = "debian-tracker";
            adv.summary = cve.string_or("description");
            adv.references.push_back({"WEB", "https://security-tracker.debian.org/tracker/" + id});
        }
        if (auto s = read_releases(cve, package, adv, diagnostics); !s) return s;
    }
    return {};
}

}  // namespace

Status parse_debian_tracker(std::string_view bytes, std::string_view where, const Sink& sink,
                            Diagnostics& diagnostics) {
    std::map<std::string, Advisory> advisories;
    // The tracker's JSON is one ~60 MB document of ~7 million values, read whole: it may hold
    // more values than other documents (docs/limits.md; streaming it per package would bound
    // it like the rest).
    json_read::Limits limits = json_read::default_limits();
    limits.max_values = std::max(limits.max_values, kMaxTrackerValues);
    auto parsed = parse_json(bytes, where, limits);
    if (!parsed) return fail(parsed.error());
    const json doc = std::move(*parsed);
    const Cursor root(doc, std::string(where));
    if (!doc.is_object()) return fail(root.error("expected an object keyed by source package"));
    auto packages = root.members();
    if (!packages) return fail(packages.error());
    for (const auto& [package, cves] : *packages) {
        if (auto s = read_package(cves, package, advisories, diagnostics); !s) return s;
    }
    for (auto& [id, adv] : advisories) {
        if (auto s = sink(std::move(adv)); !s) return s;
    }
    return {};
}

}  // namespace berth::vuln::import::detail

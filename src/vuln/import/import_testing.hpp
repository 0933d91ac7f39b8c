// SPDX-License-Identifier: Apache-2.0
// Test-only helpers for the importer tests: run a parser into a vector and render advisories as
// compact text, so tests compare whole values and gtest prints readable diffs.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vuln/import/import.hpp"

namespace berth::vuln::import::testing {

/// What one parse_document call produced.
struct Parsed {
    Status status;
    std::vector<Advisory> advisories;
    Diagnostics diagnostics;
};

/// Parses `bytes` as `format`, collecting every advisory.
inline Parsed parse(Format format, std::string_view bytes, std::string_view where = "doc") {
    Parsed out;
    out.status = parse_document(
        format, bytes, where,
        [&](Advisory&& a) -> Status {
            out.advisories.push_back(std::move(a));
            return {};
        },
        out.diagnostics);
    return out;
}

inline std::string_view state_name(FixState s) {
    switch (s) {
        case FixState::Affected:
            return "affected";
        case FixState::WillNotFix:
            return "will-not-fix";
        case FixState::NotAffected:
            return "not-affected";
        case FixState::EndOfLife:
            return "end-of-life";
        case FixState::FixDeferred:
            return "fix-deferred";
    }
    return "?";
}

/// "Debian:11 xorg-server ECOSYSTEM{introduced:0 fixed:1.2} affected sev=high note=…"
inline std::string describe(const Affected& a) {
    std::string out = a.ecosystem + " " + a.package;
    if (!a.purl.empty()) out += " purl=" + a.purl;
    for (const auto& r : a.ranges) {
        out += r.type == Range::Type::Ecosystem ? " ECOSYSTEM{"
               : r.type == Range::Type::Semver  ? " SEMVER{"
                                                : " GIT{";
        bool first = true;
        for (const auto& e : r.events) {
            if (!first) out += ' ';
            first = false;
            switch (e.kind) {
                case RangeEvent::Kind::Introduced:
                    out += "introduced:";
                    break;
                case RangeEvent::Kind::Fixed:
                    out += "fixed:";
                    break;
                case RangeEvent::Kind::LastAffected:
                    out += "last_affected:";
                    break;
                case RangeEvent::Kind::Limit:
                    out += "limit:";
                    break;
            }
            out += e.value;
        }
        out += "}";
    }
    if (!a.versions.empty()) {
        out += " versions=";
        for (std::size_t i = 0; i < a.versions.size(); ++i)
            out += (i != 0 ? "," : "") + a.versions[i];
    }
    out += " ";
    out += state_name(a.state);
    if (!a.severity.empty()) out += " sev=" + a.severity;
    if (!a.note.empty()) out += " note=" + a.note;
    return out;
}

/// Multi-line rendering of every field that is set.
inline std::string describe(const Advisory& a) {
    std::string out = a.id + " (" + a.source + ")\n";
    const auto list = [&](const char* name, const std::vector<std::string>& v) {
        if (v.empty()) return;
        out += std::string("  ") + name + ":";
        for (const auto& s : v) out += " " + s;
        out += "\n";
    };
    list("aliases", a.aliases);
    list("related", a.related);
    if (!a.summary.empty()) out += "  summary: " + a.summary + "\n";
    if (!a.details.empty()) out += "  details: " + a.details + "\n";
    if (!a.published.empty()) out += "  published: " + a.published + "\n";
    if (!a.modified.empty()) out += "  modified: " + a.modified + "\n";
    if (!a.withdrawn.empty()) out += "  withdrawn: " + a.withdrawn + "\n";
    for (const auto& s : a.severity) out += "  severity: " + s.type + " " + s.score + "\n";
    for (const auto& x : a.affected) out += "  affected: " + describe(x) + "\n";
    for (const auto& r : a.references) out += "  ref: " + r.type + " " + r.url + "\n";
    return out;
}

}  // namespace berth::vuln::import::testing

// SPDX-License-Identifier: Apache-2.0
// Ubuntu CVE tracker files (https://git.launchpad.net/ubuntu-cve-tracker, active/CVE-*; grammar in
// its scripts/cve_lib.py). A file is "Key: value" header fields with space-indented continuation
// lines, then per source package a "Patches_<pkg>:" block and "<release>_<pkg>: <status> (<note>)"
// lines:
//   Candidate: CVE-2020-0009
//   PublicDate: 2020-01-08 16:15:00 UTC
//   Priority: low
//   Patches_linux-oem:
//   bionic_linux-oem: released (4.15.0-1080.90)
//   eoan_linux-oem: pending (4.15.0-1087.97)
// → Advisory{id "CVE-2020-0009", source "ubuntu-uct", published "2020-01-08T16:15:00Z",
//   severity {{"Ubuntu", "low"}}, affected {{"Ubuntu:18.04", "linux-oem", ranges {Ecosystem
//   {Introduced "0", Fixed "4.15.0-1080.90"}}, severity "low"}, {"Ubuntu:19.10", "linux-oem",
//   ranges {Ecosystem {Introduced "0"}}, note "4.15.0-1087.97"}}}
// Statuses: released → fixed range; needed/needs-triage/pending/active → Affected; deferred →
// FixDeferred; ignored → EndOfLife when its note says the release reached end of life or left
// standard support, else WillNotFix; not-affected → NotAffected; DNE → no entry. Pseudo releases
// (upstream, devel, snap, product) and overlays (vivid/ubuntu-core, vivid/stable-phone-overlay) are
// skipped. ESM lines (trusty/esm, esm-infra/xenial, esm-apps/xenial) describe the same release and
// win over the plain release line, since their fixed version is what an ESM system installs.
// Priority_<pkg> overrides the CVE priority for that package.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vuln/import/formats.hpp"

namespace berth::vuln::import::detail {

/// Bumped when this importer's output changes (shown by `berth plugins`).
constexpr int kVersion = 1;
const ImporterInfo kUbuntuUctImporter{"ubuntu-uct", kVersion,
                                      "Ubuntu CVE tracker file (active/CVE-*)"};

namespace {

// Notes of "ignored" lines that mean the release is dead ("reached end-of-life", "was needed now
// end-of-life", "out of standard support", "end of standard support", "Ubuntu touch
// end-of-life"…).
bool is_end_of_life_note(std::string_view note) {
    return note.find("end-of-life") != std::string_view::npos ||
           note.find("end of life") != std::string_view::npos ||
           note.find("out of standard support") != std::string_view::npos ||
           note.find("end of standard support") != std::string_view::npos;
}

enum class Field { None, References, Bugs, Description, UbuntuDescription, Cvss, Other };

Field field_of(std::string_view key) {
    if (key == "References") return Field::References;
    if (key == "Bugs") return Field::Bugs;
    if (key == "Description") return Field::Description;
    if (key == "Ubuntu-Description") return Field::UbuntuDescription;
    if (key == "CVSS") return Field::Cvss;
    return Field::Other;
}

void append_text(std::string& text, std::string_view line) {
    if (!text.empty()) text += '\n';
    text += line;
}

// The release a UCT release name describes, and whether it is the ESM variant of it.
struct Release {
    std::string_view codename;
    bool esm = false;
};

// "bionic" → {bionic}; "trusty/esm" and "esm-infra/xenial" → {…, esm}; pseudo releases → {}.
Release parse_release(std::string_view name) {
    const std::size_t slash = name.find('/');
    if (slash == std::string_view::npos) return {name, false};
    const std::string_view left = name.substr(0, slash);
    const std::string_view right = name.substr(slash + 1);
    if (right == "esm") return {left, true};
    if (left.starts_with("esm-")) return {right, true};
    return {};  // overlays such as vivid/ubuntu-core
}

// Splits "released (4.15.0-1080.90)" into status and note.
void split_status(std::string_view value, UctStatusLine& out) {
    value = trim(value);
    std::size_t n = 0;
    while (n < value.size() && value[n] != ' ' && value[n] != '\t' && value[n] != '(') ++n;
    out.status = std::string(value.substr(0, n));
    std::string_view rest = trim(value.substr(n));
    // "(4.15.0-1080.90)"; also the typos "[1.06.27-1ubuntu7]" and "(3.7.0-1" of real files.
    if (rest.starts_with('(') || rest.starts_with('[')) rest.remove_prefix(1);
    if (rest.ends_with(')') || rest.ends_with(']')) rest.remove_suffix(1);
    rest = trim(rest);
    out.note = std::string(rest);
}

std::string cvss_type(std::string_view vector) {
    if (vector.starts_with("CVSS:4")) return "CVSS_V4";
    if (vector.starts_with("CVSS:3")) return "CVSS_V3";
    return "CVSS_V2";
}

}  // namespace

Result<UctFile> parse_uct_file(std::string_view bytes, std::string_view where) {
    UctFile out;
    Field field = Field::None;
    std::size_t line_no = 0;
    while (!bytes.empty()) {
        const std::string_view line = text::next_line(bytes);
        ++line_no;
        if (line.empty()) continue;
        if (line.front() == ' ' || line.front() == '\t') {
            const std::string_view text = trim(line);
            switch (field) {
                case Field::References:
                    if (!text.empty()) out.references.emplace_back(text);
                    break;
                case Field::Bugs:
                    if (!text.empty()) out.bugs.emplace_back(text);
                    break;
                case Field::Cvss:
                    if (!text.empty()) out.cvss.emplace_back(text);
                    break;
                case Field::Description:
                    append_text(out.description, text);
                    break;
                case Field::UbuntuDescription:
                    append_text(out.ubuntu_description, text);
                    break;
                case Field::Other:
                    break;
                case Field::None:
                    return fail(ErrorCode::Format, "continuation line before any field",
                                std::string(where) + ":" + std::to_string(line_no));
            }
            continue;
        }
        if (line.front() == '#') continue;
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) {
            return fail(ErrorCode::Format,
                        "expected \"Field: value\" or \"release_package: status\"",
                        std::string(where) + ":" + std::to_string(line_no));
        }
        const std::string_view key = line.substr(0, colon);
        const std::string_view value = trim(line.substr(colon + 1));
        if (key.find_first_of(" \t") != std::string_view::npos) {
            out.ignored_lines.push_back(line_no);
            field = Field::Other;
            continue;
        }
        const std::size_t underscore = key.find('_');
        if (underscore != std::string_view::npos && underscore > 0 && underscore + 1 < key.size()) {
            const std::string_view left = key.substr(0, underscore);
            const std::string_view pkg = key.substr(underscore + 1);
            field = Field::Other;
            if (left == "Patches" || left == "Tags") continue;
            if (left == "Priority") {
                out.package_priority[std::string(pkg)] = std::string(value);
                continue;
            }
            UctStatusLine s;
            s.release = std::string(left);
            s.package = std::string(pkg);
            s.line = line_no;
            split_status(value, s);
            out.statuses.push_back(std::move(s));
            continue;
        }
        field = field_of(key);
        if (key == "Candidate") {
            out.candidate = std::string(value);
        } else if (key == "PublicDate") {
            out.public_date = std::string(value);
        } else if (key == "Priority") {
            out.priority = std::string(value);
        } else if (field == Field::Description) {
            out.description = std::string(value);
        } else if (field == Field::UbuntuDescription) {
            out.ubuntu_description = std::string(value);
        } else if (field == Field::References && !value.empty()) {
            out.references.emplace_back(value);
        } else if (field == Field::Bugs && !value.empty()) {
            out.bugs.emplace_back(value);
        } else if (field == Field::Cvss && !value.empty()) {
            out.cvss.emplace_back(value);
        }
    }
    return out;
}

Status parse_ubuntu_uct(std::string_view bytes, std::string_view where, const Sink& sink,
                        Diagnostics& diagnostics) {
    auto file = parse_uct_file(bytes, where);
    if (!file) return fail(file.error());
    if (file->candidate.empty())
        return fail(ErrorCode::Format, "no Candidate field", std::string(where));

    for (const std::size_t line : file->ignored_lines) {
        diagnostics.push_back({Diagnostic::Severity::Warning,
                               "field name with a space; line ignored",
                               std::string(where) + ":" + std::to_string(line)});
    }
    Advisory adv;
    adv.id = file->candidate;
    adv.source = "ubuntu-uct";
    adv.published = to_rfc3339(file->public_date);
    adv.details = !file->description.empty() ? std::move(file->description)
                                             : std::move(file->ubuntu_description);
    if (!file->priority.empty()) adv.severity.push_back({"Ubuntu", file->priority});
    for (const auto& line : file->cvss) {
        // "nvd: CVSS:3.0/AV:N/…"
        const std::size_t colon = line.find(": ");
        const std::string vector =
            colon == std::string::npos
                ? line
                : std::string(trim(std::string_view(line).substr(colon + 2)));
        if (!vector.empty()) adv.severity.push_back({cvss_type(vector), vector});
    }
    for (auto& url : file->references) adv.references.push_back({"WEB", std::move(url)});
    for (auto& url : file->bugs) adv.references.push_back({"REPORT", std::move(url)});

    // (ecosystem, package) → index into adv.affected and whether that entry came from ESM.
    std::map<std::pair<std::string, std::string>, std::pair<std::size_t, bool>> seen;
    for (const auto& s : file->statuses) {
        const auto at = [&] { return std::string(where) + ":" + std::to_string(s.line); };
        if (s.release == "upstream" || s.release == "devel" || s.release == "snap" ||
            s.release == "product")
            continue;
        const Release release = parse_release(s.release);
        if (release.codename.empty()) continue;
        const std::string_view version = ubuntu_release(release.codename);
        if (version.empty()) {
            diagnostics.push_back({Diagnostic::Severity::Warning,
                                   "unknown Ubuntu release \"" + s.release + "\"; line skipped",
                                   at()});
            continue;
        }
        Affected a;
        a.ecosystem = "Ubuntu:" + std::string(version);
        a.package = s.package;
        a.note = s.note;
        const auto prio = file->package_priority.find(s.package);
        a.severity = prio != file->package_priority.end() ? prio->second : file->priority;
        const Range all{Range::Type::Ecosystem, {{RangeEvent::Kind::Introduced, "0"}}};
        if (s.status == "DNE" || s.status.empty()) {
            continue;
        } else if (s.status == "released") {
            if (!s.note.empty()) {
                a.ranges.push_back(
                    {Range::Type::Ecosystem,
                     {{RangeEvent::Kind::Introduced, "0"}, {RangeEvent::Kind::Fixed, s.note}}});
                a.note.clear();
            } else {
                a.ranges.push_back(all);
                a.note = "released (no version given)";
            }
        } else if (s.status == "needed" || s.status == "needs-triage" || s.status == "pending" ||
                   s.status == "active") {
            a.ranges.push_back(all);
        } else if (s.status == "ignored" || s.status == "deferred") {
            a.state = s.status == "deferred"        ? FixState::FixDeferred
                      : is_end_of_life_note(s.note) ? FixState::EndOfLife
                                                    : FixState::WillNotFix;
            a.ranges.push_back(all);
            if (s.status == "deferred")
                a.note = a.note.empty() ? "deferred" : "deferred: " + a.note;
        } else if (s.status == "not-affected") {
            a.state = FixState::NotAffected;
        } else {
            diagnostics.push_back({Diagnostic::Severity::Warning,
                                   "unknown status \"" + s.status + "\"; line skipped", at()});
            continue;
        }
        auto key = std::make_pair(a.ecosystem, a.package);
        const auto it = seen.find(key);
        if (it == seen.end()) {
            seen.emplace(std::move(key), std::make_pair(adv.affected.size(), release.esm));
            adv.affected.push_back(std::move(a));
        } else if (release.esm || !it->second.second) {
            // ESM wins over the plain release; otherwise the later line wins.
            adv.affected[it->second.first] = std::move(a);
            it->second.second = it->second.second || release.esm;
        }
    }
    return sink(std::move(adv));
}

}  // namespace berth::vuln::import::detail

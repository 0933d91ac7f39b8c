// SPDX-License-Identifier: Apache-2.0
// The terminal table. First a header naming the target and OS; then, by report kind:
// scan: a summary line like Trivy's
//   Total: 4 (UNKNOWN: 0, LOW: 1, MEDIUM: 1, HIGH: 1, CRITICAL: 1), suppressed: 1
// then one block per package ("libc6 2.36-9+deb12u4 (layer 0, sha256:aaaaaaaaaaaa)") with one
// row per finding: ID, SEVERITY, STATUS, FIXED VERSION, TITLE. Columns are aligned over the
// whole table; with `colour` only the severity cell gets an ANSI colour (padding stays outside
// the escape codes, so alignment holds). Suppressed findings are only counted. A package whose
// layer has a history entry gets a "created by: RUN apk add …" line under its header.
// sbom: one row per package (NAME VERSION ARCH TYPE LAYER [CREATED BY]).
// Rule results (a scan that has them): grouped by section, see rule_results().
// audit: docker-bench's look (audit.cpp), without the header.
// inspect: its own key/value and layer tables (inspect.cpp), without the header.
// scan and sbom end with an "INCOMPLETE: …" footer listing what was not read, when anything was.
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "report/report.hpp"
#include "report/report_util.hpp"
#include "sbom/purl.hpp"

namespace berth::report {
namespace {

using vuln::Level;

constexpr Level kLevels[] = {Level::Unknown, Level::Low, Level::Medium, Level::High,
                             Level::Critical};

std::string_view colour_of(Level l) {
    switch (l) {
        case Level::Critical:
            return "\x1b[1;31m";  // bold red
        case Level::High:
            return "\x1b[31m";  // red
        case Level::Medium:
            return "\x1b[33m";  // yellow
        case Level::Low:
            return "\x1b[34m";  // blue
        case Level::Unknown:
            break;
    }
    return "\x1b[2m";  // dim
}

// Display width, counting UTF-8 code points (titles may hold non-ASCII text).
std::size_t width(std::string_view s) {
    std::size_t n = 0;
    for (char c : s) {
        if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++n;
    }
    return n;
}

std::string pad(std::string_view s, std::size_t w) {
    std::string out(s);
    std::size_t have = width(s);
    if (have < w) out.append(w - have, ' ');
    return out;
}

std::string short_diff_id(const std::string& diff_id) {
    auto colon = diff_id.find(':');
    if (colon == std::string::npos) return diff_id;
    return diff_id.substr(0, colon + 1 + 12);
}

struct Row {
    std::string id;
    Level level = Level::Unknown;
    std::string severity;
    std::string status;
    std::string fixed;
    std::string title;
};

void vulnerabilities(const Report& r, bool colour, std::string& out) {
    auto counts = detail::count(r);
    out += "Total: " + std::to_string(counts.total) + " (";
    for (std::size_t i = 0; i < std::size(kLevels); ++i) {
        if (i != 0) out += ", ";
        out += std::string(vuln::level_name(kLevels[i])) + ": " +
               std::to_string(counts.by_level[static_cast<int>(kLevels[i])]);
    }
    out += ")";
    if (counts.suppressed != 0) out += ", suppressed: " + std::to_string(counts.suppressed);
    out += "\n";

    auto findings = detail::ordered_findings(r, false);
    if (findings.empty()) return;

    // Group consecutive findings of one package (the order keeps them together).
    struct Group {
        std::string header;
        std::vector<Row> rows;
    };
    std::vector<Group> groups;
    std::size_t last_index = static_cast<std::size_t>(-1);
    for (const vuln::Finding* f : findings) {
        if (groups.empty() || f->package_index != last_index) {
            last_index = f->package_index;
            Group g;
            if (const sbom::Package* p = detail::package_of(r, *f)) {
                auto layer = detail::layer_of(r, *p);
                g.header = p->name + " " + p->version + " (layer " + std::to_string(layer.index);
                if (!layer.diff_id.empty()) g.header += ", " + short_diff_id(layer.diff_id);
                g.header += ")";
                if (!layer.created_by.empty()) g.header += "\n  created by: " + layer.created_by;
            } else {
                g.header = "(unknown package) " + f->installed_version;
            }
            groups.push_back(std::move(g));
        }
        Row row{f->id,
                f->level,
                std::string(vuln::level_name(f->level)),
                std::string(vuln::status_name(f->status)),
                f->fixed_version.empty() ? std::string("-") : f->fixed_version,
                f->title};
        groups.back().rows.push_back(std::move(row));
    }

    const std::string headings[] = {"ID", "SEVERITY", "STATUS", "FIXED VERSION", "TITLE"};
    std::size_t w[4] = {width(headings[0]), width(headings[1]), width(headings[2]),
                        width(headings[3])};
    for (const auto& g : groups) {
        for (const auto& row : g.rows) {
            w[0] = std::max(w[0], width(row.id));
            w[1] = std::max(w[1], width(row.severity));
            w[2] = std::max(w[2], width(row.status));
            w[3] = std::max(w[3], width(row.fixed));
        }
    }
    auto line = [&](const std::string& id, const std::string& sev, Level level, bool colour_sev,
                    const std::string& status, const std::string& fixed, const std::string& title) {
        std::string l = "  " + pad(id, w[0]) + "  ";
        if (colour_sev) {
            l += std::string(colour_of(level)) + sev + "\x1b[0m" +
                 std::string(w[1] - std::min(w[1], width(sev)), ' ');
        } else {
            l += pad(sev, w[1]);
        }
        l += "  " + pad(status, w[2]) + "  " + pad(fixed, w[3]) + "  " + title;
        while (!l.empty() && l.back() == ' ') l.pop_back();
        return l + "\n";
    };
    for (const auto& g : groups) {
        out += "\n" + g.header + "\n";
        out += line(headings[0], headings[1], Level::Unknown, false, headings[2], headings[3],
                    headings[4]);
        for (const auto& row : g.rows) {
            out += line(row.id, row.severity, row.level, colour, row.status, row.fixed, row.title);
        }
    }
}

// `berth sbom`: one row per package; a CREATED BY column when any package's layer has a history
// entry.
void packages(const Report& r, std::string& out) {
    std::size_t wn = 4;
    std::size_t wv = 7;
    std::size_t wa = 4;
    bool any_created_by = false;
    std::vector<detail::LayerRef> layers;
    for (const auto& p : r.inventory.packages) {
        wn = std::max(wn, width(sbom::ecosystem_name(p)));
        wv = std::max(wv, width(p.version));
        wa = std::max(wa, width(p.arch));
        layers.push_back(detail::layer_of(r, p));
        any_created_by = any_created_by || !layers.back().created_by.empty();
    }
    auto row = [&](std::string_view name, std::string_view version, std::string_view arch,
                   std::string_view type, const std::string& layer, std::string_view created_by) {
        std::string l = pad(name, wn + 2) + pad(version, wv + 2) + pad(arch, wa + 2) +
                        pad(type, 6) +
                        (any_created_by ? pad(layer, 7) + std::string(created_by) : layer);
        while (!l.empty() && l.back() == ' ') l.pop_back();
        out += l + "\n";
    };
    out += "\n";
    row("NAME", "VERSION", "ARCH", "TYPE", "LAYER", "CREATED BY");
    for (std::size_t i = 0; i < r.inventory.packages.size(); ++i) {
        const auto& p = r.inventory.packages[i];
        std::string layer = std::to_string(layers[i].index);
        if (p.files_whited_out) layer += "  (files deleted by a later layer)";
        row(sbom::ecosystem_name(p), p.version, p.arch, p.type, layer, layers[i].created_by);
    }
    out += "\n" + std::to_string(r.inventory.packages.size()) + " packages\n";
}

std::string_view outcome_tag(check::Outcome o) {
    switch (o) {
        case check::Outcome::Pass:
            return "[PASS]";
        case check::Outcome::Fail:
            return "[FAIL]";
        case check::Outcome::Info:
            return "[INFO]";
        case check::Outcome::Skipped:
            return "[SKIP]";
        case check::Outcome::Error:
            break;
    }
    return "[ERROR]";
}

std::string_view outcome_colour(check::Outcome o) {
    switch (o) {
        case check::Outcome::Pass:
            return "\x1b[32m";  // green
        case check::Outcome::Fail:
            return "\x1b[1;31m";  // bold red
        case check::Outcome::Info:
            return "\x1b[34m";  // blue
        case check::Outcome::Skipped:
            return "\x1b[2m";  // dim
        case check::Outcome::Error:
            break;
    }
    return "\x1b[35m";  // magenta
}

// "etc/docker/daemon.json:3", "container web", "usr/bin/su (layer sha256:0123456789ab)".
std::string location_text(const check::Location& l) {
    std::string out = l.path;
    if (!out.empty() && l.line != 0) out += ":" + std::to_string(l.line);
    if (!out.empty() && l.line != 0 && l.column != 0) out += ":" + std::to_string(l.column);
    auto add = [&out](const std::string& part) { out += (out.empty() ? "" : " ") + part; };
    if (!l.object.empty()) add(l.object);
    if (!l.layer.empty()) add("(layer " + short_diff_id(l.layer) + ")");
    return out;
}

// Rule results grouped by section ("cis-docker/2", "DF"):
//   [FAIL] cis-docker/2.2 - Ensure network traffic is restricted between containers
//          icc is enabled (daemon.json has no "icc": false)
//          at etc/docker/daemon.json:3
//          Remediation: set "icc": false in /etc/docker/daemon.json
// Remediation only for failures; a summary line at the end.
void rule_results(const Report& r, bool colour, std::string& out) {
    std::string section;
    bool first = true;
    for (const check::RuleResult* rr : detail::ordered_rule_results(r)) {
        std::string_view id = rr->rule ? rr->rule->id : std::string_view("(unknown rule)");
        std::string this_section = detail::rule_section(id);
        if (first || this_section != section) {
            out += "\n" + this_section + "\n";
            section = this_section;
            first = false;
        }
        std::string tag(outcome_tag(rr->outcome));
        if (colour) tag = std::string(outcome_colour(rr->outcome)) + tag + "\x1b[0m";
        out += tag + " " + std::string(id);
        if (rr->rule && !rr->rule->title.empty()) out += " - " + std::string(rr->rule->title);
        out += "\n";
        const std::string indent(outcome_tag(rr->outcome).size() + 1, ' ');
        if (!rr->message.empty()) out += indent + rr->message + "\n";
        for (const auto& d : rr->details) out += indent + "  " + d + "\n";
        const std::string* previous = nullptr;  // an instruction is shown once per run of it
        for (const auto& l : rr->locations) {
            if (auto text = location_text(l); !text.empty()) out += indent + "at " + text + "\n";
            if (!l.created_by.empty() && (previous == nullptr || *previous != l.created_by))
                out += indent + "created by: " + l.created_by + "\n";
            previous = &l.created_by;
        }
        if (rr->outcome == check::Outcome::Fail && rr->rule && !rr->rule->remediation.empty()) {
            out += indent + "Remediation: " + std::string(rr->rule->remediation) + "\n";
        }
    }
    auto c = detail::count_rules(r);
    out += "\nRules: " + std::to_string(r.rule_results.size()) + " (";
    for (int o = 0; o < 5; ++o) {
        if (o != 0) out += ", ";
        out += std::string(check::outcome_name(static_cast<check::Outcome>(o))) + ": " +
               std::to_string(c.by_outcome[o]);
    }
    out += ")\n";
}

// The footer of an incomplete report: what was not read, so "Total: 0" is not taken for clean.
void incomplete_footer(const Report& r, std::string& out) {
    auto items = incomplete_inputs(r);
    if (items.empty()) return;
    out += "\nINCOMPLETE: " + std::to_string(items.size()) +
           (items.size() == 1 ? " input was" : " inputs were") +
           " not read; the results above do not cover:\n";
    for (const Diagnostic* d : items) out += "  " + d->where + ": " + d->message + "\n";
}

}  // namespace

std::string write_table(const Report& r, bool colour) {
    if (r.kind == Kind::Inspect) return detail::inspect_table(r);
    if (r.kind == Kind::Audit) return detail::audit_table(r, colour);
    std::string out;
    std::string target = r.target.name.empty() ? r.target.reference : r.target.name;
    out += target.empty() ? std::string("(unnamed target)") : target;
    if (r.inventory.os) {
        out += " (" + r.inventory.os->id;
        if (!r.inventory.os->version_id.empty()) out += " " + r.inventory.os->version_id;
        out += ")";
    } else if (r.kind == Kind::Sbom) {
        out += " (OS unknown)";
    }
    out += "\n";
    if (r.kind == Kind::Scan) vulnerabilities(r, colour, out);
    if (r.kind == Kind::Sbom) packages(r, out);
    if (r.kind == Kind::Lint || r.kind == Kind::Config || !r.rule_results.empty())
        rule_results(r, colour, out);
    if (r.kind == Kind::Scan || r.kind == Kind::Sbom) incomplete_footer(r, out);
    return out;
}

}  // namespace berth::report

// SPDX-License-Identifier: Apache-2.0
// The terminal table: a header naming the target, a summary line like Trivy's
//   Total: 4 (UNKNOWN: 0, LOW: 1, MEDIUM: 1, HIGH: 1, CRITICAL: 1), suppressed: 1
// then one block per package ("libc6 2.36-9+deb12u4 (layer 0, sha256:aaaaaaaaaaaa)") with one
// row per finding: ID, SEVERITY, STATUS, FIXED VERSION, TITLE. Columns are aligned over the
// whole table; with `colour` only the severity cell gets an ANSI colour (padding stays outside
// the escape codes, so alignment holds). Suppressed findings are only counted.
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "report/report.hpp"
#include "report/report_util.hpp"

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

}  // namespace

std::string write_table(const ScanReport& r, bool colour) {
    std::string out;
    std::string target = r.target.name.empty() ? r.target.reference : r.target.name;
    out += target.empty() ? std::string("(unnamed target)") : target;
    if (r.inventory.os) {
        out += " (" + r.inventory.os->id;
        if (!r.inventory.os->version_id.empty()) out += " " + r.inventory.os->version_id;
        out += ")";
    }
    out += "\n";

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
    if (findings.empty()) return out;

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
    return out;
}

}  // namespace berth::report

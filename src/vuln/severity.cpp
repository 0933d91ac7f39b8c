// SPDX-License-Identifier: Apache-2.0
#include "vuln/severity.hpp"

#include <algorithm>
#include <string>

#include "core/text.hpp"
#include "vuln/cvss.hpp"

namespace berth::vuln {

std::optional<Cvss> cvss_from_severity(const Severity& severity, std::string_view advisory_id) {
    if (severity.type != "CVSS_V2" && severity.type != "CVSS_V3" && severity.type != "CVSS_V4")
        return std::nullopt;
    auto parsed = parse_cvss(severity.score);
    if (!parsed) return std::nullopt;
    Cvss c;
    c.version = parsed->version;
    c.vector = severity.score;
    c.base_score = parsed->score;
    c.source = std::string(advisory_id);
    return c;
}

Level level_from_word(std::string_view word) {
    const std::string w = text::lower(word);
    if (w == "critical") return Level::Critical;
    if (w == "high" || w == "important") return Level::High;
    if (w == "medium" || w == "moderate") return Level::Medium;
    if (w == "low" || w == "negligible" || w == "unimportant") return Level::Low;
    return Level::Unknown;
}

void finish_severity(Finding& f) {
    std::sort(f.cvss.begin(), f.cvss.end(), [](const Cvss& a, const Cvss& b) {
        if (a.version != b.version) return a.version > b.version;
        if (a.base_score != b.base_score) return a.base_score > b.base_score;
        return a.vector < b.vector;
    });
    f.cvss.erase(std::unique(f.cvss.begin(), f.cvss.end(),
                             [](const Cvss& a, const Cvss& b) { return a.vector == b.vector; }),
                 f.cvss.end());
    f.level = level_from_word(f.distro_severity);
    if (f.level == Level::Unknown && !f.cvss.empty())
        f.level = to_level(cvss_rating(f.cvss.front().base_score));
}

}  // namespace berth::vuln

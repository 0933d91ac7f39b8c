// SPDX-License-Identifier: Apache-2.0
// CVSS scoring after the FIRST specifications:
//   v2.0  https://www.first.org/cvss/v2/guide (section 3.2.1, base equation)
//   v3.0  https://www.first.org/cvss/v3.0/specification-document (section 8.1; Roundup = ceil to
//         one decimal)
//   v3.1  https://www.first.org/cvss/v3.1/specification-document (section 7.1 and Appendix A,
//         the integer Roundup that avoids floating-point artefacts)
//   v4.0  https://www.first.org/cvss/v4.0/specification-document (section 8: MacroVectors
//         EQ1–EQ6, the expert-ranked MacroVector scores, and interpolation by severity distance)
//
// Example: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:L/A:N" → ISS 0.3916, impact 7.52·(ISS−0.029)
// − 3.25·(ISS−0.02)^15 = 2.7265, exploitability 3.887, Roundup(min(1.08·6.6135, 10)) = 7.2.
#include "vuln/cvss.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace berth::vuln {
namespace {

// One metric of a vector grammar: its key, allowed values, and whether the base requires it.
struct MetricDef {
    std::string_view key;
    std::vector<std::string_view> values;
    bool mandatory = false;
};

// Metric → value as written in the vector (values are short ASCII, "Clear"/"Amber" the longest).
using Values = std::vector<std::pair<std::string_view, std::string_view>>;

std::string_view get(const Values& values, std::string_view key) {
    for (const auto& [k, v] : values) {
        if (k == key) return v;
    }
    return {};
}

Error bad(std::string_view version, const std::string& message) {
    return Error{ErrorCode::InvalidArgument, "CVSS " + std::string(version) + ": " + message,
                 "cvss"};
}

// Splits the metric part ("AV:N/AC:L/…") and checks every metric against `defs`: known key,
// allowed value, no repeats, all mandatory ones present; `ordered` additionally requires the
// order of `defs` (CVSS v4.0 section 7: metrics must be listed in the order of Table 23).
Result<Values> parse_metrics(std::string_view version, std::string_view text,
                             const std::vector<MetricDef>& defs, bool ordered) {
    Values out;
    std::size_t next_def = 0;
    if (text.empty()) return fail(bad(version, "no metrics"));
    while (true) {
        auto slash = text.find('/');
        std::string_view part = text.substr(0, slash);
        auto colon = part.find(':');
        if (part.empty()) return fail(bad(version, "empty metric (a '//' or a trailing '/')"));
        if (colon == std::string_view::npos) {
            return fail(bad(version, "metric '" + std::string(part) + "' has no ':value'"));
        }
        std::string_view key = part.substr(0, colon);
        std::string_view value = part.substr(colon + 1);
        std::size_t index = defs.size();
        for (std::size_t i = 0; i < defs.size(); ++i) {
            if (defs[i].key == key) index = i;
        }
        if (index == defs.size()) {
            return fail(bad(version, "unknown metric '" + std::string(key) + "'"));
        }
        const MetricDef& def = defs[index];
        if (std::find(def.values.begin(), def.values.end(), value) == def.values.end()) {
            return fail(bad(version, "unknown value '" + std::string(value) + "' for metric " +
                                         std::string(key)));
        }
        if (!get(out, key).empty()) {
            return fail(bad(version, "duplicate metric " + std::string(key)));
        }
        if (ordered) {
            if (index < next_def) {
                return fail(bad(version, "metric " + std::string(key) + " out of order"));
            }
            for (std::size_t i = next_def; i < index; ++i) {
                if (defs[i].mandatory) {
                    return fail(bad(version, "missing metric " + std::string(defs[i].key)));
                }
            }
            next_def = index + 1;
        }
        out.emplace_back(key, value);
        if (slash == std::string_view::npos) break;
        text.remove_prefix(slash + 1);
    }
    for (const auto& def : defs) {
        if (def.mandatory && get(out, def.key).empty()) {
            return fail(bad(version, "missing metric " + std::string(def.key)));
        }
    }
    return out;
}

// Round half up to one decimal, as the v2 guide's round_to_1_decimal and the v4.0 reference
// calculator's Math.round(x·10)/10. The tiny bias absorbs binary representation error of
// products such as 0.6·Impact that are exact in decimal.
double round1(double x) {
    return std::floor(x * 10.0 + 0.5 + 1e-9) / 10.0;
}

// ---------------------------------------------------------------------------------------------
// CVSS v2.0

const std::vector<MetricDef>& v2_defs() {
    static const std::vector<MetricDef> defs = {
        {"AV", {"L", "A", "N"}, true},       {"AC", {"H", "M", "L"}, true},
        {"Au", {"M", "S", "N"}, true},       {"C", {"N", "P", "C"}, true},
        {"I", {"N", "P", "C"}, true},        {"A", {"N", "P", "C"}, true},
        {"E", {"U", "POC", "F", "H", "ND"}}, {"RL", {"OF", "TF", "W", "U", "ND"}},
        {"RC", {"UC", "UR", "C", "ND"}},     {"CDP", {"N", "L", "LM", "MH", "H", "ND"}},
        {"TD", {"N", "L", "M", "H", "ND"}},  {"CR", {"L", "M", "H", "ND"}},
        {"IR", {"L", "M", "H", "ND"}},       {"AR", {"L", "M", "H", "ND"}},
    };
    return defs;
}

double v2_impact_value(std::string_view v) {
    return v == "P" ? 0.275 : v == "C" ? 0.660 : 0.0;
}

Result<CvssResult> score_v2(std::string_view metrics) {
    auto values = parse_metrics("2.0", metrics, v2_defs(), false);
    if (!values) return fail(values.error());
    const Values& m = *values;
    std::string_view av = get(m, "AV");
    std::string_view ac = get(m, "AC");
    std::string_view au = get(m, "Au");
    double access_vector = av == "L" ? 0.395 : av == "A" ? 0.646 : 1.0;
    double access_complexity = ac == "H" ? 0.35 : ac == "M" ? 0.61 : 0.71;
    double authentication = au == "M" ? 0.45 : au == "S" ? 0.56 : 0.704;
    double c = v2_impact_value(get(m, "C"));
    double i = v2_impact_value(get(m, "I"));
    double a = v2_impact_value(get(m, "A"));
    double impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
    double exploitability = 20 * access_vector * access_complexity * authentication;
    double f = impact == 0 ? 0 : 1.176;
    double base = round1(((0.6 * impact) + (0.4 * exploitability) - 1.5) * f);
    if (base <= 0) base = 0;  // also turns -0.0 into 0.0
    CvssResult out{"2.0", base, CvssRating::Low};
    // NVD's v2 ranges; v2 itself defines no qualitative scale.
    out.rating = base >= 7.0   ? CvssRating::High
                 : base >= 4.0 ? CvssRating::Medium
                               : CvssRating::Low;
    return out;
}

// ---------------------------------------------------------------------------------------------
// CVSS v3.0 / v3.1

const std::vector<MetricDef>& v3_defs() {
    static const std::vector<MetricDef> defs = {
        {"AV", {"N", "A", "L", "P"}, true},
        {"AC", {"L", "H"}, true},
        {"PR", {"N", "L", "H"}, true},
        {"UI", {"N", "R"}, true},
        {"S", {"U", "C"}, true},
        {"C", {"H", "L", "N"}, true},
        {"I", {"H", "L", "N"}, true},
        {"A", {"H", "L", "N"}, true},
        {"E", {"X", "U", "P", "F", "H"}},
        {"RL", {"X", "O", "T", "W", "U"}},
        {"RC", {"X", "U", "R", "C"}},
        {"CR", {"X", "L", "M", "H"}},
        {"IR", {"X", "L", "M", "H"}},
        {"AR", {"X", "L", "M", "H"}},
        {"MAV", {"X", "N", "A", "L", "P"}},
        {"MAC", {"X", "L", "H"}},
        {"MPR", {"X", "N", "L", "H"}},
        {"MUI", {"X", "N", "R"}},
        {"MS", {"X", "U", "C"}},
        {"MC", {"X", "N", "L", "H"}},
        {"MI", {"X", "N", "L", "H"}},
        {"MA", {"X", "N", "L", "H"}},
    };
    return defs;
}

// v3.1 Appendix A: Roundup via integers so that e.g. 4.000000000000001 gives 4.0, not 4.1.
double roundup_v31(double input) {
    auto int_input = static_cast<long long>(std::llround(input * 100000.0));
    if (int_input % 10000 == 0) return static_cast<double>(int_input) / 100000.0;
    long long tenths = int_input / 10000 + 1;  // floor to tenths, then one up
    return static_cast<double>(tenths) / 10.0;
}

// v3.0 section 8.1: "the smallest number, specified to one decimal place, that is equal to or
// higher than its input" — ceil(x·10)/10, as the v3.0 calculator computes it.
double roundup_v30(double input) {
    return std::ceil(input * 10.0) / 10.0;
}

double v3_cia(std::string_view v) {
    return v == "H" ? 0.56 : v == "L" ? 0.22 : 0.0;
}

Result<CvssResult> score_v3(std::string_view version, std::string_view metrics) {
    auto values = parse_metrics(version, metrics, v3_defs(), false);
    if (!values) return fail(values.error());
    const Values& m = *values;
    bool changed = get(m, "S") == "C";
    std::string_view av = get(m, "AV");
    std::string_view pr = get(m, "PR");
    double attack_vector = av == "N" ? 0.85 : av == "A" ? 0.62 : av == "L" ? 0.55 : 0.2;
    double attack_complexity = get(m, "AC") == "L" ? 0.77 : 0.44;
    double privileges = pr == "N"   ? 0.85
                        : pr == "L" ? (changed ? 0.68 : 0.62)
                                    : (changed ? 0.5 : 0.27);
    double user_interaction = get(m, "UI") == "N" ? 0.85 : 0.62;
    double iss =
        1 - ((1 - v3_cia(get(m, "C"))) * (1 - v3_cia(get(m, "I"))) * (1 - v3_cia(get(m, "A"))));
    double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : 6.42 * iss;
    double exploitability =
        8.22 * attack_vector * attack_complexity * privileges * user_interaction;
    auto roundup = version == "3.1" ? roundup_v31 : roundup_v30;
    double base = 0;
    if (impact > 0) {
        base = changed ? roundup(std::min(1.08 * (impact + exploitability), 10.0))
                       : roundup(std::min(impact + exploitability, 10.0));
    }
    return CvssResult{std::string(version), base, cvss_rating(base)};
}

// ---------------------------------------------------------------------------------------------
// CVSS v4.0

const std::vector<MetricDef>& v4_defs() {
    static const std::vector<MetricDef> defs = {
        // Base (Table 23 order)
        {"AV", {"N", "A", "L", "P"}, true},
        {"AC", {"L", "H"}, true},
        {"AT", {"N", "P"}, true},
        {"PR", {"N", "L", "H"}, true},
        {"UI", {"N", "P", "A"}, true},
        {"VC", {"H", "L", "N"}, true},
        {"VI", {"H", "L", "N"}, true},
        {"VA", {"H", "L", "N"}, true},
        {"SC", {"H", "L", "N"}, true},
        {"SI", {"H", "L", "N"}, true},
        {"SA", {"H", "L", "N"}, true},
        // Threat
        {"E", {"X", "A", "P", "U"}},
        // Environmental
        {"CR", {"X", "H", "M", "L"}},
        {"IR", {"X", "H", "M", "L"}},
        {"AR", {"X", "H", "M", "L"}},
        {"MAV", {"X", "N", "A", "L", "P"}},
        {"MAC", {"X", "L", "H"}},
        {"MAT", {"X", "N", "P"}},
        {"MPR", {"X", "N", "L", "H"}},
        {"MUI", {"X", "N", "P", "A"}},
        {"MVC", {"X", "H", "L", "N"}},
        {"MVI", {"X", "H", "L", "N"}},
        {"MVA", {"X", "H", "L", "N"}},
        {"MSC", {"X", "H", "L", "N"}},
        {"MSI", {"X", "S", "H", "L", "N"}},
        {"MSA", {"X", "S", "H", "L", "N"}},
        // Supplemental (no effect on the score)
        {"S", {"X", "N", "P"}},
        {"AU", {"X", "N", "Y"}},
        {"R", {"X", "A", "U", "I"}},
        {"V", {"X", "D", "C"}},
        {"RE", {"X", "L", "M", "H"}},
        {"U", {"X", "Clear", "Green", "Amber", "Red"}},
    };
    return defs;
}

// MacroVector scores: the expert-ranked score of each of the 270 MacroVectors (digits EQ1…EQ6),
// data of the CVSS v4.0 specification (section 8.2), as published by FIRST in the reference
// calculator: https://github.com/FIRSTdotorg/cvss-v4-calculator (cvss_lookup.js; the same
// table is CVSS40.LOOKUP_TABLE in RedHatProductSecurity/cvss-v4-calculator cvss40.js). Sorted.
struct MacroScore {
    std::string_view macro;
    double score;
};
// clang-format off
constexpr MacroScore kMacroVectorScores[] = {
    {"000000", 10.0}, {"000001", 9.9}, {"000010", 9.8}, {"000011", 9.5}, {"000020", 9.5},
    {"000021", 9.2}, {"000100", 10.0}, {"000101", 9.6}, {"000110", 9.3}, {"000111", 8.7},
    {"000120", 9.1}, {"000121", 8.1}, {"000200", 9.3}, {"000201", 9.0}, {"000210", 8.9},
    {"000211", 8.0}, {"000220", 8.1}, {"000221", 6.8}, {"001000", 9.8}, {"001001", 9.5},
    {"001010", 9.5}, {"001011", 9.2}, {"001020", 9.0}, {"001021", 8.4}, {"001100", 9.3},
    {"001101", 9.2}, {"001110", 8.9}, {"001111", 8.1}, {"001120", 8.1}, {"001121", 6.5},
    {"001200", 8.8}, {"001201", 8.0}, {"001210", 7.8}, {"001211", 7.0}, {"001220", 6.9},
    {"001221", 4.8}, {"002001", 9.2}, {"002011", 8.2}, {"002021", 7.2}, {"002101", 7.9},
    {"002111", 6.9}, {"002121", 5.0}, {"002201", 6.9}, {"002211", 5.5}, {"002221", 2.7},
    {"010000", 9.9}, {"010001", 9.7}, {"010010", 9.5}, {"010011", 9.2}, {"010020", 9.2},
    {"010021", 8.5}, {"010100", 9.5}, {"010101", 9.1}, {"010110", 9.0}, {"010111", 8.3},
    {"010120", 8.4}, {"010121", 7.1}, {"010200", 9.2}, {"010201", 8.1}, {"010210", 8.2},
    {"010211", 7.1}, {"010220", 7.2}, {"010221", 5.3}, {"011000", 9.5}, {"011001", 9.3},
    {"011010", 9.2}, {"011011", 8.5}, {"011020", 8.5}, {"011021", 7.3}, {"011100", 9.2},
    {"011101", 8.2}, {"011110", 8.0}, {"011111", 7.2}, {"011120", 7.0}, {"011121", 5.9},
    {"011200", 8.4}, {"011201", 7.0}, {"011210", 7.1}, {"011211", 5.2}, {"011220", 5.0},
    {"011221", 3.0}, {"012001", 8.6}, {"012011", 7.5}, {"012021", 5.2}, {"012101", 7.1},
    {"012111", 5.2}, {"012121", 2.9}, {"012201", 6.3}, {"012211", 2.9}, {"012221", 1.7},
    {"100000", 9.8}, {"100001", 9.5}, {"100010", 9.4}, {"100011", 8.7}, {"100020", 9.1},
    {"100021", 8.1}, {"100100", 9.4}, {"100101", 8.9}, {"100110", 8.6}, {"100111", 7.4},
    {"100120", 7.7}, {"100121", 6.4}, {"100200", 8.7}, {"100201", 7.5}, {"100210", 7.4},
    {"100211", 6.3}, {"100220", 6.3}, {"100221", 4.9}, {"101000", 9.4}, {"101001", 8.9},
    {"101010", 8.8}, {"101011", 7.7}, {"101020", 7.6}, {"101021", 6.7}, {"101100", 8.6},
    {"101101", 7.6}, {"101110", 7.4}, {"101111", 5.8}, {"101120", 5.9}, {"101121", 5.0},
    {"101200", 7.2}, {"101201", 5.7}, {"101210", 5.7}, {"101211", 5.2}, {"101220", 5.2},
    {"101221", 2.5}, {"102001", 8.3}, {"102011", 7.0}, {"102021", 5.4}, {"102101", 6.5},
    {"102111", 5.8}, {"102121", 2.6}, {"102201", 5.3}, {"102211", 2.1}, {"102221", 1.3},
    {"110000", 9.5}, {"110001", 9.0}, {"110010", 8.8}, {"110011", 7.6}, {"110020", 7.6},
    {"110021", 7.0}, {"110100", 9.0}, {"110101", 7.7}, {"110110", 7.5}, {"110111", 6.2},
    {"110120", 6.1}, {"110121", 5.3}, {"110200", 7.7}, {"110201", 6.6}, {"110210", 6.8},
    {"110211", 5.9}, {"110220", 5.2}, {"110221", 3.0}, {"111000", 8.9}, {"111001", 7.8},
    {"111010", 7.6}, {"111011", 6.7}, {"111020", 6.2}, {"111021", 5.8}, {"111100", 7.4},
    {"111101", 5.9}, {"111110", 5.7}, {"111111", 5.7}, {"111120", 4.7}, {"111121", 2.3},
    {"111200", 6.1}, {"111201", 5.2}, {"111210", 5.7}, {"111211", 2.9}, {"111220", 2.4},
    {"111221", 1.6}, {"112001", 7.1}, {"112011", 5.9}, {"112021", 3.0}, {"112101", 5.8},
    {"112111", 2.6}, {"112121", 1.5}, {"112201", 2.3}, {"112211", 1.3}, {"112221", 0.6},
    {"200000", 9.3}, {"200001", 8.7}, {"200010", 8.6}, {"200011", 7.2}, {"200020", 7.5},
    {"200021", 5.8}, {"200100", 8.6}, {"200101", 7.4}, {"200110", 7.4}, {"200111", 6.1},
    {"200120", 5.6}, {"200121", 3.4}, {"200200", 7.0}, {"200201", 5.4}, {"200210", 5.2},
    {"200211", 4.0}, {"200220", 4.0}, {"200221", 2.2}, {"201000", 8.5}, {"201001", 7.5},
    {"201010", 7.4}, {"201011", 5.5}, {"201020", 6.2}, {"201021", 5.1}, {"201100", 7.2},
    {"201101", 5.7}, {"201110", 5.5}, {"201111", 4.1}, {"201120", 4.6}, {"201121", 1.9},
    {"201200", 5.3}, {"201201", 3.6}, {"201210", 3.4}, {"201211", 1.9}, {"201220", 1.9},
    {"201221", 0.8}, {"202001", 6.4}, {"202011", 5.1}, {"202021", 2.0}, {"202101", 4.7},
    {"202111", 2.1}, {"202121", 1.1}, {"202201", 2.4}, {"202211", 0.9}, {"202221", 0.4},
    {"210000", 8.8}, {"210001", 7.5}, {"210010", 7.3}, {"210011", 5.3}, {"210020", 6.0},
    {"210021", 5.0}, {"210100", 7.3}, {"210101", 5.5}, {"210110", 5.9}, {"210111", 4.0},
    {"210120", 4.1}, {"210121", 2.0}, {"210200", 5.4}, {"210201", 4.3}, {"210210", 4.5},
    {"210211", 2.2}, {"210220", 2.0}, {"210221", 1.1}, {"211000", 7.5}, {"211001", 5.5},
    {"211010", 5.8}, {"211011", 4.5}, {"211020", 4.0}, {"211021", 2.1}, {"211100", 6.1},
    {"211101", 5.1}, {"211110", 4.8}, {"211111", 1.8}, {"211120", 2.0}, {"211121", 0.9},
    {"211200", 4.6}, {"211201", 1.8}, {"211210", 1.7}, {"211211", 0.7}, {"211220", 0.8},
    {"211221", 0.2}, {"212001", 5.3}, {"212011", 2.4}, {"212021", 1.4}, {"212101", 2.4},
    {"212111", 1.2}, {"212121", 0.5}, {"212201", 1.0}, {"212211", 0.3}, {"212221", 0.1},
};
// clang-format on
static_assert(std::size(kMacroVectorScores) == 270);

std::optional<double> macro_score(const std::array<int, 6>& eq) {
    char key[6];
    for (std::size_t i = 0; i < 6; ++i) {
        if (eq[i] < 0 || eq[i] > 9) return std::nullopt;
        key[i] = static_cast<char>('0' + eq[i]);
    }
    std::string_view k(key, 6);
    auto it = std::lower_bound(std::begin(kMacroVectorScores), std::end(kMacroVectorScores), k,
                               [](const MacroScore& m, std::string_view v) { return m.macro < v; });
    if (it == std::end(kMacroVectorScores) || it->macro != k) return std::nullopt;
    return it->score;
}

// The highest-severity vectors of each EQ level (spec section 8.3, "max_composed" of the
// reference calculator). EQ3 and EQ6 are joint: indexed [eq3][eq6].
using MaxList = std::vector<std::string_view>;
const MaxList& eq1_max(int level) {
    static const MaxList l[3] = {{"AV:N/PR:N/UI:N"},
                                 {"AV:A/PR:N/UI:N", "AV:N/PR:L/UI:N", "AV:N/PR:N/UI:P"},
                                 {"AV:P/PR:N/UI:N", "AV:A/PR:L/UI:P"}};
    return l[level];
}
const MaxList& eq2_max(int level) {
    static const MaxList l[2] = {{"AC:L/AT:N"}, {"AC:H/AT:N", "AC:L/AT:P"}};
    return l[level];
}
const MaxList& eq3eq6_max(int eq3, int eq6) {
    static const MaxList l[3][2] = {
        {{"VC:H/VI:H/VA:H/CR:H/IR:H/AR:H"},
         {"VC:H/VI:H/VA:L/CR:M/IR:M/AR:H", "VC:H/VI:H/VA:H/CR:M/IR:M/AR:M"}},
        {{"VC:L/VI:H/VA:H/CR:H/IR:H/AR:H", "VC:H/VI:L/VA:H/CR:H/IR:H/AR:H"},
         {"VC:L/VI:H/VA:L/CR:H/IR:M/AR:H", "VC:L/VI:H/VA:H/CR:H/IR:M/AR:M",
          "VC:H/VI:L/VA:H/CR:M/IR:H/AR:M", "VC:H/VI:L/VA:L/CR:M/IR:H/AR:H",
          "VC:L/VI:L/VA:H/CR:H/IR:H/AR:M"}},
        {{}, {"VC:L/VI:L/VA:L/CR:H/IR:H/AR:H"}},
    };
    return l[eq3][eq6];
}
const MaxList& eq4_max(int level) {
    static const MaxList l[3] = {{"SC:H/SI:S/SA:S"}, {"SC:H/SI:H/SA:H"}, {"SC:L/SI:L/SA:L"}};
    return l[level];
}
const MaxList& eq5_max(int level) {
    static const MaxList l[3] = {{"E:A"}, {"E:P"}, {"E:U"}};
    return l[level];
}

// Depth of each MacroVector in severity steps (+1), spec section 8.3 ("max_severity").
constexpr int kMaxSeverityEq1[3] = {1, 4, 5};
constexpr int kMaxSeverityEq2[2] = {1, 2};
constexpr int kMaxSeverityEq3Eq6[3][2] = {{7, 6}, {8, 8}, {0, 10}};
constexpr int kMaxSeverityEq4[3] = {6, 5, 4};

// Severity level of a metric value within its metric, in steps of 0.1 (section 8.3).
double level(std::string_view metric, std::string_view v) {
    if (metric == "AV") return v == "N" ? 0.0 : v == "A" ? 0.1 : v == "L" ? 0.2 : 0.3;
    if (metric == "PR") return v == "N" ? 0.0 : v == "L" ? 0.1 : 0.2;
    if (metric == "UI") return v == "N" ? 0.0 : v == "P" ? 0.1 : 0.2;
    if (metric == "AC") return v == "L" ? 0.0 : 0.1;
    if (metric == "AT") return v == "N" ? 0.0 : 0.1;
    if (metric == "VC" || metric == "VI" || metric == "VA") {
        return v == "H" ? 0.0 : v == "L" ? 0.1 : 0.2;
    }
    if (metric == "SC") return v == "H" ? 0.1 : v == "L" ? 0.2 : 0.3;
    if (metric == "SI" || metric == "SA") {
        return v == "S" ? 0.0 : v == "H" ? 0.1 : v == "L" ? 0.2 : 0.3;
    }
    if (metric == "CR" || metric == "IR" || metric == "AR") {
        return v == "H" ? 0.0 : v == "M" ? 0.1 : 0.2;
    }
    // E
    return v == "A" ? 0.0 : v == "P" ? 0.1 : 0.2;
}

constexpr std::string_view kDistanceMetrics[] = {"AV", "PR", "UI", "AC", "AT", "VC", "VI", "VA",
                                                 "SC", "SI", "SA", "CR", "IR", "AR", "E"};

class V4 {
  public:
    explicit V4(Values values) : values_(std::move(values)) {}

    // The value the score uses: a modified (M*) environmental value when set, else the base
    // value; E, CR, IR, AR default to their worst case when not defined (section 8.1).
    [[nodiscard]] std::string_view effective(std::string_view metric) const {
        std::string_view v = get(values_, metric);
        if (v.empty() || v == "X") {
            if (metric == "E") return "A";
            if (metric == "CR" || metric == "IR" || metric == "AR") return "H";
        }
        std::string modified = "M" + std::string(metric);
        std::string_view m = get(values_, modified);
        if (!m.empty() && m != "X") return m;
        return v;
    }

    [[nodiscard]] std::array<int, 6> macro_vector() const {
        auto av = effective("AV");
        auto pr = effective("PR");
        auto ui = effective("UI");
        int eq1 = 0;
        if (av == "N" && pr == "N" && ui == "N") {
            eq1 = 0;
        } else if ((av == "N" || pr == "N" || ui == "N") && av != "P") {
            eq1 = 1;
        } else {
            eq1 = 2;
        }
        int eq2 = (effective("AC") == "L" && effective("AT") == "N") ? 0 : 1;
        auto vc = effective("VC");
        auto vi = effective("VI");
        auto va = effective("VA");
        int eq3 = (vc == "H" && vi == "H") ? 0 : (vc == "H" || vi == "H" || va == "H") ? 1 : 2;
        int eq4 = 0;
        if (effective("MSI") == "S" || effective("MSA") == "S") {
            eq4 = 0;
        } else if (effective("SC") == "H" || effective("SI") == "H" || effective("SA") == "H") {
            eq4 = 1;
        } else {
            eq4 = 2;
        }
        auto e = effective("E");
        int eq5 = e == "A" ? 0 : e == "P" ? 1 : 2;
        bool eq6_high = (effective("CR") == "H" && vc == "H") ||
                        (effective("IR") == "H" && vi == "H") ||
                        (effective("AR") == "H" && va == "H");
        int eq6 = eq6_high ? 0 : 1;
        return {eq1, eq2, eq3, eq4, eq5, eq6};
    }

    [[nodiscard]] double score() const {
        // No impact on either system: 0.0 regardless of exploitability (section 8.2).
        bool no_impact = true;
        for (std::string_view m : {"VC", "VI", "VA", "SC", "SI", "SA"}) {
            if (effective(m) != "N") no_impact = false;
        }
        if (no_impact) return 0.0;

        auto eq = macro_vector();
        double value = *macro_score(eq);  // every reachable MacroVector is in the table
        const double nan_value = std::nan("");
        auto lower = [&](std::array<int, 6> next) { return macro_score(next).value_or(nan_value); };

        double score_eq1_next = lower({eq[0] + 1, eq[1], eq[2], eq[3], eq[4], eq[5]});
        double score_eq2_next = lower({eq[0], eq[1] + 1, eq[2], eq[3], eq[4], eq[5]});
        double score_eq3eq6_next = nan_value;
        int eq3 = eq[2];
        int eq6 = eq[5];
        if (eq6 == 1 && eq3 < 2) {
            // 01 → 11, 11 → 21
            score_eq3eq6_next = lower({eq[0], eq[1], eq3 + 1, eq[3], eq[4], eq6});
        } else if (eq3 == 1 && eq6 == 0) {
            score_eq3eq6_next = lower({eq[0], eq[1], eq3, eq[3], eq[4], eq6 + 1});
        } else if (eq3 == 0 && eq6 == 0) {
            // Two ways down (00 → 01, 00 → 10): the higher-scored one.
            double left = lower({eq[0], eq[1], eq3, eq[3], eq[4], eq6 + 1});
            double right = lower({eq[0], eq[1], eq3 + 1, eq[3], eq[4], eq6});
            score_eq3eq6_next =
                (std::isnan(left) || std::isnan(right)) ? nan_value : std::max(left, right);
        } else {
            score_eq3eq6_next = lower({eq[0], eq[1], eq3 + 1, eq[3], eq[4], eq6 + 1});
        }
        double score_eq4_next = lower({eq[0], eq[1], eq[2], eq[3] + 1, eq[4], eq[5]});
        double score_eq5_next = lower({eq[0], eq[1], eq[2], eq[3], eq[4] + 1, eq[5]});

        // The severity distance from the first highest-severity vector of this MacroVector that
        // is at least as severe as the vector in every metric.
        std::array<double, std::size(kDistanceMetrics)> distances{};
        auto find_max_vector = [&] {
            for (std::string_view m1 : eq1_max(eq[0])) {
                for (std::string_view m2 : eq2_max(eq[1])) {
                    for (std::string_view m3 : eq3eq6_max(eq3, eq6)) {
                        for (std::string_view m4 : eq4_max(eq[3])) {
                            for (std::string_view m5 : eq5_max(eq[4])) {
                                std::string max = std::string(m1) + "/" + std::string(m2) + "/" +
                                                  std::string(m3) + "/" + std::string(m4) + "/" +
                                                  std::string(m5);
                                if (distances_to(max, distances)) return;
                            }
                        }
                    }
                }
            }
        };
        // When none qualifies the last one's distances are used, as the reference calculator does.
        find_max_vector();
        auto d = [&](std::string_view metric) {
            for (std::size_t i = 0; i < std::size(kDistanceMetrics); ++i) {
                if (kDistanceMetrics[i] == metric) return distances[i];
            }
            return 0.0;
        };
        double current_eq1 = d("AV") + d("PR") + d("UI");
        double current_eq2 = d("AC") + d("AT");
        double current_eq3eq6 = d("VC") + d("VI") + d("VA") + d("CR") + d("IR") + d("AR");
        double current_eq4 = d("SC") + d("SI") + d("SA");

        double step = 0.1;
        double available_eq1 = value - score_eq1_next;
        double available_eq2 = value - score_eq2_next;
        double available_eq3eq6 = value - score_eq3eq6_next;
        double available_eq4 = value - score_eq4_next;
        double available_eq5 = value - score_eq5_next;

        int n_existing_lower = 0;
        double normalized_eq1 = 0;
        double normalized_eq2 = 0;
        double normalized_eq3eq6 = 0;
        double normalized_eq4 = 0;
        double normalized_eq5 = 0;
        double max_severity_eq1 = kMaxSeverityEq1[eq[0]] * step;
        double max_severity_eq2 = kMaxSeverityEq2[eq[1]] * step;
        double max_severity_eq3eq6 = kMaxSeverityEq3Eq6[eq3][eq6] * step;
        double max_severity_eq4 = kMaxSeverityEq4[eq[3]] * step;
        if (!std::isnan(available_eq1)) {
            ++n_existing_lower;
            normalized_eq1 = available_eq1 * (current_eq1 / max_severity_eq1);
        }
        if (!std::isnan(available_eq2)) {
            ++n_existing_lower;
            normalized_eq2 = available_eq2 * (current_eq2 / max_severity_eq2);
        }
        if (!std::isnan(available_eq3eq6)) {
            ++n_existing_lower;
            normalized_eq3eq6 = available_eq3eq6 * (current_eq3eq6 / max_severity_eq3eq6);
        }
        if (!std::isnan(available_eq4)) {
            ++n_existing_lower;
            normalized_eq4 = available_eq4 * (current_eq4 / max_severity_eq4);
        }
        if (!std::isnan(available_eq5)) {
            // EQ5 has a single value per level: its proportion of distance is always 0.
            ++n_existing_lower;
            normalized_eq5 = available_eq5 * 0;
        }
        double mean_distance = 0;
        if (n_existing_lower != 0) {
            mean_distance = (normalized_eq1 + normalized_eq2 + normalized_eq3eq6 + normalized_eq4 +
                             normalized_eq5) /
                            n_existing_lower;
        }
        return round1(std::max(0.0, std::min(10.0, value - mean_distance)));
    }

  private:
    // Fills `out` with effective level − max-vector level per metric; true when all are ≥ 0.
    bool distances_to(std::string_view max,
                      std::array<double, std::size(kDistanceMetrics)>& out) const {
        bool all_non_negative = true;
        for (std::size_t i = 0; i < std::size(kDistanceMetrics); ++i) {
            std::string_view metric = kDistanceMetrics[i];
            std::string_view max_value;
            std::string_view rest = max;
            while (!rest.empty()) {
                auto slash = rest.find('/');
                std::string_view part = rest.substr(0, slash);
                auto colon = part.find(':');
                if (part.substr(0, colon) == metric) max_value = part.substr(colon + 1);
                if (slash == std::string_view::npos) break;
                rest.remove_prefix(slash + 1);
            }
            out[i] = level(metric, effective(metric)) - level(metric, max_value);
            if (out[i] < 0) all_non_negative = false;
        }
        return all_non_negative;
    }

    Values values_;
};

Result<CvssResult> score_v4(std::string_view metrics) {
    auto values = parse_metrics("4.0", metrics, v4_defs(), true);
    if (!values) return fail(values.error());
    double score = V4(std::move(*values)).score();
    return CvssResult{"4.0", score, cvss_rating(score)};
}

}  // namespace

Result<CvssResult> parse_cvss(std::string_view vector) {
    constexpr std::size_t kMaxLength = 1024;  // real vectors are < 200 bytes
    if (vector.size() > kMaxLength) {
        return fail(ErrorCode::InvalidArgument, "CVSS vector longer than 1024 bytes", "cvss");
    }
    if (vector.empty()) return fail(ErrorCode::InvalidArgument, "empty CVSS vector", "cvss");
    auto starts = [&](std::string_view p) { return vector.substr(0, p.size()) == p; };
    if (starts("CVSS:3.1/")) return score_v3("3.1", vector.substr(9));
    if (starts("CVSS:3.0/")) return score_v3("3.0", vector.substr(9));
    if (starts("CVSS:4.0/")) return score_v4(vector.substr(9));
    if (starts("CVSS:2.0/")) return score_v2(vector.substr(9));
    if (starts("CVSS:")) {
        auto slash = vector.find('/');
        return fail(ErrorCode::InvalidArgument,
                    "unsupported CVSS version '" + std::string(vector.substr(0, slash)) + "'",
                    "cvss");
    }
    // v2 vectors carry no prefix; NVD wraps them in parentheses.
    if (vector.front() == '(') {
        if (vector.back() != ')') {
            return fail(ErrorCode::InvalidArgument, "CVSS 2.0: unbalanced '('", "cvss");
        }
        vector = vector.substr(1, vector.size() - 2);
    }
    return score_v2(vector);
}

CvssRating cvss_rating(double score) {
    if (score >= 9.0) return CvssRating::Critical;
    if (score >= 7.0) return CvssRating::High;
    if (score >= 4.0) return CvssRating::Medium;
    if (score >= 0.1) return CvssRating::Low;
    return CvssRating::None;
}

Level to_level(CvssRating rating) {
    switch (rating) {
        case CvssRating::Low:
            return Level::Low;
        case CvssRating::Medium:
            return Level::Medium;
        case CvssRating::High:
            return Level::High;
        case CvssRating::Critical:
            return Level::Critical;
        case CvssRating::None:
            break;
    }
    return Level::Unknown;
}

std::string_view rating_name(CvssRating rating) {
    switch (rating) {
        case CvssRating::Low:
            return "LOW";
        case CvssRating::Medium:
            return "MEDIUM";
        case CvssRating::High:
            return "HIGH";
        case CvssRating::Critical:
            return "CRITICAL";
        case CvssRating::None:
            break;
    }
    return "NONE";
}

}  // namespace berth::vuln

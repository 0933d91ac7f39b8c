// SPDX-License-Identifier: Apache-2.0
#include "check/rule_kind.hpp"

#include <set>
#include <sstream>

namespace berth::check {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// The next run of digits or of non-digits starting at `pos`.
std::string_view run_at(std::string_view s, std::size_t pos) {
    std::size_t end = pos;
    const bool digits = is_digit(s[pos]);
    while (end < s.size() && is_digit(s[end]) == digits) ++end;
    return s.substr(pos, end - pos);
}

// Compares two digit runs by value ("2" < "10"), then by length ("02" after "2").
int compare_numbers(std::string_view a, std::string_view b) {
    const auto strip = [](std::string_view s) {
        const std::size_t nz = s.find_first_not_of('0');
        return nz == std::string_view::npos ? std::string_view() : s.substr(nz);
    };
    const std::string_view sa = strip(a);
    const std::string_view sb = strip(b);
    if (sa.size() != sb.size()) return sa.size() < sb.size() ? -1 : 1;
    if (const int c = sa.compare(sb); c != 0) return c;
    if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
    return 0;
}

std::string escape_cell(std::string_view s) {
    std::string out;
    for (const char c : s) {
        if (c == '|') out += '\\';
        out += c;
    }
    return out;
}

}  // namespace

bool id_less(std::string_view a, std::string_view b) {
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < a.size() && j < b.size()) {
        const std::string_view ra = run_at(a, i);
        const std::string_view rb = run_at(b, j);
        const bool da = is_digit(ra.front());
        const bool db = is_digit(rb.front());
        if (da != db) return da;  // numbers before letters: "7.1" < "C.1"
        const int c = da ? compare_numbers(ra, rb) : ra.compare(rb);
        if (c != 0) return c < 0;
        i += ra.size();
        j += rb.size();
    }
    return a.size() - i < b.size() - j;
}

std::vector<std::string> validate_rules(const RuleKind& kind) {
    std::vector<std::string> problems;
    if (kind.name.empty()) problems.emplace_back("rule kind without a name");
    if (kind.rules == nullptr) {
        problems.push_back(std::string(kind.name) + ": no rule list");
        return problems;
    }
    const std::string prefix = std::string(kind.name) + "/";
    std::set<std::string_view> seen;
    const RuleInfo* previous = nullptr;
    for (const RuleInfo* r : kind.rules()) {
        if (r == nullptr) {
            problems.push_back(prefix + ": null entry in the rule list");
            continue;
        }
        const std::string id(r->id);
        auto bad = [&](std::string_view what) {
            problems.push_back(id + ": " + std::string(what));
        };
        if (id.rfind(prefix, 0) != 0 || id.size() == prefix.size())
            bad("id must start with " + prefix);
        if (!seen.insert(r->id).second) bad("duplicate id");
        if (previous != nullptr && !id_less(previous->id, r->id))
            bad("out of order: after " + std::string(previous->id));
        previous = r;
        if (r->title.empty()) bad("empty title");
        if (r->title.find('\n') != std::string_view::npos) bad("title spans lines");
        if (r->description.empty()) bad("empty description");
        if (r->remediation.empty()) bad("empty remediation");
        if (severity_name(r->severity) == "UNKNOWN") bad("unknown severity");
        if (r->level != 1 && r->level != 2) bad("level must be 1 or 2");
        for (const auto& ref : r->references) {
            if (ref.kind.empty() || ref.value.empty()) bad("empty reference");
        }
    }
    return problems;
}

std::string render_rules_markdown(std::span<const RuleKind* const> kinds) {
    std::ostringstream out;
    out << "# Rules\n\n"
        << "<!-- Generated from the rule lists by check::render_rules_markdown() "
           "(src/check/rule_kind.cpp); do not edit.\n"
        << "     Regenerate: BERTH_UPDATE_GOLDEN=1 build/dev/tests/berth_unit_tests "
           "--gtest_filter='RulesDoc.*' -->\n\n"
        << "Every rule berth judges, by kind. Severity says how bad a failed rule is; INFO rules "
           "only report facts.\n";
    for (const RuleKind* k : kinds) {
        const auto rules = k->rules();
        out << "\n## " << k->name << ": " << k->title << "\n\n"
            << k->summary << "\n\n"
            << "Version " << k->version << ", " << rules.size() << " rules, listed in `"
            << k->list_file << "`.\n\n"
            << "| id | severity | level | automated | scored | title |\n"
            << "|---|---|---|---|---|---|\n";
        for (const RuleInfo* r : rules) {
            out << "| " << r->id << " | " << severity_name(r->severity) << " | " << r->level
                << " | " << (r->automated ? "yes" : "no") << " | " << (r->scored ? "yes" : "no")
                << " | " << escape_cell(r->title) << " |\n";
        }
        for (const RuleInfo* r : rules) {
            out << "\n### " << r->id << "\n\n"
                << "**" << r->title << "**\n\n"
                << "Severity " << severity_name(r->severity) << " · level " << r->level << " · "
                << (r->automated ? "automated" : "manual") << " · "
                << (r->scored ? "scored" : "not scored") << "\n\n"
                << r->description << "\n\n"
                << "Remediation: " << r->remediation << "\n";
            if (!r->references.empty()) {
                out << "\nReferences:";
                for (const auto& ref : r->references)
                    out << (&ref == r->references.data() ? " " : ", ") << ref.kind << " "
                        << ref.value;
                out << "\n";
            }
        }
    }
    return out.str();
}

}  // namespace berth::check

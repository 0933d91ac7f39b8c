// SPDX-License-Identifier: Apache-2.0
// RubyGems versions, after Gem::Version and Gem::Requirement (rubygems 3.5, ruby 3.3):
//   [0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?     "1.2.0.pre-1" → 1.2.0.pre.pre.1
// '-' reads as ".pre."; segments are runs of digits or letters ("1.0.a2" = "1.0.a.2"). A version
// with a letter is a pre-release and sorts below the release: 1.0.a < 1.0 = 1.0.0 < 1.0.1.
// Trailing zeros are ignored in the numeric part and in the part after the first letter run.
// Requirements (satisfies): "= != > < >= <= ~>", several joined by ','; "~> 2.2" = ">= 2.2, < 3".
#include <memory>
#include <string>
#include <vector>

#include "vuln/version/detail.hpp"
#include "vuln/version/schemes.hpp"

namespace berth::vuln::version {
namespace {

using detail::is_alnum;
using detail::is_alpha;
using detail::is_digit;

bool valid_gem(std::string_view s) {
    // [0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?
    std::size_t i = 0;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == 0) return false;
    while (i < s.size() && s[i] == '.') {
        std::size_t j = i + 1;
        while (j < s.size() && is_alnum(s[j])) ++j;
        if (j == i + 1) return false;
        i = j;
    }
    if (i == s.size()) return true;
    if (s[i] != '-') return false;
    std::size_t j = i + 1;
    // the rest: non-empty dot-separated runs of [0-9A-Za-z-]
    bool need = true;
    for (; j < s.size(); ++j) {
        char c = s[j];
        if (is_alnum(c) || c == '-') {
            need = false;
        } else if (c == '.' && !need) {
            need = true;
        } else {
            return false;
        }
    }
    return !need;
}

// A segment: digits or letters. '-' inside reads as ".pre." which adds the segment "pre".
struct Seg {
    std::string_view text;
    bool num = false;
};

// Segments as Gem::Version#segments: scans [0-9]+|[a-z]+ (case-insensitive) in the string where
// every '-' became ".pre.".
std::vector<Seg> segments(std::string_view s) {
    std::vector<Seg> out;
    std::size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (c == '-') {
            out.push_back({"pre", false});
            ++i;
        } else if (is_digit(c)) {
            std::size_t j = i;
            while (j < s.size() && is_digit(s[j])) ++j;
            out.push_back({s.substr(i, j - i), true});
            i = j;
        } else if (is_alpha(c)) {
            std::size_t j = i;
            while (j < s.size() && is_alpha(s[j])) ++j;
            out.push_back({s.substr(i, j - i), false});
            i = j;
        } else {
            ++i;
        }
    }
    return out;
}

bool is_zero(const Seg& s) {
    return s.num && detail::compare_digits(s.text, "0") == 0;
}

// canonical_segments: numeric prefix and the rest, each without trailing zeros.
std::vector<Seg> canonical(std::string_view s) {
    std::vector<Seg> seg = segments(s);
    std::size_t first_str = 0;
    while (first_str < seg.size() && seg[first_str].num) ++first_str;
    std::vector<Seg> out;
    std::size_t end = first_str;
    while (end > 0 && is_zero(seg[end - 1])) --end;
    out.insert(out.end(), seg.begin(), seg.begin() + static_cast<std::ptrdiff_t>(end));
    end = seg.size();
    while (end > first_str && is_zero(seg[end - 1])) --end;
    out.insert(out.end(), seg.begin() + static_cast<std::ptrdiff_t>(first_str),
               seg.begin() + static_cast<std::ptrdiff_t>(end));
    return out;
}

int compare_gem(std::string_view a, std::string_view b) {
    if (a == b) return 0;
    std::vector<Seg> x = canonical(a), y = canonical(b);
    std::size_t n = x.size() > y.size() ? x.size() : y.size();
    static const Seg kZero{"0", true};
    for (std::size_t i = 0; i < n; ++i) {
        const Seg& l = i < x.size() ? x[i] : kZero;
        const Seg& r = i < y.size() ? y[i] : kZero;
        if (l.num && r.num) {
            if (int c = detail::compare_digits(l.text, r.text); c != 0) return c;
        } else if (l.num != r.num) {
            return l.num ? 1 : -1;
        } else if (int c = detail::compare_bytes(l.text, r.text); c != 0) {
            return c;
        }
    }
    return 0;
}

bool prerelease(std::string_view s) {
    for (char c : s)
        if (is_alpha(c)) return true;
    return false;
}

// Gem::Version#release then #bump as strings of digit segments: "1.2.3.a" → release "1.2.3",
// bump of "1.2.3" → "1.3".
std::string bump(std::string_view s) {
    std::vector<Seg> seg = segments(s);
    while (!seg.empty()) {
        bool any_str = false;
        for (const auto& x : seg) any_str = any_str || !x.num;
        if (!any_str) break;
        seg.pop_back();
    }
    if (seg.size() > 1) seg.pop_back();
    std::string out;
    for (std::size_t i = 0; i < seg.size(); ++i) {
        if (i) out += '.';
        if (i + 1 == seg.size()) {
            // String#succ on digits: increment with carry
            std::string d(seg[i].text);
            int k = static_cast<int>(d.size()) - 1;
            while (k >= 0 && d[static_cast<std::size_t>(k)] == '9')
                d[static_cast<std::size_t>(k--)] = '0';
            if (k < 0)
                d.insert(d.begin(), '1');
            else
                ++d[static_cast<std::size_t>(k)];
            out += d;
        } else {
            out.append(seg[i].text);
        }
    }
    return out;
}

std::string release_of(std::string_view s) {
    if (!prerelease(s)) return std::string(s);
    std::vector<Seg> seg = segments(s);
    while (!seg.empty()) {
        bool any_str = false;
        for (const auto& x : seg) any_str = any_str || !x.num;
        if (!any_str) break;
        seg.pop_back();
    }
    std::string out;
    for (std::size_t i = 0; i < seg.size(); ++i) {
        if (i) out += '.';
        out.append(seg[i].text);
    }
    return out;
}

// Gem::Version.new("") and Gem::Version.new("  ") are version "0".
std::string_view blank_is_zero(std::string_view v) {
    std::string_view s = detail::trim(v);
    return s.empty() ? std::string_view("0") : s;
}

bool comparable(std::string_view s) {
    if (s.empty() || !is_digit(s.front())) return false;
    for (char c : s)
        if (!is_alnum(c) && c != '.' && c != '-') return false;
    return true;
}

class RubyGems final : public Scheme {
  public:
    /// Bumped when the ordering changes (shown by `berth plugins`).
    static constexpr int kVersion = 1;
    [[nodiscard]] std::string_view name() const override { return "rubygems"; }
    [[nodiscard]] int version() const override { return kVersion; }

    // Lenient like OSV's RubyGems ordering: any digit-led run of [0-9A-Za-z.-] ("1beta" < "1");
    // validate() holds Gem::Version's stricter pattern.
    [[nodiscard]] Result<int> compare(std::string_view a, std::string_view b) const override {
        if (!comparable(blank_is_zero(a)))
            return detail::invalid("rubygems", a, "malformed version number string");
        if (!comparable(blank_is_zero(b)))
            return detail::invalid("rubygems", b, "malformed version number string");
        return compare_gem(blank_is_zero(a), blank_is_zero(b));
    }

    [[nodiscard]] Status validate(std::string_view v) const override {
        std::string_view s = blank_is_zero(v);
        if (!valid_gem(s)) return detail::invalid("rubygems", v, "malformed version number string");
        return {};
    }

    [[nodiscard]] Result<bool> satisfies(std::string_view version,
                                         std::string_view constraint) const override {
        if (auto st = validate(version); !st) return fail(st.error());
        std::string_view v = blank_is_zero(version);
        std::string_view rest = constraint;
        bool all = true;
        while (true) {
            auto part = detail::split_first(rest, ',');
            auto [op, rhs] = detail::split_operator(part.head);
            if (op.empty()) op = "=";
            if (op != "=" && op != "!=" && op != ">" && op != "<" && op != ">=" && op != "<=" &&
                op != "~>")
                return detail::invalid_constraint("rubygems", constraint, "unknown operator");
            if (!valid_gem(rhs))
                return detail::invalid_constraint("rubygems", constraint, "malformed version");
            int c = compare_gem(v, rhs);
            bool ok = false;
            if (op == "=")
                ok = c == 0;
            else if (op == "!=")
                ok = c != 0;
            else if (op == ">")
                ok = c > 0;
            else if (op == "<")
                ok = c < 0;
            else if (op == ">=")
                ok = c >= 0;
            else if (op == "<=")
                ok = c <= 0;
            else
                ok = c >= 0 && compare_gem(release_of(v), bump(rhs)) < 0;
            all = all && ok;
            if (!part.found) break;
            rest = part.tail;
        }
        return all;
    }
};

}  // namespace

std::unique_ptr<Scheme> make_rubygems() {
    return std::make_unique<RubyGems>();
}

}  // namespace berth::vuln::version

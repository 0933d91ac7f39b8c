// SPDX-License-Identifier: Apache-2.0
// Python package versions, after PEP 440 / the PyPA version-specifiers spec and pypa/packaging 25:
//   [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]
// with the spec's normalisations: case-insensitive, optional leading "v", separators [-_.] between
// parts optional, "alpha"/"beta"/"c"/"pre"/"preview" → a/b/rc, "rev"/"r"/"-N" → post, implicit
// number 0. "1.0-ALPHA.1" → "1.0a1". Order: epoch, release (trailing zeros ignored), then
// dev < pre < (final) < post, local versions above the public one (parts: strings < numbers).
// Specifiers (satisfies): ~= == != <= >= < > === with ".*" prefix matching, comma = and.
#include <memory>
#include <string>
#include <vector>

#include "vuln/version/detail.hpp"
#include "vuln/version/schemes.hpp"

namespace berth::vuln::version {
namespace {

using detail::is_alnum;
using detail::is_digit;
using text::lower_char;

constexpr int kMaxRelease = 64;

struct Pep440 {
    std::string_view epoch;  // digits ("" = 0)
    std::string_view release[kMaxRelease];
    int nrelease = 0;
    int pre_label = 0;  // 0 none, 1 a, 2 b, 3 rc
    std::string_view pre_n;
    bool has_post = false;
    std::string_view post_n;
    bool has_dev = false;
    std::string_view dev_n;
    std::string_view local;  // as written (separators any of -_.), "" = none
};

bool is_sep(char c) {
    return c == '-' || c == '_' || c == '.';
}

// Case-insensitive match of `word` at s[i..]; advances i on success.
bool take_word(std::string_view s, std::size_t& i, std::string_view word) {
    if (s.size() - i < word.size()) return false;
    for (std::size_t k = 0; k < word.size(); ++k)
        if (lower_char(s[i + k]) != word[k]) return false;
    i += word.size();
    return true;
}

std::string_view take_digits(std::string_view s, std::size_t& i) {
    std::size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    return s.substr(start, i - start);
}

// [-_.]? LABEL [-_.]? N? ; labels tried in order (longest alternatives first, like the spec regex).
bool take_labelled(std::string_view s, std::size_t& i,
                   std::initializer_list<std::string_view> labels, std::string_view& label,
                   std::string_view& num) {
    std::size_t j = i;
    if (j < s.size() && is_sep(s[j])) ++j;
    for (std::string_view l : labels) {
        std::size_t k = j;
        if (take_word(s, k, l)) {
            label = l;
            // The separator after the label belongs to this part whether or not a number follows
            // ("1.0a.post1" = 1.0a0.post1), as in the spec's regular expression.
            if (k < s.size() && is_sep(s[k])) ++k;
            num = take_digits(s, k);
            i = k;
            return true;
        }
    }
    return false;
}

const char* parse_pep440(std::string_view v, Pep440& out) {
    std::string_view s = detail::trim(v);
    if (s.empty()) return "version is empty";
    std::size_t i = 0;
    if (lower_char(s[0]) == 'v') ++i;
    std::string_view first = take_digits(s, i);
    if (first.empty()) return "does not start with a release number";
    if (i < s.size() && s[i] == '!') {
        out.epoch = first;
        ++i;
        first = take_digits(s, i);
        if (first.empty()) return "no release number after the epoch";
    }
    out.release[out.nrelease++] = first;
    while (i + 1 < s.size() && s[i] == '.' && is_digit(s[i + 1])) {
        ++i;
        if (out.nrelease == kMaxRelease) return "more than 64 release components";
        out.release[out.nrelease++] = take_digits(s, i);
    }
    std::string_view label, num;
    if (take_labelled(s, i, {"alpha", "a", "beta", "b", "preview", "pre", "c", "rc"}, label, num)) {
        out.pre_label = (label == "alpha" || label == "a")  ? 1
                        : (label == "beta" || label == "b") ? 2
                                                            : 3;
        out.pre_n = num;
    }
    if (i + 1 < s.size() && s[i] == '-' && is_digit(s[i + 1])) {
        ++i;
        out.has_post = true;
        out.post_n = take_digits(s, i);
    } else if (take_labelled(s, i, {"post", "rev", "r"}, label, num)) {
        out.has_post = true;
        out.post_n = num;
    }
    if (take_labelled(s, i, {"dev"}, label, num)) {
        out.has_dev = true;
        out.dev_n = num;
    }
    if (i < s.size() && s[i] == '+') {
        ++i;
        std::string_view local = s.substr(i);
        if (local.empty()) return "empty local version";
        bool need = true;
        for (char c : local) {
            if (is_alnum(c)) {
                need = false;
            } else if (is_sep(c) && !need) {
                need = true;
            } else {
                return "malformed local version";
            }
        }
        if (need) return "malformed local version";
        out.local = local;
        i = s.size();
    }
    if (i != s.size()) return "unexpected text";
    return nullptr;
}

std::string_view or_zero(std::string_view n) {
    return n.empty() ? std::string_view("0") : n;
}

int cmp_release(const Pep440& a, const Pep440& b) {
    int n = a.nrelease > b.nrelease ? a.nrelease : b.nrelease;
    for (int k = 0; k < n; ++k) {
        std::string_view x = k < a.nrelease ? a.release[k] : "0";
        std::string_view y = k < b.nrelease ? b.release[k] : "0";
        if (int r = detail::compare_digits(x, y); r != 0) return r;
    }
    return 0;
}

// packaging's _cmpkey for pre: no pre + no post + dev → -inf; no pre → +inf.
int pre_rank(const Pep440& v) {
    if (v.pre_label == 0 && !v.has_post && v.has_dev) return -1;
    if (v.pre_label == 0) return 4;
    return v.pre_label;
}

int cmp_local(std::string_view a, std::string_view b) {
    if (a.empty() || b.empty()) {
        if (a.empty() && b.empty()) return 0;
        return a.empty() ? -1 : 1;
    }
    auto next = [](std::string_view& s, bool& more) {
        std::size_t k = 0;
        while (k < s.size() && !is_sep(s[k])) ++k;
        std::string_view part = s.substr(0, k);
        more = k < s.size();
        s = more ? s.substr(k + 1) : std::string_view{};
        return part;
    };
    while (true) {
        bool ma = false, mb = false;
        std::string_view pa = next(a, ma), pb = next(b, mb);
        bool na = detail::all_digits(pa), nb = detail::all_digits(pb);
        int r = 0;
        if (na && nb) {
            r = detail::compare_digits(pa, pb);
        } else if (na != nb) {
            r = na ? 1 : -1;  // strings sort before numbers
        } else {
            r = detail::compare_icase(pa, pb);
        }
        if (r != 0) return r;
        if (!ma || !mb) {
            if (ma == mb) return 0;
            return ma ? 1 : -1;
        }
    }
}

int cmp_public(const Pep440& a, const Pep440& b) {
    if (int r = detail::compare_digits(or_zero(a.epoch), or_zero(b.epoch)); r != 0) return r;
    if (int r = cmp_release(a, b); r != 0) return r;
    int pa = pre_rank(a), pb = pre_rank(b);
    if (pa != pb) return pa < pb ? -1 : 1;
    if (a.pre_label != 0) {
        if (int r = detail::compare_digits(or_zero(a.pre_n), or_zero(b.pre_n)); r != 0) return r;
    }
    if (a.has_post != b.has_post) return a.has_post ? 1 : -1;
    if (a.has_post) {
        if (int r = detail::compare_digits(or_zero(a.post_n), or_zero(b.post_n)); r != 0) return r;
    }
    if (a.has_dev != b.has_dev) return a.has_dev ? -1 : 1;
    if (a.has_dev) {
        if (int r = detail::compare_digits(or_zero(a.dev_n), or_zero(b.dev_n)); r != 0) return r;
    }
    return 0;
}

int cmp_full(const Pep440& a, const Pep440& b) {
    if (int r = cmp_public(a, b); r != 0) return r;
    return cmp_local(a.local, b.local);
}

void append_num(std::string& out, std::string_view n) {
    while (n.size() > 1 && n.front() == '0') n.remove_prefix(1);
    out.append(n.empty() ? std::string_view("0") : n);
}

std::string normal_form(const Pep440& v) {
    std::string out;
    if (!v.epoch.empty() && detail::compare_digits(v.epoch, "0") != 0) {
        append_num(out, v.epoch);
        out += '!';
    }
    for (int k = 0; k < v.nrelease; ++k) {
        if (k) out += '.';
        append_num(out, v.release[k]);
    }
    if (v.pre_label) {
        out += v.pre_label == 1 ? "a" : v.pre_label == 2 ? "b" : "rc";
        append_num(out, v.pre_n);
    }
    if (v.has_post) {
        out += ".post";
        append_num(out, v.post_n);
    }
    if (v.has_dev) {
        out += ".dev";
        append_num(out, v.dev_n);
    }
    if (!v.local.empty()) {
        out += '+';
        for (char c : v.local) out += is_sep(c) ? '.' : lower_char(c);
    }
    return out;
}

Result<Pep440> parse_or_fail(std::string_view v) {
    Pep440 p;
    if (const char* why = parse_pep440(v, p)) return detail::invalid("pep440", v, why);
    return p;
}

// ---- specifiers -------------------------------------------------------------------------------

Pep440 base_of(const Pep440& v) {
    Pep440 b;
    b.epoch = v.epoch;
    b.nrelease = v.nrelease;
    for (int k = 0; k < v.nrelease; ++k) b.release[k] = v.release[k];
    return b;
}

Pep440 public_of(const Pep440& v) {
    Pep440 p = v;
    p.local = {};
    return p;
}

bool is_prerelease(const Pep440& v) {
    return v.pre_label != 0 || v.has_dev;
}

// ==V.* : epochs equal and the candidate's release, zero-padded, starts with V's release.
bool prefix_match(const Pep440& cand, const Pep440& spec) {
    if (detail::compare_digits(or_zero(cand.epoch), or_zero(spec.epoch)) != 0) return false;
    for (int k = 0; k < spec.nrelease; ++k) {
        std::string_view c = k < cand.nrelease ? cand.release[k] : "0";
        if (detail::compare_digits(c, spec.release[k]) != 0) return false;
    }
    return true;
}

Result<bool> one_clause(std::string_view version, const Pep440& cand, std::string_view clause,
                        std::string_view whole) {
    auto [op, rhs] = detail::split_operator(clause);
    if (op == "===") {
        if (rhs.empty()) return detail::invalid_constraint("pep440", whole, "=== needs a value");
        Pep440 tmp;
        std::string norm =
            parse_pep440(version, tmp) ? std::string(detail::trim(version)) : normal_form(tmp);
        return text::iequals(norm, rhs);
    }
    if (op != "==" && op != "!=" && op != "<=" && op != ">=" && op != "<" && op != ">" &&
        op != "~=")
        return detail::invalid_constraint("pep440", whole, "unknown operator");
    bool wildcard = false;
    if (rhs.size() >= 2 && rhs.substr(rhs.size() - 2) == ".*") {
        if (op != "==" && op != "!=")
            return detail::invalid_constraint("pep440", whole, ".* only with == and !=");
        wildcard = true;
        rhs.remove_suffix(2);
    }
    Pep440 spec;
    if (const char* why = parse_pep440(rhs, spec))
        return detail::invalid_constraint("pep440", whole, why);
    if (!spec.local.empty() && (wildcard || (op != "==" && op != "!=")))
        return detail::invalid_constraint("pep440", whole, "local version not allowed here");
    if (wildcard && (spec.pre_label || spec.has_post || spec.has_dev))
        return detail::invalid_constraint("pep440", whole, ".* only after a release");
    if (op == "~=" && spec.nrelease < 2)
        return detail::invalid_constraint("pep440", whole, "~= needs at least two release numbers");

    if (op == "==" || op == "!=") {
        bool eq = false;
        if (wildcard) {
            eq = prefix_match(cand, spec);
        } else {
            eq = (spec.local.empty() ? cmp_public(cand, spec) : cmp_full(cand, spec)) == 0;
        }
        return op == "==" ? eq : !eq;
    }
    if (op == "~=") {
        if (cmp_public(cand, spec) < 0) return false;
        Pep440 prefix = base_of(spec);
        prefix.nrelease -= 1;
        return prefix_match(cand, prefix);
    }
    if (op == "<=") return cmp_public(public_of(cand), spec) <= 0;
    if (op == ">=") return cmp_public(public_of(cand), spec) >= 0;
    if (op == "<") {
        if (cmp_full(cand, spec) >= 0) return false;
        if (!is_prerelease(spec) && is_prerelease(cand) &&
            cmp_public(base_of(cand), base_of(spec)) == 0)
            return false;
        return true;
    }
    // ">"
    if (cmp_full(cand, spec) <= 0) return false;
    if (!spec.has_post && cand.has_post && cmp_public(base_of(cand), base_of(spec)) == 0)
        return false;
    if (!cand.local.empty() && cmp_public(base_of(cand), base_of(spec)) == 0) return false;
    return true;
}

class Pep440Scheme final : public Scheme {
  public:
    /// Bumped when the ordering changes (shown by `berth plugins`).
    static constexpr int kVersion = 1;
    [[nodiscard]] std::string_view name() const override { return "pep440"; }
    [[nodiscard]] int version() const override { return kVersion; }

    [[nodiscard]] Result<int> compare(std::string_view a, std::string_view b) const override {
        auto x = parse_or_fail(a);
        if (!x) return fail(x.error());
        auto y = parse_or_fail(b);
        if (!y) return fail(y.error());
        return cmp_full(*x, *y);
    }

    [[nodiscard]] Status validate(std::string_view v) const override {
        auto x = parse_or_fail(v);
        if (!x) return fail(x.error());
        return {};
    }

    // A comma-separated specifier set; pre-releases always match (a vulnerable pre-release is
    // still vulnerable), i.e. packaging's `contains(v, prereleases=True)`.
    [[nodiscard]] Result<bool> satisfies(std::string_view version,
                                         std::string_view constraint) const override {
        auto cand = parse_or_fail(version);
        if (!cand) return fail(cand.error());
        bool all = true;
        std::string_view rest = constraint;
        if (detail::trim(rest).empty()) return true;
        while (true) {
            auto part = detail::split_first(rest, ',');
            auto r = one_clause(version, *cand, part.head, constraint);
            if (!r) return r;
            all = all && *r;
            if (!part.found) break;
            rest = part.tail;
        }
        return all;
    }
};

// packaging 21 LegacyVersion key parts: "*"-prefixed words, zero-padded numbers.
std::vector<std::string> legacy_parts(std::string_view v) {
    std::string s = text::lower(v);
    std::vector<std::string> raw;
    std::size_t i = 0;
    std::string between;
    auto flush_between = [&] {
        if (!between.empty()) raw.push_back(between);
        between.clear();
    };
    while (i < s.size()) {
        char c = s[i];
        if (is_digit(c) || (c >= 'a' && c <= 'z')) {
            flush_between();
            std::size_t j = i;
            bool d = is_digit(c);
            while (j < s.size() && (d ? is_digit(s[j]) : (s[j] >= 'a' && s[j] <= 'z'))) ++j;
            raw.push_back(s.substr(i, j - i));
            i = j;
        } else if (c == '.' || c == '-') {
            flush_between();
            raw.emplace_back(1, c);
            ++i;
        } else {
            between += c;
            ++i;
        }
    }
    flush_between();
    std::vector<std::string> parts;
    auto emit = [&](std::string part) {
        if (part.front() == '*') {
            if (part < "*final")
                while (!parts.empty() && parts.back() == "*final-") parts.pop_back();
            while (!parts.empty() && parts.back() == "00000000") parts.pop_back();
        }
        parts.push_back(std::move(part));
    };
    for (std::string p : raw) {
        if (p == "pre" || p == "preview" || p == "rc")
            p = "c";
        else if (p == "-")
            p = "final-";
        else if (p == "dev")
            p = "@";
        if (p.empty() || p == ".") continue;
        if (is_digit(p.front())) {
            if (p.size() < 8) p.insert(0, 8 - p.size(), '0');
            emit(p);
        } else {
            emit("*" + p);
        }
    }
    emit("*final");
    return parts;
}

}  // namespace

int pypi_legacy_compare(std::string_view a, std::string_view b) {
    Pep440 x, y;
    bool va = parse_pep440(a, x) == nullptr, vb = parse_pep440(b, y) == nullptr;
    if (va && vb) return cmp_full(x, y);
    if (va != vb) return va ? 1 : -1;
    auto pa = legacy_parts(a), pb = legacy_parts(b);
    return pa < pb ? -1 : (pb < pa ? 1 : 0);
}

Result<std::string> pep440_normalize(std::string_view v) {
    auto p = parse_or_fail(v);
    if (!p) return fail(p.error());
    return normal_form(*p);
}

std::unique_ptr<Scheme> make_pep440() {
    return std::make_unique<Pep440Scheme>();
}

}  // namespace berth::vuln::version

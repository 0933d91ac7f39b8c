// SPDX-License-Identifier: Apache-2.0
// node-semver 7 ranges (https://github.com/npm/node-semver#ranges), the constraint language of
// npm advisories: "||"-separated sets of space-separated comparators, each set desugared to
// primitive comparators (< <= > >= =) the way node-semver's Range does:
//   "^1.2.3" → >=1.2.3 <2.0.0-0     "~1.2" → >=1.2.0 <1.3.0-0     "1.x" → >=1.0.0 <2.0.0-0
//   "1.2.3 - 2.3" → >=1.2.3 <2.4.0-0    ">1.2" → >=1.3.0    "*" / "" → any
// A pre-release version only matches a set that names a pre-release of the same major.minor.patch
// (unless includePrerelease).
#include <cstdint>
#include <string>
#include <vector>

#include "vuln/version/detail.hpp"
#include "vuln/version/schemes.hpp"
#include "vuln/version/semver_parse.hpp"

namespace berth::vuln::version {
namespace {

using detail::is_digit;

struct Ver {
    std::uint64_t major = 0, minor = 0, patch = 0;
    std::string pre;
};

enum class Op { Any, Lt, Le, Gt, Ge, Eq };

struct Comparator {
    Op op = Op::Any;
    Ver v;
};

int compare_ver(const Ver& a, const Ver& b) {
    if (a.major != b.major) return a.major < b.major ? -1 : 1;
    if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
    if (a.patch != b.patch) return a.patch < b.patch ? -1 : 1;
    return semver_detail::compare_prerelease(a.pre, b.pre, false);
}

// A partial version "M[.m[.p[-pre][+build]]]" where any of M, m, p may be x, X, * or absent.
struct Partial {
    bool xM = true, xm = true, xp = true;
    std::uint64_t M = 0, m = 0, p = 0;
    std::string pre;
};

bool parse_num(std::string_view& s, bool loose, std::uint64_t& out, bool& is_x) {
    if (!s.empty() && (s.front() == 'x' || s.front() == 'X' || s.front() == '*')) {
        s.remove_prefix(1);
        is_x = true;
        return true;
    }
    std::size_t n = 0;
    while (n < s.size() && is_digit(s[n])) ++n;
    if (n == 0) return false;
    std::string_view d = s.substr(0, n);
    if (!loose && d.size() > 1 && d.front() == '0') return false;
    if (detail::compare_digits(d, "9007199254740991") > 0) return false;
    std::uint64_t v = 0;
    for (char c : d) v = v * 10 + static_cast<std::uint64_t>(c - '0');
    out = v;
    is_x = false;
    s.remove_prefix(n);
    return true;
}

bool parse_partial(std::string_view s, bool loose, Partial& out) {
    while (!s.empty() && (s.front() == 'v' || s.front() == '=' || s.front() == ' '))
        s.remove_prefix(1);
    if (s.empty()) return true;  // "" = *
    if (!parse_num(s, loose, out.M, out.xM)) return false;
    if (out.xM) {
        out.xm = out.xp = true;
    }
    if (!s.empty() && s.front() == '.') {
        s.remove_prefix(1);
        if (!parse_num(s, loose, out.m, out.xm)) return false;
        if (!s.empty() && s.front() == '.') {
            s.remove_prefix(1);
            if (!parse_num(s, loose, out.p, out.xp)) return false;
            if (out.xp) {
                // "1.2.x-pre" is not a thing
                return s.empty() || s.front() == '+'
                           ? (s.empty() || semver_detail::valid_idents(s.substr(1), false))
                           : false;
            }
            if (!s.empty() && s.front() != '+') {
                if (s.front() == '-') {
                    s.remove_prefix(1);
                } else if (!loose) {
                    return false;
                }
                auto plus = s.find('+');
                out.pre = std::string(s.substr(0, plus));
                if (!semver_detail::valid_idents(out.pre, !loose)) return false;
                s = plus == std::string_view::npos ? std::string_view{} : s.substr(plus);
            }
            if (!s.empty())
                return s.front() == '+' && semver_detail::valid_idents(s.substr(1), false);
            return true;
        }
    }
    if (out.xm) out.xp = true;
    return s.empty();
}

Ver ver(std::uint64_t M, std::uint64_t m, std::uint64_t p, std::string pre = {}) {
    return Ver{M, m, p, std::move(pre)};
}

void add(std::vector<Comparator>& set, Op op, Ver v) {
    set.push_back({op, std::move(v)});
}

// One comparator token (after whitespace between operator and version was removed).
bool desugar(std::string_view tok, const NpmOptions& opt, std::vector<Comparator>& set) {
    const std::string z = opt.include_prerelease ? "0" : "";
    if (tok.substr(0, 1) == "^") {
        Partial p;
        if (!parse_partial(tok.substr(1), opt.loose, p)) return false;
        if (p.xM) return true;
        if (p.xm) {
            add(set, Op::Ge, ver(p.M, 0, 0, z));
            add(set, Op::Lt, ver(p.M + 1, 0, 0, "0"));
        } else if (p.xp) {
            add(set, Op::Ge, ver(p.M, p.m, 0, z));
            add(set, Op::Lt, p.M == 0 ? ver(0, p.m + 1, 0, "0") : ver(p.M + 1, 0, 0, "0"));
        } else {
            add(set, Op::Ge, ver(p.M, p.m, p.p, p.pre.empty() && p.M == 0 ? z : p.pre));
            if (p.M != 0)
                add(set, Op::Lt, ver(p.M + 1, 0, 0, "0"));
            else if (p.m != 0)
                add(set, Op::Lt, ver(0, p.m + 1, 0, "0"));
            else
                add(set, Op::Lt, ver(0, 0, p.p + 1, "0"));
        }
        return true;
    }
    if (tok.substr(0, 1) == "~") {
        tok.remove_prefix(tok.substr(0, 2) == "~>" ? 2 : 1);
        Partial p;
        if (!parse_partial(tok, opt.loose, p)) return false;
        if (p.xM) return true;
        if (p.xm) {
            add(set, Op::Ge, ver(p.M, 0, 0));
            add(set, Op::Lt, ver(p.M + 1, 0, 0, "0"));
        } else {
            add(set, Op::Ge, ver(p.M, p.m, p.xp ? 0 : p.p, p.pre));
            add(set, Op::Lt, ver(p.M, p.m + 1, 0, "0"));
        }
        return true;
    }
    std::size_t n = 0;
    while (n < tok.size() && (tok[n] == '<' || tok[n] == '>' || tok[n] == '=')) ++n;
    std::string_view op = tok.substr(0, n);
    if (op != "" && op != "<" && op != "<=" && op != ">" && op != ">=" && op != "=") return false;
    if (op == "=") op = "";
    Partial p;
    if (!parse_partial(tok.substr(n), opt.loose, p)) return false;
    const std::string pr = opt.include_prerelease ? "0" : "";
    if (p.xM) {
        if (op == "<" || op == ">") add(set, Op::Lt, ver(0, 0, 0, "0"));  // matches nothing
        return true;
    }
    if (!op.empty() && (p.xm || p.xp)) {
        std::uint64_t major = p.M, m = p.xm ? 0 : p.m;
        std::string pre = pr;
        Op o = op == "<" ? Op::Lt : op == "<=" ? Op::Le : op == ">" ? Op::Gt : Op::Ge;
        if (op == ">") {
            o = Op::Ge;
            if (p.xm) {
                major += 1;
                m = 0;
            } else {
                m += 1;
            }
        } else if (op == "<=") {
            o = Op::Lt;
            if (p.xm)
                major += 1;
            else
                m += 1;
        }
        if (o == Op::Lt) pre = "0";
        add(set, o, ver(major, m, 0, pre));
        return true;
    }
    if (p.xm) {
        add(set, Op::Ge, ver(p.M, 0, 0, pr));
        add(set, Op::Lt, ver(p.M + 1, 0, 0, "0"));
        return true;
    }
    if (p.xp) {
        add(set, Op::Ge, ver(p.M, p.m, 0, pr));
        add(set, Op::Lt, ver(p.M, p.m + 1, 0, "0"));
        return true;
    }
    Op o = op.empty()   ? Op::Eq
           : op == "<"  ? Op::Lt
           : op == "<=" ? Op::Le
           : op == ">"  ? Op::Gt
                        : Op::Ge;
    add(set, o, ver(p.M, p.m, p.p, p.pre));
    return true;
}

bool hyphen(std::string_view from, std::string_view to, const NpmOptions& opt,
            std::vector<Comparator>& set) {
    const std::string z = opt.include_prerelease ? "0" : "";
    Partial f, t;
    if (!parse_partial(from, opt.loose, f) || !parse_partial(to, opt.loose, t)) return false;
    if (!f.xM) {
        if (f.xm)
            add(set, Op::Ge, ver(f.M, 0, 0, z));
        else if (f.xp)
            add(set, Op::Ge, ver(f.M, f.m, 0, z));
        else
            add(set, Op::Ge, ver(f.M, f.m, f.p, f.pre.empty() ? z : f.pre));
    }
    if (!t.xM) {
        if (t.xm)
            add(set, Op::Lt, ver(t.M + 1, 0, 0, "0"));
        else if (t.xp)
            add(set, Op::Lt, ver(t.M, t.m + 1, 0, "0"));
        else if (!t.pre.empty())
            add(set, Op::Le, ver(t.M, t.m, t.p, t.pre));
        else if (opt.include_prerelease)
            add(set, Op::Lt, ver(t.M, t.m, t.p + 1, "0"));
        else
            add(set, Op::Le, ver(t.M, t.m, t.p));
    }
    return true;
}

bool test(const Comparator& c, const Ver& v) {
    if (c.op == Op::Any) return true;
    int r = compare_ver(v, c.v);
    switch (c.op) {
        case Op::Lt:
            return r < 0;
        case Op::Le:
            return r <= 0;
        case Op::Gt:
            return r > 0;
        case Op::Ge:
            return r >= 0;
        case Op::Eq:
            return r == 0;
        case Op::Any:
            return true;
    }
    return false;
}

bool test_set(const std::vector<Comparator>& set, const Ver& v, const NpmOptions& opt) {
    for (const auto& c : set)
        if (!test(c, v)) return false;
    if (!v.pre.empty() && !opt.include_prerelease) {
        for (const auto& c : set) {
            if (c.op == Op::Any || c.v.pre.empty()) continue;
            if (c.v.major == v.major && c.v.minor == v.minor && c.v.patch == v.patch) return true;
        }
        return false;
    }
    return true;
}

bool is_op_only(std::string_view t) {
    return t == "<" || t == "<=" || t == ">" || t == ">=" || t == "=" || t == "~" || t == "~>" ||
           t == "^";
}

// Parses one "||" alternative into primitive comparators.
bool parse_set(std::string_view text, const NpmOptions& opt, std::vector<Comparator>& set) {
    std::vector<std::string_view> toks;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        std::size_t j = i;
        while (j < text.size() && text[j] != ' ') ++j;
        if (j > i) toks.push_back(text.substr(i, j - i));
        i = j;
    }
    if (toks.size() == 3 && toks[1] == "-") return hyphen(toks[0], toks[2], opt, set);
    std::string joined;
    for (std::size_t k = 0; k < toks.size(); ++k) {
        std::string_view t = toks[k];
        if (is_op_only(t)) {
            if (k + 1 >= toks.size()) return false;
            joined.assign(t).append(toks[++k]);
            t = joined;
        }
        if (!desugar(t, opt, set)) return false;
    }
    return true;
}

}  // namespace

Result<bool> npm_satisfies(std::string_view version, std::string_view range, NpmOptions opt) {
    auto pv = semver_detail::parse_strict(
        "npm", version,
        semver_detail::StrictOptions{.allow_v = true, .npm = true, .loose = opt.loose});
    if (!pv) return fail(pv.error());
    Ver v;
    auto to_u64 = [](std::string_view d) {
        std::uint64_t x = 0;
        for (char c : d) x = x * 10 + static_cast<std::uint64_t>(c - '0');
        return x;
    };
    v.major = to_u64(pv->major);
    v.minor = to_u64(pv->minor);
    v.patch = to_u64(pv->patch);
    v.pre = std::string(pv->prerelease);
    if (range.size() > 2048)
        return detail::invalid_constraint("npm", range.substr(0, 64), "range too long");
    // whitespace → single spaces
    std::string norm;
    for (char c : detail::trim(range)) {
        bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (ws) {
            if (!norm.empty() && norm.back() != ' ') norm += ' ';
        } else {
            norm += c;
        }
    }
    std::string_view rest = norm;
    while (true) {
        auto bar = rest.find("||");
        std::string_view part = detail::trim(rest.substr(0, bar));
        std::vector<Comparator> set;
        if (!parse_set(part, opt, set))
            return detail::invalid_constraint("npm", range, "not a node-semver range");
        if (test_set(set, v, opt)) return true;
        if (bar == std::string_view::npos) break;
        rest = rest.substr(bar + 2);
    }
    return false;
}

}  // namespace berth::vuln::version

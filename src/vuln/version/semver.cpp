// SPDX-License-Identifier: Apache-2.0
// Three SemVer flavours (https://semver.org/spec/v2.0.0.html):
//   "npm"    node-semver 7: strict grammar, optional leading "v", numbers ≤ 2^53-1, build ignored;
//            a `loose` mode (npm_compare) also takes "=v 01.2.3beta".
//   "cargo"  strict SemVer 2.0.0 as crates.io publishes it: no "v", no leading zeros.
//   "semver" OSV's lenient SemVer-like ordering for Packagist/Pub/Hex/…: "v" optional, 1-3 numeric
//            components (missing = 0), anything after them is a pre-release-like tail ("1.2.4.beta"
//            < "1.2.4"), numbers unbounded.
// Precedence: major.minor.patch numerically, then a version with a pre-release is lower, then
// pre-release identifiers left to right (numeric < alphanumeric, numbers numerically, strings
// in ASCII order, a shorter list is lower). "1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-beta < 1.0.0".
#include <memory>

#include "vuln/version/detail.hpp"
#include "vuln/version/schemes.hpp"
#include "vuln/version/semver_parse.hpp"

namespace berth::vuln::version {
namespace semver_detail {

using detail::is_alnum;
using detail::is_digit;

namespace {

bool ident_char(char c) {
    return is_alnum(c) || c == '-';
}

// Reads digits at s[i..]; returns the run.
std::string_view digits_at(std::string_view s, std::size_t& i) {
    std::size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    return s.substr(start, i - start);
}

constexpr std::string_view kMaxSafe = "9007199254740991";

}  // namespace

int compare_prerelease(std::string_view a, std::string_view b, bool icase) {
    if (a.empty() || b.empty()) {
        if (a.empty() && b.empty()) return 0;
        return a.empty() ? 1 : -1;
    }
    while (true) {
        auto pa = detail::split_first(a, '.');
        auto pb = detail::split_first(b, '.');
        bool na = detail::all_digits(pa.head), nb = detail::all_digits(pb.head);
        int r = 0;
        if (na && nb) {
            r = detail::compare_digits(pa.head, pb.head);
        } else if (na != nb) {
            r = na ? -1 : 1;
        } else {
            r = icase ? detail::compare_icase(pa.head, pb.head)
                      : detail::compare_bytes(pa.head, pb.head);
        }
        if (r != 0) return r;
        if (!pa.found || !pb.found) {
            if (pa.found == pb.found) return 0;
            return pa.found ? 1 : -1;
        }
        a = pa.tail;
        b = pb.tail;
    }
}

// Dot-separated non-empty identifiers of [0-9A-Za-z-]; numeric ones without leading zeros when
// `numeric_no_zero`.
bool valid_idents(std::string_view s, bool numeric_no_zero) {
    if (s.empty()) return false;
    while (true) {
        auto p = detail::split_first(s, '.');
        if (p.head.empty()) return false;
        for (char c : p.head)
            if (!ident_char(c)) return false;
        if (numeric_no_zero && detail::all_digits(p.head) && p.head.size() > 1 &&
            p.head.front() == '0')
            return false;
        if (!p.found) return true;
        s = p.tail;
    }
}

Result<Parsed> parse_strict(std::string_view scheme, std::string_view v, const StrictOptions& o) {
    std::string_view s = v;
    if (o.npm) {
        if (s.size() > 256) return detail::invalid(scheme, v, "longer than 256 characters");
        s = detail::trim(s);
    }
    if (o.loose) {
        while (!s.empty() && (s.front() == 'v' || s.front() == '=' || s.front() == ' ' ||
                              s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
            s.remove_prefix(1);
    } else if (o.allow_v && !s.empty() && s.front() == 'v') {
        s.remove_prefix(1);
    }
    Parsed p;
    std::size_t i = 0;
    std::string_view* parts[3] = {&p.major, &p.minor, &p.patch};
    for (int k = 0; k < 3; ++k) {
        if (k > 0) {
            if (i >= s.size() || s[i] != '.')
                return detail::invalid(scheme, v, "expected MAJOR.MINOR.PATCH");
            ++i;
        }
        *parts[k] = digits_at(s, i);
        if (parts[k]->empty()) return detail::invalid(scheme, v, "expected MAJOR.MINOR.PATCH");
        if (!o.loose && parts[k]->size() > 1 && parts[k]->front() == '0')
            return detail::invalid(scheme, v, "numeric component has a leading zero");
        if (o.npm && detail::compare_digits(*parts[k], kMaxSafe) > 0)
            return detail::invalid(scheme, v, "numeric component larger than 2^53-1");
        if (o.u64 && detail::compare_digits(*parts[k], "18446744073709551615") > 0)
            return detail::invalid(scheme, v, "numeric component larger than 2^64-1");
    }
    std::string_view rest = s.substr(i);
    if (!rest.empty() && rest.front() != '+') {
        if (rest.front() == '-') {
            rest.remove_prefix(1);
        } else if (!o.loose) {
            return detail::invalid(scheme, v, "unexpected character after MAJOR.MINOR.PATCH");
        }
        auto plus = rest.find('+');
        p.prerelease = rest.substr(0, plus);
        rest = plus == std::string_view::npos ? std::string_view{} : rest.substr(plus);
        if (!valid_idents(p.prerelease, !o.loose))
            return detail::invalid(scheme, v, "malformed pre-release");
    }
    if (!rest.empty()) {
        p.build = rest.substr(1);
        if (!valid_idents(p.build, false))
            return detail::invalid(scheme, v, "malformed build metadata");
    }
    return p;
}

int compare_parsed(const Parsed& a, const Parsed& b) {
    if (int r = detail::compare_digits(a.major, b.major); r != 0) return r;
    if (int r = detail::compare_digits(a.minor, b.minor); r != 0) return r;
    if (int r = detail::compare_digits(a.patch, b.patch); r != 0) return r;
    return compare_prerelease(a.prerelease, b.prerelease, false);
}

}  // namespace semver_detail

namespace {

using semver_detail::Parsed;
using semver_detail::StrictOptions;

class Strict final : public Scheme {
  public:
    Strict(std::string_view name, StrictOptions opt) : name_(name), opt_(opt) {}
    /// Bumped when the ordering changes (shown by `berth plugins`).
    static constexpr int kVersion = 1;
    [[nodiscard]] std::string_view name() const override { return name_; }
    [[nodiscard]] int version() const override { return kVersion; }

    [[nodiscard]] Result<int> compare(std::string_view a, std::string_view b) const override {
        auto pa = semver_detail::parse_strict(name_, a, opt_);
        if (!pa) return fail(pa.error());
        auto pb = semver_detail::parse_strict(name_, b, opt_);
        if (!pb) return fail(pb.error());
        return semver_detail::compare_parsed(*pa, *pb);
    }

    [[nodiscard]] Status validate(std::string_view v) const override {
        auto p = semver_detail::parse_strict(name_, v, opt_);
        if (!p) return fail(p.error());
        return {};
    }

    // npm: a node-semver range ("^1.2.3 || >=2.0.0 <2.1.0"); other flavours have none.
    [[nodiscard]] Result<bool> satisfies(std::string_view version,
                                         std::string_view constraint) const override {
        if (!opt_.npm) return Scheme::satisfies(version, constraint);
        return npm_satisfies(version, constraint, NpmOptions{});
    }

  private:
    std::string_view name_;
    StrictOptions opt_;
};

// OSV's lenient ordering: components, then the tail.
struct Lenient {
    std::string_view comps[3];
    int ncomps = 0;
    std::string_view tail;  // pre-release-like tail, build ("+…") removed, leading '-' removed
};

Result<Lenient> parse_lenient(std::string_view v) {
    std::string_view s = v;
    if (!s.empty() && s.front() == 'v') s.remove_prefix(1);
    if (s.empty() || !detail::is_digit(s.front()))
        return detail::invalid("semver", v, "does not start with a number");
    Lenient l;
    std::size_t i = 0;
    while (l.ncomps < 3) {
        std::size_t start = i;
        while (i < s.size() && detail::is_digit(s[i])) ++i;
        l.comps[l.ncomps++] = s.substr(start, i - start);
        if (l.ncomps < 3 && i + 1 < s.size() && s[i] == '.' && detail::is_digit(s[i + 1])) {
            ++i;
            continue;
        }
        break;
    }
    std::string_view tail = s.substr(i);
    tail = tail.substr(0, tail.find('+'));
    if (!tail.empty() && tail.front() == '-') tail.remove_prefix(1);
    l.tail = tail;
    return l;
}

class LenientScheme final : public Scheme {
  public:
    /// Bumped when the ordering changes (shown by `berth plugins`).
    static constexpr int kVersion = 1;
    [[nodiscard]] std::string_view name() const override { return "semver"; }
    [[nodiscard]] int version() const override { return kVersion; }

    [[nodiscard]] Result<int> compare(std::string_view a, std::string_view b) const override {
        auto x = parse_lenient(a);
        if (!x) return fail(x.error());
        auto y = parse_lenient(b);
        if (!y) return fail(y.error());
        for (int k = 0; k < 3; ++k) {
            std::string_view ca = k < x->ncomps ? x->comps[k] : std::string_view("0");
            std::string_view cb = k < y->ncomps ? y->comps[k] : std::string_view("0");
            if (int r = detail::compare_digits(ca, cb); r != 0) return r;
        }
        // An empty tail sorts after any tail; tails compare as pre-release identifier lists.
        if (x->tail.empty() || y->tail.empty()) {
            if (x->tail.empty() && y->tail.empty()) return 0;
            return x->tail.empty() ? 1 : -1;
        }
        return semver_detail::compare_prerelease(x->tail, y->tail, false);
    }

    [[nodiscard]] Status validate(std::string_view v) const override {
        auto p = parse_lenient(v);
        if (!p) return fail(p.error());
        return {};
    }
};

}  // namespace

Result<int> npm_compare(std::string_view a, std::string_view b, NpmOptions opt) {
    StrictOptions so{.allow_v = true, .npm = true, .loose = opt.loose};
    auto pa = semver_detail::parse_strict("npm", a, so);
    if (!pa) return fail(pa.error());
    auto pb = semver_detail::parse_strict("npm", b, so);
    if (!pb) return fail(pb.error());
    return semver_detail::compare_parsed(*pa, *pb);
}

std::unique_ptr<Scheme> make_npm() {
    return std::make_unique<Strict>("npm", StrictOptions{.allow_v = true, .npm = true});
}
std::unique_ptr<Scheme> make_cargo() {
    return std::make_unique<Strict>("cargo", StrictOptions{.u64 = true});
}
std::unique_ptr<Scheme> make_semver() {
    return std::make_unique<LenientScheme>();
}

}  // namespace berth::vuln::version

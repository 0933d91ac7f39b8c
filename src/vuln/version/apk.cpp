// SPDX-License-Identifier: Apache-2.0
// Alpine package versions, after apk-tools 3 (src/version.c and test/unit/version.data):
//   digit{.digit}...{letter}{_suffix{number}}...{~hash}{-r#}
// "1.2.3b_rc2_p1~abc123-r4": numbers 1.2.3, letter b, suffixes rc2 and p1, commit hash abc123,
// revision 4. Pre-release suffixes (_alpha _beta _pre _rc) sort before the bare version, the others
// (_cvs _svn _git _hg _p) after it. A digit run with a leading zero after a '.' compares as a
// string ("8.2.0015" < "8.2.002"). apk compares invalid versions too (token by token until the
// grammar breaks), so compare() only fails for the empty string; validate() is the gate.
#include <cstdint>
#include <memory>

#include "vuln/version/detail.hpp"
#include "vuln/version/schemes.hpp"

namespace berth::vuln::version {
namespace {

using detail::is_digit;

enum Token {
    kInitialDigit,
    kDigit,
    kLetter,
    kSuffix,
    kSuffixNo,
    kCommitHash,
    kRevisionNo,
    kEnd,
    kInvalid,
};

// Pre-release suffixes sort below kSuffixNone, post-release ones above.
enum Suffix { kSufInvalid, kAlpha, kBeta, kPre, kRc, kSuffixNone, kCvs, kSvn, kGit, kHg, kP };

struct TokenState {
    Token token = kInitialDigit;
    int suffix = kSufInvalid;
    std::uint64_t number = 0;
    std::string_view value;
};

int suffix_value(std::string_view s) {
    if (s == "alpha") return kAlpha;
    if (s == "beta") return kBeta;
    if (s == "pre") return kPre;
    if (s == "rc") return kRc;
    if (s == "cvs") return kCvs;
    if (s == "svn") return kSvn;
    if (s == "git") return kGit;
    if (s == "hg") return kHg;
    if (s == "p") return kP;
    return kSufInvalid;
}

void parse_digits(TokenState& t, std::string_view& s) {
    std::size_t n = 0;
    std::uint64_t v = 0;
    while (n < s.size() && is_digit(s[n])) {
        v = v * 10 + static_cast<std::uint64_t>(s[n] - '0');  // wraps like apk's pull_uint
        ++n;
    }
    t.number = v;
    t.value = s.substr(0, n);
    s.remove_prefix(n);
    if (n == 0) t.token = kInvalid;
}

void token_first(TokenState& t, std::string_view& s) {
    t.token = kInitialDigit;
    parse_digits(t, s);
}

void token_next(TokenState& t, std::string_view& s) {
    if (s.empty()) {
        t.token = kEnd;
        return;
    }
    char c = s.front();
    if (c >= 'a' && c <= 'z') {
        if (t.token > kDigit) {
            t.token = kInvalid;
            return;
        }
        t.value = s.substr(0, 1);
        t.token = kLetter;
        s.remove_prefix(1);
    } else if (c == '.' || is_digit(c)) {
        if (c == '.') {
            if (t.token > kDigit) {
                t.token = kInvalid;
                return;
            }
            s.remove_prefix(1);
        }
        if (t.token == kInitialDigit || t.token == kDigit) {
            t.token = kDigit;
        } else if (t.token == kSuffix) {
            t.token = kSuffixNo;
        } else {
            t.token = kInvalid;
            return;
        }
        parse_digits(t, s);
    } else if (c == '_') {
        if (t.token > kSuffixNo) {
            t.token = kInvalid;
            return;
        }
        s.remove_prefix(1);
        std::size_t n = 0;
        while (n < s.size() && s[n] >= 'a' && s[n] <= 'z') ++n;
        t.value = s.substr(0, n);
        s.remove_prefix(n);
        t.suffix = suffix_value(t.value);
        t.token = t.suffix == kSufInvalid ? kInvalid : kSuffix;
    } else if (c == '~') {
        if (t.token >= kCommitHash) {
            t.token = kInvalid;
            return;
        }
        s.remove_prefix(1);
        std::size_t n = 0;
        while (n < s.size() && (is_digit(s[n]) || (s[n] >= 'a' && s[n] <= 'f'))) ++n;
        t.value = s.substr(0, n);
        s.remove_prefix(n);
        t.token = n == 0 ? kInvalid : kCommitHash;
    } else if (c == '-') {
        if (t.token >= kRevisionNo || s.size() < 2 || s[1] != 'r') {
            t.token = kInvalid;
            return;
        }
        s.remove_prefix(2);
        t.token = kRevisionNo;
        parse_digits(t, s);
    } else {
        t.token = kInvalid;
    }
}

int token_cmp(const TokenState& a, const TokenState& b) {
    std::uint64_t x = 0, y = 0;
    switch (a.token) {
        case kDigit:
            if (a.value.front() == '0' || b.value.front() == '0')
                return detail::compare_bytes(a.value, b.value);
            [[fallthrough]];
        case kInitialDigit:
        case kSuffixNo:
        case kRevisionNo:
            x = a.number;
            y = b.number;
            break;
        case kLetter:
            x = static_cast<unsigned char>(a.value.front());
            y = static_cast<unsigned char>(b.value.front());
            break;
        case kSuffix:
            x = static_cast<std::uint64_t>(a.suffix);
            y = static_cast<std::uint64_t>(b.suffix);
            break;
        default:
            return detail::compare_bytes(a.value, b.value);
    }
    return x < y ? -1 : (x > y ? 1 : 0);
}

// apk_version_compare_fuzzy(): -1, 0, 1.
int compare_fuzzy(std::string_view a, std::string_view b, bool fuzzy) {
    TokenState ta, tb;
    token_first(ta, a);
    token_first(tb, b);
    while (ta.token == tb.token && ta.token < kEnd) {
        if (int r = token_cmp(ta, tb); r != 0) return r;
        token_next(ta, a);
        token_next(tb, b);
    }
    if (ta.token == tb.token) return 0;
    if (tb.token == kEnd && fuzzy) return 0;
    if (ta.token == kSuffix && ta.suffix < kSuffixNone) return -1;
    if (tb.token == kSuffix && tb.suffix < kSuffixNone) return 1;
    if (ta.token > tb.token) return -1;
    if (tb.token > ta.token) return 1;
    return 0;
}

// ---- apk-tools 2.x ----------------------------------------------------------------------------
// Alpine releases up to 3.22 ship apk-tools 2, whose tokenizer differs from 3.x only on strings
// that 3.x calls invalid: 2.x takes a digit after a letter ("6.0.2p1", common in Alpine's secdb),
// compares empty components ("0..1") and a leading '.'. OSV's Alpine vectors were made with it.
namespace v2 {

enum T { kInvalid = -1, kDigitOrZero, kDigit, kLetter, kSuffix, kSuffixNo, kRevisionNo, kEnd };

bool lower_alpha(char c) {
    return c >= 'a' && c <= 'z';
}

void next_token(int& type, std::string_view& s) {
    int n = kInvalid;
    if (s.empty() || s.front() == '\0') {
        n = kEnd;
    } else if ((type == kDigit || type == kDigitOrZero) && lower_alpha(s.front())) {
        n = kLetter;
    } else if (type == kLetter && is_digit(s.front())) {
        n = kDigit;
    } else if (type == kSuffix && is_digit(s.front())) {
        n = kSuffixNo;
    } else {
        switch (s.front()) {
            case '.':
                n = kDigitOrZero;
                break;
            case '_':
                n = kSuffix;
                break;
            case '-':
                if (s.size() > 1 && s[1] == 'r') {
                    n = kRevisionNo;
                    s.remove_prefix(1);
                }
                break;
            default:
                break;
        }
        s.remove_prefix(1);
    }
    if (n < type) {
        if (!((n == kDigitOrZero && type == kDigit) || (n == kSuffix && type == kSuffixNo) ||
              (n == kDigit && type == kLetter)))
            n = kInvalid;
    }
    type = n;
}

// Returns the token's value; 32-bit arithmetic wraps as apk's int does.
std::int32_t get_token(int& type, std::string_view& s) {
    constexpr std::string_view kPre[] = {"alpha", "beta", "pre", "rc"};
    constexpr std::string_view kPost[] = {"cvs", "svn", "git", "hg", "p"};
    if (s.empty()) {
        type = kEnd;
        return 0;
    }
    std::uint32_t v = 0;
    std::size_t i = 0;
    int nt = kInvalid;
    switch (type) {
        case kDigitOrZero:
            if (s.front() == '0') {
                while (i < s.size() && s[i] == '0') ++i;
                nt = kDigit;
                v = static_cast<std::uint32_t>(-static_cast<std::int64_t>(i));
                break;
            }
            [[fallthrough]];
        case kDigit:
        case kSuffixNo:
        case kRevisionNo:
            while (i < s.size() && is_digit(s[i]))
                v = v * 10 + static_cast<std::uint32_t>(s[i++] - '0');
            break;
        case kLetter:
            v = static_cast<unsigned char>(s[i++]);
            break;
        case kSuffix: {
            bool found = false;
            for (std::size_t k = 0; k < std::size(kPre) && !found; ++k) {
                if (s.substr(0, kPre[k].size()) == kPre[k]) {
                    i = kPre[k].size();
                    v = static_cast<std::uint32_t>(static_cast<std::int32_t>(k) - 4);
                    found = true;
                }
            }
            for (std::size_t k = 0; k < std::size(kPost) && !found; ++k) {
                if (s.substr(0, kPost[k].size()) == kPost[k]) {
                    i = kPost[k].size();
                    v = static_cast<std::uint32_t>(k);
                    found = true;
                }
            }
            if (found) break;
            type = kInvalid;
            return -1;
        }
        default:
            type = kInvalid;
            return -1;
    }
    s.remove_prefix(i);
    if (s.empty()) {
        type = kEnd;
    } else if (nt != kInvalid) {
        type = nt;
    } else {
        next_token(type, s);
    }
    return static_cast<std::int32_t>(v);
}

int compare(std::string_view a, std::string_view b) {
    int at = kDigit, bt = kDigit;
    std::int32_t av = 0, bv = 0;
    while (at == bt && at != kEnd && at != kInvalid && av == bv) {
        av = get_token(at, a);
        bv = get_token(bt, b);
    }
    if (av < bv) return -1;
    if (av > bv) return 1;
    if (at == bt) return 0;
    int tt = at;
    if (at == kSuffix && get_token(tt, a) < 0) return -1;
    tt = bt;
    if (bt == kSuffix && get_token(tt, b) < 0) return 1;
    if (at > bt) return -1;
    if (bt > at) return 1;
    return 0;
}

}  // namespace v2

bool valid(std::string_view s) {
    TokenState t;
    for (token_first(t, s); t.token < kEnd; token_next(t, s)) {
    }
    return t.token == kEnd;
}

class Apk final : public Scheme {
  public:
    /// Bumped when the ordering changes (shown by `berth plugins`).
    static constexpr int kVersion = 1;
    [[nodiscard]] std::string_view name() const override { return "apk"; }
    [[nodiscard]] int version() const override { return kVersion; }

    // Valid versions order the same under apk-tools 2 and 3 (apk 3's grammar); when either side
    // is invalid, apk-tools 2's ordering applies, as on Alpine ≤ 3.22 and in Alpine's secdb.
    [[nodiscard]] Result<int> compare(std::string_view a, std::string_view b) const override {
        if (a.empty()) return detail::invalid("apk", a, "version is empty");
        if (b.empty()) return detail::invalid("apk", b, "version is empty");
        if (valid(a) && valid(b)) return compare_fuzzy(a, b, false);
        return v2::compare(a, b);
    }

    [[nodiscard]] Status validate(std::string_view v) const override {
        if (v.empty()) return detail::invalid("apk", v, "version is empty");
        if (!valid(v))
            return detail::invalid("apk", v,
                                   "not digit{.digit}...{letter}{_suffix{#}}...{~hash}{-r#}");
        return {};
    }

    // `constraint` is "<op><version>" with op one of < <= = >= > ~ <~ >~ (apk's dependency syntax).
    [[nodiscard]] Result<bool> satisfies(std::string_view version,
                                         std::string_view constraint) const override {
        std::size_t n = 0;
        while (n < constraint.size() && (constraint[n] == '<' || constraint[n] == '>' ||
                                         constraint[n] == '=' || constraint[n] == '~'))
            ++n;
        std::string_view op = constraint.substr(0, n), rhs = constraint.substr(n);
        if (op.empty() || (op != "<" && op != "<=" && op != "=" && op != ">=" && op != ">" &&
                           op != "~" && op != "<~" && op != ">~"))
            return detail::invalid_constraint("apk", constraint,
                                              "expected <, <=, =, >=, >, ~, <~ or >~");
        if (auto st = validate(rhs); !st) return fail(st.error());
        if (auto st = compare(version, rhs); !st) return fail(st.error());
        return apk_match(version, op, rhs);
    }
};

}  // namespace

bool apk_match(std::string_view a, std::string_view op, std::string_view b) {
    constexpr int kLess = 1, kEqual = 2, kGreater = 4;
    int mask = 0;
    bool fuzzy = false;
    for (char c : op) {
        if (c == '<') mask |= kLess;
        if (c == '>') mask |= kGreater;
        if (c == '=') mask |= kEqual;
        if (c == '~') {
            mask |= kEqual;
            fuzzy = true;
        }
    }
    int r = compare_fuzzy(a, b, fuzzy);
    int got = r < 0 ? kLess : (r > 0 ? kGreater : kEqual);
    return (got & mask) != 0;
}

std::unique_ptr<Scheme> make_apk() {
    return std::make_unique<Apk>();
}

}  // namespace berth::vuln::version

// SPDX-License-Identifier: Apache-2.0
// RPM versions, after rpm's rpmio/rpmvercmp.c and the EVR split of lib/rpmds.c (rpm 4.20):
//   [epoch:]version[-release]      "2:1.0.2k-26.el7_9" → epoch 2, version "1.0.2k", release
//   "26.el7_9"
// Segments are maximal runs of digits or of ASCII letters; anything else separates. Digit runs
// compare numerically and beat letter runs; '~' sorts before everything (even the end) and '^'
// after the end but before anything else: 1.0~rc1 < 1.0 < 1.0^git1 < 1.0.1.
// rpm itself orders every string, so compare() never fails; validate() is stricter.
#include <memory>

#include "vuln/version/detail.hpp"
#include "vuln/version/schemes.hpp"

namespace berth::vuln::version {
namespace {

using detail::is_alnum;
using detail::is_alpha;
using detail::is_digit;

int rpmvercmp(std::string_view a, std::string_view b) {
    if (a == b) return 0;
    std::size_t i = 0, j = 0;
    auto sep = [](char c) { return !is_alnum(c) && c != '~' && c != '^'; };
    while (i < a.size() || j < b.size()) {
        while (i < a.size() && sep(a[i])) ++i;
        while (j < b.size() && sep(b[j])) ++j;
        bool ea = i >= a.size(), eb = j >= b.size();
        if ((!ea && a[i] == '~') || (!eb && b[j] == '~')) {
            if (ea || a[i] != '~') return 1;
            if (eb || b[j] != '~') return -1;
            ++i;
            ++j;
            continue;
        }
        if ((!ea && a[i] == '^') || (!eb && b[j] == '^')) {
            if (ea) return -1;
            if (eb) return 1;
            if (a[i] != '^') return 1;
            if (b[j] != '^') return -1;
            ++i;
            ++j;
            continue;
        }
        if (ea || eb) break;
        std::size_t si = i, sj = j;
        bool num = is_digit(a[i]);
        if (num) {
            while (i < a.size() && is_digit(a[i])) ++i;
            while (j < b.size() && is_digit(b[j])) ++j;
        } else {
            while (i < a.size() && is_alpha(a[i])) ++i;
            while (j < b.size() && is_alpha(b[j])) ++j;
        }
        // a's segment is never empty; b's is when the two segments are of different kinds.
        if (j == sj) return num ? 1 : -1;
        std::string_view sa = a.substr(si, i - si), sb = b.substr(sj, j - sj);
        int r = num ? detail::compare_digits(sa, sb) : detail::compare_bytes(sa, sb);
        if (r != 0) return r;
    }
    bool ea = i >= a.size(), eb = j >= b.size();
    if (ea && eb) return 0;
    return ea ? -1 : 1;
}

struct Evr {
    std::string_view epoch;  // "" = 0
    std::string_view version;
    std::string_view release;
    bool has_release = false;
};

// rpm's parseEVR: an epoch only when the string starts with digits followed by ':'; the release
// is whatever follows the last '-'.
Evr split_evr(std::string_view s) {
    Evr e;
    std::size_t k = 0;
    while (k < s.size() && is_digit(s[k])) ++k;
    if (k < s.size() && s[k] == ':') {
        e.epoch = s.substr(0, k);
        s.remove_prefix(k + 1);
    }
    if (auto dash = s.rfind('-'); dash != std::string_view::npos) {
        e.release = s.substr(dash + 1);
        e.has_release = true;
        s = s.substr(0, dash);
    }
    e.version = s;
    return e;
}

class Rpm final : public Scheme {
  public:
    /// Bumped when the ordering changes (shown by `berth plugins`).
    static constexpr int kVersion = 1;
    [[nodiscard]] std::string_view name() const override { return "rpm"; }
    [[nodiscard]] int version() const override { return kVersion; }

    [[nodiscard]] Result<int> compare(std::string_view a, std::string_view b) const override {
        Evr x = split_evr(a), y = split_evr(b);
        if (int r = detail::compare_digits(x.epoch, y.epoch); r != 0) return r;
        if (int r = rpmvercmp(x.version, y.version); r != 0) return r;
        // A missing release sorts before any release, even an empty one ("1" < "1-").
        if (x.has_release != y.has_release) return x.has_release ? 1 : -1;
        return rpmvercmp(x.release, y.release);
    }

    [[nodiscard]] Status validate(std::string_view v) const override {
        if (v.empty()) return detail::invalid("rpm", v, "version is empty");
        Evr e = split_evr(v);
        if (e.version.empty()) return detail::invalid("rpm", v, "version part is empty");
        if (e.has_release && e.release.empty())
            return detail::invalid("rpm", v, "release after '-' is empty");
        auto ok = [](std::string_view part) {
            for (char c : part)
                if (!is_alnum(c) && c != '.' && c != '_' && c != '+' && c != '~' && c != '^')
                    return false;
            return true;
        };
        if (!ok(e.version) || !ok(e.release))
            return detail::invalid("rpm", v, "only [A-Za-z0-9._+~^] may follow the epoch");
        if (!is_alnum(e.version.front()))
            return detail::invalid("rpm", v, "version must start with a letter or digit");
        return {};
    }
};

}  // namespace

int rpm_vercmp(std::string_view a, std::string_view b) {
    return rpmvercmp(a, b);
}

std::unique_ptr<Scheme> make_rpm() {
    return std::make_unique<Rpm>();
}

}  // namespace berth::vuln::version

// SPDX-License-Identifier: Apache-2.0
// Go module versions, after golang.org/x/mod/semver (v0.19.0):
//   vMAJOR[.MINOR[.PATCH[-PRERELEASE][+BUILD]]]     "v1.2" is shorthand for "v1.2.0"
// Pre-release and build are only allowed with all three numbers. "+incompatible" is build
// metadata and ignored; pseudo-versions ("v0.0.0-20191109021931-daa7c04131f5") are ordinary
// pre-releases. OSV's Go ranges omit the "v", so the scheme takes versions with or without it;
// go_xmod_compare() keeps x/mod's exact rules ("v" required, invalid < valid).
#include <memory>
#include <string>

#include "vuln/version/detail.hpp"
#include "vuln/version/schemes.hpp"
#include "vuln/version/semver_parse.hpp"

namespace berth::vuln::version {
namespace {

struct GoVersion {
    std::string_view major, minor = "0", patch = "0";
    std::string_view prerelease, build;
};

bool parse_num(std::string_view s, std::size_t& i, std::string_view& out) {
    std::size_t start = i;
    while (i < s.size() && detail::is_digit(s[i])) ++i;
    out = s.substr(start, i - start);
    if (out.empty()) return false;
    return !(out.size() > 1 && out.front() == '0');
}

// `v` must start with "v" (x/mod) unless `optional_v`.
bool parse_go(std::string_view v, bool optional_v, GoVersion& out) {
    std::string_view s = v;
    if (!s.empty() && s.front() == 'v') {
        s.remove_prefix(1);
    } else if (!optional_v) {
        return false;
    }
    std::size_t i = 0;
    if (!parse_num(s, i, out.major)) return false;
    if (i == s.size()) return true;
    if (s[i] != '.') return false;
    ++i;
    if (!parse_num(s, i, out.minor)) return false;
    if (i == s.size()) return true;
    if (s[i] != '.') return false;
    ++i;
    if (!parse_num(s, i, out.patch)) return false;
    std::string_view rest = s.substr(i);
    if (!rest.empty() && rest.front() == '-') {
        auto plus = rest.find('+');
        out.prerelease = rest.substr(1, plus == std::string_view::npos ? plus : plus - 1);
        if (!semver_detail::valid_idents(out.prerelease, true)) return false;
        rest = plus == std::string_view::npos ? std::string_view{} : rest.substr(plus);
    }
    if (!rest.empty()) {
        if (rest.front() != '+') return false;
        out.build = rest.substr(1);
        if (!semver_detail::valid_idents(out.build, false)) return false;
    }
    return true;
}

int compare_go(const GoVersion& a, const GoVersion& b) {
    if (int r = detail::compare_digits(a.major, b.major); r != 0) return r;
    if (int r = detail::compare_digits(a.minor, b.minor); r != 0) return r;
    if (int r = detail::compare_digits(a.patch, b.patch); r != 0) return r;
    return semver_detail::compare_prerelease(a.prerelease, b.prerelease, false);
}

class Go final : public Scheme {
  public:
    /// Bumped when the ordering changes (shown by `berth plugins`).
    static constexpr int kVersion = 1;
    [[nodiscard]] std::string_view name() const override { return "go"; }
    [[nodiscard]] int version() const override { return kVersion; }

    [[nodiscard]] Result<int> compare(std::string_view a, std::string_view b) const override {
        GoVersion x, y;
        if (!parse_go(a, true, x)) return detail::invalid("go", a, "not a Go module version");
        if (!parse_go(b, true, y)) return detail::invalid("go", b, "not a Go module version");
        return compare_go(x, y);
    }

    [[nodiscard]] Status validate(std::string_view v) const override {
        GoVersion x;
        if (!parse_go(v, true, x))
            return detail::invalid("go", v, "not vMAJOR[.MINOR[.PATCH[-PRE][+BUILD]]]");
        return {};
    }
};

}  // namespace

int go_xmod_compare(std::string_view a, std::string_view b) {
    GoVersion x, y;
    bool va = parse_go(a, false, x), vb = parse_go(b, false, y);
    if (!va || !vb) return va == vb ? 0 : (va ? 1 : -1);
    return compare_go(x, y);
}

std::string go_xmod_canonical(std::string_view v) {
    GoVersion x;
    if (!parse_go(v, false, x)) return {};
    std::string out = "v";
    out.append(x.major).append(".").append(x.minor).append(".").append(x.patch);
    if (!x.prerelease.empty()) out.append("-").append(x.prerelease);
    return out;
}

std::unique_ptr<Scheme> make_go() {
    return std::make_unique<Go>();
}

}  // namespace berth::vuln::version

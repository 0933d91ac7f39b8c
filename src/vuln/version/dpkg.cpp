// SPDX-License-Identifier: Apache-2.0
// Debian package versions, after deb-version(7) and dpkg's lib/dpkg/version.c:
//   [epoch:]upstream_version[-debian_revision]
// "1:2.30-1+deb12u1" → epoch 1, upstream "2.30", revision "1+deb12u1". Parts compare left to right;
// within upstream and revision, non-digit runs compare character by character with '~' before
// everything (even the end), letters before non-letters, and digit runs compare numerically.
// So "1.0~rc1" < "1.0" < "1.0a" < "1.0+b1".
#include <climits>
#include <memory>

#include "vuln/version/detail.hpp"
#include "vuln/version/schemes.hpp"

namespace berth::vuln::version {
namespace {

using detail::is_alpha;
using detail::is_digit;

// dpkg's order(): '~' < end/digit < letters < everything else.
int order(char c) {
    if (is_digit(c)) return 0;
    if (is_alpha(c)) return static_cast<unsigned char>(c);
    if (c == '~') return -1;
    return static_cast<unsigned char>(c) + 256;
}

int verrevcmp(std::string_view a, std::string_view b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        int first_diff = 0;
        while ((i < a.size() && !is_digit(a[i])) || (j < b.size() && !is_digit(b[j]))) {
            int ac = i < a.size() ? order(a[i]) : 0;
            int bc = j < b.size() ? order(b[j]) : 0;
            if (ac != bc) return ac < bc ? -1 : 1;
            ++i;
            ++j;
        }
        while (i < a.size() && a[i] == '0') ++i;
        while (j < b.size() && b[j] == '0') ++j;
        while (i < a.size() && is_digit(a[i]) && j < b.size() && is_digit(b[j])) {
            if (first_diff == 0) first_diff = a[i] - b[j];
            ++i;
            ++j;
        }
        if (i < a.size() && is_digit(a[i])) return 1;
        if (j < b.size() && is_digit(b[j])) return -1;
        if (first_diff != 0) return first_diff < 0 ? -1 : 1;
    }
    return 0;
}

bool blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

class Dpkg final : public Scheme {
  public:
    /// Bumped when the ordering changes (shown by `berth plugins`).
    static constexpr int kVersion = 1;
    [[nodiscard]] std::string_view name() const override { return "dpkg"; }
    [[nodiscard]] int version() const override { return kVersion; }

    [[nodiscard]] Result<int> compare(std::string_view a, std::string_view b) const override {
        auto va = parse_dpkg(a, true);
        if (!va) return fail(va.error());
        auto vb = parse_dpkg(b, true);
        if (!vb) return fail(vb.error());
        if (int r = detail::compare_digits(va->epoch, vb->epoch); r != 0) return r;
        if (int r = verrevcmp(va->upstream, vb->upstream); r != 0) return r;
        return verrevcmp(va->revision, vb->revision);
    }

    [[nodiscard]] Status validate(std::string_view v) const override {
        auto p = parse_dpkg(v, false);
        if (!p) return fail(p.error());
        return {};
    }
};

}  // namespace

Result<DpkgVersion> parse_dpkg(std::string_view v, bool lenient) {
    std::string_view s = v;
    while (!s.empty() && blank(s.front())) s.remove_prefix(1);
    if (s.empty()) return detail::invalid("dpkg", v, "version string is empty");
    std::size_t end = 0;
    while (end < s.size() && !blank(s[end])) ++end;
    for (std::size_t k = end; k < s.size(); ++k)
        if (!blank(s[k])) return detail::invalid("dpkg", v, "version string has embedded spaces");
    s = s.substr(0, end);

    DpkgVersion out;
    if (auto colon = s.find(':'); colon != std::string_view::npos) {
        std::string_view epoch = s.substr(0, colon);
        if (epoch.empty()) return detail::invalid("dpkg", v, "epoch in version is empty");
        if (!detail::all_digits(epoch)) {
            if (epoch.front() == '-' && detail::all_digits(epoch.substr(1)))
                return detail::invalid("dpkg", v, "epoch in version is negative");
            return detail::invalid("dpkg", v, "epoch in version is not number");
        }
        if (detail::compare_digits(epoch, "2147483647") > 0)
            return detail::invalid("dpkg", v, "epoch in version is too big");
        out.epoch = epoch;
        s.remove_prefix(colon + 1);
        if (s.empty()) return detail::invalid("dpkg", v, "nothing after colon in version number");
    }
    if (auto hyphen = s.rfind('-'); hyphen != std::string_view::npos) {
        out.revision = s.substr(hyphen + 1);
        if (out.revision.empty())
            return detail::invalid("dpkg", v, "revision number is empty");
        s = s.substr(0, hyphen);
    }
    out.upstream = s;
    if (out.upstream.empty()) return detail::invalid("dpkg", v, "upstream version is empty");
    if (!is_digit(out.upstream.front()))
        return detail::invalid("dpkg", v, "version number does not start with digit");
    if (lenient) return out;
    for (char c : out.upstream) {
        if (!detail::is_alnum(c) && c != '.' && c != '-' && c != '+' && c != '~' && c != ':')
            return detail::invalid("dpkg", v, "invalid character in version number");
    }
    for (char c : out.revision) {
        if (!detail::is_alnum(c) && c != '.' && c != '+' && c != '~')
            return detail::invalid("dpkg", v, "invalid character in revision number");
    }
    return out;
}

std::unique_ptr<Scheme> make_dpkg() { return std::make_unique<Dpkg>(); }

}  // namespace berth::vuln::version

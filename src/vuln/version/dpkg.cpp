// SPDX-License-Identifier: Apache-2.0
// Debian package versions, after deb-version(7) and dpkg's lib/dpkg/version.c:
//   [epoch:]upstream_version[-debian_revision]
// "1:2.30-1+deb12u1" → epoch 1, upstream "2.30", revision "1+deb12u1". Parts compare left to right;
// within upstream and revision, non-digit runs compare character by character with '~' before
// everything (even the end), letters before non-letters, and digit runs compare numerically.
// So "1.0~rc1" < "1.0" < "1.0a" < "1.0+b1".
#include <climits>
#include <memory>

#include "core/deb_version.hpp"
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
    const deb::VersionParts p = deb::split_version(v);
    if (!p.error.empty()) return detail::invalid("dpkg", v, p.error);
    // dpkg --compare-versions only warns about odd characters; an upstream version that does
    // not start with a digit is garbage, not a version, even when lenient.
    if (!p.warning.empty() && (!lenient || p.warning == deb::kNotDigitLed)) {
        return detail::invalid("dpkg", v, p.warning);
    }
    return DpkgVersion{p.epoch, p.upstream, p.revision};
}

std::unique_ptr<Scheme> make_dpkg() {
    return std::make_unique<Dpkg>();
}

}  // namespace berth::vuln::version

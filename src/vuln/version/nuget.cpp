// SPDX-License-Identifier: Apache-2.0
// NuGet package versions, after NuGet.Versioning's NuGetVersion (SemVer 2.0.0 with a fourth
// "revision" number and legacy leniency):
//   N[.N[.N[.N]]][-PRERELEASE][+BUILD]       "1.0.01" = "1.0.1.0"; "1.0.0-BETA" = "1.0.0-beta"
// Missing numbers are 0, leading zeros are allowed, pre-release labels compare case-insensitively
// (numeric labels numerically and below alphanumeric ones), build metadata is ignored.
#include <memory>

#include "vuln/version/detail.hpp"
#include "vuln/version/schemes.hpp"
#include "vuln/version/semver_parse.hpp"

namespace berth::vuln::version {
namespace {

struct NuGetVersion {
    std::string_view nums[4] = {"0", "0", "0", "0"};
    std::string_view prerelease;
};

// `strict` adds NuGet.Versioning's int32 limit; OSV orders larger numbers too.
const char* parse_nuget(std::string_view v, NuGetVersion& out, bool strict) {
    std::string_view s = detail::trim(v);
    if (s.empty()) return "version is empty";
    auto plus = s.find('+');
    if (plus != std::string_view::npos) {
        if (!semver_detail::valid_idents(s.substr(plus + 1), false))
            return "malformed build metadata";
        s = s.substr(0, plus);
    }
    auto dash = s.find('-');
    if (dash != std::string_view::npos) {
        out.prerelease = s.substr(dash + 1);
        if (!semver_detail::valid_idents(out.prerelease, false)) return "malformed pre-release";
        s = s.substr(0, dash);
    }
    int n = 0;
    while (true) {
        auto part = detail::split_first(s, '.');
        if (n == 4) return "more than four numbers";
        if (!detail::all_digits(part.head)) return "expected N[.N[.N[.N]]]";
        if (strict && detail::compare_digits(part.head, "2147483647") > 0)
            return "number larger than 2^31-1";
        out.nums[n++] = part.head;
        if (!part.found) break;
        s = part.tail;
    }
    return nullptr;
}

class NuGet final : public Scheme {
  public:
    /// Bumped when the ordering changes (shown by `berth plugins`).
    static constexpr int kVersion = 1;
    [[nodiscard]] std::string_view name() const override { return "nuget"; }
    [[nodiscard]] int version() const override { return kVersion; }

    [[nodiscard]] Result<int> compare(std::string_view a, std::string_view b) const override {
        NuGetVersion x, y;
        if (const char* why = parse_nuget(a, x, false)) return detail::invalid("nuget", a, why);
        if (const char* why = parse_nuget(b, y, false)) return detail::invalid("nuget", b, why);
        for (int k = 0; k < 4; ++k)
            if (int r = detail::compare_digits(x.nums[k], y.nums[k]); r != 0) return r;
        return semver_detail::compare_prerelease(x.prerelease, y.prerelease, true);
    }

    [[nodiscard]] Status validate(std::string_view v) const override {
        NuGetVersion x;
        if (const char* why = parse_nuget(v, x, true)) return detail::invalid("nuget", v, why);
        return {};
    }
};

}  // namespace

std::unique_ptr<Scheme> make_nuget() {
    return std::make_unique<NuGet>();
}

}  // namespace berth::vuln::version

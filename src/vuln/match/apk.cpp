// SPDX-License-Identifier: Apache-2.0
// Alpine (and Wolfi/Chainguard): secdb is keyed by the aports package, which is the `origin`
// of a subpackage (openssl for libcrypto3); apk versions are the same for origin and subpackage.
#include "vuln/ecosystem.hpp"
#include "vuln/match/drivers.hpp"

namespace berth::vuln::match {
namespace {

class Apk final : public Driver {
  public:
    /// Bumped when the matching changes (shown by `berth plugins`).
    static constexpr int kVersion = 1;
    std::string_view name() const override { return "apk"; }
    int version() const override { return kVersion; }
    bool handles(const sbom::Package& p) const override { return p.type == "apk"; }
    Lookup lookup(const sbom::Package& p, const std::optional<sbom::OsInfo>& os) const override {
        Lookup l;
        if (!os) return l;
        l.eco_key = os_ecosystem_key(*os);
        if (scheme_for_key(l.eco_key) != "apk") {
            l.eco_key.clear();
            return l;
        }
        l.version = p.version;
        if (!p.source_name.empty() && p.source_name != p.name)
            l.names.push_back({p.source_name, "source-package"});
        l.names.push_back({p.name, "package"});
        return l;
    }
};

}  // namespace

std::unique_ptr<Driver> make_apk() {
    return std::make_unique<Apk>();
}

}  // namespace berth::vuln::match

// SPDX-License-Identifier: Apache-2.0
// RPM distributions: AlmaLinux, Rocky and Red Hat advisories list the binary packages an
// erratum fixes, with [epoch:]version-release; the installed EVR is compared as rpm does.
#include "vuln/ecosystem.hpp"
#include "vuln/match/drivers.hpp"

namespace berth::vuln::match {
namespace {

class Rpm final : public Driver {
  public:
    /// Bumped when the matching changes (shown by `berth plugins`).
    static constexpr int kVersion = 1;
    std::string_view name() const override { return "rpm"; }
    int version() const override { return kVersion; }
    bool handles(const sbom::Package& p) const override { return p.type == "rpm"; }
    Lookup lookup(const sbom::Package& p, const std::optional<sbom::OsInfo>& os) const override {
        Lookup l;
        if (!os) return l;
        l.eco_key = os_ecosystem_key(*os);
        if (scheme_for_key(l.eco_key) != "rpm") {
            l.eco_key.clear();
            return l;
        }
        l.version = p.version;
        l.names.push_back({p.name, "package"});
        return l;
    }
};

}  // namespace

std::unique_ptr<Driver> make_rpm() {
    return std::make_unique<Rpm>();
}

}  // namespace berth::vuln::match

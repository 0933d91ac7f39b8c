// SPDX-License-Identifier: Apache-2.0
// Debian and Ubuntu: the security trackers (and their OSV exports) key advisories by *source*
// package, and fixed versions are source versions. A binary package built from a source with a
// different version (libgcc-s1 1:12.2.0-14 from gcc-12 12.2.0-14) must be compared with the
// source version, or the binary epoch would hide every fix.
#include "vuln/ecosystem.hpp"
#include "vuln/match/drivers.hpp"

namespace berth::vuln::match {
namespace {

class Dpkg final : public Driver {
  public:
    /// Bumped when the matching changes (shown by `berth plugins`).
    static constexpr int kVersion = 1;
    std::string_view name() const override { return "dpkg"; }
    int version() const override { return kVersion; }
    bool handles(const sbom::Package& p) const override { return p.type == "deb"; }
    Lookup lookup(const sbom::Package& p, const std::optional<sbom::OsInfo>& os) const override {
        Lookup l;
        if (!os) return l;
        l.eco_key = os_ecosystem_key(*os);
        if (l.eco_key.rfind("debian:", 0) != 0 && l.eco_key.rfind("ubuntu:", 0) != 0) {
            l.eco_key.clear();
            return l;
        }
        l.version = p.version;
        l.source_version = p.source_version;
        if (!p.source_name.empty() && p.source_name != p.name) {
            l.names.push_back({p.source_name, "source-package"});
        } else {
            // The source has the binary's name (and version unless stated otherwise).
            l.names.push_back({p.name, "source-package"});
        }
        return l;
    }
};

}  // namespace

std::unique_ptr<Driver> make_dpkg() {
    return std::make_unique<Dpkg>();
}

}  // namespace berth::vuln::match

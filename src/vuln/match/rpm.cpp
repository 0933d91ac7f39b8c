// SPDX-License-Identifier: Apache-2.0
// RPM distributions. Each vendor keys its advisories its own way, so the names looked up depend
// on the distribution (the table below); the installed [epoch:]version-release is compared as
// rpm does. A binary rpm records the source rpm it was built from (SOURCERPM, read by
// pkgdb/rpm into source_name and source_version), which is how a subpackage reaches advisories
// keyed by its source:
//   Photon OS (cve_data_photon*.json and OSV "Photon OS:5.0": "pkg": "curl") and Azure Linux /
//   CBL-Mariner (OVAL and OSV, "the name of the source package") key by source package, so
//   curl-libs 8.1.2-8.ph5 (source curl) is looked up as "curl", then as itself;
//   Red Hat, AlmaLinux, Rocky (errata list every binary rpm they fix: qatzip, qatzip-libs),
//   SUSE, Oracle, Amazon key by binary package: the binary name only, so an erratum that fixes
//   some subpackages of a source never reports the others.
// Trivy's photon and azure drivers look up the source name only; the binary lookup after it
// costs one query and finds records keyed by a binary name that is no source's.
#include <array>

#include "vuln/ecosystem.hpp"
#include "vuln/match/drivers.hpp"

namespace berth::vuln::match {
namespace {

// Ecosystem key prefixes whose advisories are keyed by source package.
constexpr std::array<std::string_view, 2> kBySource = {"azurelinux", "photon"};

bool keyed_by_source(std::string_view key) {
    const std::string_view base = key.substr(0, key.find(':'));
    for (auto b : kBySource) {
        if (b == base) return true;
    }
    return false;
}

class Rpm final : public Driver {
  public:
    /// Bumped when the matching changes (shown by `berth plugins`).
    static constexpr int kVersion = 2;
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
        if (keyed_by_source(l.eco_key) && !p.source_name.empty() && p.source_name != p.name) {
            l.names.push_back({p.source_name, "source-package"});
            // A source rpm's EVR is the binary's unless rpm recorded otherwise.
            l.source_version = p.source_version;
        }
        l.names.push_back({p.name, "package"});
        return l;
    }
};

}  // namespace

std::unique_ptr<Driver> make_rpm() {
    return std::make_unique<Rpm>();
}

}  // namespace berth::vuln::match

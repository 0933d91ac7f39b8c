// SPDX-License-Identifier: Apache-2.0
// Language packages (from an SBOM given to `berth scan sbom:FILE`): the purl type names the OSV
// ecosystem; names are normalized as the ecosystem compares them (PEP 503 for PyPI).
#include "sbom/purl.hpp"
#include "vuln/ecosystem.hpp"
#include "vuln/match/drivers.hpp"

namespace berth::vuln::match {
namespace {

class Lang final : public Driver {
  public:
    /// Bumped when the matching changes (shown by `berth plugins`).
    static constexpr int kVersion = 1;
    std::string_view name() const override { return "lang"; }
    int version() const override { return kVersion; }
    bool handles(const sbom::Package& p) const override {
        return !purl_type_ecosystem_key(p.type).empty();
    }
    Lookup lookup(const sbom::Package& p,
                  const std::optional<sbom::OsInfo>& /*os*/) const override {
        Lookup l;
        l.eco_key = purl_type_ecosystem_key(p.type);
        l.version = p.version;
        // The ecosystem's full name: Maven "group:artifact", npm "@scope/name", Go module path,
        // Packagist "vendor/name" (namespace and name of the purl).
        l.names.push_back({normalize_package_name(l.eco_key, sbom::ecosystem_name(p)), "package"});
        return l;
    }
};

}  // namespace

std::unique_ptr<Driver> make_lang() {
    return std::make_unique<Lang>();
}

}  // namespace berth::vuln::match

// SPDX-License-Identifier: Apache-2.0
// Matching an inventory against the advisory database.
//
// Per package a *driver* (one file per package type: dpkg.cpp, apk.cpp, rpm.cpp, lang.cpp; the
// list is drivers.cpp) says which ecosystem key, which names (source package first where the
// advisories are keyed by it) and which version to look up. Each affected entry is evaluated
// with OSV range semantics (evaluate_affected) and the per-ecosystem version scheme; the hits of
// one package are then merged per flaw: everything that names the same CVE (as id or alias)
// becomes one Finding listing all ids.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/result.hpp"
#include "sbom/model.hpp"
#include "vuln/advisory.hpp"
#include "vuln/db/store.hpp"
#include "vuln/finding.hpp"
#include "vuln/version/version.hpp"

namespace berth::vuln::match {

/// A name to look up for a package, and how it relates to the package.
struct LookupName {
    std::string name;        ///< already normalized for the ecosystem
    std::string matched_by;  ///< "source-package" or "package"
};

/// What to look up for one package.
struct Lookup {
    std::string eco_key;  ///< "debian:12", "pypi", … ("" = nothing to match)
    std::vector<LookupName> names;
    std::string version;         ///< the version to compare (the source version for source lookups
                                 ///< when the package manager records one)
    std::string source_version;  ///< used instead of `version` for source-package names when set
};

/// One package type's matching rules.
class Driver {
  public:
    virtual ~Driver() = default;
    [[nodiscard]] virtual std::string_view name() const = 0;
    /// Starts at 1; bumped when what the driver matches changes (a kVersion constant in the
    /// driver's file; `berth plugins` prints it).
    [[nodiscard]] virtual int version() const = 0;
    /// True when this driver matches packages of `p.type`.
    [[nodiscard]] virtual bool handles(const sbom::Package& p) const = 0;
    [[nodiscard]] virtual Lookup lookup(const sbom::Package& p,
                                        const std::optional<sbom::OsInfo>& os) const = 0;
};

/// The drivers, one per package type (drivers.cpp, sorted by name).
std::vector<std::unique_ptr<Driver>> all_drivers();

/// Outcome of evaluating one affected entry against an installed version.
struct Evaluation {
    bool affected = false;
    std::string fixed;  ///< the fix that applies to the installed version, "" when none
};

/// OSV evaluation (https://ossf.github.io/osv-schema/#evaluation): the version is affected when
/// it is listed in `versions`, or when, walking a range's events in version order, the last
/// event at or below it is `introduced` (a `last_affected` event covers itself, `fixed` and
/// `limit` do not). GIT ranges never match. Errors: an event version the scheme cannot parse.
Result<Evaluation> evaluate_affected(const Affected& affected, std::string_view installed,
                                     const version::Scheme& scheme);

struct MatchStats {
    std::size_t packages = 0;          ///< packages looked at
    std::size_t packages_matched = 0;  ///< packages that could be looked up (known ecosystem)
    std::size_t lookups = 0;
    std::size_t affected_rows = 0;  ///< affected entries evaluated
};

/// Matches every package of `inventory`. Findings are sorted by (package_index, id).
/// Problems with single entries (an unparsable version in an advisory) become diagnostics.
/// Errors: database errors.
Result<std::vector<Finding>> match_inventory(const sbom::Inventory& inventory, const db::Reader& db,
                                             Diagnostics& diagnostics, MatchStats* stats = nullptr);

}  // namespace berth::vuln::match

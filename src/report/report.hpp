// SPDX-License-Identifier: Apache-2.0
// The result of `berth scan`, and the writers that render it (one file per format).
#pragma once

#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "sbom/model.hpp"
#include "vuln/finding.hpp"

namespace berth::report {

/// What was scanned.
struct Target {
    std::string reference;        ///< as the user gave it, e.g. "oci:build/img:latest"
    std::string name;             ///< display name ("docker.io/library/debian:12" or the path)
    Digest manifest_digest;       ///< may be empty (rootfs:, sbom:)
    Digest config_digest;         ///< the image ID; may be empty
    std::string os_arch;          ///< "linux/amd64"
    std::vector<Digest> diff_ids; ///< layer diffIDs in order, for layer names in reports
};

/// The vulnerability database the scan used.
struct DbInfo {
    int schema_version = 0;
    std::string built_at;  ///< RFC 3339
    std::string path;
};

struct ScanReport {
    Target target;
    sbom::Inventory inventory;
    std::vector<vuln::Finding> findings;  ///< sorted by (package name, version, id)
    DbInfo db;
    Diagnostics diagnostics;
    std::string created;  ///< RFC 3339 timestamp of the report (SOURCE_DATE_EPOCH honoured)
};

/// Writers. Each returns the whole document; deterministic for the same report.
/// Suppressed findings are left out of table/sarif (only counted in the table), listed with the
/// reason in json, and kept in cyclonedx with an `analysis` saying why (VEX).
std::string write_table(const ScanReport& r, bool colour);
std::string write_json(const ScanReport& r);
std::string write_sarif(const ScanReport& r);
std::string write_cyclonedx(const ScanReport& r);

}  // namespace berth::report

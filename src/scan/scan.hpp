// SPDX-License-Identifier: Apache-2.0
// The scan stage: one request in, one report::Report out. `berth scan` and `berth sbom` call it
// (sbom = a scan without vulnerabilities); a server or plugin can call it the same way. It
// writes nothing to stdout/stderr: what the user should know is in Report::diagnostics and
// Inventory::diagnostics, and progress goes to the Progress given.
//
// Pipeline: read suppression files (so a typo fails before a long walk) → open the vulnerability
// database and check its age → open the image (or decode sbom:FILE) → inventory (layer walk or
// layer cache) → image checks (--scanners config) → match → suppress (ignore file, OpenVEX) →
// severity / unfixed filter → gate.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/progress.hpp"
#include "core/result.hpp"
#include "image/layer_walker.hpp"
#include "image/source.hpp"
#include "report/report.hpp"
#include "vuln/finding.hpp"

namespace berth::scan {

/// What a scan looks for (`--scanners`, Trivy's flag): vulnerabilities in the packages, image
/// misconfigurations (image checks on the config and the files), secrets in file contents.
/// The inventory is always built; `berth sbom` (report::Kind::Sbom) runs none of them.
struct Scanners {
    bool vuln = true;
    bool config = true;
    bool secret = true;
};

/// Everything a scan needs; the CLI maps its options onto it.
struct ScanRequest {
    std::string
        image;  ///< IMAGE spec (oci:…, docker-archive:…, registry reference, …) or sbom:FILE
    report::Kind kind = report::Kind::Scan;  ///< Scan: match vulnerabilities; Sbom: inventory only
    image::SourceOptions source;             ///< platform, registry credentials, mirrors
    image::Limits limits;
    unsigned jobs = 0;                               ///< layers at once; 0 = one per core
    std::uint64_t max_file_size = 512ULL << 20U;     ///< --max-file-size (random-access spool cap)
    std::optional<std::filesystem::path> cache_dir;  ///< layer-result cache; none = no cache
    std::filesystem::path db_path;                   ///< "" = vuln::db::default_db_path()
    std::chrono::seconds db_max_age{7 * 86400};      ///< warn when older; 0 = never
    std::string db_max_age_text = "7d";              ///< as the user wrote it, for the warning
    std::set<vuln::Level> severities;                ///< report only these; empty = all
    bool ignore_unfixed = false;                     ///< report only findings with a fix
    std::set<vuln::FindingStatus> ignore_statuses;   ///< --ignore-status: leave these out
    std::string ignore_file;                         ///< .trivyignore / YAML / JSON; "" = none
    std::string vex_file;                            ///< OpenVEX document; "" = none
    int exit_code = 0;  ///< the --exit-code gate: Report::gate.tripped when a finding remains
    /// --allow-incomplete: a scan that could not read a package database (or whose analyzer
    /// failed) passes the gate; without it the gate trips (Report::gate.incomplete).
    bool allow_incomplete = false;
    Scanners scanners;  ///< --scanners; only for report::Kind::Scan
    /// --trusted-registry (or .berth.yaml lint.allowed-registries): registries the image and
    /// its base may come from (image check IC010); empty = any.
    std::vector<std::string> trusted_registries;
    /// --secret-config: rules and allow rules added to the built-in secret rules (Trivy's
    /// trivy-secret.yaml shape, src/secret/config.hpp); none = built-in rules only.
    std::optional<std::filesystem::path> secret_config;
};

/// Runs the whole pipeline. Errors: InvalidArgument for what the user got wrong (bad image
/// spec, unreadable or malformed ignore/VEX file, --platform), else the failing stage's error
/// (database, image reading, SBOM decoding). Progress gets phases and layer counts, and always
/// finish() before this returns.
Result<report::Report> scan(const ScanRequest& request, Progress& progress);

/// "high,CRITICAL" parts, case-insensitive, into levels.
/// Errors: InvalidArgument naming the value and listing UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL.
Result<std::set<vuln::Level>> parse_severities(const std::vector<std::string>& values);

/// "will_not_fix,end_of_life" parts (Trivy's --ignore-status names), case-insensitive.
/// Errors: InvalidArgument naming the value and listing the statuses.
Result<std::set<vuln::FindingStatus>> parse_statuses(const std::vector<std::string>& values);

/// "vuln,secret" parts, case-insensitive, into the scanners to run ("misconfig" is accepted as
/// Trivy's name for config). Errors: InvalidArgument naming the value and listing the names.
Result<Scanners> parse_scanners(const std::vector<std::string>& values);

/// "7d", "36h", "90m", "45s", "120" (seconds), "0" (never) → seconds. Errors: InvalidArgument.
Result<std::chrono::seconds> parse_duration(std::string_view text);

/// A version-4-shaped UUID: derived from `seed` (reproducible output), else random.
std::string make_uuid(const std::optional<std::string>& seed);

}  // namespace berth::scan

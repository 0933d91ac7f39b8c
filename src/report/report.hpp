// SPDX-License-Identifier: Apache-2.0
// The one report model every command renders (`scan`, `sbom`, `inspect`, `audit`), and the
// writer functions; writer.hpp lists them in one table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "check/rule.hpp"
#include "core/diagnostic.hpp"
#include "image/image.hpp"
#include "sbom/model.hpp"
#include "vuln/finding.hpp"

namespace berth::report {

/// What a report holds; decides which writers apply and which JSON sections are present.
///   Scan    inventory + vulnerabilities (+ rule results)
///   Sbom    inventory only
///   Audit   rule results only (CIS host audit)
///   Inspect image details (`berth inspect`: config, history, measured layers, --path answers)
///   Lint    rule results only, about files (`berth lint`: Dockerfile findings)
///   Config  rule results only, about container runtime settings (`berth config`)
enum class Kind { Scan, Sbom, Audit, Inspect, Lint, Config };

/// "scan", "sbom", "audit", "inspect", "lint", "config".
std::string_view kind_name(Kind k);

/// One layer of the target, in order.
struct Layer {
    Digest digest;           ///< blob digest; empty when the source has none (docker-archive)
    Digest diff_id;          ///< empty when unknown (rootfs:)
    std::string created_by;  ///< history entry (Dockerfile instruction) that made it, if known
};

/// What was scanned.
struct Target {
    std::string reference;         ///< as the user gave it, e.g. "oci:build/img:latest"
    std::string name;              ///< display name ("docker.io/library/debian:12" or the path)
    std::string source;            ///< reader: "oci", "docker-archive", "rootfs", "sbom", …
    Digest manifest_digest;        ///< may be empty (rootfs:, sbom:)
    Digest config_digest;          ///< the image ID; may be empty
    std::string os_arch;           ///< "linux/amd64"; "" when unknown
    std::vector<Digest> diff_ids;  ///< layer diffIDs in order, for layer names in reports
    std::vector<Layer> layers;     ///< same order; may be empty for hand-made reports
};

/// One layer as `berth inspect` measured it by walking it.
struct LayerDetails {
    Digest digest;            ///< blob digest as read; empty when the source has none
    Digest diff_id;           ///< sha256 of the uncompressed tar as read
    std::string media_type;   ///< as declared
    std::string compression;  ///< "gzip", "zstd", "none"; "" for a directory layer (rootfs:)
    std::uint64_t stored_bytes = 0;
    std::uint64_t unpacked_bytes = 0;
    std::uint64_t entries = 0;      ///< every entry, whiteout markers included
    std::uint64_t whiteouts = 0;    ///< `.wh.NAME` markers
    std::uint64_t opaque_dirs = 0;  ///< `.wh..wh..opq` markers
    std::string created_by;
};

/// What `berth inspect --path P` found in the merged filesystem.
struct PathAnswer {
    std::string path;       ///< as asked
    bool exists = false;    ///< after whiteouts
    std::size_t layer = 0;  ///< the layer that last wrote it (when it exists)
    std::string type;       ///< "file", "dir", "symlink", …; "" when absent
    std::string resolved;   ///< after following symlinks inside the image; "" when unresolvable
    std::string resolve_error = {};  ///< why `resolved` is "" (a symlink loop, a missing part)
};

/// What `berth inspect` reports beyond `Target` (kind Inspect): the image config and history as
/// read, and per layer what the walk measured.
struct ImageDetails {
    std::string location;   ///< path or address the image was read from
    std::string reference;  ///< the image's normalized name when the source names one
    std::vector<std::string> repo_tags;
    std::string manifest_media_type;
    std::string config_media_type;
    image::Platform platform;
    std::string created;  ///< the image's creation time, as the config says
    std::string author;
    image::RunConfig config;
    std::vector<image::HistoryEntry> history;
    std::vector<LayerDetails> layers;
    std::vector<PathAnswer> paths;
};

/// What `berth audit host` reports beyond its rule results (kind Audit): the benchmark, the
/// audited root, the daemon as found, CIS section titles and docker-bench's score.
struct AuditDetails {
    std::string benchmark;  ///< "CIS Docker Benchmark v1.6.0"
    std::string root;       ///< the audited filesystem root
    struct Daemon {
        std::string endpoint;  ///< "unix:///var/run/docker.sock"; "" = none queried
        bool reachable = false;
        std::string version;         ///< server version when reachable
        std::string error;           ///< why it was not reachable
        std::string options_source;  ///< where the daemon's flags were read (unit, /proc/PID)
        std::string daemon_json;     ///< path of the daemon.json read; "" = none found
        std::vector<std::string> conflicts;  ///< options set both as flag and in daemon.json
    } daemon;
    std::size_t skipped_for_daemon = 0;  ///< checks skipped because the daemon was unreachable
    /// Section number → title, e.g. {"2", "Docker daemon configuration"}.
    std::vector<std::pair<std::string, std::string>> sections;
    int score = 0;  ///< docker-bench's: +1 per scored PASS, -1 per scored WARN
};

/// docker-bench's tag of a rule result: Pass "PASS", Fail "WARN", Info "INFO" (or "NOTE" for a
/// manual check, whose message starts "manual check: "), Skipped "SKIP", Error "ERROR".
std::string_view audit_tag(const check::RuleResult& r);

/// The vulnerability database the scan used.
struct DbInfo {
    int schema_version = 0;
    std::string built_at;  ///< RFC 3339
    std::string path;
};

/// How the inventory was obtained.
struct CacheInfo {
    std::size_t layers_from_cache = 0;
    std::size_t layers_walked = 0;
};

/// The `--exit-code` gate: `tripped` when an active (unsuppressed) finding or a failed, scored
/// rule was reported, or when the scan is incomplete (see incomplete_inputs()) and
/// --allow-incomplete was not given, and `exit_code` is not 0. The CLI only maps it to the
/// process exit code.
struct Gate {
    int exit_code = 0;
    bool tripped = false;
    bool incomplete = false;  ///< tripped (also) because the scan is incomplete
};

struct Report {
    Kind kind = Kind::Scan;
    Target target;
    sbom::Inventory inventory;
    std::vector<vuln::Finding> findings;          ///< any order; writers sort
    std::vector<check::RuleResult> rule_results;  ///< misconfigurations, audit verdicts, secrets
    ImageDetails image;                           ///< kind Inspect only
    AuditDetails audit;                           ///< kind Audit only
    DbInfo db;
    CacheInfo cache;
    Gate gate;
    Diagnostics diagnostics;  ///< the scan's own (inventory diagnostics stay in `inventory`)
    std::string created;      ///< RFC 3339 timestamp of the report (SOURCE_DATE_EPOCH honoured)
    std::string serial_uuid;  ///< CycloneDX serialNumber / SPDX namespace suffix; "" = none
};

/// The name the scan stage used before the model covered every command.
using ScanReport = Report;

/// Options a writer may honour.
struct WriteOptions {
    bool colour = false;  ///< ANSI colours (table only)
};

/// Writers. Each returns the whole document; deterministic for the same report.
/// Suppressed findings are left out of table/sarif (only counted in the table), listed with the
/// reason in json, and kept in cyclonedx with an `analysis` saying why (VEX).
std::string write_table(const Report& r, bool colour);
std::string write_json(const Report& r);
std::string write_sarif(const Report& r);
std::string write_cyclonedx(const Report& r);
std::string write_spdx(const Report& r);
std::string write_gitlab(const Report& r);  ///< GitLab container-scanning report (schema 15)

/// The diagnostics marked `incomplete` (inventory's, then the scan's): what was not read. A
/// report with any is incomplete; every writer says so.
std::vector<const Diagnostic*> incomplete_inputs(const Report& r);

/// True for diagnostics about coverage (packages or an OS that could not be checked): these
/// are shown even with `-q`, since a clean report must not hide that nothing was checked.
/// Every `incomplete` diagnostic is one.
bool is_coverage_warning(const Diagnostic& d);

}  // namespace berth::report

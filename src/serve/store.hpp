// SPDX-License-Identifier: Apache-2.0
// What `berth serve` keeps, in one SQLite file (WAL) in the data directory:
//
//   meta(key PRIMARY KEY, value)        schema_version, db_fingerprint (the advisory database
//                                       the stored findings were matched against)
//   images(id, registry, repository, digest, media_type, tags JSON, first_seen, last_seen,
//          state queued|scanning|scanned|failed, error, scanned_at, scans, deleted)
//          UNIQUE(repository, digest): the key of de-duplication
//   sboms(image_id, cyclonedx, spdx)    the bill of materials berth wrote at scan time
//   packages(image_id, type, name, version, purl), index on (type, name)
//   findings(image_id, vuln_id, package, version, fixed_version, severity, first_seen)
//
// The queue is the images table: workers claim the oldest queued row (claim_next), so jobs
// survive a restart (rows left in "scanning" by a crash are queued again by open()). One
// connection behind a mutex: the service's write rate is a few rows per pushed image.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "serve/webhook.hpp"

namespace berth::serve {

struct ImageRow {
    std::int64_t id = 0;
    std::string registry;
    std::string repository;
    std::string digest;
    std::string media_type;
    std::vector<std::string> tags;  ///< sorted
    std::string first_seen;         ///< RFC 3339
    std::string last_seen;
    std::string state;  ///< "queued", "scanning", "scanned", "failed"
    std::string error;  ///< why the last scan failed
    std::string scanned_at;
    std::int64_t scans = 0;  ///< scans run for this image (1 after the first)
    bool deleted = false;    ///< the registry reported the manifest deleted

    /// REGISTRY/repository@digest.
    [[nodiscard]] std::string reference() const {
        return registry + "/" + repository + "@" + digest;
    }
};

struct PackageRow {
    std::string type, name, version, purl;
};

struct FindingRow {
    std::string vuln_id, package, version, fixed_version, severity;
    std::string first_seen;  ///< filled when read back

    /// Identity of a finding for diffs: (vuln_id, package, version).
    [[nodiscard]] bool same_as(const FindingRow& o) const {
        return vuln_id == o.vuln_id && package == o.package && version == o.version;
    }
};

/// Everything a finished scan stores.
struct ScanRecord {
    std::string cyclonedx;
    std::string spdx;
    std::vector<PackageRow> packages;
    std::vector<FindingRow> findings;
};

class Store {
  public:
    /// Opens or creates the file and its schema; returns "scanning" rows to the queue.
    /// Errors: Io (cannot open), Format (a file of another schema version).
    static Result<std::unique_ptr<Store>> open(const std::filesystem::path& path);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    /// Records a manifest push at time `now`: a new (repository, digest) is queued and true is
    /// returned; a known one only gets its tag and last_seen (and is undeleted), and is queued
    /// again only when its last scan failed.
    Result<bool> record_push(const RegistryEvent& event, const std::string& now);
    /// Marks (repository, digest) deleted, or removes `tag` from the image carrying it when
    /// the event has no digest. Returns the rows changed.
    Result<int> record_delete(const RegistryEvent& event, const std::string& now);
    /// Claims the oldest queued image (state → scanning), if any.
    Result<std::optional<ImageRow>> claim_next();
    Status save_scan(std::int64_t image_id, const ScanRecord& record, const std::string& now);
    Status save_failure(std::int64_t image_id, const std::string& error, const std::string& now);

    Result<std::vector<ImageRow>> images();
    /// The most recently seen image with this digest.
    Result<std::optional<ImageRow>> image_by_digest(const std::string& digest);
    Result<std::vector<PackageRow>> packages(std::int64_t image_id);
    Result<std::vector<FindingRow>> findings(std::int64_t image_id);
    /// The stored SBOM: format "cyclonedx" or "spdx"; nullopt when not scanned.
    Result<std::optional<std::string>> sbom(std::int64_t image_id, const std::string& format);
    /// Replaces an image's findings; rows already present keep their first_seen.
    Status replace_findings(std::int64_t image_id, const std::vector<FindingRow>& findings,
                            const std::string& now);

    Result<std::string> meta(const std::string& key);
    Status set_meta(const std::string& key, const std::string& value);

    struct Impl;

  private:
    explicit Store(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace berth::serve

// SPDX-License-Identifier: Apache-2.0
// `berth serve`: scan on push, keep bills of materials, re-match them when the advisory
// database changes, notify (docs/serve.md).
//
//   registry ──POST /webhooks/registry──▶ Store.images (queued) ──worker pool──▶ scan stage
//     (src/scan, inventory only) ──▶ SBOM (CycloneDX + SPDX), packages, findings (match of the
//     stored SBOM) ──▶ Store
//   advisory db file changes (polled) or POST /api/v1/rematch ──▶ match every stored SBOM
//     again (no image is pulled) ──▶ diff old/new findings per image ──▶ POST to --notify URLs
//
// Findings always come from matching the stored CycloneDX SBOM, at scan time and at re-match
// time, so a re-match against an unchanged database yields no difference.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "net/http.hpp"
#include "serve/http_server.hpp"
#include "serve/store.hpp"

namespace berth::serve {

struct ServiceOptions {
    std::filesystem::path data_dir;  ///< serve.db and the layer cache live here
    std::filesystem::path db_path;   ///< advisory database; "" = vuln::db::default_db_path()
    unsigned workers = 2;            ///< scans at once
    /// Shared secret of the webhook: the Authorization header must be "Bearer SECRET" or
    /// SECRET itself (what distribution's notifications `headers` send); "" = no check.
    std::string webhook_secret;
    /// Token for /api/v1 ("Authorization: Bearer TOKEN"); "" = open (BERTH_SERVE_TOKEN).
    std::string api_token;
    /// Pull images from this host[:port] instead of the one the event names ("" = the event's).
    std::string registry;
    std::vector<std::string> insecure_registries;  ///< plain-HTTP registries besides loopback
    std::vector<std::string> notify_urls;          ///< webhook sinks for new findings
    net::RetryPolicy notify_retry{6, std::chrono::milliseconds(500), std::chrono::seconds(30)};
    std::chrono::milliseconds db_poll{5'000};     ///< advisory database change check; 0 = off
    std::size_t max_events = 1000;                ///< events in one webhook envelope
    std::function<void(const std::string&)> log;  ///< one line per event; default stderr
};

/// Scans one image into what the store keeps (tests inject a fake).
using Scanner = std::function<Result<ScanRecord>(const ImageRow&)>;
/// Matches one stored CycloneDX SBOM against the advisory database.
using Matcher = std::function<Result<std::vector<FindingRow>>(const std::string& cyclonedx)>;

/// The matcher over a database file: decode the SBOM, vuln::match::match_inventory.
Matcher database_matcher(const std::filesystem::path& db_path);

/// The scanner over berth's scan stage (report::Kind::Sbom, registry source), whose findings
/// come from `match`.
Scanner stage_scanner(const ServiceOptions& options, Matcher match);

/// What one re-match did.
struct RematchSummary {
    std::size_t images = 0;         ///< images matched again
    std::size_t changed = 0;        ///< images whose findings changed
    std::size_t notifications = 0;  ///< notifications delivered
    std::size_t failed = 0;         ///< notifications not delivered after the retries
};

class Service {
  public:
    /// Opens DATA_DIR/serve.db (created with the directory). `scanner`/`matcher` default to
    /// stage_scanner()/database_matcher(). Errors: the store's.
    static Result<std::unique_ptr<Service>> create(ServiceOptions options, Scanner scanner = {},
                                                   Matcher matcher = {});
    ~Service();
    Service(const Service&) = delete;
    Service& operator=(const Service&) = delete;

    /// Answers one HTTP request (routes in docs/serve.md). Thread-safe.
    Response handle(const Request& request);
    /// Starts the scan workers and the database watcher.
    void start();
    /// Stops them; scans running finish first. Idempotent.
    void stop();
    /// Matches every scanned image again and notifies the new findings.
    Result<RematchSummary> rematch();
    /// Blocks until nothing is queued or scanning, or `timeout` passes; true when idle.
    bool wait_idle(std::chrono::milliseconds timeout);
    [[nodiscard]] Store& store();

    struct Impl;

  private:
    explicit Service(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace berth::serve

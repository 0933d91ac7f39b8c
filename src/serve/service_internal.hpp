// SPDX-License-Identifier: Apache-2.0
// The state behind serve::Service, shared by service.cpp (workers, watcher, re-match),
// routes.cpp (HTTP) and notify.cpp (sinks). Not a public header.
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "serve/service.hpp"

namespace berth::serve {

/// One image's changed findings after a re-match.
struct FindingsDiff {
    ImageRow image;
    std::vector<FindingRow> added;
    std::vector<FindingRow> removed;
};

/// The notification body for one image (docs/serve.md, "Notifications").
std::string notification_json(const FindingsDiff& diff, const std::string& db_built_at);

/// POSTs `body` to `url` with `retry`; false (and a log line) when it was not delivered.
bool deliver(const std::string& url, const std::string& body, const net::RetryPolicy& retry,
             const std::function<void(const std::string&)>& log);

/// Added and removed rows between two finding lists.
FindingsDiff diff_findings(const std::vector<FindingRow>& before,
                           const std::vector<FindingRow>& after);

/// The current time, RFC 3339.
std::string now_text();

struct Service::Impl {
    ServiceOptions options;
    std::unique_ptr<Store> store;
    Scanner scanner;
    Matcher matcher;
    std::mutex mu;  ///< guards `stopping` for the condition variable
    std::condition_variable wake;
    bool stopping = false;
    std::vector<std::thread> threads;
    std::mutex rematch_mu;  ///< one re-match at a time
    std::once_flag stopped;

    void log(const std::string& line) const;
    void worker();
    void watcher();
    void scan_one(const ImageRow& row);
    Result<RematchSummary> rematch();
    /// "size:mtime" of the advisory database file; "" when absent.
    [[nodiscard]] std::string db_fingerprint() const;
    [[nodiscard]] std::filesystem::path db_path() const;
    void notify_workers() { wake.notify_all(); }
};

/// The HTTP routes (routes.cpp).
Response route(Service::Impl& impl, Service& service, const Request& request);

}  // namespace berth::serve

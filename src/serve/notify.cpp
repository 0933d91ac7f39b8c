// SPDX-License-Identifier: Apache-2.0
// Notification sinks: one JSON POST per image whose findings grew, retried with exponential
// backoff by net::http_fetch (429, 5xx and connection errors; RetryPolicy).
#include <nlohmann/json.hpp>

#include "serve/service_internal.hpp"

namespace berth::serve {

std::string notification_json(const FindingsDiff& diff, const std::string& db_built_at) {
    nlohmann::json added = nlohmann::json::array();
    for (const auto& f : diff.added) {
        added.push_back({{"id", f.vuln_id},
                         {"severity", f.severity},
                         {"package", f.package},
                         {"version", f.version},
                         {"fixed_version", f.fixed_version}});
    }
    nlohmann::json removed = nlohmann::json::array();
    for (const auto& f : diff.removed) {
        removed.push_back({{"id", f.vuln_id}, {"package", f.package}, {"version", f.version}});
    }
    const nlohmann::json body = {
        {"type", "berth.findings.new"},
        {"image",
         {{"registry", diff.image.registry},
          {"repository", diff.image.repository},
          {"digest", diff.image.digest},
          {"reference", diff.image.reference()},
          {"tags", diff.image.tags}}},
        {"new_findings", added},
        {"fixed_findings", removed},
        {"database", {{"built_at", db_built_at}}},
        {"sent_at", now_text()},
    };
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool deliver(const std::string& url, const std::string& body, const net::RetryPolicy& retry,
             const std::function<void(const std::string&)>& log) {
    net::HttpRequest req;
    req.method = "POST";
    req.url = url;
    req.headers = {"Content-Type: application/json", "User-Agent: berth-serve"};
    req.body = body;
    req.follow_redirects = false;
    auto res = net::http_fetch(req, 1U << 20U, retry);
    if (!res) {
        log("notification to " + url + " not delivered: " + res.error().to_string());
        return false;
    }
    if (res->status < 200 || res->status >= 300) {
        log("notification to " + url + " refused: HTTP " + std::to_string(res->status));
        return false;
    }
    return true;
}

}  // namespace berth::serve

// SPDX-License-Identifier: Apache-2.0
// The HTTP routes of `berth serve` (docs/serve.md):
//
//   GET  /healthz                                  → {"status":"ok","queued":N,"scanning":N}
//   POST /webhooks/registry                        → distribution's notification envelope
//   GET  /api/v1/images                            → every image with its state and counts
//   GET  /api/v1/images/{digest}                   → one image, its packages and findings
//   GET  /api/v1/images/{digest}/sbom?format=F     → the stored CycloneDX (default) or SPDX
//   POST /api/v1/rematch                           → match every stored SBOM again now
//
// Errors are {"error": "…"} with 400 (malformed), 401 (auth), 404, 405, 413 (size, from the
// listener), 415 (content type), 500.
#include <openssl/crypto.h>

#include <map>
#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "serve/service_internal.hpp"
#include "serve/webhook.hpp"

namespace berth::serve {
namespace {

using nlohmann::json;

Response json_response(const json& body, unsigned status = 200) {
    Response r;
    r.status = status;
    r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
    return r;
}

// Compares in time independent of where the strings differ.
bool same_secret(const std::string& given, const std::string& want) {
    return given.size() == want.size() &&
           CRYPTO_memcmp(given.data(), want.data(), want.size()) == 0;
}

bool authorized(const Request& req, const std::string& secret, bool allow_bare) {
    if (secret.empty()) return true;
    const std::string given = req.header("authorization");
    return same_secret(given, "Bearer " + secret) || (allow_bare && same_secret(given, secret));
}

json image_json(const ImageRow& img) {
    return {{"registry", img.registry},
            {"repository", img.repository},
            {"digest", img.digest},
            {"media_type", img.media_type},
            {"tags", img.tags},
            {"first_seen", img.first_seen},
            {"last_seen", img.last_seen},
            {"state", img.state},
            {"error", img.error},
            {"scanned_at", img.scanned_at},
            {"scans", img.scans},
            {"deleted", img.deleted},
            {"reference", img.reference()}};
}

json severity_counts(const std::vector<FindingRow>& findings) {
    std::map<std::string, int> counts;
    for (const auto& f : findings) ++counts[f.severity];
    return counts;
}

Response webhook(Service::Impl& s, const Request& req) {
    if (req.method != "POST") return error_response(405, "the webhook takes POST requests");
    if (!authorized(req, s.options.webhook_secret, true)) {
        return error_response(401, "missing or wrong Authorization header for the webhook");
    }
    if (!is_event_content_type(req.header("content-type"))) {
        return error_response(415, "content type '" + req.header("content-type") +
                                       "' is not application/vnd.docker.distribution.events."
                                       "v2+json (or v1+json, application/json)");
    }
    auto events = parse_envelope(req.body, s.options.max_events);
    if (!events) return error_response(400, events.error().to_string());
    for (const auto& e : *events) {
        if (e.kind == RegistryEvent::Kind::ManifestPush && e.registry.empty() &&
            s.options.registry.empty()) {
            return error_response(400, "event " + e.id +
                                           " names no registry host (target.url, request.host) "
                                           "and berth serve has no --registry");
        }
    }
    int queued = 0, known = 0, deleted = 0, ignored = 0;
    const std::string now = now_text();
    for (auto e : *events) {
        if (!s.options.registry.empty()) e.registry = s.options.registry;
        if (e.kind == RegistryEvent::Kind::ManifestPush) {
            auto fresh = s.store->record_push(e, now);
            if (!fresh) return error_response(500, fresh.error().to_string());
            *fresh ? ++queued : ++known;
            if (*fresh) s.log("queued " + e.registry + "/" + e.repository + "@" + e.digest);
        } else if (e.kind == RegistryEvent::Kind::Delete) {
            auto n = s.store->record_delete(e, now);
            if (!n) return error_response(500, n.error().to_string());
            deleted += *n;
        } else {
            ++ignored;
        }
    }
    if (queued > 0) s.notify_workers();
    return json_response(
        {{"queued", queued}, {"known", known}, {"deleted", deleted}, {"ignored", ignored}});
}

Response list_images(Service::Impl& s) {
    auto images = s.store->images();
    if (!images) return error_response(500, images.error().to_string());
    json out = json::array();
    for (const auto& img : *images) {
        auto findings = s.store->findings(img.id);
        if (!findings) return error_response(500, findings.error().to_string());
        json j = image_json(img);
        j["severity_counts"] = severity_counts(*findings);
        out.push_back(std::move(j));
    }
    return json_response({{"images", out}});
}

Response one_image(Service::Impl& s, const ImageRow& img) {
    auto packages = s.store->packages(img.id);
    if (!packages) return error_response(500, packages.error().to_string());
    auto findings = s.store->findings(img.id);
    if (!findings) return error_response(500, findings.error().to_string());
    json j = image_json(img);
    j["packages"] = json::array();
    for (const auto& p : *packages) {
        j["packages"].push_back(
            {{"type", p.type}, {"name", p.name}, {"version", p.version}, {"purl", p.purl}});
    }
    j["findings"] = json::array();
    for (const auto& f : *findings) {
        j["findings"].push_back({{"id", f.vuln_id},
                                 {"package", f.package},
                                 {"version", f.version},
                                 {"fixed_version", f.fixed_version},
                                 {"severity", f.severity},
                                 {"first_seen", f.first_seen}});
    }
    j["severity_counts"] = severity_counts(*findings);
    return json_response(j);
}

Response image_sbom(Service::Impl& s, const ImageRow& img, const Request& req) {
    std::string format = req.query("format");
    if (format.empty()) format = "cyclonedx";
    if (format != "cyclonedx" && format != "spdx") {
        return error_response(400, "unknown SBOM format '" + format + "' (cyclonedx, spdx)");
    }
    auto doc = s.store->sbom(img.id, format);
    if (!doc) return error_response(500, doc.error().to_string());
    if (!*doc) {
        return error_response(404, "no SBOM for " + img.digest + " yet (state " + img.state + ")");
    }
    Response r;
    r.content_type = format == "spdx" ? "application/spdx+json" : "application/vnd.cyclonedx+json";
    r.body = std::move(**doc);
    return r;
}

// /api/v1/images/{digest}[/sbom]
Response image_route(Service::Impl& s, const Request& req, std::string_view rest) {
    if (req.method != "GET") return error_response(405, "images are read with GET");
    const auto slash = rest.find('/');
    const std::string digest(rest.substr(0, slash));
    const std::string_view tail =
        slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    if (!valid_digest(digest)) {
        return error_response(400, "'" + digest + "' is not a digest (sha256:…)");
    }
    if (!tail.empty() && tail != "/sbom") return error_response(404, "no such resource");
    auto img = s.store->image_by_digest(digest);
    if (!img) return error_response(500, img.error().to_string());
    if (!*img) return error_response(404, "no image with digest " + digest);
    return tail.empty() ? one_image(s, **img) : image_sbom(s, **img, req);
}

Response health(Service::Impl& s) {
    auto images = s.store->images();
    if (!images) return error_response(500, images.error().to_string());
    int queued = 0, scanning = 0;
    for (const auto& i : *images) {
        queued += i.state == "queued" ? 1 : 0;
        scanning += i.state == "scanning" ? 1 : 0;
    }
    return json_response({{"status", "ok"}, {"queued", queued}, {"scanning", scanning}});
}

}  // namespace

Response route(Service::Impl& s, Service& service, const Request& req) {
    const std::string path = req.path();
    if (path == "/healthz") return health(s);
    if (path == "/webhooks/registry") return webhook(s, req);
    constexpr std::string_view kApi = "/api/v1/";
    if (path.rfind(kApi, 0) != 0) return error_response(404, "no such resource: " + path);
    if (!authorized(req, s.options.api_token, false)) {
        return error_response(401, "missing or wrong API token (Authorization: Bearer …)");
    }
    const std::string_view rest = std::string_view(path).substr(kApi.size());
    if (rest == "images") {
        if (req.method != "GET") return error_response(405, "images are read with GET");
        return list_images(s);
    }
    if (rest == "rematch") {
        if (req.method != "POST") return error_response(405, "a re-match is started with POST");
        auto sum = service.rematch();
        if (!sum) return error_response(500, sum.error().to_string());
        return json_response({{"images", sum->images},
                              {"changed", sum->changed},
                              {"notifications", sum->notifications},
                              {"failed", sum->failed}});
    }
    constexpr std::string_view kImages = "images/";
    if (rest.rfind(kImages, 0) == 0) return image_route(s, req, rest.substr(kImages.size()));
    return error_response(404, "no such resource: " + path);
}

}  // namespace berth::serve

// SPDX-License-Identifier: Apache-2.0
#include "serve/webhook.hpp"

#include <nlohmann/json.hpp>

#include "core/json_read.hpp"
#include "core/text.hpp"

namespace berth::serve {
namespace {

bool lower_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool valid_component(std::string_view c) {
    if (c.empty() || !lower_alnum(c.front()) || !lower_alnum(c.back())) return false;
    for (char ch : c) {
        if (!lower_alnum(ch) && ch != '.' && ch != '_' && ch != '-') return false;
    }
    return true;
}

// "http://127.0.0.1:5000/v2/…" → "127.0.0.1:5000"; "" when not such a URL.
std::string host_of_url(std::string_view url) {
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return {};
    const auto rest = url.substr(scheme + 3);
    return std::string(rest.substr(0, rest.find('/')));
}

Result<RegistryEvent> parse_event(const json_read::Cursor& e) {
    RegistryEvent ev;
    auto action = e.req_string("action");
    if (!action) return fail(action.error());
    ev.action = *action;
    ev.id = e.string_or("id");
    auto target = e.opt_object("target");
    if (!target) return fail(target.error());
    auto request = e.opt_object("request");
    if (!request) return fail(request.error());
    ev.repository = target->string_or("repository");
    ev.digest = target->string_or("digest");
    ev.tag = target->string_or("tag");
    ev.media_type = target->string_or("mediaType");
    ev.registry = host_of_url(target->string_or("url"));
    if (ev.registry.empty()) ev.registry = request->string_or("host");
    if (!valid_registry_host(ev.registry)) ev.registry.clear();
    if (ev.action == "push" && is_manifest_media_type(ev.media_type)) {
        ev.kind = RegistryEvent::Kind::ManifestPush;
    } else if (ev.action == "delete") {
        ev.kind = RegistryEvent::Kind::Delete;
    } else {
        return ev;  // pulls, mounts, blob pushes
    }
    if (!valid_repository(ev.repository)) {
        return fail(target->error("repository '" + ev.repository +
                                  "' is missing or not a valid repository name"));
    }
    const bool need_digest = ev.kind == RegistryEvent::Kind::ManifestPush || ev.tag.empty();
    if ((need_digest || !ev.digest.empty()) && !valid_digest(ev.digest)) {
        return fail(target->error("digest '" + ev.digest + "' is missing or not a valid digest"));
    }
    return ev;
}

}  // namespace

bool is_event_content_type(std::string_view content_type) {
    const std::string ct = text::lower(text::trim(content_type.substr(0, content_type.find(';'))));
    return ct == "application/vnd.docker.distribution.events.v1+json" ||
           ct == "application/vnd.docker.distribution.events.v2+json" || ct == "application/json";
}

bool is_manifest_media_type(std::string_view media_type) {
    return media_type == "application/vnd.docker.distribution.manifest.v2+json" ||
           media_type == "application/vnd.docker.distribution.manifest.list.v2+json" ||
           media_type == "application/vnd.oci.image.manifest.v1+json" ||
           media_type == "application/vnd.oci.image.index.v1+json";
}

bool valid_repository(std::string_view repository) {
    if (repository.empty() || repository.size() > 255) return false;
    for (const auto part : text::split(repository, '/')) {
        if (!valid_component(part)) return false;
    }
    return true;
}

bool valid_digest(std::string_view digest) {
    const auto colon = digest.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    for (char c : digest.substr(0, colon)) {
        if (!lower_alnum(c)) return false;
    }
    const auto hex = digest.substr(colon + 1);
    if (hex.size() < 32 || hex.size() > 128) return false;
    for (char c : hex) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

bool valid_registry_host(std::string_view host) {
    if (host.empty() || host.size() > 255) return false;
    for (char c : host) {
        const bool ok = lower_alnum(c) || (c >= 'A' && c <= 'Z') || c == '.' || c == '-' ||
                        c == ':' || c == '[' || c == ']';
        if (!ok) return false;
    }
    return true;
}

Result<std::vector<RegistryEvent>> parse_envelope(std::string_view body, std::size_t max_events,
                                                  const std::string& where) {
    auto doc = json_read::parse(body, where);
    if (!doc) return fail(doc.error());
    const json_read::Cursor root(*doc, where);
    if (!root.value().is_object()) return fail(root.error("the body is not a JSON object"));
    if (!root["events"].value().is_array()) {
        return fail(root.error("no \"events\" array (not a registry notification envelope)"));
    }
    auto events = root["events"].elements();
    if (!events) return fail(events.error());
    if (events->size() > max_events) {
        return fail(ErrorCode::LimitExceeded,
                    std::to_string(events->size()) + " events in one envelope (at most " +
                        std::to_string(max_events) + ")",
                    where);
    }
    std::vector<RegistryEvent> out;
    for (const auto& e : *events) {
        if (!e.value().is_object()) return fail(e.error("an event is not a JSON object"));
        auto ev = parse_event(e);
        if (!ev) return fail(ev.error());
        out.push_back(std::move(*ev));
    }
    return out;
}

}  // namespace berth::serve

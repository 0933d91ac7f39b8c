// SPDX-License-Identifier: Apache-2.0
// distribution's registry notifications (docs/content/about/notifications.md; samples in
// ../shared/data/registry-events/distribution/): a POST whose body is an envelope
//
//   {"events":[{"id":"…","timestamp":"…","action":"push",
//               "target":{"mediaType":"application/vnd.oci.image.manifest.v1+json",
//                         "digest":"sha256:…","repository":"demo/app","tag":"1.0",
//                         "url":"http://127.0.0.1:5000/v2/demo/app/manifests/sha256:…"},
//               "request":{"host":"127.0.0.1:5000",…}}, …]}
//
// → one RegistryEvent per event. The whole envelope is checked before anything is acted on, so
// a malformed one changes nothing. Decisions: blob pushes (layer media types) and pulls/mounts
// are kept as Kind::Ignored; digests and repositories are checked against distribution's
// grammar (they end up in an image reference); the registry host comes from target.url, then
// request.host.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace berth::serve {

/// Content types distribution has sent (2.8 sends v1, later releases v2) plus plain JSON.
bool is_event_content_type(std::string_view content_type);

struct RegistryEvent {
    enum class Kind { ManifestPush, Delete, Ignored };
    Kind kind = Kind::Ignored;
    std::string id;          ///< the event id (for logs)
    std::string action;      ///< as sent: push, pull, mount, delete
    std::string registry;    ///< host[:port] of the registry, "" when the event does not say
    std::string repository;  ///< "demo/app"
    std::string digest;      ///< "sha256:…" ("" for a tag-only delete)
    std::string tag;         ///< "" when none
    std::string media_type;
};

/// Parses one envelope. `where` names the input in errors. Errors: Format (not JSON, no
/// "events" array, an event without action, a push/delete without repository, a manifest push
/// without digest, a repository or digest outside distribution's grammar) with the JSON path;
/// LimitExceeded (more than `max_events` events).
Result<std::vector<RegistryEvent>> parse_envelope(std::string_view body, std::size_t max_events,
                                                  const std::string& where = "webhook body");

/// True for manifest and index media types (Docker schema 2, OCI).
bool is_manifest_media_type(std::string_view media_type);

/// distribution's repository grammar: lower-case path components [a-z0-9]+([._-]+[a-z0-9]+)*
/// joined by '/'; at most 255 bytes.
bool valid_repository(std::string_view repository);

/// "algo:hex" with a lower-case alphanumeric algorithm and at least 32 lower-case hex digits.
bool valid_digest(std::string_view digest);

/// host[:port] with letters, digits, '.', '-', ':' and '[' ']' only.
bool valid_registry_host(std::string_view host);

}  // namespace berth::serve

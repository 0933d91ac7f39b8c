// SPDX-License-Identifier: Apache-2.0
// Registry authentication: WWW-Authenticate challenges (RFC 7235 §4.1; the Docker token flow,
// distribution docs/spec/auth/token.md) and credentials from the user or ~/.docker/config.json.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base64.hpp"
#include "core/result.hpp"

namespace berth::image::registry {

/// One challenge of a WWW-Authenticate header.
struct Challenge {
    std::string scheme;                         ///< lower-case: "bearer", "basic"
    std::map<std::string, std::string> params;  ///< names lower-case, values unquoted
};

/// Parses a WWW-Authenticate value, e.g.
///   Bearer
///   realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"
/// → {scheme "bearer", params {realm, service, scope}}. Several challenges may follow each
/// other ("Basic realm=x, Bearer realm=y"). Errors: Format when the value is not a challenge list.
Result<std::vector<Challenge>> parse_challenges(std::string_view header);

/// A username and secret for a registry. `username == "<token>"` in Docker's helpers means the
/// secret is an OAuth2 refresh (identity) token.
struct Credentials {
    std::string username;
    std::string password;
    /// True when the secret is an identity token (docker config `identitytoken` or helper
    /// "<token>").
    [[nodiscard]] bool is_identity_token() const { return username == "<token>"; }
};

/// The key Docker uses for a registry host in config.json and with credential helpers:
/// "https://index.docker.io/v1/" for Docker Hub, else the host[:port] itself.
std::string docker_config_server(std::string_view registry_host);

/// Looks up credentials for `registry_host` in a docker config.json document, as docker does:
/// credHelpers[host] first, then auths[host] (base64 "user:password" in `auth`, or
/// username/password, or identitytoken), then credsStore. Keys are matched after dropping a
/// scheme and path ("https://host/v1/" matches host). Helpers run as
/// `docker-credential-<name> get` (see run_credential_helper). `where` names the file.
/// Returns nullopt when nothing is configured for the host. Errors: Format (bad JSON, bad
/// base64), errors of the helper.
Result<std::optional<Credentials>> credentials_from_docker_config(std::string_view config_json,
                                                                  std::string_view registry_host,
                                                                  const std::string& where);

/// Reads $DOCKER_CONFIG/config.json (default ~/.docker/config.json) and calls
/// credentials_from_docker_config. A missing file is no credentials, not an error.
Result<std::optional<Credentials>> credentials_from_docker_config_file(
    std::string_view registry_host);

/// Runs `docker-credential-<helper> get` (found on PATH) with `server` on its stdin and parses
/// {"ServerURL","Username","Secret"} from its stdout (docker-credential-helpers protocol).
/// Returns nullopt when the helper says it has no credentials for the server.
/// Errors: NotFound (helper not on PATH), Io (it failed), Format (unreadable answer).
Result<std::optional<Credentials>> run_credential_helper(const std::string& helper,
                                                         const std::string& server);

// base64 moved to core/base64.hpp; the names stay usable here.
using berth::base64_decode;
using berth::base64_encode;

}  // namespace berth::image::registry

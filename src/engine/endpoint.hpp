// SPDX-License-Identifier: Apache-2.0
// Which Docker Engine to talk to, decided exactly as the docker CLI decides it (docker/cli
// cli/command/cli.go resolveContextName + resolveDefaultDockerEndpoint, cli/flags/options.go,
// opts/hosts.go ParseHost, cli/context/docker/load.go):
//
//   1. --host (berth audit host --host)            → the "default" context with that host
//   2. DOCKER_HOST                                 → the "default" context with that host
//   3. DOCKER_CONTEXT, 4. config.json currentContext → that context's meta.json
//   5. nothing                                      → unix:///var/run/docker.sock
//
// The "default" context (also when named explicitly) takes TLS from the environment:
// DOCKER_TLS_VERIFY or DOCKER_TLS non-empty turns TLS on (verification only with
// DOCKER_TLS_VERIFY), certificates come from DOCKER_CERT_PATH, else the config directory.
// A named context takes TLS only from its own store: contexts/tls/<sha256(name)>/docker/.
//
//   DOCKER_HOST=tcp://10.0.0.5 DOCKER_TLS_VERIFY=1 → https://10.0.0.5:2375, ~/.docker/ca.pem
//   DOCKER_CONTEXT=remote → contexts/meta/<sha256("remote")>/meta.json Endpoints.docker.Host
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace berth::engine {

/// Where the endpoint came from (precedence order).
enum class EndpointSource {
    HostFlag,        ///< --host
    DockerHost,      ///< $DOCKER_HOST
    ContextFlag,     ///< an explicit context name given by the caller
    DockerContext,   ///< $DOCKER_CONTEXT
    CurrentContext,  ///< "currentContext" in $DOCKER_CONFIG/config.json
    Default,         ///< nothing set: the default socket (or tcp://localhost:2376 with TLS on)
};

/// "--host", "DOCKER_HOST", "--context", "DOCKER_CONTEXT", "config.json currentContext",
/// "default".
std::string_view source_name(EndpointSource source);

/// A resolved Engine API endpoint: where to connect and with which TLS material.
struct Endpoint {
    std::string host;  ///< normalized docker host: "unix:///var/run/docker.sock", "tcp://h:2376"
    EndpointSource source = EndpointSource::Default;
    std::string context;      ///< context name; "" for the default context
    std::string unix_socket;  ///< socket path for unix://
    std::string base_url;     ///< "http://localhost" (sockets), "https://h:2376" (+ base path)
    bool tls = false;         ///< tcp over TLS
    bool verify_tls = true;   ///< with tls: verify the daemon's certificate
    std::string ca_file;      ///< with tls: trust only this CA ("" = system CAs)
    std::string cert_file;    ///< with tls: client certificate ("" = none)
    std::string key_file;     ///< with tls: client key
    std::vector<std::string> warnings;  ///< e.g. an unreadable config.json (the CLI warns too)
};

/// What resolution reads: the caller's flags and the environment. Tests build it by hand;
/// settings_from_process() reads the real environment.
struct EndpointSettings {
    std::string host_flag;                   ///< --host value, "" when not given
    std::string context_flag;                ///< --context value, "" when not given
    std::map<std::string, std::string> env;  ///< DOCKER_HOST, DOCKER_CONTEXT, DOCKER_CONFIG,
                                             ///< DOCKER_TLS, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH,
                                             ///< HOME (absent = unset)
};

/// `host_flag` plus the variables listed in EndpointSettings::env from this process.
EndpointSettings settings_from_process(std::string host_flag = {});

/// Resolves the endpoint (see the file comment). Errors: InvalidArgument for a malformed host
/// ("ftp://x", "tcp://h:port"), both --host and --context; Unsupported for ssh://, npipe://
/// and fd:// hosts; NotFound for a context without meta.json or, with TLS on in the default
/// context, a missing ca.pem; Format for an unreadable meta.json.
Result<Endpoint> resolve_endpoint(const EndpointSettings& settings);

/// resolve_endpoint(settings_from_process(host_flag)).
Result<Endpoint> resolve_endpoint_from_env(std::string host_flag = {});

/// opts.ParseHost of the docker CLI: "" → the default (unix:///var/run/docker.sock, or
/// tcp://localhost:2376 when `default_tls`); "/path" or "./path" → unix://; "h" or "h:p" →
/// tcp://h:p with port 2375 when none is given; unix:// without a path → the default socket.
/// Errors: InvalidArgument for another scheme or a malformed tcp address.
Result<std::string> parse_host(std::string_view value, bool default_tls);

}  // namespace berth::engine

// SPDX-License-Identifier: Apache-2.0
// Endpoint resolution after the docker CLI (docker/cli, read 2026-12; reference only):
// - cli/command/cli.go resolveContextName: --context, then --host or DOCKER_HOST force the
//   "default" context, then DOCKER_CONTEXT, then config.json "currentContext", then "default".
// - cli/command/cli.go resolveDefaultDockerEndpoint + cli/flags/options.go: the default context
//   uses the host from --host / DOCKER_HOST through opts.ParseHost(tls, host); TLS is on when
//   DOCKER_TLS_VERIFY or DOCKER_TLS is non-empty, and verifies only with DOCKER_TLS_VERIFY;
//   the files are <DOCKER_CERT_PATH or the config dir>/{ca,cert,key}.pem, ca.pem must be
//   readable (TLSDataFromFiles fails otherwise), cert.pem/key.pem are dropped when absent.
//   DOCKER_CERT_PATH alone changes nothing in the CLI: it only says where the files are once
//   TLS is on. (The Go SDK's client.FromEnv differs: there DOCKER_CERT_PATH alone loads the
//   files and turns TLS on *without* verification; moby client/options.go
//   WithTLSClientConfigFromEnv. berth follows the CLI, so `docker` and berth agree.)
// - cli/context/docker/load.go: a named context's TLS is its own tls/ store only; TLS is on
//   when any of ca/cert/key.pem exists there or SkipTLSVerify is set; sockets never use TLS.
// Departure: with TLS on and a unix:// host the CLI still insists on reading ca.pem; berth
// does not, since a socket never uses it.
#include "engine/endpoint.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <system_error>

#include "core/digest.hpp"
#include "core/file.hpp"
#include "core/json_read.hpp"
#include "core/text.hpp"

namespace berth::engine {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kDefaultSocket = "/var/run/docker.sock";
constexpr std::string_view kDefaultTcpPort =
    "2375";  // also with TLS (opts/hosts.go defaultTCPHost)
constexpr std::string_view kDefaultTlsHost = "tcp://localhost:2376";
constexpr std::string_view kDefaultContext = "default";

std::string env_of(const EndpointSettings& s, const std::string& name) {
    auto it = s.env.find(name);
    return it == s.env.end() ? std::string() : it->second;
}

// cli/config Dir(): $DOCKER_CONFIG, else ~/.docker.
std::string config_dir(const EndpointSettings& s) {
    std::string dir = env_of(s, "DOCKER_CONFIG");
    return dir.empty() ? env_of(s, "HOME") + "/.docker" : dir;
}

bool is_file(const std::string& path) {
    std::error_code ec;
    return fs::is_regular_file(path, ec);
}

// A docker CLI configuration file (config.json, a context's meta.json); nullopt when missing,
// not a regular file (core/file.hpp: a FIFO is refused, never waited on) or over 4 MiB.
std::optional<std::string> read_file(const std::string& path) {
    auto text = read_regular_file(path, std::uint64_t{4} << 20U);
    if (!text) return std::nullopt;
    return std::move(*text);
}

std::string bad_address(std::string_view value) {
    return "invalid docker host '" + std::string(value) +
           "': expected unix:///path, tcp://host[:port] (or host[:port], /path)";
}

bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// opts.ParseTCPAddr with the default tcp://localhost:2375.
Result<std::string> parse_tcp(std::string_view addr, std::string_view original) {
    if (addr.empty()) return "tcp://localhost:" + std::string(kDefaultTcpPort);
    if (addr.find("://") != std::string_view::npos) {
        return fail(ErrorCode::InvalidArgument, bad_address(original));
    }
    const auto slash = addr.find('/');
    const std::string path(slash == std::string_view::npos ? "" : addr.substr(slash));
    std::string_view hostport = addr.substr(0, slash);
    std::string host;
    std::string port;
    if (!hostport.empty() && hostport.front() == '[') {
        // "[::1]:2376" or "[::1]:" (default port); "[::1]" alone is refused, as by the CLI.
        const auto close = hostport.find("]:");
        if (close == std::string_view::npos) {
            return fail(ErrorCode::InvalidArgument, bad_address(original));
        }
        host = hostport.substr(1, close - 1);
        port = hostport.substr(close + 2);
    } else if (std::count(hostport.begin(), hostport.end(), ':') == 1) {
        const auto colon = hostport.find(':');
        host = hostport.substr(0, colon);
        port = hostport.substr(colon + 1);
    } else {
        host = hostport;  // no port, or a bare IPv6 address
    }
    if (host.empty()) host = "localhost";
    if (port.empty()) port = kDefaultTcpPort;
    if (!all_digits(port)) return fail(ErrorCode::InvalidArgument, bad_address(original));
    const std::string joined = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    return "tcp://" + joined + ":" + port + path;
}

// opts.parseSimpleProtoAddr: unix:// and npipe://, with a default address.
Result<std::string> parse_simple(std::string_view proto, std::string_view addr,
                                 std::string_view fallback, std::string_view original) {
    if (addr.find("://") != std::string_view::npos) {
        return fail(ErrorCode::InvalidArgument, bad_address(original));
    }
    return std::string(proto) + "://" + std::string(addr.empty() ? fallback : addr);
}

// Fills unix_socket/base_url from the normalized host; refuses transports berth lacks.
Status fill_transport(Endpoint& ep, const std::string& where) {
    const auto sep = ep.host.find("://");
    const std::string proto = ep.host.substr(0, sep);
    const std::string rest = ep.host.substr(sep + 3);
    if (proto == "unix") {
        ep.unix_socket = rest;
        ep.base_url = "http://localhost";
        ep.tls = false;  // a socket never uses TLS (cli/context/docker/load.go isSocket)
        ep.ca_file.clear();
        ep.cert_file.clear();
        ep.key_file.clear();
        return {};
    }
    if (proto == "tcp") {
        ep.base_url = (ep.tls ? "https://" : "http://") + rest;
        while (ep.base_url.back() == '/') ep.base_url.pop_back();
        return {};
    }
    if (proto == "ssh") {
        return fail(ErrorCode::Unsupported,
                    "ssh:// Docker hosts are not supported (the docker CLI runs `ssh … docker "
                    "system dial-stdio` for them); forward the socket instead, e.g. `ssh -nNT -L "
                    "/tmp/docker.sock:/var/run/docker.sock HOST`, and use "
                    "unix:///tmp/docker.sock",
                    where);
    }
    if (proto == "npipe") {
        return fail(ErrorCode::Unsupported,
                    "npipe:// (Windows named pipe) Docker hosts are not supported: berth talks to "
                    "unix:// and tcp:// endpoints",
                    where);
    }
    return fail(ErrorCode::Unsupported,
                "fd:// is dockerd's socket activation, not an address a client can connect to: "
                "use unix:///path or tcp://host:port",
                where);
}

// The "default" context: host from --host/DOCKER_HOST, TLS from the environment.
Result<Endpoint> default_endpoint(const EndpointSettings& s, EndpointSource source) {
    const bool verify = !env_of(s, "DOCKER_TLS_VERIFY").empty();
    const bool tls = verify || !env_of(s, "DOCKER_TLS").empty();
    std::string raw = s.host_flag.empty() ? env_of(s, "DOCKER_HOST") : s.host_flag;
    const std::string where =
        raw.empty() ? std::string() : std::string(source_name(source)) + "=" + raw;
    Endpoint ep;
    ep.source = source;
    auto host = parse_host(raw, tls);
    if (!host) return fail(with_where(host.error(), where));
    ep.host = std::move(*host);
    ep.tls = tls;
    ep.verify_tls = verify;
    if (tls && ep.host.rfind("tcp://", 0) == 0) {
        std::string dir = env_of(s, "DOCKER_CERT_PATH");
        if (dir.empty()) dir = config_dir(s);
        ep.ca_file = dir + "/ca.pem";
        if (!is_file(ep.ca_file)) {
            return fail(ErrorCode::NotFound,
                        "TLS is on (DOCKER_TLS_VERIFY/DOCKER_TLS) but the CA certificate " +
                            ep.ca_file +
                            " does not exist; set DOCKER_CERT_PATH to the directory "
                            "holding ca.pem, cert.pem and key.pem",
                        where.empty() ? ep.host : where);
        }
        if (is_file(dir + "/cert.pem") && is_file(dir + "/key.pem")) {
            ep.cert_file = dir + "/cert.pem";
            ep.key_file = dir + "/key.pem";
        }
    }
    if (auto st = fill_transport(ep, where.empty() ? ep.host : where); !st) return fail(st.error());
    return ep;
}

// A named context from the context store (cli/context/store: meta/<sha256(name)>/meta.json,
// tls/<sha256(name)>/docker/{ca,cert,key}.pem).
Result<Endpoint> context_endpoint(const EndpointSettings& s, const std::string& name,
                                  EndpointSource source) {
    const std::string id = sha256_of(name).hex;
    const std::string root = config_dir(s) + "/contexts";
    const std::string meta_path = root + "/meta/" + id + "/meta.json";
    const std::string where = "context \"" + name + "\" (" + std::string(source_name(source)) + ")";
    auto text = read_file(meta_path);
    if (!text) {
        return fail(ErrorCode::NotFound,
                    "Docker context \"" + name + "\" does not exist (no " + meta_path + ")", where);
    }
    auto doc = json_read::parse(*text, meta_path);
    if (!doc) return fail(doc.error());
    const json_read::Cursor docker = json_read::Cursor(*doc, meta_path)["Endpoints"]["docker"];
    if (!docker.value().is_object()) {
        return fail(ErrorCode::Format, "context has no docker endpoint (Endpoints.docker)",
                    meta_path);
    }
    auto raw = docker.opt_string("Host");
    if (!raw) return fail(raw.error());
    auto skip = docker.opt_bool("SkipTLSVerify");
    if (!skip) return fail(skip.error());
    Endpoint ep;
    ep.source = source;
    ep.context = name;
    // The CLI stores a context's host as given and connects to it without opts.ParseHost, so
    // "tcp://h" means port 80 (443 with TLS) here, not 2375.
    ep.host = std::string(text::trim(*raw));
    if (ep.host.empty()) ep.host = "unix://" + std::string(kDefaultSocket);
    const auto sep = ep.host.find("://");
    if (sep == std::string::npos || sep == 0 || ep.host.size() == sep + 3) {
        return fail(ErrorCode::InvalidArgument, bad_address(ep.host), where);
    }
    const std::string proto = ep.host.substr(0, sep);
    if (proto != "tcp" && proto != "unix" && proto != "ssh" && proto != "npipe" && proto != "fd") {
        return fail(ErrorCode::InvalidArgument, bad_address(ep.host), where);
    }
    const std::string tls_dir = root + "/tls/" + id + "/docker/";
    if (is_file(tls_dir + "ca.pem")) ep.ca_file = tls_dir + "ca.pem";
    if (is_file(tls_dir + "cert.pem") && is_file(tls_dir + "key.pem")) {
        ep.cert_file = tls_dir + "cert.pem";
        ep.key_file = tls_dir + "key.pem";
    }
    const bool any_tls_file =
        !ep.ca_file.empty() || is_file(tls_dir + "cert.pem") || is_file(tls_dir + "key.pem");
    ep.tls = any_tls_file || *skip;
    ep.verify_tls = !*skip;
    if (auto st = fill_transport(ep, where); !st) return fail(st.error());
    return ep;
}

// "currentContext" of config.json; a broken file is a warning, as in the CLI.
std::string current_context(const EndpointSettings& s, std::vector<std::string>& warnings) {
    const std::string path = config_dir(s) + "/config.json";
    auto text = read_file(path);
    if (!text) return {};
    auto doc = json_read::parse(*text, path);
    if (!doc) {
        warnings.push_back("error loading config file: " + doc.error().to_string());
        return {};
    }
    return json_read::Cursor(*doc, path).string_or("currentContext");
}

}  // namespace

std::string_view source_name(EndpointSource source) {
    switch (source) {
        case EndpointSource::HostFlag:
            return "--host";
        case EndpointSource::DockerHost:
            return "DOCKER_HOST";
        case EndpointSource::ContextFlag:
            return "--context";
        case EndpointSource::DockerContext:
            return "DOCKER_CONTEXT";
        case EndpointSource::CurrentContext:
            return "config.json currentContext";
        case EndpointSource::Default:
            return "default";
    }
    return "default";
}

Result<std::string> parse_host(std::string_view value, bool default_tls) {
    const std::string_view v = text::trim(value);
    if (v.empty()) {
        return default_tls ? std::string(kDefaultTlsHost) : "unix://" + std::string(kDefaultSocket);
    }
    std::string_view proto;
    std::string_view addr;
    if (auto sep = v.find("://"); sep != std::string_view::npos) {
        proto = v.substr(0, sep);
        addr = v.substr(sep + 3);
    } else {
        // A path-looking value means a socket (recent docker/cli); anything else is tcp.
        proto = v.front() == '/' || v.rfind("./", 0) == 0 ? "unix" : "tcp";
        addr = v;
    }
    if (proto == "tcp") return parse_tcp(addr, value);
    if (proto == "unix") return parse_simple(proto, addr, kDefaultSocket, value);
    if (proto == "npipe") return parse_simple(proto, addr, "//./pipe/docker_engine", value);
    if (proto == "fd" || proto == "ssh") return std::string(v);
    return fail(ErrorCode::InvalidArgument, bad_address(value));
}

EndpointSettings settings_from_process(std::string host_flag) {
    EndpointSettings s;
    s.host_flag = std::move(host_flag);
    for (const char* name : {"DOCKER_HOST", "DOCKER_CONTEXT", "DOCKER_CONFIG", "DOCKER_TLS",
                             "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH", "HOME"}) {
        if (const char* v = std::getenv(name); v != nullptr) s.env[name] = v;
    }
    if (s.env["HOME"].empty()) {
        // Go's os/user fallback when $HOME is unset (containers, systemd units).
        if (const passwd* pw = ::getpwuid(::getuid()); pw != nullptr && pw->pw_dir != nullptr) {
            s.env["HOME"] = pw->pw_dir;
        }
    }
    return s;
}

Result<Endpoint> resolve_endpoint(const EndpointSettings& s) {
    if (!s.host_flag.empty() && !s.context_flag.empty()) {
        return fail(ErrorCode::InvalidArgument,
                    "conflicting options: either specify --host or --context, not both");
    }
    std::vector<std::string> warnings;
    std::string name;
    EndpointSource source = EndpointSource::Default;
    if (!s.context_flag.empty()) {
        name = s.context_flag;
        source = EndpointSource::ContextFlag;
    } else if (!s.host_flag.empty()) {
        source = EndpointSource::HostFlag;
    } else if (!env_of(s, "DOCKER_HOST").empty()) {
        source = EndpointSource::DockerHost;
    } else if (name = env_of(s, "DOCKER_CONTEXT"); !name.empty()) {
        source = EndpointSource::DockerContext;
    } else if (name = current_context(s, warnings); !name.empty()) {
        source = EndpointSource::CurrentContext;
    }
    Result<Endpoint> ep = name.empty() || name == kDefaultContext
                              ? default_endpoint(s, name.empty() ? source : EndpointSource::Default)
                              : context_endpoint(s, name, source);
    if (ep) ep->warnings = std::move(warnings);
    return ep;
}

Result<Endpoint> resolve_endpoint_from_env(std::string host_flag) {
    return resolve_endpoint(settings_from_process(std::move(host_flag)));
}

}  // namespace berth::engine

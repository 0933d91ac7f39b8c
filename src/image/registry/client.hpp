// SPDX-License-Identifier: Apache-2.0
// A Docker Registry HTTP API v2 / OCI distribution-spec client for pulling: endpoint and
// scheme selection, authentication (anonymous, Basic, Bearer token flow), manifests and blobs.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/digest.hpp"
#include "core/result.hpp"
#include "core/stream.hpp"
#include "image/image.hpp"
#include "image/reference.hpp"
#include "image/registry/auth.hpp"
#include "net/http.hpp"

namespace berth::image::registry {

/// How to reach registries.
struct RegistryOptions {
    /// Credentials given by the user (--username/--password-stdin); when unset, the docker
    /// config ($DOCKER_CONFIG/config.json, ~/.docker/config.json) is consulted.
    std::optional<Credentials> credentials;
    /// host[:port] of registries that may be reached over plain HTTP or HTTPS without
    /// certificate verification (dockerd's insecure-registries). Loopback hosts may always fall
    /// back to plain HTTP (with certificates still verified when HTTPS answers).
    std::vector<std::string> insecure_registries;
    /// Mirror URLs tried in order before Docker Hub for docker.io images (dockerd's
    /// registry-mirrors).
    std::vector<std::string> mirrors;
    net::RetryPolicy retry;
};

/// True for "localhost", 127.0.0.0/8 and ::1 hosts, with or without a port.
bool is_loopback_host(std::string_view host);

/// The base URLs ("https://host:port") to try for a registry host, in order: mirrors first for
/// docker.io, then the registry itself; plain http:// after https:// only for loopback and
/// insecure hosts.
std::vector<std::string> endpoint_candidates(std::string_view host, const RegistryOptions& options);

/// A manifest or index as fetched.
struct FetchedManifest {
    std::string media_type;  ///< from Content-Type, else the document's mediaType
    std::string body;
    Digest digest;  ///< sha256 of body, checked against the request and Docker-Content-Digest
};

/// Talks to one repository on one registry endpoint. Thread-safe: layers are fetched from
/// several threads; the bearer token is shared under a mutex.
class RegistryClient {
  public:
    /// Pings `<base>/v2/` of the first endpoint candidate that answers HTTP and remembers its
    /// auth challenge. `host` is the reference's domain, `repository` its path.
    /// Errors: Io (no endpoint answered; every attempt's error is in the message).
    static Result<std::shared_ptr<RegistryClient>> connect(const std::string& host,
                                                           const std::string& repository,
                                                           const std::string& base_url,
                                                           const RegistryOptions& options);

    /// GET /v2/<repo>/manifests/<tag or digest> with every supported media type in Accept.
    /// Errors: NotFound (404), Io (401/403: unauthorized, with a hint; other statuses),
    /// DigestMismatch, LimitExceeded.
    Result<FetchedManifest> get_manifest(const std::string& tag_or_digest);

    /// GET /v2/<repo>/blobs/<digest> into memory (configs), verified. Errors as get_manifest.
    Result<std::string> get_blob(const Digest& digest, std::uint64_t max_bytes);

    /// GET /v2/<repo>/blobs/<digest> as a stream (layers); the caller (the layer walker)
    /// verifies the digest while reading. Errors: NotFound, Io; Truncated from read().
    Result<std::unique_ptr<ByteStream>> open_blob(const Digest& digest);

    /// "https://127.0.0.1:5000" — the endpoint in use.
    [[nodiscard]] const std::string& base_url() const { return base_; }

  private:
    RegistryClient(std::string host, std::string repository, std::string base, bool verify_tls,
                   RegistryOptions options);
    Result<net::HttpStream> send(const std::string& path, const std::vector<std::string>& headers);
    Status authenticate(const std::vector<Challenge>& challenges);
    Result<std::optional<Credentials>> credentials();
    [[nodiscard]] net::HttpRequest request(const std::string& url) const;
    [[nodiscard]] Error status_error(const net::HttpResponse& r, const std::string& what) const;

    std::string host_;
    std::string repository_;
    std::string base_;
    bool verify_tls_ = true;
    RegistryOptions options_;
    std::mutex mu_;
    std::string authorization_;          ///< "Bearer …" or "Basic …" once known
    std::vector<Challenge> challenges_;  ///< from the ping
    bool credentials_loaded_ = false;
    std::optional<Credentials> credentials_;
};

/// Pulls the metadata of `ref` (tag or digest), choosing `platform` from an index, and returns
/// an Image whose layers stream from the registry when opened. Mirrors are tried in order for
/// docker.io; the first endpoint that serves the manifest is used for the rest.
/// Errors: as RegistryClient; NotFound (platform), Unsupported (schema 1, unknown media type).
Result<Image> read_registry(const Reference& ref, const RegistryOptions& options,
                            const Platform& platform);

}  // namespace berth::image::registry

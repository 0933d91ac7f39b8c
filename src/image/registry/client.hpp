// SPDX-License-Identifier: Apache-2.0
// A Docker Registry HTTP API v2 / OCI distribution-spec client: endpoint and scheme selection,
// authentication (anonymous, Basic, Bearer token flow), manifests and blobs; for signatures also
// pushing (blob upload, manifest PUT) and the referrers API with the referrers tag schema
// (push.cpp).
#pragma once

#include <map>
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
    /// Ask the token service for "pull,push" access instead of "pull" (berth sign).
    bool push = false;
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

/// A manifest stored by RegistryClient::put_manifest.
struct PushedManifest {
    Digest digest;  ///< sha256 of the body, checked against Docker-Content-Digest
    /// The OCI-Subject header: the subject's digest when the registry indexed the manifest for
    /// its referrers API, "" when it did not (then the referrers tag schema is the client's job).
    std::string subject;
};

/// One descriptor of a referrers list (an entry of an OCI index).
struct Referrer {
    std::string media_type;
    Digest digest;
    std::uint64_t size = 0;
    std::string artifact_type;
    std::map<std::string, std::string> annotations;
};

/// Where a referrers list was found.
enum class ReferrersSource {
    Api,        ///< GET /v2/<name>/referrers/<digest>
    TagSchema,  ///< the index tagged sha256-<hex> (registries without the API)
    None,       ///< no API and no such tag: nothing refers to the digest
};

/// The manifests that name a digest as their subject.
struct Referrers {
    ReferrersSource source = ReferrersSource::None;
    std::vector<Referrer> items;
};

/// The referrers tag schema's tag for `digest`: "sha256-<hex>" (distribution-spec "Referrers
/// Tag Schema"; also the stem of cosign's "sha256-<hex>.sig" signature tag).
std::string digest_tag(const Digest& digest);

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

    /// HEAD /v2/<repo>/blobs/<digest>: whether the registry has the blob.
    /// Errors: Io (statuses other than 200 and 404; unauthorized).
    Result<bool> has_blob(const Digest& digest);

    /// Uploads `data` as a blob unless has_blob() says it is there: POST /v2/<repo>/blobs/uploads/
    /// then a monolithic PUT <Location>?digest=… (distribution-spec "Pushing blobs").
    /// Returns its digest. Errors: Io (refused, with the registry's error code), Format.
    Result<Digest> push_blob(std::string_view data);

    /// PUT /v2/<repo>/manifests/<tag or digest> with Content-Type `media_type`. The referenced
    /// blobs (and manifests, for an index) must be pushed first. Errors: Io (refused),
    /// DigestMismatch (the registry stored other bytes).
    Result<PushedManifest> put_manifest(const std::string& tag_or_digest,
                                        std::string_view media_type, const std::string& body);

    /// Pushes `manifest` (an OCI manifest with a `subject`) by digest and, when the registry
    /// does not answer OCI-Subject, adds it to the referrers tag schema index of the subject
    /// (read, append unless present, PUT). Errors: those of put_manifest, Format (no subject).
    Result<PushedManifest> push_referrer(const std::string& manifest);

    /// The manifests referring to `subject`, of `artifact_type` when not empty: the referrers
    /// API, else (HTTP 404) the referrers tag schema, else (404 again) none. Fails closed: any
    /// other status, a transport error or a malformed index is an error, never "none".
    /// Errors: Io, Format (with the JSON path), LimitExceeded.
    Result<Referrers> list_referrers(const Digest& subject, std::string_view artifact_type);

    /// "https://127.0.0.1:5000" — the endpoint in use.
    [[nodiscard]] const std::string& base_url() const { return base_; }

  private:
    RegistryClient(std::string host, std::string repository, std::string base, bool verify_tls,
                   RegistryOptions options);
    /// `target` is a path under the endpoint ("/v2/…") or an absolute URL (an upload Location);
    /// credentials go only to the endpoint's origin.
    Result<net::HttpStream> send(const std::string& method, const std::string& target,
                                 const std::vector<std::string>& headers,
                                 const std::string& body = "");
    Result<Referrers> referrers_from_tag(const Digest& subject, std::string_view artifact_type);
    Status add_to_referrers_tag(const Digest& subject, const Referrer& entry);
    Status authenticate(const std::vector<Challenge>& challenges);
    Result<std::optional<Credentials>> credentials();
    [[nodiscard]] net::HttpRequest request(const std::string& url) const;
    /// "HTTP 500 reading manifest …"; `verb` says what was being done ("reading", "pushing").
    [[nodiscard]] Error status_error(const net::HttpResponse& r, const std::string& what,
                                     const std::string& verb = "reading") const;

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

/// Connects to the registry of `ref` for signing and verifying: the first endpoint candidate
/// (without mirrors: signatures live on the registry itself) that answers.
/// Errors: Io naming every endpoint tried.
Result<std::shared_ptr<RegistryClient>> connect_repository(const Reference& ref,
                                                           const RegistryOptions& options);

/// Pulls the metadata of `ref` (tag or digest), choosing `platform` from an index, and returns
/// an Image whose layers stream from the registry when opened. Mirrors are tried in order for
/// docker.io; the first endpoint that serves the manifest is used for the rest.
/// Errors: as RegistryClient; NotFound (platform), Unsupported (schema 1, unknown media type).
Result<Image> read_registry(const Reference& ref, const RegistryOptions& options,
                            const Platform& platform);

}  // namespace berth::image::registry

// SPDX-License-Identifier: Apache-2.0
// Pull side of the distribution spec (opencontainers/distribution-spec spec.md "Pull";
// docker/distribution docs/spec/api.md, docs/spec/auth/token.md). Flow for
// 127.0.0.1:5000/demo/app:1.0: GET /v2/ (401 + WWW-Authenticate: Bearer realm=…,service=…)
// → GET realm?service=…&scope=repository:demo/app:pull (Basic credentials if any) → token →
// GET /v2/demo/app/manifests/1.0 (Accept: OCI index, OCI manifest, Docker list, Docker v2)
// → index? pick the platform, GET manifests/<digest> → GET blobs/<config> → layers lazily.
#include "image/registry/client.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/json_read.hpp"
#include "image/media_types.hpp"

namespace berth::image::registry {
namespace {

using json_read::Cursor;
using nlohmann::json;

using media_type::kDockerList;
using media_type::kDockerManifest;
using media_type::kDockerSchema1;
using media_type::kOciIndex;
using media_type::kOciManifest;

std::string host_without_port(std::string_view host) {
    if (!host.empty() && host.front() == '[')
        return std::string(host.substr(0, host.find(']') + 1));
    return std::string(host.substr(0, host.rfind(':')));
}

std::string media_type_of(const net::HttpResponse& r, const Cursor& doc) {
    std::string ct = r.header("content-type").value_or("");
    ct = ct.substr(0, ct.find(';'));
    while (!ct.empty() && ct.back() == ' ') ct.pop_back();
    if (ct.empty() || ct == "application/json" || ct == "text/plain" ||
        ct == "application/octet-stream") {
        if (doc.value().is_object()) {
            if (doc["mediaType"].value().is_string()) return doc.string_or("mediaType");
            if (doc.value().contains("manifests")) return std::string(kOciIndex);
            if (doc.value().contains("layers")) return std::string(kOciManifest);
        }
    }
    return ct;
}

bool platform_matches(const Platform& have, const Platform& want) {
    if (have.os != want.os || have.architecture != want.architecture) return false;
    if (want.variant.empty()) return true;
    return have.variant == want.variant || (have.variant.empty() && want.variant == "v8");
}

// The digest of a descriptor ({"mediaType", "digest", "size"}); errors name its JSON path.
Result<Digest> descriptor_digest(const Cursor& d) {
    if (!d.value().is_object()) {
        return fail(d.error("descriptor is not an object (got " +
                            std::string(json_read::type_name(d.value())) + ")"));
    }
    auto text = d.req_string("digest");
    if (!text) return fail(text.error());
    auto dg = parse_digest(*text);
    if (!dg) return fail(d["digest"].error(dg.error().message));
    return *dg;
}

}  // namespace

bool is_loopback_host(std::string_view host) {
    std::string h(host);
    if (!h.empty() && h.front() == '[') {
        h = h.substr(0, h.find(']') + 1);
    } else if (std::count(h.begin(), h.end(), ':') == 1) {
        h = h.substr(0, h.find(':'));
    }
    return h == "localhost" || h.rfind("127.", 0) == 0 || h == "[::1]" || h == "::1";
}

std::vector<std::string> endpoint_candidates(std::string_view host,
                                             const RegistryOptions& options) {
    std::vector<std::string> out;
    if (host == kDefaultDomain || host == "index.docker.io" || host == "registry-1.docker.io") {
        for (auto m : options.mirrors) {
            while (!m.empty() && m.back() == '/') m.pop_back();
            if (m.find("://") == std::string::npos) m = "https://" + m;
            out.push_back(m);
        }
        out.emplace_back("https://registry-1.docker.io");
        return out;
    }
    out.push_back("https://" + std::string(host));
    bool insecure = is_loopback_host(host);
    for (const auto& h : options.insecure_registries) {
        if (h == host || h == host_without_port(host)) insecure = true;
    }
    if (insecure) out.push_back("http://" + std::string(host));
    return out;
}

RegistryClient::RegistryClient(std::string host, std::string repository, std::string base,
                               bool verify_tls, RegistryOptions options)
    : host_(std::move(host)),
      repository_(std::move(repository)),
      base_(std::move(base)),
      verify_tls_(verify_tls),
      options_(std::move(options)) {}

net::HttpRequest RegistryClient::request(const std::string& url) const {
    net::HttpRequest r;
    r.url = url;
    r.verify_tls = verify_tls_;
    return r;
}

Result<std::shared_ptr<RegistryClient>> RegistryClient::connect(const std::string& host,
                                                                const std::string& repository,
                                                                const std::string& base_url,
                                                                const RegistryOptions& options) {
    bool listed = false;
    for (const auto& h : options.insecure_registries) {
        if (h == host || h == host_without_port(host)) listed = true;
    }
    net::HttpRequest ping;
    ping.url = base_url + "/v2/";
    ping.verify_tls = !listed;
    auto r = net::http_fetch(ping, 1U << 20U, options.retry);
    if (!r) return fail(r.error());
    if (r->status != 200 && r->status != 401) {
        return fail(ErrorCode::Io,
                    "not a registry: GET /v2/ answered HTTP " + std::to_string(r->status),
                    ping.url);
    }
    std::shared_ptr<RegistryClient> c(
        new RegistryClient(host, repository, base_url, !listed, options));
    if (r->status == 401) {
        auto ch = parse_challenges(r->header("www-authenticate").value_or(""));
        if (!ch) return fail(ch.error());
        c->challenges_ = std::move(*ch);
    }
    return c;
}

Result<std::optional<Credentials>> RegistryClient::credentials() {
    if (!credentials_loaded_) {
        credentials_loaded_ = true;
        if (options_.credentials) {
            credentials_ = options_.credentials;
        } else {
            auto c = credentials_from_docker_config_file(host_);
            if (!c) return fail(c.error());
            credentials_ = *c;
        }
    }
    return credentials_;
}

Status RegistryClient::authenticate(const std::vector<Challenge>& challenges) {
    auto creds = credentials();
    if (!creds) return fail(creds.error());
    for (const auto& ch : challenges) {
        if (ch.scheme == "basic") {
            if (!*creds) {
                return fail(ErrorCode::Io,
                            "unauthorized: the registry wants a username and password; give "
                            "--username and --password-stdin or run `docker login " +
                                host_ + "`",
                            base_);
            }
            authorization_ = "Authorization: Basic " +
                             base64_encode((*creds)->username + ":" + (*creds)->password);
            return {};
        }
        if (ch.scheme != "bearer") continue;
        auto realm = ch.params.find("realm");
        if (realm == ch.params.end() || realm->second.empty()) {
            return fail(ErrorCode::Format, "Bearer challenge without a realm", base_);
        }
        std::string query;
        if (auto s = ch.params.find("service"); s != ch.params.end())
            query += "service=" + net::url_encode(s->second);
        const std::string scope =
            "repository:" + repository_ + (options_.push ? ":pull,push" : ":pull");
        query += std::string(query.empty() ? "" : "&") + "scope=" + net::url_encode(scope);
        net::HttpRequest tr = request(realm->second);
        // The token service is the registry's choice of host; certificates are verified unless
        // it is the same insecure host.
        tr.verify_tls = verify_tls_ || net::url_origin(realm->second) != net::url_origin(base_);
        if (*creds && (*creds)->is_identity_token()) {
            tr.method = "POST";
            tr.headers.emplace_back("Content-Type: application/x-www-form-urlencoded");
            tr.body = query + "&grant_type=refresh_token&client_id=berth&refresh_token=" +
                      net::url_encode((*creds)->password);
        } else {
            tr.url += (tr.url.find('?') == std::string::npos ? "?" : "&") + query;
            if (*creds) {
                tr.headers.push_back("Authorization: Basic " +
                                     base64_encode((*creds)->username + ":" + (*creds)->password));
            }
        }
        auto r = net::http_fetch(tr, 1U << 20U, options_.retry);
        if (!r) return fail(r.error());
        if (r->status != 200) {
            return fail(ErrorCode::Io,
                        "the token service refused (HTTP " + std::to_string(r->status) + ")" +
                            (*creds ? std::string(": check the credentials")
                                    : std::string("; give --username and --password-stdin or run "
                                                  "`docker login " +
                                                  host_ + "`")),
                        realm->second);
        }
        auto doc = parse_json(r->body, realm->second);
        if (!doc) return fail(doc.error());
        const Cursor answer(*doc, realm->second);
        std::string token = answer.string_or("token");
        if (token.empty()) token = answer.string_or("access_token");
        if (token.empty())
            return fail(ErrorCode::Format, "the token service answered no token", realm->second);
        authorization_ = "Authorization: Bearer " + token;
        return {};
    }
    return fail(ErrorCode::Unsupported,
                "the registry asks for an authentication scheme berth does not speak", base_);
}

Result<net::HttpStream> RegistryClient::send(const std::string& method, const std::string& target,
                                             const std::vector<std::string>& headers,
                                             const std::string& body) {
    const bool absolute = target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0;
    const std::string url = absolute ? target : base_ + target;
    const bool same_origin = net::url_origin(url) == net::url_origin(base_);
    for (int round = 0; round < 2; ++round) {
        std::string auth;
        {
            std::lock_guard lock(mu_);
            if (authorization_.empty() && !challenges_.empty()) {
                if (auto st = authenticate(challenges_); !st) return fail(st.error());
            }
            auth = authorization_;
        }
        net::HttpRequest req = request(url);
        req.method = method;
        req.body = body;
        req.headers = headers;
        if (!auth.empty() && same_origin) req.headers.push_back(auth);
        auto r = net::http_open(req, options_.retry);
        if (!r) return r;
        if (r->head.status != 401 || round == 1) return r;
        auto ch = parse_challenges(r->head.header("www-authenticate").value_or(""));
        if (!ch || ch->empty()) return r;
        std::lock_guard lock(mu_);
        if (authorization_ != auth) continue;  // another thread renewed it
        if (auto st = authenticate(*ch); !st) return fail(st.error());
    }
    return fail(ErrorCode::Internal, "unreachable", url);
}

Error RegistryClient::status_error(const net::HttpResponse& r, const std::string& what,
                                   const std::string& verb) const {
    std::string detail;
    if (auto doc = parse_json(r.body, "")) {
        // distribution-spec error body: {"errors": [{"code", "message", "detail"}]}
        const Cursor first = Cursor(*doc, "")["errors"][0];
        if (first.value().is_object()) {
            detail = first.string_or("code") + ": " + first.string_or("message");
        }
    }
    const std::string where = base_ + "/" + repository_;
    if (r.status == 404) {
        return Error{ErrorCode::NotFound,
                     what + " not found" + (detail.empty() ? "" : " (" + detail + ")"), where};
    }
    if (r.status == 401 || r.status == 403) {
        return Error{ErrorCode::Io,
                     "unauthorized (HTTP " + std::to_string(r.status) + ") " + verb + " " + what +
                         (detail.empty() ? "" : ": " + detail) +
                         "; give --username and --password-stdin or run `docker login " + host_ +
                         "`",
                     where};
    }
    return Error{ErrorCode::Io,
                 "HTTP " + std::to_string(r.status) + " " + verb + " " + what +
                     (detail.empty() ? "" : ": " + detail),
                 where};
}

Result<FetchedManifest> RegistryClient::get_manifest(const std::string& tag_or_digest) {
    const std::string what = "manifest " + repository_ +
                             (tag_or_digest.rfind("sha256:", 0) == 0 ? "@" : ":") + tag_or_digest;
    auto s = send("GET", "/v2/" + repository_ + "/manifests/" + tag_or_digest,
                  {"Accept: " + std::string(kOciIndex) + ", " + std::string(kOciManifest) + ", " +
                   std::string(kDockerList) + ", " + std::string(kDockerManifest)});
    if (!s) return fail(s.error());
    if (!s->body) return fail(status_error(s->head, what));
    auto body = read_all(*s->body, kMaxMetadataBytes, what);
    if (!body) return fail(body.error());
    FetchedManifest m;
    m.digest = sha256_of(*body);
    const std::string where = base_ + "/v2/" + repository_ + "/manifests/" + tag_or_digest;
    if (tag_or_digest.rfind("sha256:", 0) == 0 && m.digest.str() != tag_or_digest) {
        return fail(ErrorCode::DigestMismatch, "manifest hashes to " + m.digest.str(), where);
    }
    if (auto h = s->head.header("docker-content-digest");
        h && h->rfind("sha256:", 0) == 0 && *h != m.digest.str()) {
        return fail(ErrorCode::DigestMismatch,
                    "manifest hashes to " + m.digest.str() + ", the registry says " + *h, where);
    }
    auto doc = parse_json(*body, where);
    if (!doc) return fail(doc.error());
    m.media_type = media_type_of(s->head, Cursor(*doc, where));
    m.body = std::move(*body);
    return m;
}

Result<std::string> RegistryClient::get_blob(const Digest& digest, std::uint64_t max_bytes) {
    auto stream = open_blob(digest);
    if (!stream) return fail(stream.error());
    auto data = read_all(**stream, max_bytes, "blob " + digest.str());
    if (!data) return fail(data.error());
    if (Digest got = sha256_of(*data); got != digest) {
        return fail(ErrorCode::DigestMismatch, "blob hashes to " + got.str(),
                    base_ + "/v2/" + repository_ + "/blobs/" + digest.str());
    }
    return data;
}

Result<std::unique_ptr<ByteStream>> RegistryClient::open_blob(const Digest& digest) {
    auto s = send("GET", "/v2/" + repository_ + "/blobs/" + digest.str(), {});
    if (!s) return fail(s.error());
    if (!s->body) return fail(status_error(s->head, "blob " + digest.str()));
    return std::move(s->body);
}

namespace {

// The digest of the index entry for `want`; NotFound lists the platforms the index has.
Result<Digest> pick_platform(const FetchedManifest& index, const std::string& loc,
                             const Platform& want) {
    const std::string where = loc + "@" + index.digest.str();
    auto doc = parse_json(index.body, where);
    if (!doc) return fail(doc.error());
    const Cursor root(*doc, where);
    if (!doc->is_object() || !root["manifests"].value().is_array()) {
        return fail(ErrorCode::Format, "index has no \"manifests\" array", where);
    }
    auto entries = root["manifests"].elements();
    if (!entries) return fail(entries.error());
    std::string seen;
    for (const Cursor& d : *entries) {
        const Cursor pf = d["platform"];
        if (!pf.value().is_object()) continue;
        Platform p{pf.string_or("os"), pf.string_or("architecture"), pf.string_or("variant")};
        if (platform_matches(p, want)) return descriptor_digest(d);
        seen += (seen.empty() ? "" : ", ") + p.str();
    }
    return fail(ErrorCode::NotFound,
                "no image for platform " + want.str() + " (the index has: " +
                    (seen.empty() ? "none" : seen) + "); choose one with --platform",
                where);
}

// Follows indexes (at most 4 deep) to the image manifest for `want`.
Result<FetchedManifest> resolve_manifest(const std::shared_ptr<RegistryClient>& client,
                                         const Reference& ref, const std::string& loc,
                                         const Platform& want) {
    auto m = client->get_manifest(ref.digest.empty() ? ref.tag : ref.digest);
    if (!m) return fail(m.error());
    for (int depth = 0; media_type::is_index(m->media_type); ++depth) {
        if (depth > 4) return fail(ErrorCode::Format, "image indexes nested too deeply", loc);
        auto chosen = pick_platform(*m, loc, want);
        if (!chosen) return fail(chosen.error());
        m = client->get_manifest(chosen->str());
        if (!m) return fail(m.error());
    }
    const std::string mwhere = loc + "@" + m->digest.str();
    if (m->media_type.rfind(kDockerSchema1, 0) == 0) {
        return fail(ErrorCode::Unsupported,
                    "Docker image manifest schema 1 is deprecated and not supported; re-push the "
                    "image with a current client",
                    mwhere);
    }
    if (!media_type::is_image_manifest(m->media_type)) {
        return fail(ErrorCode::Unsupported,
                    "manifest media type '" + m->media_type + "' is not an image manifest", mwhere);
    }
    return m;
}

// The layers of an image manifest, opened lazily through `client`.
Status read_layers(const std::shared_ptr<RegistryClient>& client, const Cursor& manifest,
                   Image& image) {
    const Cursor layers = manifest["layers"];
    if (!layers.value().is_array()) {
        return fail(ErrorCode::Format, "manifest has no layers array", manifest.where());
    }
    auto entries = layers.elements();
    if (!entries) return fail(entries.error());
    for (std::size_t i = 0; i < entries->size(); ++i) {
        const Cursor& d = (*entries)[i];
        auto dg = descriptor_digest(d);
        if (!dg) return fail(dg.error());
        LayerRef layer;
        layer.index = i;
        layer.digest = *dg;
        layer.media_type = d.string_or("mediaType");
        if (const auto& sz = d["size"].value(); sz.is_number_unsigned())
            layer.size = sz.get<std::uint64_t>();
        if (layer.media_type.find("nondistributable") != std::string::npos ||
            layer.media_type.find("foreign") != std::string::npos) {
            return fail(d.error("non-distributable (foreign) layers are not fetched"));
        }
        layer.open = [client, digest = *dg]() { return client->open_blob(digest); };
        image.layers.push_back(std::move(layer));
    }
    return {};
}

Result<Image> pull_metadata(const std::shared_ptr<RegistryClient>& client, const Reference& ref,
                            const Platform& want) {
    const std::string loc = client->base_url() + "/" + ref.path;
    auto m = resolve_manifest(client, ref, loc, want);
    if (!m) return fail(m.error());
    const std::string mwhere = loc + "@" + m->digest.str();
    auto doc = parse_json(m->body, mwhere);
    if (!doc) return fail(doc.error());
    if (!doc->is_object()) return fail(ErrorCode::Format, "manifest is not an object", mwhere);
    const Cursor manifest(*doc, mwhere);
    Image image;
    image.location = loc;
    image.reference = ref.str();
    image.manifest_digest = m->digest;
    image.manifest_media_type = m->media_type;
    const Cursor cfg = manifest["config"];
    if (!cfg.present()) return fail(ErrorCode::Format, "manifest has no config", mwhere);
    auto config_digest = descriptor_digest(cfg);
    if (!config_digest) return fail(config_digest.error());
    image.config_digest = *config_digest;
    image.config_media_type = cfg.string_or("mediaType");
    if (auto st = read_layers(client, manifest, image); !st) return fail(st.error());
    auto config = client->get_blob(*config_digest, kMaxMetadataBytes);
    if (!config) return fail(config.error());
    if (auto st = apply_image_config(image, *config, loc + "@" + config_digest->str()); !st)
        return fail(st.error());
    return image;
}

}  // namespace

Result<std::shared_ptr<RegistryClient>> connect_repository(const Reference& ref,
                                                           const RegistryOptions& options) {
    RegistryOptions direct = options;
    direct.mirrors.clear();
    std::string errors;
    for (const auto& base : endpoint_candidates(ref.domain, direct)) {
        auto client = RegistryClient::connect(ref.domain, ref.path, base, direct);
        if (client) return client;
        errors += (errors.empty() ? "" : "; ") + client.error().to_string();
    }
    return fail(ErrorCode::Io, "cannot reach the registry: " + errors, ref.name());
}

Result<Image> read_registry(const Reference& ref, const RegistryOptions& options,
                            const Platform& platform) {
    std::string errors;
    Error last{ErrorCode::Io, "", ref.str()};
    for (const auto& base : endpoint_candidates(ref.domain, options)) {
        auto client = RegistryClient::connect(ref.domain, ref.path, base, options);
        if (!client) {
            errors += (errors.empty() ? "" : "; ") + client.error().to_string();
            last = client.error();
            continue;
        }
        auto image = pull_metadata(*client, ref, platform);
        // A registry that answered decides, except a mirror that lacks the image.
        if (image || base == endpoint_candidates(ref.domain, options).back() ||
            ref.domain != kDefaultDomain) {
            if (!image) return fail(image.error());
            return image;
        }
        errors += (errors.empty() ? "" : "; ") + image.error().to_string();
        last = image.error();
    }
    return fail(last.code, "cannot reach the registry: " + errors, ref.str());
}

}  // namespace berth::image::registry

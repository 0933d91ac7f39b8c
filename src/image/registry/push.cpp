// SPDX-License-Identifier: Apache-2.0
// Push side of the distribution spec and the referrers API (opencontainers/distribution-spec
// spec.md "Push", "Listing Referrers", "Referrers Tag Schema"), as far as signatures need it:
//
//   HEAD /v2/demo/app/blobs/sha256:44136f…             404 → upload, 200 → skip
//   POST /v2/demo/app/blobs/uploads/                   202 Location:
//   /v2/demo/app/blobs/uploads/<id> PUT  <Location>?digest=sha256:44136f…  (the bytes) 201 PUT
//   /v2/demo/app/manifests/sha256:9f2c…           201 [OCI-Subject: sha256:c000…] GET
//   /v2/demo/app/referrers/sha256:c000…           200 index | 404 → GET manifests/sha256-c000…
//
// Small bodies only (signatures, payloads, bundles: KiB), so uploads are monolithic and held in
// memory; no chunked upload and no cross-repository mount.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/json_read.hpp"
#include "image/media_types.hpp"
#include "image/registry/client.hpp"

namespace berth::image::registry {
namespace {

using json_read::Cursor;
using nlohmann::json;

// Referrer listings are followed over at most this many pages (Link: rel="next").
constexpr int kMaxReferrerPages = 64;
// More referrers than this for one digest is refused rather than half-read.
constexpr std::size_t kMaxReferrers = 4096;

// The next page of a paginated answer: Link: </v2/…/referrers/…?n=…&last=…>; rel="next".
std::string next_link(const net::HttpResponse& r) {
    auto link = r.header("link");
    if (!link || link->find("rel=\"next\"") == std::string::npos) return "";
    auto open = link->find('<');
    auto close = link->find('>', open);
    if (open == std::string::npos || close == std::string::npos) return "";
    return link->substr(open + 1, close - open - 1);
}

// The entries of an OCI index (`manifests`), keeping those of `artifact_type` when it is set.
Status read_referrers(std::string_view body, const std::string& where,
                      std::string_view artifact_type, std::vector<Referrer>& out) {
    auto doc = parse_json(body, where);
    if (!doc) return fail(doc.error());
    const Cursor root(*doc, where);
    if (!doc->is_object() || !root["manifests"].value().is_array()) {
        return fail(ErrorCode::Format, "referrers index has no \"manifests\" array", where);
    }
    auto entries = root["manifests"].elements();
    if (!entries) return fail(entries.error());
    for (const Cursor& d : *entries) {
        if (!d.value().is_object()) return fail(d.error("descriptor is not an object"));
        Referrer r;
        auto media = d.req_string("mediaType");
        auto digest = d.req_string("digest");
        if (!media) return fail(media.error());
        if (!digest) return fail(digest.error());
        auto dg = parse_digest(*digest);
        if (!dg) return fail(d["digest"].error(dg.error().message));
        r.media_type = std::move(*media);
        r.digest = std::move(*dg);
        if (const auto& sz = d["size"].value(); sz.is_number_unsigned())
            r.size = sz.get<std::uint64_t>();
        r.artifact_type = d.string_or("artifactType");
        if (const auto& a = d["annotations"].value(); a.is_object()) {
            for (const auto& [k, v] : a.items()) {
                if (!v.is_string()) return fail(d["annotations"][k].error("must be a string"));
                r.annotations[k] = v.get<std::string>();
            }
        }
        if (!artifact_type.empty() && r.artifact_type != artifact_type) continue;
        if (out.size() >= kMaxReferrers) {
            return fail(ErrorCode::LimitExceeded,
                        "more than " + std::to_string(kMaxReferrers) + " referrers", where);
        }
        out.push_back(std::move(r));
    }
    return {};
}

json descriptor_json(const Referrer& r) {
    json d = {{"mediaType", r.media_type}, {"digest", r.digest.str()}, {"size", r.size}};
    if (!r.artifact_type.empty()) d["artifactType"] = r.artifact_type;
    if (!r.annotations.empty()) d["annotations"] = r.annotations;
    return d;
}

}  // namespace

std::string digest_tag(const Digest& digest) {
    return digest.algorithm + "-" + digest.hex;
}

Result<bool> RegistryClient::has_blob(const Digest& digest) {
    auto s = send("HEAD", "/v2/" + repository_ + "/blobs/" + digest.str(), {});
    if (!s) return fail(s.error());
    if (s->head.status == 404) return false;
    if (s->body) return true;
    return fail(status_error(s->head, "blob " + digest.str()));
}

Result<Digest> RegistryClient::push_blob(std::string_view data) {
    const Digest digest = sha256_of(data);
    const std::string what = "blob " + digest.str() + " to " + repository_;
    auto have = has_blob(digest);
    if (!have) return fail(have.error());
    if (*have) return digest;
    auto start = send("POST", "/v2/" + repository_ + "/blobs/uploads/", {});
    if (!start) return fail(start.error());
    if (!start->body) return fail(status_error(start->head, what, "starting the upload of"));
    auto location = start->head.header("location");
    if (!location || location->empty()) {
        return fail(ErrorCode::Format, "the registry answered the upload without a Location",
                    base_ + "/v2/" + repository_ + "/blobs/uploads/");
    }
    std::string url = *location;
    url += (url.find('?') == std::string::npos ? "?" : "&") + std::string("digest=") +
           net::url_encode(digest.str());
    auto put = send("PUT", url, {"Content-Type: application/octet-stream"}, std::string(data));
    if (!put) return fail(put.error());
    if (!put->body) return fail(status_error(put->head, what, "pushing"));
    return digest;
}

Result<PushedManifest> RegistryClient::put_manifest(const std::string& tag_or_digest,
                                                    std::string_view media_type,
                                                    const std::string& body) {
    PushedManifest out;
    out.digest = sha256_of(body);
    const std::string what = "manifest " + repository_ +
                             (tag_or_digest.rfind("sha256:", 0) == 0 ? "@" : ":") + tag_or_digest;
    const std::string where = base_ + "/v2/" + repository_ + "/manifests/" + tag_or_digest;
    if (tag_or_digest.rfind("sha256:", 0) == 0 && tag_or_digest != out.digest.str()) {
        return fail(ErrorCode::DigestMismatch, "manifest hashes to " + out.digest.str(), where);
    }
    auto s = send("PUT", "/v2/" + repository_ + "/manifests/" + tag_or_digest,
                  {"Content-Type: " + std::string(media_type)}, body);
    if (!s) return fail(s.error());
    if (!s->body) return fail(status_error(s->head, what, "pushing"));
    if (auto h = s->head.header("docker-content-digest");
        h && h->rfind("sha256:", 0) == 0 && *h != out.digest.str()) {
        return fail(
            ErrorCode::DigestMismatch,
            "pushed a manifest hashing to " + out.digest.str() + ", the registry says " + *h,
            where);
    }
    out.subject = s->head.header("oci-subject").value_or("");
    return out;
}

Result<PushedManifest> RegistryClient::push_referrer(const std::string& manifest) {
    const Digest digest = sha256_of(manifest);
    const std::string where = base_ + "/" + repository_ + "@" + digest.str();
    auto doc = parse_json(manifest, where);
    if (!doc) return fail(doc.error());
    const Cursor root(*doc, where);
    auto subject_text = root["subject"].req_string("digest");
    if (!subject_text) return fail(subject_text.error());
    auto subject = parse_digest(*subject_text);
    if (!subject) return fail(root["subject"]["digest"].error(subject.error().message));
    Referrer entry;
    entry.media_type = root.string_or("mediaType", std::string(media_type::kOciManifest));
    entry.digest = digest;
    entry.size = manifest.size();
    entry.artifact_type = root.string_or("artifactType");
    if (entry.artifact_type.empty()) entry.artifact_type = root["config"].string_or("mediaType");
    if (const auto& a = root["annotations"].value(); a.is_object()) {
        for (const auto& [k, v] : a.items()) {
            if (v.is_string()) entry.annotations[k] = v.get<std::string>();
        }
    }
    auto pushed = put_manifest(digest.str(), entry.media_type, manifest);
    if (!pushed) return fail(pushed.error());
    if (pushed->subject == subject->str()) return pushed;
    if (auto st = add_to_referrers_tag(*subject, entry); !st) return fail(st.error());
    return pushed;
}

Status RegistryClient::add_to_referrers_tag(const Digest& subject, const Referrer& entry) {
    const std::string tag = digest_tag(subject);
    json index = {{"schemaVersion", 2},
                  {"mediaType", std::string(media_type::kOciIndex)},
                  {"manifests", json::array()}};
    auto current = get_manifest(tag);
    if (current) {
        auto doc = parse_json(current->body, base_ + "/" + repository_ + ":" + tag);
        if (!doc) return fail(doc.error());
        if (!doc->is_object() || !(*doc)["manifests"].is_array()) {
            return fail(ErrorCode::Format,
                        "the referrers tag is not an index; refusing to overwrite it",
                        base_ + "/" + repository_ + ":" + tag);
        }
        index = std::move(*doc);
    } else if (current.error().code != ErrorCode::NotFound) {
        return fail(current.error());
    }
    auto& manifests = index["manifests"];
    const bool present = std::any_of(manifests.begin(), manifests.end(), [&](const json& d) {
        return d.is_object() && d.value("digest", "") == entry.digest.str();
    });
    if (present) return {};
    manifests.push_back(descriptor_json(entry));
    auto put = put_manifest(tag, media_type::kOciIndex, index.dump());
    if (!put) return fail(put.error());
    return {};
}

Result<Referrers> RegistryClient::list_referrers(const Digest& subject,
                                                 std::string_view artifact_type) {
    std::string target = "/v2/" + repository_ + "/referrers/" + subject.str();
    if (!artifact_type.empty()) target += "?artifactType=" + net::url_encode(artifact_type);
    const std::string what = "the referrers of " + repository_ + "@" + subject.str();
    Referrers out;
    out.source = ReferrersSource::Api;
    for (int page = 0; !target.empty(); ++page) {
        if (page == kMaxReferrerPages) {
            return fail(ErrorCode::LimitExceeded,
                        "more than " + std::to_string(kMaxReferrerPages) + " pages of referrers",
                        base_ + "/" + repository_ + "@" + subject.str());
        }
        auto s = send("GET", target, {"Accept: " + std::string(media_type::kOciIndex)});
        if (!s) return fail(s.error());
        if (page == 0 && s->head.status == 404) return referrers_from_tag(subject, artifact_type);
        if (!s->body) return fail(status_error(s->head, what));
        auto body = read_all(*s->body, kMaxMetadataBytes, what);
        if (!body) return fail(body.error());
        const std::string where = base_ + target;
        if (auto st = read_referrers(*body, where, artifact_type, out.items); !st)
            return fail(st.error());
        target = next_link(s->head);
    }
    return out;
}

Result<Referrers> RegistryClient::referrers_from_tag(const Digest& subject,
                                                     std::string_view artifact_type) {
    Referrers out;
    const std::string tag = digest_tag(subject);
    auto index = get_manifest(tag);
    if (!index) {
        if (index.error().code == ErrorCode::NotFound) return out;
        return fail(index.error());
    }
    out.source = ReferrersSource::TagSchema;
    const std::string where = base_ + "/" + repository_ + ":" + tag;
    if (auto st = read_referrers(index->body, where, artifact_type, out.items); !st)
        return fail(st.error());
    return out;
}

}  // namespace berth::image::registry

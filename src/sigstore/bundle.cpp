// SPDX-License-Identifier: Apache-2.0
#include "sigstore/bundle.hpp"

#include <array>

#include "core/json_read.hpp"
#include "sigstore/encoding.hpp"

namespace berth::sigstore {

namespace {

using json_read::Cursor;

// Media types of sigstore_bundle.proto: v0.1 and v0.2 only in the parameter form, v0.3 in both.
struct MediaType {
    std::string_view name;
    int minor;
};
constexpr std::array<MediaType, 4> kMediaTypes{{
    {"application/vnd.dev.sigstore.bundle+json;version=0.1", 1},
    {"application/vnd.dev.sigstore.bundle+json;version=0.2", 2},
    {"application/vnd.dev.sigstore.bundle+json;version=0.3", 3},
    {"application/vnd.dev.sigstore.bundle.v0.3+json", 3},
}};

Result<std::int64_t> read_non_negative(const Cursor& c, std::string_view key, bool required) {
    if (required && !c[key].present()) return fail(c[key].error("missing"));
    auto v = read_int64(c, key);
    if (!v) return v;
    if (*v < 0) return fail(c[key].error("must not be negative, got " + std::to_string(*v)));
    return v;
}

Result<InclusionProof> parse_inclusion_proof(const Cursor& c) {
    InclusionProof p;
    auto index = read_non_negative(c, "logIndex", true);
    if (!index) return fail(index.error());
    p.log_index = *index;
    auto size = read_non_negative(c, "treeSize", true);
    if (!size) return fail(size.error());
    p.tree_size = *size;
    if (p.log_index >= p.tree_size) {
        return fail(c.error("logIndex " + std::to_string(p.log_index) +
                            " is not inside the tree of size " + std::to_string(p.tree_size)));
    }
    auto root = read_bytes(c, "rootHash");
    if (!root) return fail(root.error());
    if (root->size() != 32) return fail(c["rootHash"].error("must be 32 bytes"));
    p.root_hash = std::move(*root);
    auto hashes = c.opt_array("hashes");
    if (!hashes) return fail(hashes.error());
    auto elements = hashes->elements();
    if (!elements) return fail(elements.error());
    for (const Cursor& h : *elements) {
        if (!h.value().is_string()) return fail(h.error("expected base64 bytes"));
        auto raw = base64_decode_strict(h.value().get_ref<const std::string&>());
        if (!raw || raw->size() != 32) return fail(h.error("not a base64 32-byte hash"));
        p.hashes.push_back(std::move(*raw));
    }
    auto checkpoint = c.opt_object("checkpoint");
    if (!checkpoint) return fail(checkpoint.error());
    auto envelope = checkpoint->opt_string("envelope");
    if (!envelope) return fail(envelope.error());
    p.checkpoint = std::move(*envelope);
    return p;
}

Status parse_kind(const Cursor& c, TlogEntry& e) {
    auto kv = c.req_object("kindVersion");
    if (!kv) return fail(kv.error());
    auto kind = kv->req_string("kind");
    if (!kind) return fail(kind.error());
    auto version = kv->req_string("version");
    if (!version) return fail(version.error());
    e.kind = std::move(*kind);
    e.version = std::move(*version);
    return {};
}

Result<TlogEntry> parse_tlog_entry(const Cursor& c, int minor) {
    TlogEntry e;
    auto index = read_non_negative(c, "logIndex", true);
    if (!index) return fail(index.error());
    e.log_index = *index;
    auto log_id = c.req_object("logId");
    if (!log_id) return fail(log_id.error());
    auto key_id = read_bytes(*log_id, "keyId");
    if (!key_id) return fail(key_id.error());
    e.log_id = std::move(*key_id);
    if (auto s = parse_kind(c, e); !s) return fail(s.error());
    auto time = read_non_negative(c, "integratedTime", false);
    if (!time) return fail(time.error());
    e.integrated_time = *time;
    auto promise = c.opt_object("inclusionPromise");
    if (!promise) return fail(promise.error());
    if (promise->present()) {
        auto set = read_bytes(*promise, "signedEntryTimestamp");
        if (!set) return fail(set.error());
        e.signed_entry_timestamp = std::move(*set);
    } else if (minor == 1) {
        return fail(c["inclusionPromise"].error("missing (required in a v0.1 bundle)"));
    }
    auto proof = c.opt_object("inclusionProof");
    if (!proof) return fail(proof.error());
    if (proof->present()) {
        auto p = parse_inclusion_proof(*proof);
        if (!p) return fail(p.error());
        e.inclusion_proof = std::move(*p);
    } else if (minor >= 2) {
        return fail(
            c["inclusionProof"].error("missing (required from bundle v0.2 on; offline "
                                      "verification never asks the log)"));
    }
    auto body_text = c.req_string("canonicalizedBody");
    if (!body_text) return fail(body_text.error());
    auto body = base64_decode_strict(*body_text);
    if (!body) return fail(c["canonicalizedBody"].error("not valid base64"));
    e.body = std::move(*body);
    e.body_base64 = std::move(*body_text);
    return e;
}

Result<std::string> certificate_bytes(const Cursor& c) {
    if (!c.value().is_object()) return fail(c.error("expected an object"));
    auto raw = read_bytes(c, "rawBytes");
    if (!raw) return fail(raw.error());
    if (raw->empty()) return fail(c["rawBytes"].error("empty certificate"));
    return raw;
}

Status parse_material_kind(const Cursor& vm, Bundle& b) {
    const bool chain = vm["x509CertificateChain"].present();
    const bool cert = vm["certificate"].present();
    const bool key = vm["publicKey"].present();
    if (static_cast<int>(chain) + static_cast<int>(cert) + static_cast<int>(key) != 1) {
        return fail(
            vm.error("needs exactly one of x509CertificateChain, certificate and "
                     "publicKey"));
    }
    if (chain) {
        if (b.minor_version >= 3) {
            return fail(
                vm["x509CertificateChain"].error("not allowed in a v0.3 bundle (use certificate)"));
        }
        b.material = Material::CertificateChain;
        auto certs = vm["x509CertificateChain"].opt_array("certificates");
        if (!certs) return fail(certs.error());
        auto elements = certs->elements();
        if (!elements) return fail(elements.error());
        if (elements->empty()) {
            return fail(vm["x509CertificateChain"]["certificates"].error(
                "empty certificate chain (no signing certificate)"));
        }
        for (const Cursor& e : *elements) {
            auto der = certificate_bytes(e);
            if (!der) return fail(der.error());
            b.certificates.push_back(std::move(*der));
        }
    } else if (cert) {
        b.material = Material::Certificate;
        auto der = certificate_bytes(vm["certificate"]);
        if (!der) return fail(der.error());
        b.certificates.push_back(std::move(*der));
    } else {
        b.material = Material::PublicKey;
        auto hint = vm["publicKey"].opt_string("hint");
        if (!hint) return fail(hint.error());
        b.public_key_hint = std::move(*hint);
    }
    return {};
}

Status parse_material(const Cursor& root, Bundle& b) {
    auto vm = root.req_object("verificationMaterial");
    if (!vm) return fail(vm.error());
    if (auto s = parse_material_kind(*vm, b); !s) return s;
    auto entries = vm->opt_array("tlogEntries");
    if (!entries) return fail(entries.error());
    auto list = entries->elements();
    if (!list) return fail(list.error());
    for (const Cursor& e : *list) {
        auto entry = parse_tlog_entry(e, b.minor_version);
        if (!entry) return fail(entry.error());
        b.tlog_entries.push_back(std::move(*entry));
    }
    auto tvd = vm->opt_object("timestampVerificationData");
    if (!tvd) return fail(tvd.error());
    auto stamps = tvd->opt_array("rfc3161Timestamps");
    if (!stamps) return fail(stamps.error());
    auto stamp_list = stamps->elements();
    if (!stamp_list) return fail(stamp_list.error());
    for (const Cursor& t : *stamp_list) {
        auto der = read_bytes(t, "signedTimestamp");
        if (!der) return fail(der.error());
        b.rfc3161_timestamps.push_back(std::move(*der));
    }
    return {};
}

Result<MessageSignature> parse_message(const Cursor& c) {
    MessageSignature m;
    auto digest = c.opt_object("messageDigest");
    if (!digest) return fail(digest.error());
    if (digest->present()) {
        auto alg = digest->req_string("algorithm");
        if (!alg) return fail(alg.error());
        m.digest_algorithm = std::move(*alg);
        auto d = read_bytes(*digest, "digest");
        if (!d) return fail(d.error());
        m.digest = std::move(*d);
    }
    auto sig = read_bytes(c, "signature");
    if (!sig) return fail(sig.error());
    if (sig->empty()) return fail(c["signature"].error("empty signature"));
    m.signature = std::move(*sig);
    return m;
}

Result<DsseEnvelope> parse_dsse(const Cursor& c) {
    DsseEnvelope d;
    auto payload = read_bytes(c, "payload");
    if (!payload) return fail(payload.error());
    d.payload = std::move(*payload);
    auto type = c.req_string("payloadType");
    if (!type) return fail(type.error());
    d.payload_type = std::move(*type);
    auto sigs = c.opt_array("signatures");
    if (!sigs) return fail(sigs.error());
    auto list = sigs->elements();
    if (!list) return fail(list.error());
    for (const Cursor& s : *list) {
        DsseSignature one;
        auto sig = read_bytes(s, "sig");
        if (!sig) return fail(sig.error());
        one.sig = std::move(*sig);
        auto keyid = s.opt_string("keyid");
        if (!keyid) return fail(keyid.error());
        one.keyid = std::move(*keyid);
        d.signatures.push_back(std::move(one));
    }
    if (d.signatures.size() != 1) {
        return fail(
            c["signatures"].error("a sigstore DSSE envelope has exactly one signature, got " +
                                  std::to_string(d.signatures.size())));
    }
    return d;
}

Status parse_content(const Cursor& root, Bundle& b) {
    const bool message = root["messageSignature"].present();
    const bool dsse = root["dsseEnvelope"].present();
    if (message == dsse)
        return fail(
            root.error("needs exactly one of messageSignature and "
                       "dsseEnvelope"));
    if (message) {
        auto obj = root.req_object("messageSignature");
        if (!obj) return fail(obj.error());
        auto m = parse_message(*obj);
        if (!m) return fail(m.error());
        b.message = std::move(*m);
    } else {
        auto obj = root.req_object("dsseEnvelope");
        if (!obj) return fail(obj.error());
        auto d = parse_dsse(*obj);
        if (!d) return fail(d.error());
        b.dsse = std::move(*d);
    }
    return {};
}

}  // namespace

Result<Bundle> parse_bundle(std::string_view text, const std::string& where) {
    auto doc = json_read::parse(text, where);
    if (!doc) return fail(doc.error());
    const Cursor root(*doc, where);
    if (!doc->is_object()) return fail(root.error("a bundle is a JSON object"));
    Bundle b;
    auto media = root.req_string("mediaType");
    if (!media) return fail(media.error());
    for (const auto& m : kMediaTypes) {
        if (*media == m.name) b.minor_version = m.minor;
    }
    if (b.minor_version == 0) {
        return fail(ErrorCode::Unsupported,
                    "$.mediaType: unknown bundle media type \"" + media->substr(0, 100) + "\"",
                    where);
    }
    b.media_type = std::move(*media);
    if (auto s = parse_material(root, b); !s) return fail(s.error());
    if (auto s = parse_content(root, b); !s) return fail(s.error());
    return b;
}

}  // namespace berth::sigstore

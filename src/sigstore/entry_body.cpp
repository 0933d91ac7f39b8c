// SPDX-License-Identifier: Apache-2.0
// Does the logged Rekor body describe this bundle? (tlog.hpp verify_entry_body)
//
// Rekor types (sigstore/rekor pkg/types/*/v*/ and rekor-tiles for 0.0.2), as canonicalized:
//   hashedrekord 0.0.1 {"spec":{"data":{"hash":{"algorithm":"sha256","value":HEX}},
//                       "signature":{"content":B64SIG,"publicKey":{"content":B64(PEM)}}}}
//   hashedrekord 0.0.2 {"spec":{"hashedRekordV002":{"data":{"algorithm":"SHA2_256","digest":B64},
//                       "signature":{"content":B64SIG,"verifier":{"x509Certificate":{"rawBytes":B64DER}
//                       | "publicKey":{"rawBytes":B64DER}, "keyDetails":…}}}}}
//                       (DSSE content: the digest is SHA-256 of the PAE)
//   dsse 0.0.1         {"spec":{"payloadHash":{"algorithm":"sha256","value":HEX},
//                       "signatures":[{"signature":B64SIG,"verifier":B64(PEM)}], "envelopeHash":…}}
//   intoto 0.0.2       {"spec":{"content":{"envelope":{"payloadType":T,"payload":B64(B64 payload),
//                       "signatures":[{"sig":B64(B64 sig),"publicKey":B64(PEM)}]},
//                       "payloadHash":{"algorithm":"sha256","value":HEX}, "hash":…}}}
// The envelope hashes are not recomputed (they hash a serialization the bundle does not carry);
// payload, signature and signer are compared instead.
#include "core/json_read.hpp"
#include "sigstore/crypto.hpp"
#include "sigstore/encoding.hpp"
#include "sigstore/tlog.hpp"

namespace berth::sigstore {

namespace {

using json_read::Cursor;

Error mismatch(const std::string& message) {
    return Error{ErrorCode::DigestMismatch, "log entry does not match the bundle: " + message, ""};
}

// The signer named by a PEM block (certificate or public key) against the expected one.
Status compare_signer_pem(std::string_view pem, const LoggedContent& want) {
    if (pem.find("CERTIFICATE") != std::string_view::npos) {
        auto cert = parse_certificate_pem(pem);
        if (!cert) return fail(mismatch("its certificate is not readable PEM"));
        const std::string got = want.signer_is_certificate
                                    ? certificate_der(cert->get())
                                    : public_key_der(X509_get0_pubkey(cert->get()));
        if (got != want.signer_der) return fail(mismatch("it names another signing certificate"));
        return {};
    }
    auto key = parse_public_key(pem);
    if (!key) return fail(mismatch("its public key is not readable PEM"));
    if (want.signer_is_certificate) {
        return fail(mismatch("it names a public key, the bundle a certificate"));
    }
    if (public_key_der(key->get()) != want.signer_der) {
        return fail(mismatch("it names another public key"));
    }
    return {};
}

Status compare_signer_b64_pem(const Cursor& c, std::string_view key, const LoggedContent& want) {
    auto pem = read_bytes(c, key);
    if (!pem) return fail(pem.error());
    return compare_signer_pem(*pem, want);
}

Status compare_signature(const Cursor& c, std::string_view key, const LoggedContent& want) {
    auto sig = read_bytes(c, key);
    if (!sig) return fail(sig.error());
    if (*sig != want.signature) return fail(mismatch("its signature differs from the bundle's"));
    return {};
}

Status compare_hex_hash(const Cursor& hash, std::string_view want_raw, std::string_view what) {
    auto alg = hash.req_string("algorithm");
    if (!alg) return fail(alg.error());
    auto value = hash.req_string("value");
    if (!value) return fail(value.error());
    if (*alg != "sha256") return fail(mismatch(std::string(what) + " uses " + *alg));
    if (*value != to_hex(want_raw)) return fail(mismatch(std::string(what) + " differs"));
    return {};
}

Status hashedrekord_v001(const Cursor& spec, const LoggedContent& want) {
    if (want.dsse != nullptr) return fail(mismatch("a hashedrekord 0.0.1 entry for a DSSE bundle"));
    if (auto s =
            compare_hex_hash(spec["data"]["hash"], want.artifact_sha256, "its artifact digest");
        !s) {
        return s;
    }
    if (auto s = compare_signature(spec["signature"], "content", want); !s) return s;
    return compare_signer_b64_pem(spec["signature"]["publicKey"], "content", want);
}

Status hashedrekord_v002(const Cursor& spec, const LoggedContent& want) {
    const Cursor v = spec["hashedRekordV002"];
    auto alg = v["data"].req_string("algorithm");
    if (!alg) return fail(alg.error());
    auto digest = read_bytes(v["data"], "digest");
    if (!digest) return fail(digest.error());
    const std::string expected =
        want.dsse != nullptr ? sha256_bytes(dsse_pae(want.dsse->payload_type, want.dsse->payload))
                             : want.artifact_sha256;
    if (*alg != "SHA2_256" || *digest != expected) {
        return fail(mismatch(want.dsse != nullptr ? "its digest is not the DSSE envelope's"
                                                  : "its artifact digest differs"));
    }
    if (auto s = compare_signature(v["signature"], "content", want); !s) return s;
    const Cursor verifier = v["signature"]["verifier"];
    const bool cert = verifier["x509Certificate"].present();
    auto der = read_bytes(cert ? verifier["x509Certificate"] : verifier["publicKey"], "rawBytes");
    if (!der) return fail(der.error());
    if (cert != want.signer_is_certificate) {
        if (!cert) return fail(mismatch("it names a public key, the bundle a certificate"));
        auto c = parse_certificate(*der);
        if (!c || public_key_der(X509_get0_pubkey(c->get())) != want.signer_der) {
            return fail(mismatch("it names another signer"));
        }
        return {};
    }
    if (*der != want.signer_der) return fail(mismatch("it names another signer"));
    return {};
}

Status dsse_v001(const Cursor& spec, const LoggedContent& want) {
    if (want.dsse == nullptr) return fail(mismatch("a dsse entry for a message signature"));
    if (auto s = compare_hex_hash(spec["payloadHash"], sha256_bytes(want.dsse->payload),
                                  "its payload hash");
        !s) {
        return s;
    }
    auto sigs = spec["signatures"].elements();
    if (!sigs) return fail(sigs.error());
    if (sigs->size() != 1) return fail(mismatch("its signature count differs"));
    if (auto s = compare_signature((*sigs)[0], "signature", want); !s) return s;
    return compare_signer_b64_pem((*sigs)[0], "verifier", want);
}

Status intoto_v002(const Cursor& spec, const LoggedContent& want) {
    if (want.dsse == nullptr) return fail(mismatch("an intoto entry for a message signature"));
    const Cursor content = spec["content"];
    if (auto s = compare_hex_hash(content["payloadHash"], sha256_bytes(want.dsse->payload),
                                  "its payload hash");
        !s) {
        return s;
    }
    const Cursor env = content["envelope"];
    auto type = env.req_string("payloadType");
    if (!type) return fail(type.error());
    if (*type != want.dsse->payload_type) return fail(mismatch("its payload type differs"));
    auto sigs = env["signatures"].elements();
    if (!sigs) return fail(sigs.error());
    if (sigs->size() != 1) return fail(mismatch("its signature count differs"));
    // Rekor stores the envelope's base64 strings as bytes: base64 twice.
    auto outer = read_bytes((*sigs)[0], "sig");
    if (!outer) return fail(outer.error());
    auto sig = base64_decode_strict(*outer);
    if (!sig || *sig != want.signature) {
        return fail(mismatch("its signature differs from the bundle's"));
    }
    return compare_signer_b64_pem((*sigs)[0], "publicKey", want);
}

}  // namespace

Status verify_entry_body(const TlogEntry& entry, const LoggedContent& content) {
    auto doc = json_read::parse(entry.body, "tlog entry body");
    if (!doc) return fail(doc.error());
    const Cursor root(*doc, "tlog entry body");
    auto kind = root.req_string("kind");
    if (!kind) return fail(kind.error());
    auto version = root.req_string("apiVersion");
    if (!version) return fail(version.error());
    if (*kind != entry.kind || *version != entry.version) {
        return fail(mismatch("its body is " + *kind + "/" + *version + ", its kindVersion " +
                             entry.kind + "/" + entry.version));
    }
    auto spec = root.req_object("spec");
    if (!spec) return fail(spec.error());
    Status s;
    if (*kind == "hashedrekord" && *version == "0.0.1") {
        s = hashedrekord_v001(*spec, content);
    } else if (*kind == "hashedrekord" && *version == "0.0.2") {
        s = hashedrekord_v002(*spec, content);
    } else if (*kind == "dsse" && *version == "0.0.1") {
        s = dsse_v001(*spec, content);
    } else if (*kind == "intoto" && *version == "0.0.2") {
        s = intoto_v002(*spec, content);
    } else {
        return fail(ErrorCode::Unsupported,
                    "log entry kind " + *kind + "/" + *version + " is not supported");
    }
    return s;
}

}  // namespace berth::sigstore

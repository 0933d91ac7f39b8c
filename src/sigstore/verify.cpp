// SPDX-License-Identifier: Apache-2.0
#include "sigstore/verify.hpp"

#include <re2/re2.h>

#include "core/json_read.hpp"
#include "sigstore/encoding.hpp"
#include "sigstore/tlog.hpp"

namespace berth::sigstore {

namespace {

Error refused(std::string message) {
    return Error{ErrorCode::DigestMismatch, std::move(message), ""};
}

Error at(Error e, const std::string& where) {
    return with_where(std::move(e), where);
}

struct Signer {
    PkeyPtr key;      // the key that signed (owned; the leaf's key in certificate mode)
    X509Ptr leaf;     // certificate mode
    std::string der;  // leaf DER or key SPKI
};

Result<Signer> signer_of(const Bundle& b, const Policy& policy) {
    Signer s;
    if (!policy.public_key.empty()) {
        auto key = parse_public_key(policy.public_key);
        if (!key) return fail(at(key.error(), "--key"));
        s.der = public_key_der(key->get());
        s.key = std::move(*key);
        return s;
    }
    if (b.material == Material::PublicKey) {
        return fail(refused("the bundle is signed with a key (hint \"" + b.public_key_hint +
                            "\"), not a certificate: verify it with --key"));
    }
    for (std::size_t i = 0; i < b.certificates.size(); ++i) {
        auto cert = parse_certificate(b.certificates[i]);
        if (!cert) {
            return fail(Error{
                ErrorCode::Format,
                "bundle certificate " + std::to_string(i) + " is not a DER X.509 certificate", ""});
        }
        if (is_self_signed(cert->get())) {
            return fail(
                refused("the bundle's certificate chain contains a root (self-signed) "
                        "certificate; roots come from the trusted root only"));
        }
        if (i == 0) s.leaf = std::move(*cert);
    }
    if (!s.leaf) return fail(refused("the bundle has no signing certificate"));
    s.key.reset(X509_get_pubkey(s.leaf.get()));
    if (!s.key) return fail(Error{ErrorCode::Format, "signing certificate has no public key", ""});
    s.der = b.certificates[0];
    return s;
}

// The in-toto statement must name the artifact's SHA-256 among its subjects.
Status check_statement(const DsseEnvelope& env, const Artifact& artifact) {
    if (env.payload_type != "application/vnd.in-toto+json") {
        return fail(ErrorCode::Unsupported,
                    "DSSE payload type \"" + env.payload_type + "\" is not in-toto");
    }
    auto doc = json_read::parse(env.payload, "DSSE payload");
    if (!doc) return fail(doc.error());
    const json_read::Cursor root(*doc, "DSSE payload");
    auto subjects = root["subject"].elements();
    if (!subjects) return fail(subjects.error());
    const std::string want = to_hex(artifact.sha256);
    for (const auto& s : *subjects) {
        if (s["digest"].string_or("sha256") == want) return {};
    }
    return fail(refused("no in-toto subject has the artifact's SHA-256 " + want));
}

Status check_artifact(const Bundle& b, const Artifact& artifact, EVP_PKEY* key) {
    if (b.message) {
        const MessageSignature& m = *b.message;
        if (!m.digest_algorithm.empty()) {
            if (m.digest_algorithm != "SHA2_256") {
                return fail(ErrorCode::Unsupported,
                            "message digest algorithm " + m.digest_algorithm + " is not supported");
            }
            if (m.digest != artifact.sha256) {
                return fail(refused("the bundle's message digest " + to_hex(m.digest) +
                                    " is not the artifact's SHA-256 " + to_hex(artifact.sha256)));
            }
        }
        if (auto s = verify_artifact(key, artifact, m.signature); !s) {
            if (s.error().code != ErrorCode::DigestMismatch) return s;
            return fail(refused("the signature does not verify over the artifact with the " +
                                key_description(key)));
        }
        return {};
    }
    const DsseEnvelope& env = *b.dsse;
    if (!verify_bytes(key, dsse_pae(env.payload_type, env.payload), env.signatures[0].sig)) {
        return fail(refused("the DSSE envelope signature does not verify with the " +
                            key_description(key)));
    }
    return check_statement(env, artifact);
}

std::string signature_of(const Bundle& b) {
    return b.message ? b.message->signature : b.dsse->signatures[0].sig;
}

// Step 3 for one entry: appends the SET-backed integrated time to `times`.
Status check_entry(const TlogEntry& e, int minor, const TrustedRoot& root,
                   const LoggedContent& content, std::vector<SigningTime>& times) {
    const LogKey* log = root.tlog(e.log_id);
    if (log == nullptr) {
        return fail(refused("log id " + base64_encode(e.log_id) +
                            " is not a transparency log of the trusted root"));
    }
    if (auto s = verify_entry_body(e, content); !s) return s;
    if (e.signed_entry_timestamp.empty() && !e.inclusion_proof) {
        return fail(refused("neither a signed entry timestamp nor an inclusion proof"));
    }
    if (!e.signed_entry_timestamp.empty()) {
        if (auto s = verify_signed_entry_timestamp(e, *log); !s) return s;
    }
    if (e.inclusion_proof) {
        if (auto s = verify_inclusion_proof(*e.inclusion_proof, e.body); !s) return s;
        if (e.inclusion_proof->checkpoint.empty() && minor >= 2) {
            return fail(
                refused("the inclusion proof has no checkpoint (required from bundle "
                        "v0.2 on)"));
        }
        if (auto s = verify_checkpoint(*e.inclusion_proof, *log); !s) return s;
    }
    if (e.integrated_time > 0) {
        if (!log->valid.contains(e.integrated_time)) {
            return fail(refused("the key of " + log->base_url +
                                " is not valid at the entry's integrated time " +
                                std::to_string(e.integrated_time)));
        }
        if (!e.signed_entry_timestamp.empty()) times.push_back({"tlog", e.integrated_time});
    }
    return {};
}

Status check_tlog(const Bundle& b, const TrustedRoot& root, const Signer& signer,
                  const Artifact& artifact, const Policy& policy, Verification& out) {
    if (b.tlog_entries.empty()) {
        if (policy.ignore_tlog && signer.leaf == nullptr) {
            out.tlog_ignored = true;
            return {};
        }
        return fail(
            refused(policy.ignore_tlog
                        ? "the bundle has no transparency log entry (a certificate needs one "
                          "for its signing time, even with --insecure-ignore-tlog)"
                        : "the bundle has no transparency log entry (a key-signed bundle "
                          "made offline verifies with --insecure-ignore-tlog)"));
    }
    const LoggedContent content{signature_of(b), signer.der, signer.leaf != nullptr,
                                artifact.sha256, b.dsse ? &*b.dsse : nullptr};
    for (std::size_t i = 0; i < b.tlog_entries.size(); ++i) {
        if (auto s = check_entry(b.tlog_entries[i], b.minor_version, root, content, out.times);
            !s) {
            return fail(at(s.error(), "tlogEntries[" + std::to_string(i) + "]"));
        }
        ++out.tlog_entries;
    }
    return {};
}

Status check_timestamps(const Bundle& b, const TrustedRoot& root, Verification& out) {
    for (std::size_t i = 0; i < b.rfc3161_timestamps.size(); ++i) {
        auto t = verify_rfc3161(b.rfc3161_timestamps[i], signature_of(b), root);
        if (!t) return fail(at(t.error(), "rfc3161Timestamps[" + std::to_string(i) + "]"));
        out.times.push_back({"rfc3161", *t});
    }
    // A Rekor v2 entry has no time of its own: its log key must be valid at the TSA times.
    for (const TlogEntry& e : b.tlog_entries) {
        const LogKey* log = root.tlog(e.log_id);
        if (e.integrated_time > 0 || log == nullptr) continue;
        for (const SigningTime& t : out.times) {
            if (!log->valid.contains(t.time)) {
                return fail(refused("the key of " + log->base_url +
                                    " is not valid at the timestamp " + std::to_string(t.time)));
            }
        }
    }
    return {};
}

bool matches(const std::string& value, const std::string& exact, const std::string& regexp) {
    if (!exact.empty()) return value == exact;
    const RE2 re(regexp);
    return re.ok() && RE2::PartialMatch(value, re);
}

Status check_identity(X509* leaf, const Policy& policy, Verification& out) {
    const std::vector<std::string> sans = subject_alternative_names(leaf);
    for (const std::string& san : sans) {
        if (matches(san, policy.identity, policy.identity_regexp)) out.signer = san;
    }
    if (out.signer.empty()) {
        return fail(refused("certificate identity " +
                            (sans.empty() ? std::string("(none)") : sans[0]) + " does not match " +
                            (policy.identity.empty()
                                 ? "--certificate-identity-regexp " + policy.identity_regexp
                                 : "--certificate-identity " + policy.identity)));
    }
    out.issuer = oidc_issuer(leaf);
    if (!matches(out.issuer, policy.issuer, policy.issuer_regexp)) {
        return fail(refused(
            "certificate OIDC issuer " + (out.issuer.empty() ? std::string("(none)") : out.issuer) +
            " does not match " +
            (policy.issuer.empty() ? "--certificate-oidc-issuer-regexp " + policy.issuer_regexp
                                   : "--certificate-oidc-issuer " + policy.issuer)));
    }
    return {};
}

Status check_certificate(X509* leaf, const TrustedRoot& root, const Policy& policy,
                         Verification& out) {
    if (!has_code_signing_usage(leaf)) {
        return fail(
            refused("the signing certificate is not for code signing (extended key "
                    "usage)"));
    }
    if (out.times.empty()) {
        return fail(
            refused("no verified signing time: neither a Rekor entry with a signed entry "
                    "timestamp nor a trusted RFC 3161 timestamp"));
    }
    for (const SigningTime& t : out.times) {
        if (auto s = verify_fulcio_chain(leaf, root, t.time); !s) {
            return fail(at(s.error(), t.source + " time"));
        }
    }
    X509Ptr issuer = find_issuer(leaf, root);
    if (auto s = verify_embedded_scts(leaf, issuer.get(), root); !s) return s;
    return check_identity(leaf, policy, out);
}

Status check_policy(const Policy& p) {
    if (!p.public_key.empty()) return {};
    if (p.identity.empty() == p.identity_regexp.empty()) {
        return fail(ErrorCode::InvalidArgument,
                    "certificate mode needs exactly one of "
                    "--certificate-identity and "
                    "--certificate-identity-regexp (or give --key)");
    }
    if (p.issuer.empty() == p.issuer_regexp.empty()) {
        return fail(ErrorCode::InvalidArgument,
                    "certificate mode needs exactly one of "
                    "--certificate-oidc-issuer and "
                    "--certificate-oidc-issuer-regexp");
    }
    for (const std::string* re : {&p.identity_regexp, &p.issuer_regexp}) {
        if (!re->empty() && !RE2(*re, RE2::Quiet).ok()) {
            return fail(ErrorCode::InvalidArgument, "not a valid RE2 regexp: " + *re);
        }
    }
    return {};
}

}  // namespace

Result<Verification> verify_bundle(const Bundle& bundle, const Artifact& artifact,
                                   const TrustedRoot& root, const Policy& policy) {
    if (auto s = check_policy(policy); !s) return fail(s.error());
    auto signer = signer_of(bundle, policy);
    if (!signer) return fail(signer.error());
    Verification out;
    out.keyless = signer->leaf != nullptr;
    out.key_type = key_description(signer->key.get());
    out.content = bundle.message ? "messageSignature" : "dsseEnvelope";
    out.media_type = bundle.media_type;
    if (auto s = check_artifact(bundle, artifact, signer->key.get()); !s) return fail(s.error());
    if (auto s = check_tlog(bundle, root, *signer, artifact, policy, out); !s) {
        return fail(s.error());
    }
    if (auto s = check_timestamps(bundle, root, out); !s) return fail(s.error());
    if (out.keyless) {
        if (auto s = check_certificate(signer->leaf.get(), root, policy, out); !s) {
            return fail(s.error());
        }
    } else {
        out.signer = out.key_type + " sha256:" + to_hex(sha256_bytes(signer->der));
    }
    return out;
}

}  // namespace berth::sigstore

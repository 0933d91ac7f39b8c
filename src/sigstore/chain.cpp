// SPDX-License-Identifier: Apache-2.0
// Certificate chains at a given time, embedded SCTs and RFC 3161 timestamps (crypto.hpp).
#include <openssl/ct.h>
#include <openssl/err.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

#include <ctime>

#include "sigstore/crypto.hpp"
#include "sigstore/encoding.hpp"

namespace berth::sigstore {

namespace {

struct StoreFree {
    void operator()(X509_STORE* p) const { X509_STORE_free(p); }
};
struct StoreCtxFree {
    void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
};
struct StackFree {
    void operator()(STACK_OF(X509) * p) const { sk_X509_pop_free(p, X509_free); }
};
struct SctListFree {
    void operator()(STACK_OF(SCT) * p) const { SCT_LIST_free(p); }
};
struct TsRespFree {
    void operator()(TS_RESP* p) const { TS_RESP_free(p); }
};
struct Pkcs7Free {
    void operator()(PKCS7* p) const { PKCS7_free(p); }
};
struct TstInfoFree {
    void operator()(TS_TST_INFO* p) const { TS_TST_INFO_free(p); }
};
struct TsCtxFree {
    void operator()(TS_VERIFY_CTX* p) const { TS_VERIFY_CTX_free(p); }
};
using StorePtr = std::unique_ptr<X509_STORE, StoreFree>;
using StackPtr = std::unique_ptr<STACK_OF(X509), StackFree>;

std::string utc(std::int64_t t) {
    const auto tt = static_cast<std::time_t>(t);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// A trust store for one authority's chain at `time`: the root (last, self-signed) trusted, the
// others untrusted intermediates. A chain without a self-signed end trusts its last certificate
// (partial chain), as sigstore clients do.
struct Anchors {
    StorePtr store;
    StackPtr untrusted;
};

Result<Anchors> anchors_for(const Authority& a, std::int64_t time) {
    Anchors out{StorePtr(X509_STORE_new()), StackPtr(sk_X509_new_null())};
    if (!out.store || !out.untrusted) return fail(ErrorCode::Internal, "out of memory");
    for (std::size_t i = 0; i < a.chain_der.size(); ++i) {
        auto cert = parse_certificate(a.chain_der[i]);
        if (!cert)
            return fail(ErrorCode::Format, "trusted root: " + a.uri + ": certificate " +
                                               std::to_string(i) + " is not DER X.509");
        if (i + 1 == a.chain_der.size()) {
            if (!is_self_signed(cert->get())) {
                X509_STORE_set_flags(out.store.get(), X509_V_FLAG_PARTIAL_CHAIN);
            }
            X509_STORE_add_cert(out.store.get(), cert->get());
        } else {
            sk_X509_push(out.untrusted.get(), cert->release());
        }
    }
    X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(out.store.get()),
                               static_cast<std::time_t>(time));
    return out;
}

// X509_verify_cert of `leaf` against one authority at `time`; the error string on failure.
std::string chain_error(X509* leaf, const Authority& a, std::int64_t time) {
    auto anchors = anchors_for(a, time);
    if (!anchors) return anchors.error().message;
    std::unique_ptr<X509_STORE_CTX, StoreCtxFree> ctx(X509_STORE_CTX_new());
    if (!ctx ||
        X509_STORE_CTX_init(ctx.get(), anchors->store.get(), leaf, anchors->untrusted.get()) != 1) {
        return "cannot set up chain verification";
    }
    if (X509_verify_cert(ctx.get()) == 1) return {};
    return X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get()));
}

}  // namespace

Status verify_fulcio_chain(X509* leaf, const TrustedRoot& root, std::int64_t time) {
    if (root.certificate_authorities.empty()) {
        return fail(ErrorCode::DigestMismatch, "the trusted root has no certificate authority");
    }
    const std::int64_t nb = not_before(leaf), na = not_after(leaf);
    if (time < nb || time > na) {
        return fail(ErrorCode::DigestMismatch, "signing time " + utc(time) +
                                                   " is outside the certificate's validity [" +
                                                   utc(nb) + ", " + utc(na) + "]");
    }
    std::string why;
    for (const Authority& a : root.certificate_authorities) {
        if (!a.valid.contains(time)) {
            why += (why.empty() ? "" : "; ") + a.uri + ": not valid at " + utc(time) +
                   " in the trusted root";
            continue;
        }
        const std::string e = chain_error(leaf, a, time);
        if (e.empty()) return {};
        why += (why.empty() ? "" : "; ") + a.uri + ": " + e;
    }
    return fail(ErrorCode::DigestMismatch, "certificate does not chain to a trusted Fulcio CA at " +
                                               utc(time) + " (" + why + ")");
}

X509Ptr find_issuer(X509* leaf, const TrustedRoot& root) {
    for (const Authority& a : root.certificate_authorities) {
        for (const std::string& der : a.chain_der) {
            auto cert = parse_certificate(der);
            if (cert && X509_check_issued(cert->get(), leaf) == X509_V_OK) {
                return std::move(*cert);
            }
        }
    }
    return nullptr;
}

namespace {

void put_be(std::string& out, std::uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; --i) {
        out.push_back(static_cast<char>((v >> (8U * static_cast<unsigned>(i))) & 0xFFU));
    }
}

// The precertificate TBSCertificate: the leaf's TBS without the SCT list extension (RFC 6962
// §3.2; also without the poison, which a final certificate does not carry).
std::string precert_tbs(X509* leaf) {
    X509Ptr copy(X509_dup(leaf));
    if (!copy) return {};
    const int idx = X509_get_ext_by_NID(copy.get(), NID_ct_precert_scts, -1);
    if (idx >= 0) X509_EXTENSION_free(X509_delete_ext(copy.get(), idx));
    unsigned char* out = nullptr;
    const int len = i2d_re_X509_tbs(copy.get(), &out);
    if (len <= 0) return {};
    std::string tbs(reinterpret_cast<const char*>(out), static_cast<std::size_t>(len));
    OPENSSL_free(out);
    return tbs;
}

// RFC 6962 §3.2 digitally-signed struct of a precert_entry SCT.
std::string sct_signed_data(const SCT* sct, std::string_view issuer_key_hash,
                            std::string_view tbs) {
    std::string d;
    d.push_back(0);  // sct_version v1
    d.push_back(0);  // signature_type certificate_timestamp
    put_be(d, SCT_get_timestamp(sct), 8);
    put_be(d, 1, 2);  // entry_type precert_entry
    d += issuer_key_hash;
    put_be(d, tbs.size(), 3);
    d += tbs;
    unsigned char* ext = nullptr;
    const std::size_t ext_len = SCT_get0_extensions(sct, &ext);
    put_be(d, ext_len, 2);
    if (ext_len > 0) d.append(reinterpret_cast<const char*>(ext), ext_len);
    return d;
}

// Why one SCT does not verify ("" when it does).
std::string sct_error(const SCT* sct, const TrustedRoot& root, std::string_view ikh,
                      std::string_view tbs) {
    unsigned char* id = nullptr;
    const std::size_t id_len = SCT_get0_log_id(sct, &id);
    const std::string log_id(reinterpret_cast<const char*>(id), id_len);
    const LogKey* log = root.ctlog(log_id);
    if (log == nullptr) return "SCT from unknown CT log " + base64_encode(log_id);
    const auto when = static_cast<std::int64_t>(SCT_get_timestamp(sct) / 1000);
    if (!log->valid.contains(when)) {
        return "CT log " + log->base_url + " not valid at the SCT time " + utc(when);
    }
    auto key = parse_public_key(log->key_der);
    if (!key) return "CT log " + log->base_url + ": bad public key";
    unsigned char* sig = nullptr;
    const std::size_t sig_len = SCT_get0_signature(sct, &sig);
    auto ok = verify_bytes(key->get(), sct_signed_data(sct, ikh, tbs),
                           std::string_view(reinterpret_cast<const char*>(sig), sig_len));
    if (!ok) return "SCT signature from " + log->base_url + " does not verify";
    return {};
}

}  // namespace

Status verify_embedded_scts(X509* leaf, X509* issuer, const TrustedRoot& root) {
    std::unique_ptr<STACK_OF(SCT), SctListFree> scts(
        static_cast<STACK_OF(SCT)*>(X509_get_ext_d2i(leaf, NID_ct_precert_scts, nullptr, nullptr)));
    if (!scts || sk_SCT_num(scts.get()) == 0) {
        return fail(ErrorCode::DigestMismatch,
                    "certificate has no embedded SCT (certificate transparency proof)");
    }
    if (issuer == nullptr) {
        return fail(ErrorCode::DigestMismatch,
                    "cannot check the SCT: certificate issuer not in "
                    "the trusted root");
    }
    unsigned char* spki = nullptr;
    const int spki_len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(issuer), &spki);
    if (spki_len <= 0) return fail(ErrorCode::Format, "issuer public key unreadable");
    const std::string ikh = sha256_bytes(
        std::string_view(reinterpret_cast<const char*>(spki), static_cast<std::size_t>(spki_len)));
    OPENSSL_free(spki);
    const std::string tbs = precert_tbs(leaf);
    std::string why;
    for (int i = 0; i < sk_SCT_num(scts.get()); ++i) {
        const std::string e = sct_error(sk_SCT_value(scts.get(), i), root, ikh, tbs);
        if (e.empty()) return {};
        why += (why.empty() ? "" : "; ") + e;
    }
    return fail(ErrorCode::DigestMismatch, "no embedded SCT verifies: " + why);
}

namespace {

struct TimestampToken {
    std::unique_ptr<TS_RESP, TsRespFree> resp;
    std::unique_ptr<PKCS7, Pkcs7Free> token;  // only when given a bare token
    std::unique_ptr<TS_TST_INFO, TstInfoFree> own_info;
    TS_TST_INFO* info = nullptr;
};

Result<TimestampToken> read_token(std::string_view der) {
    TimestampToken t;
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    t.resp.reset(d2i_TS_RESP(nullptr, &p, static_cast<long>(der.size())));
    if (t.resp) {
        t.info = TS_RESP_get_tst_info(t.resp.get());
    } else {
        p = reinterpret_cast<const unsigned char*>(der.data());
        t.token.reset(d2i_PKCS7(nullptr, &p, static_cast<long>(der.size())));
        if (t.token) t.own_info.reset(PKCS7_to_TS_TST_INFO(t.token.get()));
        t.info = t.own_info.get();
    }
    if (t.info == nullptr) {
        return fail(ErrorCode::Format, "RFC 3161 timestamp: not a DER TimeStampResp or token");
    }
    return t;
}

// TS_RESP_verify_* of the token against one authority at `time`: "" or why not.
std::string tsa_error(const TimestampToken& t, const Authority& a, std::int64_t time,
                      std::string_view signed_bytes) {
    auto anchors = anchors_for(a, time);
    if (!anchors) return anchors.error().message;
    std::unique_ptr<TS_VERIFY_CTX, TsCtxFree> ctx(TS_VERIFY_CTX_new());
    if (!ctx) return "out of memory";
    TS_VERIFY_CTX_set_flags(ctx.get(), TS_VFY_VERSION | TS_VFY_SIGNATURE | TS_VFY_DATA);
    TS_VERIFY_CTX_set_data(
        ctx.get(), BIO_new_mem_buf(signed_bytes.data(), static_cast<int>(signed_bytes.size())));
    TS_VERIFY_CTX_set_store(ctx.get(), anchors->store.release());
    TS_VERIFY_CTX_set_certs(ctx.get(), anchors->untrusted.release());
    ERR_clear_error();
    const int ok = t.resp ? TS_RESP_verify_response(ctx.get(), t.resp.get())
                          : TS_RESP_verify_token(ctx.get(), t.token.get());
    if (ok == 1) return {};
    // OpenSSL queues "certificate verify error" with the X.509 reason as its data.
    std::string why;
    const char* data = nullptr;
    int flags = 0;
    while (const unsigned long err = ERR_get_error_all(nullptr, nullptr, nullptr, &data, &flags)) {
        if (!why.empty()) why += "; ";
        why += ERR_reason_error_string(err) != nullptr ? ERR_reason_error_string(err) : "error";
        if (data != nullptr && (flags & ERR_TXT_STRING) != 0 && *data != '\0') {
            why += std::string(" (") + data + ")";
        }
    }
    return why.empty() ? "verification failed" : why;
}

}  // namespace

Result<std::int64_t> verify_rfc3161(std::string_view der, std::string_view signed_bytes,
                                    const TrustedRoot& root) {
    auto token = read_token(der);
    if (!token) return fail(token.error());
    std::tm tm{};
    const ASN1_GENERALIZEDTIME* gen = TS_TST_INFO_get_time(token->info);
    if (gen == nullptr || ASN1_TIME_to_tm(gen, &tm) != 1) {
        return fail(ErrorCode::Format, "RFC 3161 timestamp: unreadable genTime");
    }
    const auto time = static_cast<std::int64_t>(timegm(&tm));
    if (root.timestamp_authorities.empty()) {
        return fail(ErrorCode::DigestMismatch,
                    "RFC 3161 timestamp: the trusted root has no timestamp authority");
    }
    std::string why;
    for (const Authority& a : root.timestamp_authorities) {
        const std::string name = a.uri.empty() ? "timestamp authority" : a.uri;
        if (!a.valid.contains(time)) {
            why += (why.empty() ? "" : "; ") + name + ": not valid at " + utc(time) +
                   " in the trusted root";
            continue;
        }
        const std::string e = tsa_error(*token, a, time, signed_bytes);
        if (e.empty()) return time;
        why += (why.empty() ? "" : "; ") + name + ": " + e;
    }
    return fail(ErrorCode::DigestMismatch, "RFC 3161 timestamp of " + utc(time) +
                                               " does not verify against a trusted timestamp "
                                               "authority (" +
                                               why + ")");
}

}  // namespace berth::sigstore

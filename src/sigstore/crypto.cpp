// SPDX-License-Identifier: Apache-2.0
// Keys, certificates, signatures and Fulcio identity fields (crypto.hpp). Chains, SCTs and
// timestamps are in chain.cpp.
#include "sigstore/crypto.hpp"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <array>
#include <ctime>

namespace berth::sigstore {

namespace {

struct BioFree {
    void operator()(BIO* p) const { BIO_free(p); }
};
struct MdCtxFree {
    void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
struct PkeyCtxFree {
    void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct NamesFree {
    void operator()(GENERAL_NAMES* p) const { GENERAL_NAMES_free(p); }
};
struct ObjFree {
    void operator()(ASN1_OBJECT* p) const { ASN1_OBJECT_free(p); }
};
struct Utf8Free {
    void operator()(ASN1_UTF8STRING* p) const { ASN1_UTF8STRING_free(p); }
};

std::string ec_group(EVP_PKEY* key) {
    std::array<char, 64> name{};
    std::size_t len = 0;
    if (EVP_PKEY_get_group_name(key, name.data(), name.size(), &len) != 1) return {};
    return {name.data(), len};
}

// The digest a key signs with (nullptr: the key hashes itself, Ed25519).
const EVP_MD* digest_for(EVP_PKEY* key) {
    if (EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519) return nullptr;
    if (EVP_PKEY_get_base_id(key) == EVP_PKEY_EC) {
        const std::string group = ec_group(key);
        if (group == "secp384r1") return EVP_sha384();
        if (group == "secp521r1") return EVP_sha512();
    }
    return EVP_sha256();
}

std::int64_t asn1_seconds(const ASN1_TIME* t) {
    std::tm tm{};
    if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return 0;
    return static_cast<std::int64_t>(timegm(&tm));
}

}  // namespace

Result<X509Ptr> parse_certificate(std::string_view der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    if (!cert || p != reinterpret_cast<const unsigned char*>(der.data() + der.size())) {
        return fail(ErrorCode::Format, "not a DER X.509 certificate");
    }
    return cert;
}

Result<X509Ptr> parse_certificate_pem(std::string_view pem) {
    std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert) return fail(ErrorCode::Format, "not a PEM certificate");
    return cert;
}

Result<PkeyPtr> parse_public_key(std::string_view pem_or_der) {
    if (pem_or_der.find("-----BEGIN") != std::string_view::npos) {
        std::unique_ptr<BIO, BioFree> bio(
            BIO_new_mem_buf(pem_or_der.data(), static_cast<int>(pem_or_der.size())));
        PkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
        if (!key) return fail(ErrorCode::Format, "not a PEM public key (\"PUBLIC KEY\" block)");
        return key;
    }
    const auto* p = reinterpret_cast<const unsigned char*>(pem_or_der.data());
    PkeyPtr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(pem_or_der.size())));
    if (!key) return fail(ErrorCode::Format, "not a DER SubjectPublicKeyInfo public key");
    return key;
}

std::string public_key_der(EVP_PKEY* key) {
    unsigned char* out = nullptr;
    const int len = i2d_PUBKEY(key, &out);
    if (len <= 0) return {};
    std::string der(reinterpret_cast<const char*>(out), static_cast<std::size_t>(len));
    OPENSSL_free(out);
    return der;
}

std::string certificate_der(X509* cert) {
    unsigned char* out = nullptr;
    const int len = i2d_X509(cert, &out);
    if (len <= 0) return {};
    std::string der(reinterpret_cast<const char*>(out), static_cast<std::size_t>(len));
    OPENSSL_free(out);
    return der;
}

bool is_self_signed(X509* cert) {
    return X509_self_signed(cert, 0) == 1;
}

std::string key_description(EVP_PKEY* key) {
    switch (EVP_PKEY_get_base_id(key)) {
        case EVP_PKEY_EC: {
            const std::string g = ec_group(key);
            if (g == "prime256v1") return "ECDSA P-256";
            if (g == "secp384r1") return "ECDSA P-384";
            if (g == "secp521r1") return "ECDSA P-521";
            return "ECDSA " + g;
        }
        case EVP_PKEY_ED25519:
            return "Ed25519";
        case EVP_PKEY_RSA:
            return "RSA " + std::to_string(EVP_PKEY_get_bits(key));
        default:
            return "key type " + std::to_string(EVP_PKEY_get_base_id(key));
    }
}

Status verify_bytes(EVP_PKEY* key, std::string_view data, std::string_view signature) {
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, digest_for(key), nullptr, key) != 1) {
        return fail(ErrorCode::Unsupported, "cannot verify with a " + key_description(key));
    }
    const int ok = EVP_DigestVerify(
        ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
        reinterpret_cast<const unsigned char*>(data.data()), data.size());
    if (ok != 1) return fail(ErrorCode::DigestMismatch, "signature does not verify");
    return {};
}

Status verify_artifact(EVP_PKEY* key, const Artifact& artifact, std::string_view signature) {
    if (artifact.bytes) return verify_bytes(key, *artifact.bytes, signature);
    if (digest_for(key) != EVP_sha256()) {
        return fail(ErrorCode::Unsupported, "a " + key_description(key) +
                                                " signature cannot be checked from a SHA-256 "
                                                "digest alone; give the artifact file");
    }
    std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree> ctx(EVP_PKEY_CTX_new(key, nullptr));
    if (!ctx || EVP_PKEY_verify_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()) != 1) {
        return fail(ErrorCode::Unsupported, "cannot verify with a " + key_description(key));
    }
    const int ok = EVP_PKEY_verify(
        ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
        reinterpret_cast<const unsigned char*>(artifact.sha256.data()), artifact.sha256.size());
    if (ok != 1) return fail(ErrorCode::DigestMismatch, "signature does not verify");
    return {};
}

std::vector<std::string> subject_alternative_names(X509* cert) {
    std::vector<std::string> out;
    std::unique_ptr<GENERAL_NAMES, NamesFree> names(static_cast<GENERAL_NAMES*>(
        X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
    if (!names) return out;
    for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
        const GENERAL_NAME* n = sk_GENERAL_NAME_value(names.get(), i);
        if (n->type != GEN_URI && n->type != GEN_EMAIL) continue;
        const ASN1_IA5STRING* s =
            n->type == GEN_URI ? n->d.uniformResourceIdentifier : n->d.rfc822Name;
        out.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                         static_cast<std::size_t>(ASN1_STRING_length(s)));
    }
    return out;
}

namespace {

// The raw extnValue bytes of extension `oid`, or nullopt.
std::optional<std::string> extension_value(X509* cert, const char* oid) {
    std::unique_ptr<ASN1_OBJECT, ObjFree> obj(OBJ_txt2obj(oid, 1));
    if (!obj) return std::nullopt;
    const int idx = X509_get_ext_by_OBJ(cert, obj.get(), -1);
    if (idx < 0) return std::nullopt;
    const ASN1_OCTET_STRING* data = X509_EXTENSION_get_data(X509_get_ext(cert, idx));
    return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(data)),
                       static_cast<std::size_t>(ASN1_STRING_length(data)));
}

}  // namespace

std::string oidc_issuer(X509* cert) {
    // Fulcio's OID registry (docs/oid-info.md): .1.8 "Issuer (V2)" is a DER UTF8String, .1.1
    // "Issuer" (deprecated) the raw string bytes.
    if (auto v2 = extension_value(cert, "1.3.6.1.4.1.57264.1.8")) {
        const auto* p = reinterpret_cast<const unsigned char*>(v2->data());
        std::unique_ptr<ASN1_UTF8STRING, Utf8Free> s(
            d2i_ASN1_UTF8STRING(nullptr, &p, static_cast<long>(v2->size())));
        if (s) {
            return {reinterpret_cast<const char*>(ASN1_STRING_get0_data(s.get())),
                    static_cast<std::size_t>(ASN1_STRING_length(s.get()))};
        }
    }
    if (auto v1 = extension_value(cert, "1.3.6.1.4.1.57264.1.1")) return *v1;
    return {};
}

bool has_code_signing_usage(X509* cert) {
    // UINT32_MAX means "no extendedKeyUsage extension": any use, which a Fulcio leaf never has.
    const std::uint32_t eku = X509_get_extended_key_usage(cert);
    return eku != UINT32_MAX && (eku & XKU_CODE_SIGN) != 0;
}

std::int64_t not_before(X509* cert) {
    return asn1_seconds(X509_get0_notBefore(cert));
}
std::int64_t not_after(X509* cert) {
    return asn1_seconds(X509_get0_notAfter(cert));
}

}  // namespace berth::sigstore

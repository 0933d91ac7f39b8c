// SPDX-License-Identifier: Apache-2.0
// Who is calling: dockerd puts the TLS client certificate's CN in `User`; the SAN and the
// organisation come from the PEM certificates it forwards (RequestPeerCertificates), read with
// OpenSSL.
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

#include "authz/decide.hpp"

namespace berth::authz {
namespace {

struct CertNames {
    std::string cn;
    std::string san;  ///< first email, DNS or URI SAN
    std::vector<std::string> orgs;
};

std::string asn1_text(const ASN1_STRING* s) {
    if (s == nullptr) return {};
    unsigned char* utf8 = nullptr;
    const int n = ASN1_STRING_to_UTF8(&utf8, s);
    if (n < 0) return {};
    std::string out(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(n));
    OPENSSL_free(utf8);
    return out;
}

std::optional<CertNames> read_names(const std::string& pem) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
    if (!bio) return std::nullopt;
    std::unique_ptr<X509, decltype(&X509_free)> cert(
        PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
    if (!cert) return std::nullopt;
    CertNames out;
    X509_NAME* subject = X509_get_subject_name(cert.get());
    for (int i = -1; (i = X509_NAME_get_index_by_NID(subject, NID_organizationName, i)) >= 0;) {
        out.orgs.push_back(asn1_text(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, i))));
    }
    if (int i = X509_NAME_get_index_by_NID(subject, NID_commonName, -1); i >= 0) {
        out.cn = asn1_text(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, i)));
    }
    auto* names = static_cast<GENERAL_NAMES*>(
        X509_get_ext_d2i(cert.get(), NID_subject_alt_name, nullptr, nullptr));
    for (int i = 0; names != nullptr && i < sk_GENERAL_NAME_num(names) && out.san.empty(); ++i) {
        const GENERAL_NAME* g = sk_GENERAL_NAME_value(names, i);
        if (g->type == GEN_EMAIL || g->type == GEN_DNS || g->type == GEN_URI) {
            out.san = asn1_text(g->d.ia5);
        }
    }
    GENERAL_NAMES_free(names);
    return out;
}

}  // namespace

Identity identify(const Policy& policy, const AuthzRequest& request) {
    Identity id;
    const bool need_cert =
        policy.identity == IdentitySource::San || policy.groups_from_organization;
    std::optional<CertNames> names;
    if (need_cert && !request.peer_certificates.empty()) {
        names = read_names(request.peer_certificates.front());
    }
    if (policy.identity == IdentitySource::San) {
        id.user = names ? names->san : std::string();
    } else {
        id.user = request.user;
        if (id.user.empty() && names) id.user = names->cn;
    }
    if (policy.groups_from_organization && names) id.groups = names->orgs;
    return id;
}

}  // namespace berth::authz

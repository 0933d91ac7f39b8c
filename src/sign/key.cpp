// SPDX-License-Identifier: Apache-2.0
#include "sign/key.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <array>
#include <cstring>

#include "core/base64.hpp"
#include "core/text.hpp"

namespace berth::sign {

namespace {

struct CtxFree {
    void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};
struct MdCtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

Error ossl_error(std::string what) {
    return Error{ErrorCode::Internal, "OpenSSL: " + std::move(what), ""};
}

// The curve of an EC key ("prime256v1"), or "" when it has no named group.
std::string group_name(EVP_PKEY* key) {
    std::array<char, 80> name{};
    std::size_t len = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name.data(), name.size(),
                                       &len) != 1) {
        return {};
    }
    return std::string(name.data(), len);
}

// cosign's accepted set (keys.go: P-256/384/521, RSA 2048–4096, Ed25519).
}  // namespace

Result<KeyAlgorithm> key_algorithm_of(EVP_PKEY* key, const std::string& where) {
    switch (EVP_PKEY_get_base_id(key)) {
        case EVP_PKEY_EC: {
            const std::string group = group_name(key);
            if (group == "prime256v1" || group == "P-256") return KeyAlgorithm::EcdsaP256;
            if (group == "secp384r1" || group == "P-384") return KeyAlgorithm::EcdsaP384;
            if (group == "secp521r1" || group == "P-521") return KeyAlgorithm::EcdsaP521;
            return fail(ErrorCode::Unsupported,
                        "EC curve " + (group.empty() ? std::string("(unnamed)") : group) +
                            " is not accepted (P-256, P-384 or P-521)",
                        where);
        }
        case EVP_PKEY_RSA: {
            const int bits = EVP_PKEY_get_bits(key);
            if (bits < 2048 || bits > 4096) {
                return fail(ErrorCode::Unsupported,
                            "RSA key of " + std::to_string(bits) +
                                " bits is not accepted (2048 to 4096 bits)",
                            where);
            }
            return KeyAlgorithm::Rsa;
        }
        case EVP_PKEY_ED25519:
            return KeyAlgorithm::Ed25519;
        default:
            return fail(ErrorCode::Unsupported,
                        std::string("key type ") + OBJ_nid2sn(EVP_PKEY_get_base_id(key)) +
                            " is not accepted (ECDSA P-256/P-384/P-521, RSA, Ed25519)",
                        where);
    }
}

namespace {

// Parses PKCS#8 DER (type EVP_PKEY_NONE) or the type-specific DER of `type` (SEC1 for
// EVP_PKEY_EC, PKCS#1 for EVP_PKEY_RSA).
Result<EvpPkeyPtr> decode_private(std::string_view der, int type, const std::string& where,
                                  std::string_view what) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    EVP_PKEY* key = nullptr;
    if (type == EVP_PKEY_NONE) {
        PKCS8_PRIV_KEY_INFO* info =
            d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, static_cast<long>(der.size()));
        if (info != nullptr) {
            key = EVP_PKCS82PKEY(info);
            PKCS8_PRIV_KEY_INFO_free(info);
        }
    } else {
        key = d2i_PrivateKey(type, nullptr, &p, static_cast<long>(der.size()));
    }
    if (key == nullptr) {
        return fail(ErrorCode::Format, "not a valid " + std::string(what) + " private key", where);
    }
    return EvpPkeyPtr(key);
}

}  // namespace

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
    if (this != &other) {
        clear();
        bytes_ = std::move(other.bytes_);
        other.clear();
    }
    return *this;
}

void SecretBytes::clear() {
    if (!bytes_.empty()) OPENSSL_cleanse(bytes_.data(), bytes_.size());
    bytes_.clear();
}

void EvpPkeyFree::operator()(evp_pkey_st* key) const {
    EVP_PKEY_free(key);
}

Result<KeyType> parse_key_type(std::string_view name) {
    const std::string n = text::lower(name);
    if (n == "ecdsa-p256" || n == "ecdsa" || n == "p256") return KeyType::EcdsaP256;
    if (n == "ed25519") return KeyType::Ed25519;
    if (n == "rsa-3072" || n == "rsa") return KeyType::Rsa3072;
    return fail(ErrorCode::InvalidArgument,
                "unknown key type '" + std::string(name) + "' (ecdsa-p256, ed25519, rsa-3072)",
                "--type");
}

std::string_view key_algorithm_name(KeyAlgorithm algorithm) {
    switch (algorithm) {
        case KeyAlgorithm::EcdsaP256:
            return "ECDSA P-256";
        case KeyAlgorithm::EcdsaP384:
            return "ECDSA P-384";
        case KeyAlgorithm::EcdsaP521:
            return "ECDSA P-521";
        case KeyAlgorithm::Rsa:
            return "RSA";
        case KeyAlgorithm::Ed25519:
            return "Ed25519";
    }
    return "unknown";
}

Result<PrivateKey> PrivateKey::generate(KeyType type) {
    EVP_PKEY* raw = nullptr;
    switch (type) {
        case KeyType::EcdsaP256:
            raw = EVP_EC_gen("P-256");
            break;
        case KeyType::Ed25519:
            raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
            break;
        case KeyType::Rsa3072:
            raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(3072));
            break;
    }
    if (raw == nullptr) return fail(ossl_error("key generation failed"));
    return adopt(EvpPkeyPtr(raw), "generated key");
}

Result<PrivateKey> PrivateKey::adopt(EvpPkeyPtr key, const std::string& where) {
    auto algorithm = key_algorithm_of(key.get(), where);
    if (!algorithm) return fail(algorithm.error());
    return PrivateKey(std::move(key), *algorithm);
}

Result<PrivateKey> PrivateKey::from_pkcs8_der(std::string_view der, const std::string& where) {
    auto key = decode_private(der, EVP_PKEY_NONE, where, "PKCS#8");
    if (!key) return fail(key.error());
    return adopt(std::move(*key), where);
}

Result<PrivateKey> PrivateKey::from_plain_pem(std::string_view text, const std::string& where) {
    // `openssl ecparam -genkey` writes an "EC PARAMETERS" block before the key: skip it.
    constexpr std::string_view kParamsEnd = "-----END EC PARAMETERS-----";
    if (text.find("-----BEGIN EC PARAMETERS-----") < text.find("-----BEGIN EC PRIVATE KEY-----")) {
        if (const auto end = text.find(kParamsEnd); end != std::string_view::npos) {
            text.remove_prefix(end + kParamsEnd.size());
        }
    }
    auto block = read_pem(text, where);
    if (!block) return fail(block.error());
    Result<EvpPkeyPtr> key = fail(ErrorCode::Internal, "", where);
    if (block->type == "PRIVATE KEY") {
        key = decode_private(block->der.view(), EVP_PKEY_NONE, where, "PKCS#8");
    } else if (block->type == "EC PRIVATE KEY") {
        key = decode_private(block->der.view(), EVP_PKEY_EC, where, "SEC1 EC");
    } else if (block->type == "RSA PRIVATE KEY") {
        key = decode_private(block->der.view(), EVP_PKEY_RSA, where, "PKCS#1 RSA");
    } else if (block->type == "ENCRYPTED PRIVATE KEY") {
        return fail(ErrorCode::Unsupported,
                    "PKCS#8-encrypted keys are not read; decrypt it first (openssl pkcs8 -in KEY "
                    "-out PLAIN.pem) and import that",
                    where);
    } else {
        return fail(ErrorCode::Format,
                    "PEM block \"" + block->type +
                        "\" is not a private key (PRIVATE KEY, EC PRIVATE KEY, RSA PRIVATE KEY, "
                        "ENCRYPTED SIGSTORE PRIVATE KEY or ENCRYPTED COSIGN PRIVATE KEY)",
                    where);
    }
    if (!key) return fail(key.error());
    return adopt(std::move(*key), where);
}

Result<SecretBytes> PrivateKey::pkcs8_der() const {
    PKCS8_PRIV_KEY_INFO* info = EVP_PKEY2PKCS8(key_.get());
    if (info == nullptr) return fail(ossl_error("cannot encode the key as PKCS#8"));
    unsigned char* out = nullptr;
    const int len = i2d_PKCS8_PRIV_KEY_INFO(info, &out);
    PKCS8_PRIV_KEY_INFO_free(info);
    if (len <= 0 || out == nullptr) return fail(ossl_error("cannot encode the key as PKCS#8"));
    SecretBytes der(std::string(reinterpret_cast<char*>(out), static_cast<std::size_t>(len)));
    OPENSSL_clear_free(out, static_cast<std::size_t>(len));
    return der;
}

Result<std::string> PrivateKey::public_der() const {
    unsigned char* out = nullptr;
    const int len = i2d_PUBKEY(key_.get(), &out);
    if (len <= 0 || out == nullptr) return fail(ossl_error("cannot encode the public key"));
    std::string der(reinterpret_cast<char*>(out), static_cast<std::size_t>(len));
    OPENSSL_free(out);
    return der;
}

Result<std::string> PrivateKey::public_pem() const {
    auto der = public_der();
    if (!der) return fail(der.error());
    return write_pem("PUBLIC KEY", *der);
}

Result<std::string> PrivateKey::sign(std::string_view message) const {
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    if (!ctx) return fail(ossl_error("out of memory"));
    const EVP_MD* md = algorithm_ == KeyAlgorithm::Ed25519 ? nullptr : EVP_sha256();
    EVP_PKEY_CTX* pctx = nullptr;
    if (EVP_DigestSignInit(ctx.get(), &pctx, md, nullptr, key_.get()) != 1) {
        return fail(ossl_error("cannot start signing"));
    }
    if (algorithm_ == KeyAlgorithm::Rsa &&
        EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1) {
        return fail(ossl_error("cannot select PKCS#1 v1.5 padding"));
    }
    const auto* data = reinterpret_cast<const unsigned char*>(message.data());
    std::size_t len = 0;
    if (EVP_DigestSign(ctx.get(), nullptr, &len, data, message.size()) != 1) {
        return fail(ossl_error("signing failed"));
    }
    std::string sig(len, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, data,
                       message.size()) != 1) {
        return fail(ossl_error("signing failed"));
    }
    sig.resize(len);
    return sig;
}

Result<PemBlock> read_pem(std::string_view text, const std::string& where) {
    constexpr std::string_view kBegin = "-----BEGIN ";
    const auto begin = text.find(kBegin);
    if (begin == std::string_view::npos) {
        return fail(ErrorCode::Format, "no PEM block (-----BEGIN …-----) found", where);
    }
    const auto type_end = text.find("-----", begin + kBegin.size());
    const auto line_end = text.find('\n', begin);
    if (type_end == std::string_view::npos ||
        (line_end != std::string_view::npos && type_end > line_end)) {
        return fail(ErrorCode::Format, "malformed PEM BEGIN line", where);
    }
    PemBlock block;
    block.type = std::string(text.substr(begin + kBegin.size(), type_end - begin - kBegin.size()));
    const std::string end_line = "-----END " + block.type + "-----";
    const auto body_begin = type_end + 5;
    const auto end = text.find(end_line, body_begin);
    if (end == std::string_view::npos) {
        return fail(ErrorCode::Truncated,
                    "PEM block \"" + block.type + "\" has no END line (truncated file?)", where);
    }
    const std::string_view body = text.substr(body_begin, end - body_begin);
    if (body.find("Proc-Type:") != std::string_view::npos) {
        return fail(ErrorCode::Unsupported,
                    "PEM headers of legacy OpenSSL encryption (Proc-Type/DEK-Info) are not read; "
                    "decrypt the key first (openssl pkey -in KEY -out PLAIN.pem)",
                    where);
    }
    if (body.find(':') != std::string_view::npos) {
        return fail(ErrorCode::Format,
                    "PEM block \"" + block.type + "\" has header lines; keys have none", where);
    }
    std::string compact;
    compact.reserve(body.size());
    for (char c : body) {
        if (!text::is_space(c)) compact += c;
    }
    auto der = base64_decode(compact);
    if (!der || der->empty()) {
        OPENSSL_cleanse(compact.data(), compact.size());
        return fail(ErrorCode::Format, "PEM block \"" + block.type + "\" is not valid base64",
                    where);
    }
    OPENSSL_cleanse(compact.data(), compact.size());
    block.der = SecretBytes(std::move(*der));
    return block;
}

std::string write_pem(std::string_view type, std::string_view der) {
    const std::string b64 = base64_encode(der);
    std::string out = "-----BEGIN " + std::string(type) + "-----\n";
    for (std::size_t i = 0; i < b64.size(); i += 64) {
        out.append(b64, i, 64);
        out += '\n';
    }
    out += "-----END " + std::string(type) + "-----\n";
    return out;
}

Result<std::string> public_der_from_pem(std::string_view text, const std::string& where) {
    auto block = read_pem(text, where);
    if (!block) return fail(block.error());
    if (block->type != "PUBLIC KEY") {
        return fail(ErrorCode::Format,
                    "PEM block \"" + block->type + "\" is not a public key (PUBLIC KEY)", where);
    }
    const auto* p = reinterpret_cast<const unsigned char*>(block->der.view().data());
    EVP_PKEY* key = d2i_PUBKEY(nullptr, &p, static_cast<long>(block->der.size()));
    if (key == nullptr) return fail(ErrorCode::Format, "not a valid public key", where);
    EVP_PKEY_free(key);
    return std::string(block->der.view());
}

std::string public_key_hint(std::string_view spki_der) {
    std::array<unsigned char, 32> md{};
    unsigned int len = 0;
    EVP_Digest(spki_der.data(), spki_der.size(), md.data(), &len, EVP_sha256(), nullptr);
    return base64_encode(std::string_view(reinterpret_cast<const char*>(md.data()), len));
}

}  // namespace berth::sign

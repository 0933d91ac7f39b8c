// SPDX-License-Identifier: Apache-2.0
#include "sign/cosign_key.hpp"

#include <openssl/evp.h>
#include <sodium.h>

#include <array>

#include "core/base64.hpp"
#include "core/json_read.hpp"

namespace berth::sign {

namespace {

constexpr std::size_t kSaltSize = 32;
constexpr std::size_t kKeySize = crypto_secretbox_KEYBYTES;
constexpr std::size_t kNonceSize = crypto_secretbox_NONCEBYTES;
static_assert(kKeySize == 32 && kNonceSize == 24, "nacl/secretbox sizes");

// The decoded JSON body of an encrypted key.
struct Envelope {
    ScryptParams params;
    std::string salt;
    std::string nonce;
    std::string ciphertext;
};

Status init_sodium() {
    if (sodium_init() < 0) return fail(ErrorCode::Internal, "libsodium failed to initialize");
    return {};
}

// scrypt(password, salt, N, r, p) → 32 bytes, in wiped memory. OpenSSL's default memory cap
// (32 MiB) is below N = 2^17's 128 MiB; parameters were checked against the accepted sets.
Result<SecretBytes> derive_key(std::string_view password, std::string_view salt,
                               const ScryptParams& p) {
    SecretBytes key(std::string(kKeySize, '\0'));
    constexpr std::uint64_t kMaxMem = 256ULL << 20U;
    if (EVP_PBE_scrypt(password.data(), password.size(),
                       reinterpret_cast<const unsigned char*>(salt.data()), salt.size(), p.n, p.r,
                       p.p, kMaxMem, reinterpret_cast<unsigned char*>(key.buffer().data()),
                       kKeySize) != 1) {
        return fail(ErrorCode::Internal, "OpenSSL: scrypt key derivation failed");
    }
    return key;
}

Result<std::string> b64_field(const json_read::Cursor& obj, std::string_view key) {
    auto text = obj.req_string(key);
    if (!text) return fail(text.error());
    auto bytes = base64_decode(*text);
    if (!bytes) return fail(obj[key].error("not valid base64"));
    return std::move(*bytes);
}

Status expect_name(const json_read::Cursor& obj, std::string_view want) {
    auto name = obj.req_string("name");
    if (!name) return fail(name.error());
    if (*name != want) {
        return fail(obj["name"].error("unsupported \"" + *name + "\" (berth reads \"" +
                                      std::string(want) + "\", as cosign writes)"));
    }
    return {};
}

Result<ScryptParams> read_params(const json_read::Cursor& kdf) {
    auto params = kdf.req_object("params");
    if (!params) return fail(params.error());
    ScryptParams p;
    std::array<std::pair<const char*, std::uint64_t*>, 3> fields{
        {{"N", &p.n}, {"r", &p.r}, {"p", &p.p}}};
    for (auto& [name, out] : fields) {
        auto v = params->req_int(name);
        if (!v) return fail(v.error());
        if (*v <= 0) return fail((*params)[name].error("must be positive"));
        *out = static_cast<std::uint64_t>(*v);
    }
    if (!accepted_scrypt_params(p)) {
        return fail(ErrorCode::Unsupported,
                    "scrypt parameters N=" + std::to_string(p.n) + ", r=" + std::to_string(p.r) +
                        ", p=" + std::to_string(p.p) +
                        " are not accepted (N = 32768, 65536 or 131072 with r = 8, p = 1)",
                    kdf.where());
    }
    return p;
}

Result<Envelope> read_envelope(std::string_view json, const std::string& where) {
    auto doc = json_read::parse(json, where);
    if (!doc) {
        Error e = doc.error();
        e.message = "the key's PEM body is not the expected JSON: " + e.message;
        return fail(e);
    }
    json_read::Cursor root(*doc, where);
    auto kdf = root.req_object("kdf");
    if (!kdf) return fail(kdf.error());
    if (auto s = expect_name(*kdf, "scrypt"); !s) return fail(s.error());
    auto cipher = root.req_object("cipher");
    if (!cipher) return fail(cipher.error());
    if (auto s = expect_name(*cipher, "nacl/secretbox"); !s) return fail(s.error());
    Envelope env;
    auto params = read_params(*kdf);
    if (!params) return fail(params.error());
    env.params = *params;
    auto salt = b64_field(*kdf, "salt");
    if (!salt) return fail(salt.error());
    env.salt = std::move(*salt);
    auto nonce = b64_field(*cipher, "nonce");
    if (!nonce) return fail(nonce.error());
    if (nonce->size() != kNonceSize) {
        return fail(
            (*cipher)["nonce"].error("must be 24 bytes, got " + std::to_string(nonce->size())));
    }
    env.nonce = std::move(*nonce);
    auto ct = b64_field(root, "ciphertext");
    if (!ct) return fail(ct.error());
    if (ct->size() <= crypto_secretbox_MACBYTES) {
        return fail(root["ciphertext"].error("too short to hold a key"));
    }
    env.ciphertext = std::move(*ct);
    return env;
}

}  // namespace

bool accepted_scrypt_params(const ScryptParams& params) {
    return (params.n == 32768 || params.n == 65536 || params.n == 131072) && params.r == 8 &&
           params.p == 1;
}

Result<std::string> encrypt_private_key(const PrivateKey& key, std::string_view password,
                                        const ScryptParams& params) {
    if (!accepted_scrypt_params(params)) {
        return fail(ErrorCode::InvalidArgument, "scrypt parameters outside the accepted sets");
    }
    if (auto s = init_sodium(); !s) return fail(s.error());
    auto der = key.pkcs8_der();
    if (!der) return fail(der.error());
    std::string salt(kSaltSize, '\0');
    std::string nonce(kNonceSize, '\0');
    randombytes_buf(salt.data(), salt.size());
    randombytes_buf(nonce.data(), nonce.size());
    auto box_key = derive_key(password, salt, params);
    if (!box_key) return fail(box_key.error());
    std::string sealed(der->size() + crypto_secretbox_MACBYTES, '\0');
    crypto_secretbox_easy(reinterpret_cast<unsigned char*>(sealed.data()),
                          reinterpret_cast<const unsigned char*>(der->view().data()), der->size(),
                          reinterpret_cast<const unsigned char*>(nonce.data()),
                          reinterpret_cast<const unsigned char*>(box_key->view().data()));
    // Field order and spelling as go-securesystemslib's json.Marshal writes them.
    const std::string body =
        R"({"kdf":{"name":"scrypt","params":{"N":)" + std::to_string(params.n) + R"(,"r":)" +
        std::to_string(params.r) + R"(,"p":)" + std::to_string(params.p) + R"(},"salt":")" +
        base64_encode(salt) + R"("},"cipher":{"name":"nacl/secretbox","nonce":")" +
        base64_encode(nonce) + R"("},"ciphertext":")" + base64_encode(sealed) + R"("})";
    return write_pem(kSigstoreKeyPemType, body);
}

bool is_cosign_encrypted_pem(std::string_view text) {
    auto block = read_pem(text, "");
    return block && (block->type == kSigstoreKeyPemType || block->type == kCosignKeyPemType);
}

Result<PrivateKey> decrypt_private_key(std::string_view text, std::string_view password,
                                       const std::string& where) {
    auto block = read_pem(text, where);
    if (!block) return fail(block.error());
    if (block->type != kSigstoreKeyPemType && block->type != kCosignKeyPemType) {
        return fail(ErrorCode::Format,
                    "PEM block \"" + block->type +
                        "\" is not a cosign key (ENCRYPTED SIGSTORE PRIVATE KEY or ENCRYPTED "
                        "COSIGN PRIVATE KEY)",
                    where);
    }
    auto env = read_envelope(block->der.view(), where);
    if (!env) return fail(env.error());
    if (auto s = init_sodium(); !s) return fail(s.error());
    auto box_key = derive_key(password, env->salt, env->params);
    if (!box_key) return fail(box_key.error());
    SecretBytes plain(std::string(env->ciphertext.size() - crypto_secretbox_MACBYTES, '\0'));
    if (crypto_secretbox_open_easy(
            reinterpret_cast<unsigned char*>(plain.buffer().data()),
            reinterpret_cast<const unsigned char*>(env->ciphertext.data()), env->ciphertext.size(),
            reinterpret_cast<const unsigned char*>(env->nonce.data()),
            reinterpret_cast<const unsigned char*>(box_key->view().data())) != 0) {
        return fail(ErrorCode::InvalidArgument,
                    "wrong password for this key (or the key file is damaged): decryption failed",
                    where);
    }
    auto key = PrivateKey::from_pkcs8_der(plain.view(), where);
    if (!key && key.error().code == ErrorCode::Format) {
        return fail(ErrorCode::Format,
                    "the decrypted key is not PKCS#8 DER (cosign writes and reads PKCS#8 only)",
                    where);
    }
    return key;
}

Result<PrivateKey> read_private_key(std::string_view text, const PasswordSource& password,
                                    const std::string& where) {
    if (!is_cosign_encrypted_pem(text)) return PrivateKey::from_plain_pem(text, where);
    auto pw = password();
    if (!pw) return fail(pw.error());
    return decrypt_private_key(text, pw->view(), where);
}

}  // namespace berth::sign

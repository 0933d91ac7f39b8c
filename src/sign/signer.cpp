// SPDX-License-Identifier: Apache-2.0
#include "sign/signer.hpp"

#include "core/file.hpp"
#include "sign/password.hpp"
#include "sign/pkcs11.hpp"
#include "sign/pkcs11_uri.hpp"

namespace berth::sign {

namespace {

class KeySigner final : public Signer {
  public:
    KeySigner(PrivateKey key, std::string public_der, std::string description)
        : key_(std::move(key)),
          public_der_(std::move(public_der)),
          description_(std::move(description)) {}

    Result<std::string> sign(std::string_view message) override { return key_.sign(message); }
    [[nodiscard]] KeyAlgorithm algorithm() const override { return key_.algorithm(); }
    [[nodiscard]] const std::string& public_der() const override { return public_der_; }
    [[nodiscard]] std::string description() const override { return description_; }

  private:
    PrivateKey key_;
    std::string public_der_;
    std::string description_;
};

// A key file is small; anything bigger is not one.
constexpr std::uint64_t kMaxKeyFile = 1U << 20U;

}  // namespace

std::string Signer::public_pem() const {
    return write_pem("PUBLIC KEY", public_der());
}

std::string Signer::key_hint() const {
    return public_key_hint(public_der());
}

Result<std::unique_ptr<Signer>> make_key_signer(PrivateKey key, std::string description) {
    auto der = key.public_der();
    if (!der) return fail(der.error());
    return std::unique_ptr<Signer>(
        std::make_unique<KeySigner>(std::move(key), std::move(*der), std::move(description)));
}

Result<std::unique_ptr<Signer>> open_signer(const std::string& key_ref,
                                            const PasswordSource& password) {
    if (is_pkcs11_uri(key_ref)) return open_pkcs11_signer(key_ref);
    auto text = read_regular_file(key_ref, kMaxKeyFile);
    if (!text) return fail(text.error());
    SecretBytes guard(std::move(*text));
    auto key = read_private_key(guard.view(), password, key_ref);
    if (!key) return fail(key.error());
    return make_key_signer(std::move(*key), key_ref);
}

PasswordSource key_password_source() {
    return [] { return read_key_password(false); };
}

}  // namespace berth::sign

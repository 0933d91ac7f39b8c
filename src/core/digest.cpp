// SPDX-License-Identifier: Apache-2.0
#include "core/digest.hpp"

#include <openssl/evp.h>

namespace berth {

Result<Digest> parse_digest(std::string_view text) {
    auto colon = text.find(':');
    if (colon == std::string_view::npos) {
        return fail(ErrorCode::InvalidArgument,
                    "digest '" + std::string(text) + "' has no algorithm (want sha256:<hex>)");
    }
    std::string_view algo = text.substr(0, colon);
    std::string_view hex = text.substr(colon + 1);
    std::size_t want = 0;
    // Only sha256 is computed, so accepting sha512 would make every such blob a "mismatch".
    if (algo == "sha256") {
        want = 64;
    } else {
        return fail(ErrorCode::Unsupported,
                    "digest algorithm '" + std::string(algo) + "' is not supported (want sha256)");
    }
    if (hex.size() != want) {
        return fail(ErrorCode::InvalidArgument, "digest '" + std::string(text) + "' must have " +
                                                    std::to_string(want) + " hex digits");
    }
    for (char c : hex) {
        bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        if (!ok) {
            return fail(
                ErrorCode::InvalidArgument,
                "digest '" + std::string(text) + "' has a character that is not lower-case hex");
        }
    }
    return Digest{std::string(algo), std::string(hex)};
}

struct Sha256::Impl {
    EVP_MD_CTX* ctx = nullptr;
    Impl() : ctx(EVP_MD_CTX_new()) {
        BERTH_ASSERT(ctx != nullptr, "EVP_MD_CTX_new failed");
        EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
    }
    ~Impl() { EVP_MD_CTX_free(ctx); }
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
};

Sha256::Sha256() : impl_(std::make_unique<Impl>()) {}
Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(const void* data, std::size_t size) {
    if (size != 0) EVP_DigestUpdate(impl_->ctx, data, size);
}

Digest Sha256::finish() {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(impl_->ctx, out, &len);
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(len * 2U);
    for (unsigned int i = 0; i < len; ++i) {
        hex.push_back(kHex[out[i] >> 4U]);
        hex.push_back(kHex[out[i] & 0x0FU]);
    }
    return Digest{"sha256", std::move(hex)};
}

Digest sha256_of(std::string_view data) {
    Sha256 h;
    h.update(data.data(), data.size());
    return h.finish();
}

std::string short_digest(const Digest& d) {
    if (d.empty()) return "(no digest)";
    return d.algorithm + ":" + d.hex.substr(0, 12);
}

}  // namespace berth

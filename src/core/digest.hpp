// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace berth {

/// A content digest as the OCI image spec writes it: "algorithm:hex". Only sha256 is supported;
/// other registered algorithms (sha512) parse to a clear Unsupported error.
struct Digest {
    std::string algorithm;  ///< "sha256"
    std::string hex;        ///< lower-case hex, 64 chars for sha256

    [[nodiscard]] std::string str() const { return algorithm + ":" + hex; }
    [[nodiscard]] bool empty() const { return hex.empty(); }
    friend bool operator==(const Digest&, const Digest&) = default;
};

/// Parses "sha256:<64 lower-case hex>" (OCI image-spec descriptor grammar).
/// Errors: InvalidArgument naming what is wrong; Unsupported for other algorithms.
Result<Digest> parse_digest(std::string_view text);

/// Incremental SHA-256 (OpenSSL EVP). Not copyable; cheap to move.
class Sha256 {
  public:
    Sha256();
    ~Sha256();
    Sha256(Sha256&&) noexcept;
    Sha256& operator=(Sha256&&) noexcept;
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(const void* data, std::size_t size);
    /// Finishes and returns the digest; the hasher must not be updated afterwards.
    Digest finish();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// SHA-256 of a whole buffer.
Digest sha256_of(std::string_view data);

/// Shortens "sha256:0123456789ab…" to "sha256:0123456789ab" for messages.
std::string short_digest(const Digest& d);

}  // namespace berth

// SPDX-License-Identifier: Apache-2.0
// Encodings the sigstore formats use: protobuf JSON bytes (standard base64), int64 values (JSON
// strings), RFC 3339 timestamps, hex and SHA-256.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base64.hpp"
#include "core/json_read.hpp"
#include "core/result.hpp"

namespace berth::sigstore {

// base64 lives in core/base64.hpp (strict decoding for protobuf JSON bytes).
using berth::base64_decode_strict;
using berth::base64_encode;

/// Lower-case hex of bytes.
std::string to_hex(std::string_view bytes);

/// Raw SHA-256 of bytes (32 bytes).
std::string sha256_bytes(std::string_view data);

/// "2021-01-12T11:53:27Z" or with fractional seconds / "+00:00" offset → seconds since the epoch.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

/// Member `key` as protobuf-JSON bytes: absent → "" (or an error when `required`), not a string
/// or not base64 → Format error naming the JSON path.
Result<std::string> read_bytes(const json_read::Cursor& c, std::string_view key,
                               bool required = true);

/// Member `key` as a protobuf-JSON int64: a decimal string or an integer; absent → `fallback`.
/// Errors: Format naming the path (not a number, out of range).
Result<std::int64_t> read_int64(const json_read::Cursor& c, std::string_view key,
                                std::int64_t fallback = 0);

}  // namespace berth::sigstore

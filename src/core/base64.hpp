// SPDX-License-Identifier: Apache-2.0
// Standard base64 (RFC 4648 §4), one copy for the whole project: Docker credentials and AuthZ
// bodies (lenient), sigstore bundles and keys (strict), everything berth writes (encode).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace berth {

/// Bytes of standard base64, leniently: padding optional, CR/LF skipped, stops at '='.
/// nullopt on a character outside the alphabet.
std::optional<std::string> base64_decode(std::string_view text);

/// Bytes of standard base64, strictly (protobuf JSON bytes): padding optional but well placed, no
/// whitespace, no URL alphabet, no bits set past the end; nullopt on anything else.
std::optional<std::string> base64_decode_strict(std::string_view text);

/// Standard base64 with padding.
std::string base64_encode(std::string_view bytes);

}  // namespace berth

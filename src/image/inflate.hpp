// SPDX-License-Identifier: Apache-2.0
// Decompression of layer streams behind one interface: gzip through ISA-L's igzip (about 3.5x
// zlib here), zstd through libzstd, plain tar passed through. Compression is detected from
// the first bytes, never from media types (they lie).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/stream.hpp"

namespace berth::image {

enum class Compression { None, Gzip, Zstd };

/// "none", "gzip", "zstd".
std::string_view compression_name(Compression c);

/// Identifies compression from the first bytes of a blob (at least 4 when available).
/// Errors: Unsupported for bzip2/xz (named), never for unknown bytes (they are treated as tar
/// and the tar reader reports what is wrong).
Result<Compression> detect_compression(std::string_view head);

/// Wraps `source` (not owned; must outlive the result) in a decompressing stream. `head` holds
/// bytes already read from `source` that come first. Errors from read(): Format for corrupt
/// data (bad header, bad block, CRC mismatch, trailing garbage), Truncated when the source ends
/// inside a compressed stream.
std::unique_ptr<ByteStream> make_decompressor(Compression c, ByteStream& source, std::string head);

}  // namespace berth::image

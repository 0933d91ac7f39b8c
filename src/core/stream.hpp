// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "core/result.hpp"

namespace berth {

/// A forward-only source of bytes. read() returns the number of bytes put in `buf`
/// (0 = end of stream) or an error.
class ByteStream {
  public:
    virtual ~ByteStream() = default;
    virtual Result<std::size_t> read(void* buf, std::size_t size) = 0;
};

/// Opens `path` for reading the byte range [offset, offset + length) (whole file when
/// length is UINT64_MAX). The file is read with pread, so several streams may share it.
/// Errors: NotFound, Io, Unsupported (not a regular file: FIFO, device; core/file.hpp).
Result<std::unique_ptr<ByteStream>> open_file_range(const std::filesystem::path& path,
                                                    std::uint64_t offset = 0,
                                                    std::uint64_t length = UINT64_MAX);

/// Reads a stream to its end into a string, failing with LimitExceeded past `max_bytes`.
/// `what` names the content in the error.
Result<std::string> read_all(ByteStream& stream, std::uint64_t max_bytes, const std::string& what);

}  // namespace berth

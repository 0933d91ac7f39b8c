// SPDX-License-Identifier: Apache-2.0
// Random access to one file of a layer. Layers are tar streams: a file's bytes go by once, in
// order. An analyzer that must seek (a jar's zip central directory sits at the END of the file;
// an ELF section table is found through the header) asks for random access, and the walker
// copies the file into a bounded spool first:
//   size <= memory_limit (8 MiB)      → kept in memory
//   memory_limit < size <= max_size   → a temporary file in `dir` (the cache directory, else
//                                       TMPDIR), unlinked as soon as it is opened, so nothing is
//                                       left behind on error, crash or kill; the descriptor
//                                       closes with the spool
//   size > max_size (512 MiB)         → LimitExceeded naming the file; the walker turns it into
//                                       a warning diagnostic and the scan goes on
// The declared (tar header) size is checked before copying; the copy is checked again while
// reading, so a stream longer than its header cannot grow the spool past max_size either.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "core/stream.hpp"

namespace berth::analyze {

/// A file's bytes, readable at any offset, as many times as needed.
class RandomAccessFile {
  public:
    virtual ~RandomAccessFile() = default;
    [[nodiscard]] virtual std::uint64_t size() const = 0;
    /// Up to `n` bytes from `offset` (fewer only at the end; none at or past it). Errors: Io.
    [[nodiscard]] virtual Result<std::string> read_at(std::uint64_t offset,
                                                      std::size_t n) const = 0;
};

struct SpoolOptions {
    std::uint64_t memory_limit = 8ULL << 20U;  ///< larger files spill to a temporary file
    std::uint64_t max_size = 512ULL << 20U;    ///< larger files are refused (--max-file-size)
    std::filesystem::path dir;                 ///< for spilled files; empty = TMPDIR (or /tmp)
};

/// Copies `content` (whose tar header says `declared_size` bytes) into a spool.
/// Errors: LimitExceeded (over max_size), Io (temporary file), or the stream's own error; all
/// name `where`.
Result<std::unique_ptr<RandomAccessFile>> spool(ByteStream& content, std::uint64_t declared_size,
                                                const SpoolOptions& options,
                                                const std::string& where);

/// Bytes already in memory as a RandomAccessFile (an archive nested in another, read whole).
std::unique_ptr<RandomAccessFile> memory_file(std::string bytes);

/// Reads a RandomAccessFile front to back (for analyzers that stream a spooled file).
class RandomAccessStream final : public ByteStream {
  public:
    explicit RandomAccessStream(const RandomAccessFile& file) : file_(file) {}
    Result<std::size_t> read(void* buf, std::size_t size) override;

  private:
    const RandomAccessFile& file_;
    std::uint64_t pos_ = 0;
};

}  // namespace berth::analyze

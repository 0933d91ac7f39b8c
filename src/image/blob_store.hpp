// SPDX-License-Identifier: Apache-2.0
// Read-only access to the files of an image container: a directory (OCI layout, extracted
// docker save) or a tar holding the same tree (docker-archive, oci-archive). Nothing is ever
// extracted: members of an uncompressed tar are read in place by offset; a compressed tar's
// members are decompressed once into an anonymous spool file and read from there by offset.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/stream.hpp"

namespace berth::image {

/// Normalizes a member path inside a container: strips "./" and leading "/", collapses "//"
/// and "." components. Errors: UnsafePath when ".." would climb above the root.
Result<std::string> normalize_member_path(std::string_view path);

/// While alive, makes the calling thread's locale UTF-8 (C.UTF-8), so libarchive hands out
/// entry names as stored instead of failing to convert UTF-8 names to the "C" locale.
/// Thread-local (uselocale); the process locale is untouched.
class Utf8LocaleScope {
  public:
    Utf8LocaleScope();
    ~Utf8LocaleScope();
    Utf8LocaleScope(const Utf8LocaleScope&) = delete;
    Utf8LocaleScope& operator=(const Utf8LocaleScope&) = delete;

  private:
    void* previous_ = nullptr;
};

/// Files of an image container, addressed by normalized relative paths ("blobs/sha256/ab…").
class BlobStore {
  public:
    virtual ~BlobStore() = default;
    /// True when `path` names a regular file (after following links inside the store).
    [[nodiscard]] virtual bool exists(std::string_view path) const = 0;
    /// Opens a member for streaming. Errors: NotFound, UnsafePath, Io.
    [[nodiscard]] virtual Result<std::unique_ptr<ByteStream>> open(std::string_view path) const = 0;
    /// Size of a member in bytes. Errors: NotFound.
    [[nodiscard]] virtual Result<std::uint64_t> size(std::string_view path) const = 0;
    /// Names of regular-file members directly or indirectly under `dir` ("" = all), sorted.
    [[nodiscard]] virtual std::vector<std::string> list(std::string_view dir) const = 0;
    /// Where the store lives, for messages.
    [[nodiscard]] virtual const std::string& location() const = 0;

    /// Reads a small member whole (manifests, configs). Errors as open(), plus LimitExceeded.
    [[nodiscard]] Result<std::string> read_small(std::string_view path,
                                                 std::uint64_t max_bytes) const;
};

/// A store over a directory tree. Paths never leave `root` (checked lexically and after
/// resolving symlinks). Errors: NotFound when root is not a directory.
Result<std::shared_ptr<BlobStore>> open_dir_store(const std::filesystem::path& root);

/// A store over a tar file; indexes member offsets once with libarchive. An uncompressed tar is
/// read in place. A compressed one (gzip, zstd, xz, bzip2: `docker save | gzip`) is decompressed
/// in one sequential pass into an unlinked temporary file in $TMPDIR (default /var/tmp) that
/// holds its regular members' data: disk = their uncompressed size, memory = a 64 KiB buffer;
/// the file goes with the store (or the process). Symlink and hardlink members are followed
/// inside the archive (legacy docker save).
/// Errors: Format for a damaged or truncated archive, UnsafePath when a member name or link
/// target leaves the archive root, Io or LimitExceeded when the spool cannot be written (it
/// stops before leaving less than 256 MiB free).
Result<std::shared_ptr<BlobStore>> open_tar_store(const std::filesystem::path& tar_path);

}  // namespace berth::image

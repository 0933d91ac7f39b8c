// SPDX-License-Identifier: Apache-2.0
// Streams each layer of an image once: raw blob → (sha256 of blob) → decompress → (sha256 of
// tar = diffID) → libarchive tar reader → entries handed to a visitor. Nothing is written to
// disk; memory is bounded by fixed buffers whatever the layer size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/result.hpp"
#include "core/stream.hpp"
#include "image/image.hpp"
#include "image/inflate.hpp"

namespace berth::image {

enum class EntryType { File, Directory, Symlink, Hardlink, CharDevice, BlockDevice, Fifo, Other };

/// "file", "dir", "symlink", "hardlink", "char", "block", "fifo", "other".
std::string_view entry_type_name(EntryType t);

enum class Whiteout {
    None,    ///< an ordinary entry
    File,    ///< `.wh.NAME`: deletes `path` (and everything under it) from lower layers
    Opaque,  ///< `.wh..wh..opq`: hides everything lower layers had under the directory `path`
};

/// One tar entry, normalized. For whiteouts, `path` is what is deleted (for File) or the
/// directory made opaque (for Opaque), never the `.wh.` marker name.
struct Entry {
    std::string path;  ///< relative, no leading "/" or "./", no "." or ".." parts; "" = root
    EntryType type = EntryType::File;
    Whiteout whiteout = Whiteout::None;
    std::uint32_t mode = 0;  ///< permission and setuid/setgid/sticky bits (07777)
    std::int64_t uid = 0;
    std::int64_t gid = 0;
    std::uint64_t size = 0;   ///< content size of regular files
    std::string link_target;  ///< symlink target as stored; hardlink target normalized
    std::int64_t mtime = 0;
    std::size_t layer = 0;
};

/// Receives the entries of one layer, in archive order, on one thread.
class LayerVisitor {
  public:
    virtual ~LayerVisitor() = default;
    /// Called once per entry. `content` streams the entry's bytes and is valid only during
    /// the call; unread bytes are skipped. An error stops the walk of this layer.
    virtual Status on_entry(const Entry& entry, ByteStream& content) = 0;
};

/// Safety limits; each breach is a LimitExceeded error naming layer and path.
struct Limits {
    std::uint64_t max_entries = 4'000'000;         ///< per layer
    std::size_t max_path_length = 4096;            ///< bytes, after normalization
    std::uint64_t max_layer_bytes = 64ULL << 30U;  ///< uncompressed bytes per layer
    std::uint64_t max_ratio = 200;                 ///< uncompressed/compressed, past ratio_floor
    std::uint64_t ratio_floor = 64ULL << 20U;      ///< ratio is checked once this much is out
    std::uint64_t max_file_read = 64ULL << 20U;    ///< largest entry an analyzer reads whole
    std::size_t max_packages = 100'000;            ///< most packages one package database may list
};

/// What walking one layer found and measured.
struct LayerSummary {
    std::size_t index = 0;
    Compression compression = Compression::None;
    Digest digest;   ///< sha256 of the stored blob, as read
    Digest diff_id;  ///< sha256 of the uncompressed tar, as read
    std::uint64_t compressed_bytes = 0;
    std::uint64_t uncompressed_bytes = 0;
    std::uint64_t entries = 0;      ///< every entry, whiteout markers included
    std::uint64_t whiteouts = 0;    ///< `.wh.NAME` markers
    std::uint64_t opaque_dirs = 0;  ///< `.wh..wh..opq` markers
    Diagnostics diagnostics;        ///< tolerated defects (absolute paths, truncated trailer)
};

/// Walks one layer. Verifies the blob digest, the declared size and the diffID when the
/// LayerRef names them. Errors (all name the layer, and the entry when there is one):
/// DigestMismatch, Truncated, Format, UnsafePath (`..` escaping the root, an entry written
/// through a symlink, a hardlink leaving the image, NUL in a name), LimitExceeded, or the
/// visitor's own error.
Result<LayerSummary> walk_layer(const LayerRef& layer, LayerVisitor& visitor, const Limits& limits);

/// Called (from a worker thread, serialized) when a layer is done: (layers done, total).
using WalkProgress = std::function<void(std::size_t, std::size_t)>;

/// Called (serialized) as blob bytes are read — from disk or, for registry images, as they
/// download: (bytes so far, sum of the layers' declared sizes; 0 = unknown). Called at least
/// every 1 MiB and once when every blob is read.
using WalkBytesProgress = std::function<void(std::uint64_t, std::uint64_t)>;

/// Walks all layers of `image`, up to `jobs` at once (0 = number of cores). `visitors[i]`
/// receives layer i on one thread. Results are in layer order.
std::vector<Result<LayerSummary>> walk_layers(const Image& image,
                                              const std::vector<LayerVisitor*>& visitors,
                                              const Limits& limits, unsigned jobs = 0,
                                              const WalkProgress& progress = {},
                                              const WalkBytesProgress& bytes = {});

/// A visitor that reads nothing (for counting and verification).
class NullVisitor final : public LayerVisitor {
  public:
    Status on_entry(const Entry&, ByteStream&) override { return {}; }
};

/// "layer 2 (sha256:0123456789ab)" for messages.
std::string layer_label(const LayerRef& layer);

}  // namespace berth::image

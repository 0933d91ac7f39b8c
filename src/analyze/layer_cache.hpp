// SPDX-License-Identifier: Apache-2.0
// On-disk cache of per-layer analysis results, content-addressed by the layer's diffID and the
// names and versions of the analyzers that ran, so a rescan (or another image sharing base
// layers) skips decompressing those layers.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyze/analyzer.hpp"

namespace berth::analyze {

/// A hardlink entry at a path some analyzer wants (var/lib/dpkg/status → tmp/x). A tar hardlink
/// carries no data: build_inventory() reads its target (an earlier entry of the same layer or a
/// file of a lower layer, as Docker applies layers) and analyzes that content under `path`.
struct PendingHardlink {
    std::string path;    ///< the hardlink's own normalized path
    std::string target;  ///< normalized target path
    std::uint32_t mode = 0;
};

/// What one layer contributes to the merge: analyzer results plus its deletions.
struct LayerRecord {
    LayerAnalysis analysis;                ///< `pending` is always empty here
    std::vector<std::string> whiteouts;    ///< paths a `.wh.` marker deletes
    std::vector<std::string> opaque_dirs;  ///< directories a `.wh..wh..opq` marker empties
    /// path_hash() of every path the layer writes (any non-whiteout entry), sorted, unique: lets
    /// the merge see that a later layer replaced a flagged file without keeping all paths.
    std::vector<std::uint64_t> written;
    std::vector<PendingHardlink> hardlinks;  ///< wanted hardlinks, resolved after the walk
    image::LayerSummary summary;             ///< sizes and counts as measured when walked
};

/// 64-bit FNV-1a of a normalized path (LayerRecord::written; collisions are ~2^-64 per pair).
std::uint64_t path_hash(std::string_view path);

/// The default cache directory: $XDG_CACHE_HOME/berth, else ~/.cache/berth.
std::filesystem::path default_cache_dir();

class LayerCache {
  public:
    /// `dir` is created on first store(). `analyzers_key` names the analyzer set and versions.
    LayerCache(std::filesystem::path dir, std::string analyzers_key);

    /// The record for a layer, when cached and readable (a corrupt entry counts as a miss).
    [[nodiscard]] std::optional<LayerRecord> load(const Digest& diff_id) const;
    /// Stores atomically (temp file + rename). Errors: Io.
    Status store(const Digest& diff_id, const LayerRecord& record) const;

  private:
    [[nodiscard]] std::filesystem::path path_for(const Digest& diff_id) const;
    std::filesystem::path dir_;
    std::string analyzers_key_;
};

/// "pkgdb/apk@1,pkgdb/dpkg@1,…" for a set of analyzers (sorted), part of the cache key.
std::string analyzers_key(const std::vector<std::unique_ptr<Analyzer>>& analyzers);

}  // namespace berth::analyze

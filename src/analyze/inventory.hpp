// SPDX-License-Identifier: Apache-2.0
// The inventory stage: walk each layer once with every analyzer, then merge the per-layer
// results in layer order, applying whiteouts, into one bill of materials.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "analyze/analyzer.hpp"
#include "analyze/layer_cache.hpp"
#include "image/image.hpp"
#include "image/layer_walker.hpp"
#include "sbom/model.hpp"

namespace berth::analyze {

struct InventoryOptions {
    image::Limits limits;
    unsigned jobs = 0;                               ///< layers at once; 0 = one per core
    std::optional<std::filesystem::path> cache_dir;  ///< none = no cache
    image::WalkProgress progress;                    ///< optional: layers done
    image::WalkBytesProgress bytes_progress;         ///< optional: blob bytes read (or pulled)
    /// Random access for analyzers that ask (spool.hpp); `spool.max_size` is --max-file-size.
    /// An empty `spool.dir` means <cache_dir>/spool, or TMPDIR when caching is off.
    SpoolOptions spool;
    /// Owned-file paths the walk keeps (FileListBudget); not an option: real images need a
    /// fraction of it.
    std::uint64_t max_file_list_bytes = FileListBudget::kDefaultBytes;
};

/// The inventory plus how each layer was obtained.
struct InventoryResult {
    sbom::Inventory inventory;
    std::vector<image::LayerSummary> layers;  ///< per layer, as walked or as cached
    std::size_t layers_from_cache = 0;
};

/// Walks (or loads from cache) every layer and merges. A layer that cannot be read fails the
/// whole run (its error names the layer); an analyzer failing on one file is a diagnostic.
Result<InventoryResult> build_inventory(const image::Image& image,
                                        const std::vector<std::unique_ptr<Analyzer>>& analyzers,
                                        const InventoryOptions& options);

/// The merge alone (pure; unit-tested on hand-made records): decides which snapshot of each
/// package database is current after whiteouts, attributes each package to the layer that
/// introduced its current version and the layer that last changed it (with that layer's
/// history entry, Location::created_by), attaches owned files, flags packages whose files a
/// later layer deleted, keeps the file findings no later layer deletes or rewrites, and picks
/// the OS. A history whose layer-creating entries do not match the layers is one warning.
sbom::Inventory merge_layers(const image::Image& image, const std::vector<LayerRecord>& layers);
/// The same, spending the records: the current packages are moved out of them, not copied (the
/// records keep everything else, e.g. their summaries).
sbom::Inventory merge_layers(const image::Image& image, std::vector<LayerRecord>&& layers);

}  // namespace berth::analyze

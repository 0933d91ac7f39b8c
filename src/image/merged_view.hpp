// SPDX-License-Identifier: Apache-2.0
// The image's final filesystem as layers and whiteouts leave it, as a path index (no file
// contents). Answers: which layer last wrote P, does P still exist, where does a symlink lead
// (never outside the image).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "image/layer_walker.hpp"

namespace berth::image {

/// The paths one layer wrote and removed; collect with PathRecorder.
struct LayerPaths {
    struct Item {
        std::string path;
        EntryType type = EntryType::File;
        Whiteout whiteout = Whiteout::None;
        std::string link_target;
    };
    std::vector<Item> items;
};

/// A visitor that records each entry's path, type and link target.
class PathRecorder final : public LayerVisitor {
  public:
    Status on_entry(const Entry& entry, ByteStream& content) override;
    LayerPaths take() { return std::move(paths_); }

  private:
    LayerPaths paths_;
};

/// Merge of layers in order, following the OCI image-spec "Applying changesets" rules:
/// a whiteout in layer N removes the path and its children from layers below N only; an
/// opaque marker in layer N hides what layers below N had under the directory.
class MergedView {
  public:
    struct Node {
        std::size_t layer = 0;  ///< the layer that last wrote this path
        EntryType type = EntryType::File;
        std::string link_target;
    };

    /// Builds the view; layers[i] are the paths of layer i.
    static MergedView build(const std::vector<LayerPaths>& layers);

    /// The node at `path` (normalized, relative) when it exists in the final filesystem.
    [[nodiscard]] std::optional<Node> lookup(const std::string& path) const;
    [[nodiscard]] bool exists(const std::string& path) const { return lookup(path).has_value(); }

    /// Follows symlinks (in every component) inside the image: absolute targets start at the
    /// image root and ".." stops at it, as chroot would. Returns the resolved relative path.
    /// Errors: NotFound when a component is missing, LimitExceeded after 40 links (a loop).
    [[nodiscard]] Result<std::string> resolve(const std::string& path) const;

    /// All paths, sorted.
    [[nodiscard]] const std::map<std::string, Node>& nodes() const { return nodes_; }

  private:
    void remove_tree(const std::string& path, bool keep_root);
    std::map<std::string, Node> nodes_;
};

}  // namespace berth::image

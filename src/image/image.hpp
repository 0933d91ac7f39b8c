// SPDX-License-Identifier: Apache-2.0
// The image model every source produces and every later stage consumes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/digest.hpp"
#include "core/result.hpp"
#include "core/stream.hpp"

namespace berth::image {

/// os/architecture[/variant], as in the OCI image config and index.
struct Platform {
    std::string os;
    std::string architecture;
    std::string variant;
    /// "linux/amd64" or "linux/arm64/v8".
    [[nodiscard]] std::string str() const;
};

/// The container healthcheck from the image config (Docker extension of OCI).
struct Healthcheck {
    std::vector<std::string> test;  ///< e.g. {"CMD-SHELL", "curl -f http://localhost/"}
    std::int64_t interval_ns = 0;
    std::int64_t timeout_ns = 0;
    std::int64_t start_period_ns = 0;
    std::int64_t retries = 0;
};

/// The runtime defaults from the image config's "config" object.
struct RunConfig {
    std::string user;
    std::vector<std::string> env;
    std::vector<std::string> entrypoint;
    std::vector<std::string> cmd;
    std::string working_dir;
    std::vector<std::string> exposed_ports;  ///< sorted, e.g. "8080/tcp"
    std::vector<std::string> volumes;        ///< sorted
    std::map<std::string, std::string> labels;
    std::string stop_signal;
    std::optional<Healthcheck> healthcheck;
};

/// One entry of the config's history array.
struct HistoryEntry {
    std::string created;
    std::string created_by;
    std::string author;
    std::string comment;
    bool empty_layer = false;
};

/// Opens the raw (possibly compressed) bytes of a layer blob.
using BlobOpener = std::function<Result<std::unique_ptr<ByteStream>>()>;

/// One layer of an image, not yet read.
struct LayerRef {
    std::size_t index = 0;   ///< 0 = base layer
    Digest digest;           ///< blob digest from the manifest; empty when the source has none
    Digest diff_id;          ///< from config rootfs.diff_ids; empty when unknown (rootfs:)
    std::string media_type;  ///< as declared; never trusted for compression
    std::uint64_t size = 0;  ///< stored (compressed) size in bytes, 0 when unknown
    std::string created_by;  ///< from the matching non-empty history entry; "" when the
                             ///< history's layer-creating entries do not match the layers
    BlobOpener open;         ///< opens the blob; empty for directory layers
    std::filesystem::path directory;  ///< set instead of `open` for rootfs: sources
};

/// A container image read from some source: metadata plus lazily opened layers.
struct Image {
    std::string source;                     ///< "docker-archive", "oci", "oci-archive", "rootfs"
    std::string location;                   ///< path the image was read from
    std::string reference;                  ///< normalized name when the source names one, else ""
    std::vector<std::string> repo_tags;     ///< tags stored with the image (docker-archive)
    std::optional<Digest> manifest_digest;  ///< digest of the manifest blob, when one exists
    std::string manifest_media_type;
    std::optional<Digest> config_digest;  ///< the image ID
    std::string config_media_type;
    Platform platform;
    std::string created;
    std::string author;
    RunConfig config;
    std::vector<HistoryEntry> history;
    std::vector<LayerRef> layers;
};

/// Fills platform, created, author, config, history and layer diff_ids/created_by of `image`
/// from an OCI/Docker image config JSON document. `where` names the config in errors.
/// Errors: Format when the JSON is malformed or a field has the wrong type.
Status apply_image_config(Image& image, std::string_view config_json, const std::string& where);

/// Parses JSON without throwing; Format error naming `where` on failure.
Result<nlohmann::json> parse_json(std::string_view text, const std::string& where);

/// Largest metadata document (manifest, index, config) berth reads into memory.
inline constexpr std::uint64_t kMaxMetadataBytes = 16ULL << 20U;

}  // namespace berth::image

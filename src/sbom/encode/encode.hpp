// SPDX-License-Identifier: Apache-2.0
// SBOM writers: CycloneDX 1.6 JSON and SPDX 2.3 JSON from one Inventory.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/digest.hpp"
#include "sbom/model.hpp"

namespace berth::sbom {

/// One layer of the scanned image, for properties and SPDX relationships.
struct LayerMeta {
    Digest digest;   ///< blob digest (may be empty, e.g. docker-archive)
    Digest diff_id;  ///< may be empty (rootfs)
};

/// The scanned image as the SBOM describes it.
struct ImageMeta {
    std::string name;  ///< reference ("docker.io/library/x:1") or the input spec
    std::optional<Digest> manifest_digest;
    std::optional<Digest> image_id;  ///< config digest
    std::string architecture;        ///< "amd64"
    std::string os;                  ///< "linux"
    std::vector<LayerMeta> layers;
};

/// What the run adds to the inventory: values that would make output differ between runs (the
/// CLI sets them from SOURCE_DATE_EPOCH (deterministic) or the clock and a random UUID), and
/// what the run could not read.
struct EncodeOptions {
    std::string timestamp;     ///< RFC 3339 UTC, "2026-11-23T10:00:00Z"
    std::string serial_uuid;   ///< "3f1c…" (CycloneDX serialNumber urn:uuid:…, SPDX namespace)
    std::string tool_version;  ///< berth's version
    /// The inputs that were not read ("WHERE: MESSAGE", report::incomplete_inputs): an SBOM
    /// that omits them would claim a completeness it lacks. CycloneDX: a composition with
    /// aggregate "incomplete" for the image and one `berth:incomplete` metadata property each;
    /// SPDX: the document comment. `berth scan sbom:` reads them back as incomplete inputs.
    std::vector<std::string> incomplete;
};

/// Property name (CycloneDX metadata) of one input the SBOM's run could not read.
inline constexpr const char* kIncompleteProperty = "berth:incomplete";

/// CycloneDX 1.6 JSON (canonical: sorted keys, 2 spaces, final newline).
std::string encode_cyclonedx(const Inventory& inventory, const ImageMeta& image,
                             const EncodeOptions& options);

/// The same CycloneDX 1.6 document as a JSON value, for callers that extend it (the scan report
/// adds `vulnerabilities`). When `package_refs` is given it receives, for each
/// inventory.packages[i], the bom-ref of its component (same index).
nlohmann::json cyclonedx_bom(const Inventory& inventory, const ImageMeta& image,
                             const EncodeOptions& options,
                             std::vector<std::string>* package_refs = nullptr);

/// SPDX 2.3 JSON (canonical).
std::string encode_spdx(const Inventory& inventory, const ImageMeta& image,
                        const EncodeOptions& options);

}  // namespace berth::sbom

// SPDX-License-Identifier: Apache-2.0
// Helpers both SBOM encoders share (defined in cyclonedx.cpp); internal to src/sbom/encode and
// its tests.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sbom/encode/encode.hpp"
#include "sbom/purl.hpp"

namespace berth::sbom::encode_detail {

/// The one purl component escaper (sbom/purl.hpp).
using sbom::purl_escape;

/// pkg:oci/NAME[@VERSION][?k=v&…] with qualifiers sorted by key and empty values dropped
/// (purl-spec oci type: no namespace, name lower-cased).
std::string oci_purl(std::string_view name, std::string_view version,
                     std::vector<std::pair<std::string, std::string>> qualifiers);

/// The image's purl (pkg:oci, version = manifest digest), "" when it has no manifest digest.
std::string image_purl(const ImageMeta& image);

/// Manifest digest, else image ID, else "".
std::string image_version(const ImageMeta& image);

/// `raw` as a valid SPDX license expression (SPDX 2.3 Annex D) over the license and exception
/// ids berth knows (matched case-insensitively, written in their canonical case; AND/OR/WITH
/// upper-case only), tokens joined by single spaces; nullopt when it is not one — e.g. "GPL2",
/// "MIT and BSD", "LicenseRef-x" (would need hasExtractedLicensingInfos).
std::optional<std::string> spdx_license_expression(std::string_view raw);

/// True when `id` is, exactly, a license id of berth's list (all on the SPDX license list).
bool is_listed_spdx_license(std::string_view id);

/// Every license and exception id berth knows; each must be on the SPDX license list.
std::vector<std::string_view> listed_spdx_ids();

/// "Name <email>" split into name and email ("" when absent); surrounding spaces dropped.
std::pair<std::string, std::string> split_contact(std::string_view text);

/// A package with its purl, in the order both encoders emit packages.
struct SortedPackage {
    std::string purl;
    const Package* package = nullptr;
};

/// Inventory packages sorted by purl and then by every other field the encoders write, so the
/// order of Inventory::packages never shows in the output.
std::vector<SortedPackage> sorted_packages(const Inventory& inventory);

/// Makes `ids` unique: an id that occurs once is kept; each copy of a repeated id becomes
/// alternative(index) when that is unused, else id + "-N" with the smallest unused N ≥ 1.
std::vector<std::string> unique_ids(std::vector<std::string> ids,
                                    const std::vector<std::string>& alternatives);

}  // namespace berth::sbom::encode_detail

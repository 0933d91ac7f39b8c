// SPDX-License-Identifier: Apache-2.0
// One rpm header blob, as every rpmdb backend (BerkeleyDB, NDB, SQLite) stores it, turned into an
// sbom::Package. Helper of pkgdb/rpm (rpm_db.cpp); parsing is done by librpm (headerImport).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "analyze/analyzer.hpp"
#include "core/result.hpp"
#include "sbom/model.hpp"

namespace berth::analyze::rpmdb {

/// Largest header blob accepted: librpm's own limit (HEADER_DATA_MAX, 256 MiB).
inline constexpr std::size_t kMaxHeaderBlob = 256U << 20U;

/// The parts of a SOURCERPM value "NAME-VERSION-RELEASE.src.rpm" (or ".nosrc.rpm").
struct SourceRpm {
    std::string name;
    std::string version;
    std::string release;
    friend bool operator==(const SourceRpm&, const SourceRpm&) = default;
};

/// Splits "util-linux-2.32.1-42.el8_8.src.rpm" into {"util-linux", "2.32.1", "42.el8_8"}.
/// nullopt when the value lacks the suffix or the two dashes (e.g. "(none)", "").
std::optional<SourceRpm> split_source_rpm(std::string_view value);

/// Parses one header blob as stored in an rpmdb: the "header without lead" layout of the rpm
/// file format (https://rpm-software-management.github.io/rpm/manual/format_header.html):
///   be32 il (index entries) | be32 dl (data bytes) | il × {tag, type, offset, count} | data
/// librpm validates every index entry against the data store (hdrblobInit) before anything is
/// read. Returns a Package with type "rpm", name, version "[EPOCH:]VERSION-RELEASE" (epoch shown
/// whenever the tag is present, as rpm's %{EVR} does), epoch, upstream_version, release, arch,
/// source_name/source_version from SOURCERPM (source_version carries the binary's epoch, as
/// Trivy assumes), license, vendor, modularity_label, checksum (SIGMD5, lower-case hex),
/// installed_size (LONGSIZE, else SIZE) and files (DIRNAMES+BASENAMES or OLDFILENAMES,
/// normalized relative paths, sorted, unique; an entry whose DIRINDEXES points past
/// DIRNAMES, or whose name would climb out of the root, is dropped). location is left empty.
/// Errors: Format when librpm refuses the blob or the header has no NAME; LimitExceeded past
/// kMaxHeaderBlob.
Result<sbom::Package> parse_header_blob(std::string_view blob);

/// Where the owned-file paths of headers are charged: `budget` (nullptr = keep every path);
/// `cut` counts the paths dropped once it ran out.
struct FileKeeping {
    FileListBudget* budget = nullptr;
    std::size_t cut = 0;
};

/// parse_header_blob with the file list charged to `files` (the walk's FileListBudget).
Result<sbom::Package> parse_header_blob(std::string_view blob, FileKeeping& files);

}  // namespace berth::analyze::rpmdb

// SPDX-License-Identifier: Apache-2.0
// Advisory importers: upstream formats → vuln::Advisory. One file per format (osv.cpp,
// debian_tracker.cpp, debian_list.cpp, ubuntu_uct.cpp, alpine_secdb.cpp); detect.cpp recognizes
// a format from content (never from the file name alone) and walks files, directories and zips.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/result.hpp"
#include "vuln/advisory.hpp"

namespace berth::vuln::import {

enum class Format {
    Unknown,
    Osv,                ///< one OSV JSON object (or a JSON array of them)
    DebianTrackerJson,  ///< security-tracker.debian.org/tracker/data/json
    DebianDsaList,      ///< security-tracker data/DSA/list
    DebianDlaList,      ///< security-tracker data/DLA/list
    UbuntuUct,          ///< one Ubuntu CVE tracker file (active/CVE-*)
    AlpineSecdb,        ///< secdb.alpinelinux.org vX.Y/{main,community}.json
};

std::string_view format_name(Format f);

/// An importer as `berth plugins` lists it: its format name, version (bumped when its output
/// changes) and what it reads.
struct ImporterInfo {
    std::string_view name;
    int version = 1;
    std::string_view description;
};

/// Every importer, sorted by name (the list lives in detect.cpp; the entries in the format files).
std::vector<ImporterInfo> all_importers();

/// Recognizes a format from the first bytes of a file (and its name only as a tie-breaker,
/// e.g. DSA vs DLA list, which share a grammar).
Format detect_format(std::string_view head, std::string_view file_name);

/// Receives each advisory as it is parsed; an error stops the import.
using Sink = std::function<Status(Advisory&&)>;

struct ImportStats {
    std::size_t files = 0;          ///< files read
    std::size_t skipped_files = 0;  ///< files of no known format (a diagnostic each)
    std::size_t advisories = 0;     ///< advisories handed to the sink
    std::map<std::string, std::size_t> per_source;  ///< Advisory::source → count
};

/// Parses one document of a known format. `where` names it in errors
/// ("osv/RUSTSEC-2021-0001.json").
Status parse_document(Format format, std::string_view bytes, std::string_view where,
                      const Sink& sink, Diagnostics& diagnostics);

/// Imports a file, a directory (recursively, sorted) or a zip archive of any of the formats.
/// Malformed documents are errors naming the file and position; files of unknown format are skipped
/// with a diagnostic.
Result<ImportStats> import_path(const std::filesystem::path& path, const Sink& sink,
                                Diagnostics& diagnostics);

}  // namespace berth::vuln::import

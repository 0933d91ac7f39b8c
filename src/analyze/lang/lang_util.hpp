// SPDX-License-Identifier: Apache-2.0
// What the installed-metadata analyzers under src/analyze/lang/ share: path tests for required()
// (string compares only, no allocation), a bounded whole-file read, checked JSON parsing and the
// package record every one of them fills.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "analyze/analyzer.hpp"
#include "core/result.hpp"

namespace berth::analyze::lang {

/// Largest metadata file read: real ones are kilobytes (a composer installed.json or a
/// .deps.json of a big application a few MB); the walker's whole-file cap
/// (image::Limits::max_file_read) still applies.
inline constexpr std::uint64_t kMaxMetadataBytes = std::uint64_t{16} << 20U;

/// True when `path` ends with `suffix`.
constexpr bool ends_with(std::string_view path, std::string_view suffix) {
    return path.size() >= suffix.size() &&
           path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// The last path segment: "a/b/c.json" → "c.json".
constexpr std::string_view base_name(std::string_view path) {
    const auto slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

/// The directory part: "a/b/c.json" → "a/b"; "c.json" → "".
constexpr std::string_view dir_name(std::string_view path) {
    const auto slash = path.rfind('/');
    return slash == std::string_view::npos ? std::string_view{} : path.substr(0, slash);
}

/// ends_with without regard to ASCII case (".dist-info" matches "v.DIST-INFO").
constexpr bool iends_with(std::string_view path, std::string_view suffix) {
    if (path.size() < suffix.size()) return false;
    const std::string_view tail = path.substr(path.size() - suffix.size());
    for (std::size_t i = 0; i < suffix.size(); ++i) {
        char a = tail[i];
        char b = suffix[i];
        if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
        if (a != b) return false;
    }
    return true;
}

/// True when `dir` (a path) has a segment equal to `segment`.
constexpr bool has_segment(std::string_view dir, std::string_view segment) {
    std::size_t start = 0;
    while (start <= dir.size()) {
        auto slash = dir.find('/', start);
        if (slash == std::string_view::npos) slash = dir.size();
        if (dir.substr(start, slash - start) == segment) return true;
        start = slash + 1;
    }
    return false;
}

/// The whole file, at most min(kMaxMetadataBytes, input.max_file_read) bytes; past it a
/// LimitExceeded error at the file's path.
Result<std::string> read_metadata(const AnalysisInput& input);

/// `text` parsed as JSON through json_read::parse (depth and value limits); errors name `path`.
Result<nlohmann::json> parse_json(std::string_view text, const std::string& path);

/// At most 40 bytes of untrusted text for a message, non-printable bytes as '?'.
std::string preview(std::string_view s);

/// A language package found in `path`: type, namespace, name, version and location.path set.
sbom::Package make_package(std::string_view type, std::string_view ns, std::string_view name,
                           std::string_view version, const std::string& path);

/// A Warning diagnostic "<analyzer>: <message>" at `where`.
Diagnostic warning(std::string_view analyzer, std::string message, std::string where);

}  // namespace berth::analyze::lang

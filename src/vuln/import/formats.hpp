// SPDX-License-Identifier: Apache-2.0
// Internal to berth_vuln_import: one parse function per format (each in its own .cpp) and the
// helpers they share (common.cpp). Callers outside src/vuln/import/ use import.hpp.
#pragma once

#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/json_read.hpp"
#include "core/result.hpp"
#include "core/text.hpp"
#include "vuln/import/import.hpp"

namespace berth::vuln::import::detail {

/// Each importer's name, version and description, defined in its file (listed by all_importers()).
extern const ImporterInfo kOsvImporter;            // osv.cpp
extern const ImporterInfo kDebianTrackerImporter;  // debian_tracker.cpp
extern const ImporterInfo kDebianDsaImporter;      // debian_list.cpp
extern const ImporterInfo kDebianDlaImporter;      // debian_list.cpp
extern const ImporterInfo kUbuntuUctImporter;      // ubuntu_uct.cpp
extern const ImporterInfo kAlpineSecdbImporter;    // alpine_secdb.cpp

/// OSV (osv.cpp): one object or an array of objects.
Status parse_osv(std::string_view bytes, std::string_view where, const Sink& sink,
                 Diagnostics& diagnostics);
/// An OSV range event name ("introduced", "fixed", "last_affected", "limit"); false otherwise.
bool osv_event_kind(std::string_view key, RangeEvent::Kind& kind);
/// An OSV range type berth reads ("ECOSYSTEM", "SEMVER", "GIT"); false otherwise.
bool osv_range_type(std::string_view type, Range::Type& out);
/// The checked DOM path of parse_osv (osv.cpp): every document, errors with JSON paths.
Status parse_osv_dom(std::string_view bytes, std::string_view where, const Sink& sink,
                     Diagnostics& diagnostics);
/// The On-Demand fast path of parse_osv (osv_ondemand.cpp): fills `out` and returns true for a
/// well-formed document within the JSON limits; false (out then unspecified) on anything the
/// checked DOM path must decide or word (type errors, unknown range types, limits, syntax).
bool parse_osv_ondemand(std::string_view bytes, std::vector<Advisory>& out);
/// Debian security tracker JSON export (debian_tracker.cpp).
Status parse_debian_tracker(std::string_view bytes, std::string_view where, const Sink& sink,
                            Diagnostics& diagnostics);
/// Debian data/DSA/list or data/DLA/list (debian_list.cpp); `dla` picks the source name.
Status parse_debian_list(std::string_view bytes, bool dla, std::string_view where, const Sink& sink,
                         Diagnostics& diagnostics);
/// Ubuntu CVE tracker file (ubuntu_uct.cpp).
Status parse_ubuntu_uct(std::string_view bytes, std::string_view where, const Sink& sink,
                        Diagnostics& diagnostics);
/// Alpine secdb JSON (alpine_secdb.cpp).
Status parse_alpine_secdb(std::string_view bytes, std::string_view where, const Sink& sink,
                          Diagnostics& diagnostics);

/// One `release_package: status (note)` line of a UCT file, as written.
struct UctStatusLine {
    std::string release;  ///< "bionic", "trusty/esm", "upstream", "devel", …
    std::string package;
    std::string status;    ///< "released", "needed", "DNE", … ("" when the line has none)
    std::string note;      ///< text in the parentheses, without them
    std::size_t line = 0;  ///< 1-based
};

/// The fields of a UCT file that the importer reads, as written.
struct UctFile {
    std::string candidate;    ///< "CVE-2019-1010022"
    std::string public_date;  ///< "2019-07-15 04:15:00 UTC"
    std::string priority;     ///< CVE-wide priority
    std::string description;  ///< continuation lines joined with '\n'
    std::string ubuntu_description;
    std::vector<std::string> references;
    std::vector<std::string> bugs;
    std::vector<std::string> cvss;                        ///< "nvd: CVSS:3.0/AV:N/…" lines
    std::map<std::string, std::string> package_priority;  ///< Priority_<pkg>
    std::vector<UctStatusLine> statuses;                  ///< in file order
    std::vector<std::size_t> ignored_lines;  ///< "-- Tags_xen: …": a name with spaces
};

/// Parses the UCT text grammar without interpreting statuses (the oracle test compares this to
/// uct-package-status.tsv). Format error with "where:line" for a line of no known shape.
Result<UctFile> parse_uct_file(std::string_view bytes, std::string_view where);

/// "Debian:N" release number for a Debian codename ("bookworm" → "12", "woody" → "3.0"); empty
/// when unknown.
std::string_view debian_release(std::string_view codename);

/// "Ubuntu" release version for a codename ("bionic" → "18.04"); empty when unknown.
std::string_view ubuntu_release(std::string_view codename);

/// "where:line:column" for a byte offset into `bytes` (1-based line and column).
std::string position(std::string_view bytes, std::size_t offset, std::string_view where);

/// Converts an nlohmann exception from parsing `bytes` to a Format error located at the byte
/// the parser stopped at (for parse errors) or at `where`.
Error json_error(const nlohmann::json::exception& e, std::string_view bytes,
                 std::string_view where);

/// Parses a whole advisory document within the JSON limits (core/json_read.hpp; `limits`
/// defaults to the process-wide ones, --max-json-depth / --max-json-values). Syntax errors are
/// Format errors as json_error() words them ("invalid JSON: …" at where:line:column); a document
/// over a limit is the LimitExceeded error of json_read::parse.
Result<nlohmann::json> parse_json(std::string_view bytes, std::string_view where,
                                  const json_read::Limits& limits = json_read::default_limits());

/// ASCII whitespace trim (core/text.hpp).
using text::trim;

/// Sorts, removes duplicates and removes `id` itself (Advisory::aliases rules).
void normalize_ids(std::vector<std::string>& ids, const std::string& id);

/// "2023-03-29 UTC"-ish dates to RFC 3339 where the shape is known, else unchanged:
/// "2019-07-15 04:15:00 UTC" → "2019-07-15T04:15:00Z"; "29 Mar 2023" → "2023-03-29T00:00:00Z".
std::string to_rfc3339(std::string_view date);

}  // namespace berth::vuln::import::detail

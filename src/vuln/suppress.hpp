// SPDX-License-Identifier: Apache-2.0
// Suppressing findings the user has judged: ignore files (--ignorefile) and VEX (--vex: OpenVEX,
// CycloneDX VEX, CSAF VEX).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.hpp"
#include "core/result.hpp"
#include "sbom/model.hpp"
#include "vuln/finding.hpp"

namespace berth::vuln {

/// One ignore rule.
struct IgnoreEntry {
    std::string id;                  ///< a vulnerability id; matches the finding id or any alias
    std::vector<std::string> purls;  ///< when non-empty, the package purl must match one of them
    std::string expired_at;          ///< "YYYY-MM-DD"; from that day on the entry is ignored
    std::string statement;           ///< why it is ignored (structured form only)
    std::size_t line = 0;            ///< 1-based line (plain form) or entry number (structured)
};

/// A parsed ignore file.
struct IgnoreFile {
    std::string source;  ///< path, for diagnostics and Suppression::source
    std::string today;   ///< "YYYY-MM-DD" expiry is judged against; "" means nothing expires
    std::vector<IgnoreEntry> entries;
};

/// Parses an ignore file in one of two forms:
///  - plain, Trivy's `.trivyignore`: one id per line, `#` starts a comment line, an optional
///    `exp:YYYY-MM-DD` field after the id (further fields are ignored, as Trivy does):
///        # accepted until the base image moves
///        CVE-2023-4911 exp:2026-12-31
///  - structured, Trivy's `.trivyignore.yaml` (YAML or JSON), chosen when `source` ends in
///    .yaml/.yml/.json or the text starts with `{` or has a `vulnerabilities:` line:
///        vulnerabilities:
///          - id: CVE-2023-4911
///            purls: ["pkg:deb/debian/libc6"]
///            expired_at: 2026-12-31
///            statement: not reachable, no setuid binaries
/// `today` ("YYYY-MM-DD" or "") is stored for apply_suppressions. Errors: Format (bad YAML/JSON,
/// bad date, missing id, non-purl in purls) with where = "source:line".
Result<IgnoreFile> parse_ignore_file(std::string_view text, std::string source, std::string today);

/// OpenVEX status labels (OpenVEX spec v0.2.0, "Status Labels").
enum class VexStatus { NotAffected, Affected, Fixed, UnderInvestigation };

/// "not_affected", "affected", "fixed", "under_investigation".
std::string_view vex_status_name(VexStatus s);

/// A product of a statement: a package purl, or an image with the packages inside it as
/// subcomponents.
struct VexProduct {
    std::vector<std::string> ids;            ///< @id and identifiers.purl (each when present)
    std::vector<std::string> subcomponents;  ///< @id / identifiers.purl of each subcomponent
};

/// One statement, with the timestamp it inherits from the document already filled in.
struct VexStatement {
    std::vector<std::string> vulnerability_ids;  ///< name, @id and aliases
    std::vector<VexProduct> products;
    VexStatus status = VexStatus::UnderInvestigation;
    std::string justification;     ///< a justification label, may be empty
    std::string impact_statement;  ///< free text, may be empty
    std::string timestamp;         ///< RFC 3339 as written (statement's, else the document's)
    long long time_seconds = 0;    ///< timestamp as seconds since the epoch (UTC)
    long long time_nanos = 0;      ///< fraction of that second, for ordering
    std::size_t index = 0;         ///< position in `statements`
};

/// A parsed VEX document (OpenVEX, CycloneDX or CSAF VEX, as statements of the OpenVEX model).
struct VexDocument {
    std::string source;  ///< path
    std::string format;  ///< "openvex", "cyclonedx", "csaf"
    std::string id;      ///< @id (OpenVEX), serialNumber (CycloneDX)
    std::vector<VexStatement> statements;
    Diagnostics diagnostics;  ///< what was accepted although the format says otherwise
};

/// Parses an OpenVEX JSON document (https://github.com/openvex/spec, v0.2.0; the older
/// "https://openvex.dev/ns" context is accepted too). Required: @context, timestamp,
/// statements[] each with a vulnerability and a known status; not_affected needs a
/// justification label or an impact_statement (spec "Statement Fields"). A vulnerability
/// without `name` but with an `@id` is accepted with a warning in `diagnostics`; products
/// and subcomponents may be plain strings (pre-0.2 documents). Errors: Format with
/// where = "source:statements[3].status" etc.; LimitExceeded for documents over 64 MiB or
/// nested deeper than 64 levels.
Result<VexDocument> parse_openvex(std::string_view text, std::string source);

/// Parses the vulnerabilities of a CycloneDX 1.4–1.6 JSON document (a VEX, or a BOM with
/// vulnerabilities) into statements (vex_cyclonedx.cpp): `id` and `references[].id` name the
/// flaw; `analysis.state` gives the status (not_affected and false_positive → not_affected,
/// resolved and resolved_with_pedigree → fixed, exploitable → affected, in_triage or no analysis
/// → under_investigation, as Trivy maps them); each `affects[].ref` is a product: a BOM-link
/// ("urn:cdx:SERIAL/VERSION#REF"), a purl or a bom-ref, REF resolved through the document's
/// components to their purl. Errors: Format (not CycloneDX, unknown state) with the JSON path.
Result<VexDocument> parse_cyclonedx_vex(std::string_view text, std::string source);

/// Parses a CSAF 2.0 VEX document (vex_csaf.cpp): each product id of a vulnerability's
/// `product_status` lists (known_not_affected → not_affected, fixed and first_fixed → fixed,
/// known_affected → affected, under_investigation) becomes a statement; the product tree gives
/// its purls, and a relationship (default_component_of, installed_on, installed_with) a product
/// with a subcomponent. `cve` and `ids[].text` name the flaw; a product's flag label is the
/// justification, the `impact` threat the impact statement. Products without a purl are left
/// out. Errors: Format (no document.csaf_version, wrong JSON types) with the JSON path.
Result<VexDocument> parse_csaf_vex(std::string_view text, std::string source);

/// Reads a --vex file of any of the three formats, told apart by its content (`bomFormat`:
/// CycloneDX; `document.csaf_version`: CSAF; otherwise OpenVEX).
Result<VexDocument> parse_vex(std::string_view text, std::string source);

/// True when `pattern` (a purl, possibly without version or qualifiers) names `purl`: same type
/// (case-insensitive), namespace and name; same version when the pattern has one; each pattern
/// qualifier present in `purl` with the same value. Values are compared percent-decoded.
///   purl_matches("pkg:deb/debian/libc6", "pkg:deb/debian/libc6@2.36-9?arch=amd64") == true
///   purl_matches("pkg:deb/debian/libc6?arch=arm64", "pkg:deb/debian/libc6@2.36-9?arch=amd64") ==
///   false
bool purl_matches(std::string_view pattern, std::string_view purl);

/// Sets Finding::suppressed on findings an ignore entry or a VEX statement covers; either
/// pointer may be null. Ignore entries come first: an entry matches when its id equals the
/// finding id or an alias and, when it lists purls, one matches the package. VEX: among the
/// statements naming the finding's id or an alias and a product matching the package, the
/// latest by timestamp wins (document order breaks ties); not_affected and fixed suppress,
/// affected and under_investigation do not. A product matches the package when its id is a
/// matching purl and it has no subcomponents, or when a subcomponent purl matches and the
/// product identifies the scanned image (one of `image_ids`: the image's pkg:oci purl,
/// reference, manifest digest or image ID) or is a package purl matching a package of
/// `inventory`. Expired ignore entries and image-scoped statements that cannot be checked (no
/// `image_ids`) are skipped with a Warning diagnostic each.
void apply_suppressions(std::vector<Finding>& findings, const sbom::Inventory& inventory,
                        const IgnoreFile* ignore, const VexDocument* vex,
                        const std::vector<std::string>& image_ids, Diagnostics& diagnostics);

/// Same, without knowledge of the image: image-scoped VEX statements never match.
void apply_suppressions(std::vector<Finding>& findings, const sbom::Inventory& inventory,
                        const IgnoreFile* ignore, const VexDocument* vex, Diagnostics& diagnostics);

}  // namespace berth::vuln

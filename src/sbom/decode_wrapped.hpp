// SPDX-License-Identifier: Apache-2.0
// SBOM containers decode_sbom() opens before reading the SBOM itself (decode_wrapped.cpp):
// in-toto attestations (a DSSE envelope, a bare in-toto Statement, a Sigstore bundle holding a
// DSSE envelope, or JSON Lines of any of them) and SPDX tag-value text.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace berth::sbom::detail {

/// The SBOM an attestation carries.
struct Unwrapped {
    std::string sbom;  ///< the predicate, serialized JSON (a CycloneDX or SPDX document)
    std::string note;  ///< "in-toto attestation, predicate https://spdx.dev/Document"
};

/// When `text` is an in-toto attestation (or JSON Lines of them), the SBOM predicate; nullopt when
/// it is not one (then it is read as an SBOM). Of several SBOM attestations the first is taken
/// and the note says how many there were. Errors: Format (bad base64 or JSON in the envelope,
/// an attestation without an SBOM predicate: "where, line N"), Unsupported (a DSSE payload that
/// is not an in-toto statement).
Result<std::optional<Unwrapped>> unwrap_attestation(std::string_view text,
                                                    const std::string& where);

/// True when `text` (byte order mark and leading blanks removed) is SPDX tag-value: its first
/// line is a `Tag: value` pair or a `#` comment.
bool is_spdx_tag_value(std::string_view text);

/// SPDX 2.x tag-value (SPDX 2.3 spec, "Tag-value format") → the SPDX JSON document the JSON reader
/// takes: document fields, packages (PackageName starts one; PackageVersion, SPDXID,
/// PackageSupplier, PackageSourceInfo, PackageLicenseDeclared, PackageComment,
/// PrimaryPackagePurpose, PackageAttributionText, ExternalRef "CATEGORY TYPE LOCATOR") and
/// relationships ("Relationship: A DESCRIBES B"; the colon-less form some generators write is
/// accepted). `<text>…</text>` values may span lines. File and snippet sections end a package.
/// Errors: Format naming "where:LINE" (an unterminated <text>, an ExternalRef without three
/// fields, a package field before any PackageName).
Result<nlohmann::json> spdx_tag_value_to_json(std::string_view text, const std::string& where);

}  // namespace berth::sbom::detail

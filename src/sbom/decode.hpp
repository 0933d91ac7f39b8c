// SPDX-License-Identifier: Apache-2.0
// SBOM readers: an existing CycloneDX (1.2–1.6 JSON) or SPDX (2.2/2.3 JSON) document → the
// Inventory berth's matchers consume, plus the subject it describes. docs/sbom-input.md has the
// field mapping.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "sbom/encode/encode.hpp"
#include "sbom/model.hpp"

namespace berth::sbom {

/// What decode_sbom() read from a document.
struct DecodedSbom {
    std::string format;   ///< "CycloneDX 1.5", "SPDX-2.3"
    Inventory inventory;  ///< packages sorted as Inventory requires; diagnostics list skipped
                          ///< components (info: no purl; warning: unreadable purl or property)
    ImageMeta image;      ///< the subject (CycloneDX metadata.component, SPDX DESCRIBES target);
                          ///< fields stay empty when the document does not say
};

/// Detects the format (CycloneDX: "bomFormat": "CycloneDX"; SPDX: "spdxVersion": "SPDX-2.x")
/// and turns every component/package that has a purl into a Package: type = purl type; deb,
/// rpm, apk, alpm: the purl name and berth's full version ("[epoch:]version[-release]", the rpm
/// epoch taken from the `epoch` qualifier), arch from `arch`, source package from berth's
/// properties (berth:source_name, …), Trivy's (aquasecurity:trivy:SrcName, …), the SPDX
/// sourceInfo or the deb `upstream` qualifier; language types: the ecosystem's full name
/// (maven "group:artifact", npm "@scope/name", golang "host/path/module", composer
/// "vendor/name"). The OS comes from the operating-system component/package, else the purl
/// `distro` qualifier. berth's own output decodes to the fields its encoders wrote.
/// `where` names the input in errors ("sbom.cdx.json").
/// Containers are opened first (decode_wrapped.hpp): SPDX tag-value is read as the SPDX JSON it
/// stands for, and an in-toto attestation (DSSE envelope, Sigstore bundle, bare Statement, or
/// JSON Lines of them) by its SBOM predicate; `format` then says so ("SPDX-2.3 (tag-value)",
/// "CycloneDX 1.5, in-toto attestation, predicate https://cyclonedx.org/bom").
/// Errors: Format (not JSON: "where, byte N"; neither format or a field of the wrong type:
/// "where#/json/pointer"; a tag-value line: "where:LINE"; an attestation without an SBOM);
/// Unsupported (XML, SPDX 3, CycloneDX other than 1.2–1.6, SPDX other than 2.2/2.3, a DSSE
/// payload that is not in-toto).
Result<DecodedSbom> decode_sbom(std::string_view bytes, std::string_view where);

}  // namespace berth::sbom

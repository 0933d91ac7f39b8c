// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: VEX documents (OpenVEX, CycloneDX, CSAF, through parse_vex) and ignore files
// (plain, YAML, JSON). Never crashes; a parsed document is applied to a small inventory to
// exercise purl and timestamp matching.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "vuln/suppress.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    berth::sbom::Inventory inv;
    inv.os = berth::sbom::OsInfo{"debian", "12", "bookworm", "", "", ""};
    berth::sbom::Package p;
    p.type = "deb";
    p.name = "libc6";
    p.version = "2.36-9";
    p.arch = "amd64";
    inv.packages.push_back(p);
    std::vector<berth::vuln::Finding> findings(1);
    findings[0].id = "CVE-2023-4911";
    findings[0].aliases = {"DSA-5514-1"};
    berth::Diagnostics diags;

    auto vex = berth::vuln::parse_vex(text, "fuzz.json");
    if (vex) {
        berth::vuln::apply_suppressions(findings, inv, nullptr, &*vex,
                                        {"pkg:oci/debian@sha256%3Aabc"}, diags);
    }
    for (const char* name : {".trivyignore", "ignore.yaml"}) {
        auto ignore = berth::vuln::parse_ignore_file(text, name, "2026-01-01");
        if (ignore) {
            findings[0].suppressed.reset();
            berth::vuln::apply_suppressions(findings, inv, &*ignore, nullptr, diags);
        }
    }
    // Purl matching on arbitrary halves.
    berth::vuln::purl_matches(text.substr(0, size / 2), text.substr(size / 2));
    return 0;
}

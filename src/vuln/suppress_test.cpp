// SPDX-License-Identifier: Apache-2.0
// Ignore files (plain .trivyignore and the YAML/JSON form) and OpenVEX: parsing, refusal of bad
// documents, and which findings get suppressed. The OpenVEX spec's own examples are in
// testdata/openvex (README there).
#include "vuln/suppress.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace berth::vuln {
namespace {

namespace fs = std::filesystem;

fs::path testdata() {
    return fs::path(BERTH_SOURCE_DIR) / "src/vuln/testdata/openvex";
}

sbom::Package package(std::string type, std::string name, std::string version, std::string arch) {
    sbom::Package p;
    p.type = std::move(type);
    p.name = std::move(name);
    p.version = std::move(version);
    p.arch = std::move(arch);
    return p;
}

// Debian 12: libc6 (0), openssl (1), zlib1g (2).
sbom::Inventory debian_inventory() {
    sbom::Inventory inv;
    inv.os = sbom::OsInfo{"debian", "12", "bookworm", "Debian GNU/Linux 12", "", "etc/os-release"};
    inv.packages = {package("deb", "libc6", "2.36-9+deb12u4", "amd64"),
                    package("deb", "openssl", "3.0.11-1~deb12u2", "amd64"),
                    package("deb", "zlib1g", "1:1.2.13.dfsg-1", "amd64")};
    return inv;
}

Finding finding(std::string id, std::size_t package_index, std::vector<std::string> aliases = {}) {
    Finding f;
    f.id = std::move(id);
    f.package_index = package_index;
    f.aliases = std::move(aliases);
    return f;
}

std::vector<std::string> suppressed_ids(const std::vector<Finding>& findings) {
    std::vector<std::string> out;
    for (const auto& f : findings) {
        if (f.suppressed) out.push_back(f.id + "@" + std::to_string(f.package_index));
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Ignore files

TEST(IgnoreFile, PlainTrivyFormat) {
    auto r = parse_ignore_file(
        "# Accept the risk\nCVE-2018-14618\n\n  CVE-2019-14697 exp:2023-01-01  \n"
        "CVE-2020-1 # trailing comment\nGHSA-xxxx-yyyy-zzzz exp:2030-06-30 extra-field\n",
        ".trivyignore", "2026-11-23");
    ASSERT_TRUE(r.has_value()) << r.error().to_string();
    ASSERT_EQ(r->entries.size(), 4U);
    EXPECT_EQ(r->entries[0].id, "CVE-2018-14618");
    EXPECT_EQ(r->entries[0].line, 2U);
    EXPECT_EQ(r->entries[1].id, "CVE-2019-14697");
    EXPECT_EQ(r->entries[1].expired_at, "2023-01-01");
    EXPECT_EQ(r->entries[1].line, 4U);
    EXPECT_EQ(r->entries[2].id, "CVE-2020-1");
    EXPECT_EQ(r->entries[3].expired_at, "2030-06-30");
}

TEST(IgnoreFile, StructuredYamlAndJson) {
    const char* yaml = R"(vulnerabilities:
  - id: CVE-2023-4911
    purls:
      - "pkg:deb/debian/libc6"
    expired_at: 2030-01-01
    statement: no setuid binaries in this image
  - id: CVE-2024-0001
misconfigurations:
  - id: AVD-DS-0002
)";
    auto y = parse_ignore_file(yaml, "ignore.yaml", "");
    ASSERT_TRUE(y.has_value()) << y.error().to_string();
    ASSERT_EQ(y->entries.size(), 2U);
    EXPECT_EQ(y->entries[0].id, "CVE-2023-4911");
    EXPECT_EQ(y->entries[0].purls, std::vector<std::string>{"pkg:deb/debian/libc6"});
    EXPECT_EQ(y->entries[0].expired_at, "2030-01-01");
    EXPECT_EQ(y->entries[0].statement, "no setuid binaries in this image");
    EXPECT_TRUE(y->entries[1].purls.empty());

    // JSON is detected by its leading brace even without a .json name.
    auto j = parse_ignore_file(
        R"({"vulnerabilities": [{"id": "CVE-1", "purls": ["pkg:deb/debian/zlib1g"], "statement": "s"}]})",
        "ignorefile", "");
    ASSERT_TRUE(j.has_value()) << j.error().to_string();
    ASSERT_EQ(j->entries.size(), 1U);
    EXPECT_EQ(j->entries[0].purls[0], "pkg:deb/debian/zlib1g");
}

TEST(IgnoreFile, BadInputIsRefusedWithLocation) {
    struct Case {
        std::string name;
        std::string text;
        std::string source;
        std::string where_part;
        std::string message_part;
    };
    std::vector<Case> cases = {
        {"plain_bad_expiry", "CVE-1\nCVE-2 exp:2023-13-01\n", ".trivyignore", ".trivyignore:2",
         "bad expiry"},
        {"yaml_syntax", "vulnerabilities:\n  - id: [unclosed\n", "x.yaml", "x.yaml:", "not valid"},
        {"yaml_no_id", "vulnerabilities:\n  - statement: x\n", "x.yaml", "vulnerabilities[0]",
         "no 'id'"},
        {"yaml_not_purl", "vulnerabilities:\n  - id: CVE-1\n    purls: [libc6]\n", "x.yaml",
         "vulnerabilities[0]", "not a purl"},
        {"yaml_bad_date", "vulnerabilities:\n  - id: CVE-1\n    expired_at: tomorrow\n", "x.yaml",
         "vulnerabilities[0]", "bad expired_at"},
        {"yaml_list_root", "- CVE-1\n", "x.yaml", "x.yaml", "top level"},
        {"json_deep", std::string(1000, '[') + std::string(1000, ']'), "x.json", "x.json",
         "nested"},
    };
    for (const auto& c : cases) {
        auto r = parse_ignore_file(c.text, c.source, "");
        ASSERT_FALSE(r.has_value()) << c.name;
        EXPECT_NE(r.error().where.find(c.where_part), std::string::npos)
            << c.name << ": " << r.error().to_string();
        EXPECT_NE(r.error().message.find(c.message_part), std::string::npos)
            << c.name << ": " << r.error().to_string();
    }
}

TEST(IgnoreFile, SuppressionRules) {
    auto inv = debian_inventory();
    auto ignore = parse_ignore_file(R"(vulnerabilities:
  - id: CVE-2023-4911
    purls: ["pkg:deb/debian/libc6"]
    statement: accepted
  - id: DSA-5514-1
  - id: CVE-2023-5363
    purls: ["pkg:deb/debian/libc6"]
  - id: CVE-2022-0001
    expired_at: 2024-01-01
  - id: CVE-2023-0002
    purls: ["pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64"]
)",
                                    "ignore.yaml", "2026-11-23");
    ASSERT_TRUE(ignore.has_value()) << ignore.error().to_string();
    std::vector<Finding> findings = {
        finding("CVE-2023-4911", 0),                  // id + purl match
        finding("CVE-2023-4911", 1),                  // purl mismatch (openssl)
        finding("CVE-2023-9999", 1, {"DSA-5514-1"}),  // alias match, no purls
        finding("CVE-2023-5363", 1),                  // purl given, but for another package
        finding("CVE-2022-0001", 2),                  // entry expired 2024-01-01
        finding("CVE-2023-0002", 2),                  // versioned purl with qualifier
    };
    Diagnostics diags;
    apply_suppressions(findings, inv, &*ignore, nullptr, diags);
    EXPECT_EQ(suppressed_ids(findings),
              (std::vector<std::string>{"CVE-2023-4911@0", "CVE-2023-9999@1", "CVE-2023-0002@2"}));
    ASSERT_TRUE(findings[0].suppressed);
    EXPECT_EQ(findings[0].suppressed->kind, "ignorefile");
    EXPECT_EQ(findings[0].suppressed->statement, "CVE-2023-4911");
    EXPECT_EQ(findings[0].suppressed->justification, "accepted");
    EXPECT_EQ(findings[0].suppressed->source, "ignore.yaml");
    ASSERT_EQ(diags.size(), 1U);
    EXPECT_NE(diags[0].message.find("CVE-2022-0001 expired on 2024-01-01"), std::string::npos);
    EXPECT_EQ(diags[0].where, "ignore.yaml:4");
}

TEST(IgnoreFile, ExpiryIsInclusiveOfTheDayAndOffWithoutToday) {
    auto inv = debian_inventory();
    for (auto [today, want_suppressed] :
         {std::pair{"2025-12-31", true}, {"2026-01-01", false}, {"", true}}) {
        auto ignore = parse_ignore_file("CVE-1 exp:2026-01-01\n", ".trivyignore", today);
        ASSERT_TRUE(ignore.has_value());
        std::vector<Finding> findings = {finding("CVE-1", 0)};
        Diagnostics diags;
        apply_suppressions(findings, inv, &*ignore, nullptr, diags);
        EXPECT_EQ(findings[0].suppressed.has_value(), want_suppressed) << "today=" << today;
        EXPECT_EQ(diags.size(), want_suppressed ? 0U : 1U) << "today=" << today;
    }
}

// ---------------------------------------------------------------------------------------------
// purl matching

TEST(PurlMatches, Table) {
    struct Case {
        std::string pattern;
        std::string purl;
        bool want;
    };
    const std::string libc = "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12";
    std::vector<Case> cases = {
        {"pkg:deb/debian/libc6", libc, true},
        {"pkg:deb/debian/libc6@2.36-9+deb12u4", libc, true},  // decoded comparison
        {"pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64", libc, true},
        {"pkg:DEB/debian/libc6", libc, true},  // type is case-insensitive
        {"pkg:deb/debian/libc6@2.36-9", libc, false},
        {"pkg:deb/debian/libc6?arch=arm64", libc, false},
        {"pkg:deb/debian/libc6?foo=bar", libc, false},
        {"pkg:deb/ubuntu/libc6", libc, false},
        {"pkg:rpm/debian/libc6", libc, false},
        {"pkg:deb/debian/libc", libc, false},
        {"libc6", libc, false},
        {"pkg:", libc, false},
        {"pkg:deb/debian/libc6", "not a purl", false},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(purl_matches(c.pattern, c.purl), c.want) << c.pattern << " vs " << c.purl;
    }
}

// ---------------------------------------------------------------------------------------------
// OpenVEX

Result<VexDocument> load(const std::string& name) {
    return parse_openvex(test::read_text_file(testdata() / name), name);
}

sbom::Inventory wolfi_inventory(std::string arch) {
    sbom::Inventory inv;
    inv.os = sbom::OsInfo{"wolfi", "20230201", "", "Wolfi", "", "etc/os-release"};
    inv.packages = {package("apk", "git", "2.39.0-r1", std::move(arch))};
    return inv;
}

TEST(OpenVex, SpecMinimalExample) {
    auto doc = load("spec_minimal.json");
    ASSERT_TRUE(doc.has_value()) << doc.error().to_string();
    ASSERT_EQ(doc->statements.size(), 1U);
    const auto& st = doc->statements[0];
    EXPECT_EQ(st.status, VexStatus::Fixed);
    EXPECT_EQ(st.vulnerability_ids, std::vector<std::string>{"CVE-2023-12345"});
    ASSERT_EQ(st.products.size(), 2U);
    EXPECT_EQ(st.timestamp, "2023-01-08T18:02:03.647787998-06:00");  // inherited
    EXPECT_EQ(st.time_seconds, 1673222523);                          // 2023-01-09T00:02:03Z
    EXPECT_EQ(st.time_nanos, 647787998);

    // The x86_64 package is named by the second product; an aarch64 build by neither.
    for (auto [arch, want] : {std::pair{"x86_64", true}, {"armv7", true}, {"aarch64", false}}) {
        auto inv = wolfi_inventory(arch);
        std::vector<Finding> findings = {finding("CVE-2023-12345", 0)};
        Diagnostics diags;
        apply_suppressions(findings, inv, nullptr, &*doc, diags);
        EXPECT_EQ(findings[0].suppressed.has_value(), want) << arch;
        if (want) {
            EXPECT_EQ(findings[0].suppressed->kind, "vex");
            EXPECT_EQ(findings[0].suppressed->statement, "fixed");
            EXPECT_EQ(findings[0].suppressed->source, "spec_minimal.json");
        }
    }
}

TEST(OpenVex, SpecInheritanceExamples) {
    auto inv = wolfi_inventory("armv7");
    // v1: under_investigation only → nothing suppressed.
    auto v1 = load("spec_inheritance_v1.json");
    ASSERT_TRUE(v1.has_value()) << v1.error().to_string();
    std::vector<Finding> findings = {finding("CVE-2023-12345", 0)};
    Diagnostics diags;
    apply_suppressions(findings, inv, nullptr, &*v1, diags);
    EXPECT_FALSE(findings[0].suppressed.has_value());

    // v2 as printed in the spec has trailing commas: refused.
    auto bad = load("spec_inheritance_v2.json");
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().code, ErrorCode::Format);

    // v2 with the commas removed: the later (inherited 2023-01-09) `fixed` wins.
    auto v2 = load("spec_inheritance_v2_json_fixed.json");
    ASSERT_TRUE(v2.has_value()) << v2.error().to_string();
    ASSERT_EQ(v2->statements.size(), 2U);
    EXPECT_EQ(v2->statements[0].timestamp, "2023-01-08T18:02:03-06:00");
    EXPECT_EQ(v2->statements[1].timestamp, "2023-01-09T09:08:42-06:00");
    apply_suppressions(findings, inv, nullptr, &*v2, diags);
    ASSERT_TRUE(findings[0].suppressed.has_value());
    EXPECT_EQ(findings[0].suppressed->statement, "fixed");
}

std::string vex_doc(const std::string& statements) {
    return R"({"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex-1",
  "author": "berth tests", "timestamp": "2026-01-01T00:00:00Z", "version": 1,
  "statements": [)" +
           statements + "]}";
}

TEST(OpenVex, OwnCases) {
    auto inv = debian_inventory();
    const std::string image_purl = "pkg:oci/debian@sha256%3A" + std::string(64, '7');
    auto doc = parse_openvex(vex_doc(R"(
      {"vulnerability": {"name": "CVE-2023-4911"},
       "products": [{"@id": "pkg:deb/debian/libc6"}],
       "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"},
      {"vulnerability": {"name": "GHSA-aaaa-bbbb-cccc", "aliases": ["CVE-2023-5363"]},
       "products": [{"@id": "pkg:deb/debian/openssl"}],
       "status": "fixed"},
      {"vulnerability": {"name": "CVE-2023-0001"},
       "products": [{"@id": "pkg:deb/debian/zlib1g"}],
       "status": "not_affected", "impact_statement": "compression only on trusted input"},
      {"timestamp": "2026-02-01T00:00:00Z", "vulnerability": {"name": "CVE-2023-0001"},
       "products": [{"@id": "pkg:deb/debian/zlib1g"}],
       "status": "affected", "action_statement": "upgrade"},
      {"vulnerability": {"name": "CVE-2023-0002"},
       "products": [{"@id": "pkg:deb/debian/zlib1g@9.9"}],
       "status": "not_affected", "justification": "component_not_present"},
      {"vulnerability": {"name": "CVE-2023-0003"},
       "products": [{"@id": ")" + image_purl +
                                     R"(",
                     "subcomponents": [{"@id": "pkg:deb/debian/openssl"}]}],
       "status": "not_affected", "justification": "inline_mitigations_already_exist"},
      {"vulnerability": {"name": "CVE-2023-0004"},
       "products": [{"@id": "pkg:oci/other@sha256%3A)" +
                                     std::string(64, '1') + R"(",
                     "subcomponents": [{"@id": "pkg:deb/debian/openssl"}]}],
       "status": "not_affected", "justification": "component_not_present"},
      {"vulnerability": {"name": "CVE-2023-0005"},
       "products": [{"identifiers": {"purl": "pkg:deb/debian/libc6"}}],
       "status": "under_investigation"}
    )"),
                             "vex.json");
    ASSERT_TRUE(doc.has_value()) << doc.error().to_string();

    auto run = [&](const std::vector<std::string>& image_ids, Diagnostics& diags) {
        std::vector<Finding> findings = {
            finding("CVE-2023-4911", 0),  // not_affected, product purl without version
            finding("CVE-2023-4911", 1),  // wrong product (statement names libc6)
            finding("CVE-2023-5363", 1),  // the statement's alias names it
            finding("CVE-2023-0001", 2),  // later `affected` overrides the earlier not_affected
            finding("CVE-2023-0002", 2),  // product version 9.9 ≠ installed
            finding("CVE-2023-0003", 1),  // image product + subcomponent
            finding("CVE-2023-0004", 1),  // subcomponent of another image
            finding("CVE-2023-0005", 0),  // under_investigation never suppresses
        };
        apply_suppressions(findings, inv, nullptr, &*doc, image_ids, diags);
        return findings;
    };
    Diagnostics diags;
    auto with_image = run({image_purl + "?repository_url=docker.io/library/debian&tag=12"}, diags);
    EXPECT_EQ(suppressed_ids(with_image),
              (std::vector<std::string>{"CVE-2023-4911@0", "CVE-2023-5363@1", "CVE-2023-0003@1"}));
    EXPECT_TRUE(diags.empty());
    ASSERT_TRUE(with_image[0].suppressed);
    EXPECT_EQ(with_image[0].suppressed->statement, "not_affected");
    EXPECT_EQ(with_image[0].suppressed->justification, "vulnerable_code_not_in_execute_path");

    // Without the image's identity, image-scoped statements cannot be checked: skipped + warned.
    Diagnostics diags2;
    auto without_image = run({}, diags2);
    EXPECT_EQ(suppressed_ids(without_image),
              (std::vector<std::string>{"CVE-2023-4911@0", "CVE-2023-5363@1"}));
    EXPECT_EQ(diags2.size(), 2U);
}

TEST(OpenVex, IgnoreEntriesComeFirst) {
    auto inv = debian_inventory();
    auto ignore = parse_ignore_file("CVE-2023-4911\n", ".trivyignore", "");
    auto doc = parse_openvex(vex_doc(R"({"vulnerability": {"name": "CVE-2023-4911"},
       "products": [{"@id": "pkg:deb/debian/libc6"}], "status": "fixed"})"),
                             "vex.json");
    ASSERT_TRUE(ignore.has_value());
    ASSERT_TRUE(doc.has_value());
    std::vector<Finding> findings = {finding("CVE-2023-4911", 0), finding("CVE-2023-4911", 9)};
    Diagnostics diags;
    apply_suppressions(findings, inv, &*ignore, &*doc, diags);
    ASSERT_TRUE(findings[0].suppressed);
    EXPECT_EQ(findings[0].suppressed->kind, "ignorefile");
    // A package index outside the inventory has no purl: only id-only ignore entries apply.
    ASSERT_TRUE(findings[1].suppressed);
    EXPECT_EQ(findings[1].suppressed->kind, "ignorefile");
}

// Issue 19: a statement naming its vulnerability only by @id is applied (with a warning), not a
// failed scan; an @id IRI ending in the id names it too.
TEST(OpenVex, VulnerabilityByIdOnly) {
    auto inv = debian_inventory();
    auto doc = parse_openvex(vex_doc(R"(
      {"vulnerability": {"@id": "CVE-2023-4911"},
       "products": [{"@id": "pkg:deb/debian/libc6"}], "status": "fixed"},
      {"vulnerability": {"@id": "https://nvd.nist.gov/vuln/detail/CVE-2023-5363"},
       "products": [{"@id": "pkg:deb/debian/openssl"}], "status": "fixed"})"),
                             "vex.json");
    ASSERT_TRUE(doc.has_value()) << doc.error().to_string();
    ASSERT_EQ(doc->diagnostics.size(), 2U);
    EXPECT_EQ(doc->diagnostics[0].severity, Diagnostic::Severity::Warning);
    EXPECT_EQ(doc->diagnostics[0].message,
              "vulnerability has no 'name' (the spec requires one); matched by its '@id' "
              "CVE-2023-4911");
    EXPECT_EQ(doc->diagnostics[0].where, "vex.json:statements[0].vulnerability");
    std::vector<Finding> findings = {finding("CVE-2023-4911", 0), finding("CVE-2023-5363", 1),
                                     finding("CVE-2023-5363", 0)};
    Diagnostics diags;
    apply_suppressions(findings, inv, nullptr, &*doc, diags);
    EXPECT_EQ(suppressed_ids(findings),
              (std::vector<std::string>{"CVE-2023-4911@0", "CVE-2023-5363@1"}));
}

// Trivy's pkg/vex tests, their documents written out here: testdata/openvex.json (pre-0.2:
// vulnerability and products as plain strings; CVE-2021-44228 on spring-boot 2.6.0 is filtered)
// and testdata/openvex-nested.json (the product is a package, go-direct1, with go-transitive as
// subcomponent; CVE-2024-0001 on go-transitive is filtered). A product package the image does
// not hold does not apply its subcomponent statements.
TEST(OpenVex, TrivyCasesPackageProducts) {
    sbom::Inventory inv;
    auto golang = [](std::string ns, std::string name, std::string version) {
        sbom::Package p = package("golang", std::move(name), std::move(version), "");
        p.purl_namespace = std::move(ns);
        return p;
    };
    sbom::Package boot = package("maven", "spring-boot", "2.6.0", "");
    boot.purl_namespace = "org.springframework.boot";
    inv.packages = {boot, golang("github.com/aquasecurity", "go-direct1", "2.0.0"),
                    golang("github.com/aquasecurity", "go-transitive", "4.0.0")};
    auto old_style = parse_openvex(R"({
  "@context": "https://openvex.dev/ns",
  "author": "Spring Builds <spring-builds@users.noreply.github.com>",
  "role": "Project Release Bot",
  "timestamp": "2023-01-16T19:07:16.853479631-06:00",
  "version": "1",
  "statements": [
    {"vulnerability": "CVE-2021-44228",
     "products": ["pkg:maven/org.springframework.boot/spring-boot@2.6.0"],
     "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"}]})",
                                   "openvex.json");
    ASSERT_TRUE(old_style.has_value()) << old_style.error().to_string();
    const std::string nested_text = R"({
  "@context": "https://openvex.dev/ns/v0.2.0", "author": "Aqua Security",
  "timestamp": "2023-01-16T19:07:16.853479631-06:00", "version": 1,
  "statements": [
    {"vulnerability": {"name": "CVE-2024-0001"},
     "products": [{"@id": "pkg:golang/github.com/aquasecurity/go-direct1@2.0.0",
                   "subcomponents": [{"@id": "pkg:golang/github.com/aquasecurity/go-transitive@4.0.0"}]}],
     "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"}]})";
    auto nested = parse_openvex(nested_text, "openvex-nested.json");
    ASSERT_TRUE(nested.has_value()) << nested.error().to_string();

    std::vector<Finding> findings = {finding("CVE-2021-44228", 0), finding("CVE-2024-0001", 2),
                                     finding("CVE-2024-0001", 1)};
    Diagnostics diags;
    apply_suppressions(findings, inv, nullptr, &*old_style, diags);
    apply_suppressions(findings, inv, nullptr, &*nested, diags);
    EXPECT_EQ(suppressed_ids(findings),
              (std::vector<std::string>{"CVE-2021-44228@0", "CVE-2024-0001@2"}));
    EXPECT_TRUE(diags.empty()) << "a package product needs no image identity";

    // Without go-direct1 in the image the nested statement does not apply.
    inv.packages.erase(inv.packages.begin() + 1);
    std::vector<Finding> alone = {finding("CVE-2024-0001", 1)};
    apply_suppressions(alone, inv, nullptr, &*nested, diags);
    EXPECT_TRUE(suppressed_ids(alone).empty());
}

// CycloneDX VEX, as Trivy's testdata/cyclonedx.json: a BOM-link ref to a maven purl with state
// not_affected, and a deb purl (percent-encoded name, distro qualifier) with state not_affected;
// Trivy's expectation is both filtered. Berth also resolves a bom-ref through the components.
TEST(CycloneDxVex, TrivyCaseAndBomRefs) {
    const std::string text = R"({
  "bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
  "components": [{"bom-ref": "comp-zlib", "type": "library", "name": "zlib1g",
                  "purl": "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64"}],
  "vulnerabilities": [
    {"id": "CVE-2018-7489",
     "source": {"name": "NVD", "url": "https://nvd.nist.gov/vuln/detail/CVE-2019-9997"},
     "analysis": {"state": "not_affected", "justification": "code_not_reachable"},
     "affects": [{"ref": "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.8.0"}]},
    {"id": "CVE-2022-27943",
     "source": {"name": "ubuntu", "url": "https://git.launchpad.net/ubuntu-cve-tracker"},
     "affects": [{"ref": "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#pkg:deb/ubuntu/libstdc%2B%2B6@12.3.0-1ubuntu1~22.04?arch=amd64&distro=ubuntu-22.04",
                  "versions": [{"version": "12.3.0-1ubuntu1~22.04", "status": "affected"}]}],
     "analysis": {"state": "not_affected"}},
    {"id": "CVE-2023-0001", "references": [{"id": "GHSA-xxxx-yyyy-zzzz"}],
     "analysis": {"state": "resolved"}, "affects": [{"ref": "comp-zlib"}]},
    {"id": "CVE-2023-0002", "analysis": {"state": "exploitable"},
     "affects": [{"ref": "comp-zlib"}]}]})";
    auto doc = parse_vex(text, "vex.cdx.json");
    ASSERT_TRUE(doc.has_value()) << doc.error().to_string();
    EXPECT_EQ(doc->format, "cyclonedx");
    ASSERT_EQ(doc->statements.size(), 4U);
    EXPECT_EQ(doc->statements[0].justification, "code_not_reachable");
    EXPECT_EQ(doc->statements[2].products[0].ids,
              std::vector<std::string>{"pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64"});

    sbom::Inventory inv;
    inv.os = sbom::OsInfo{"ubuntu", "22.04", "jammy", "", "", "etc/os-release"};
    sbom::Package jackson = package("maven", "jackson-databind", "2.8.0", "");
    jackson.purl_namespace = "com.fasterxml.jackson.core";
    inv.packages = {jackson, package("deb", "libstdc++6", "12.3.0-1ubuntu1~22.04", "amd64"),
                    package("deb", "zlib1g", "1:1.2.13.dfsg-1", "amd64")};
    inv.packages[2].purl_namespace = "debian";
    std::vector<Finding> findings = {
        finding("CVE-2018-7489", 0), finding("CVE-2022-27943", 1),
        finding("GHSA-xxxx-yyyy-zzzz", 2),  // named through references[].id
        finding("CVE-2023-0002", 2),        // exploitable does not suppress
        finding("CVE-2018-7489", 1)};       // another package
    Diagnostics diags;
    apply_suppressions(findings, inv, nullptr, &*doc, diags);
    EXPECT_EQ(
        suppressed_ids(findings),
        (std::vector<std::string>{"CVE-2018-7489@0", "CVE-2022-27943@1", "GHSA-xxxx-yyyy-zzzz@2"}));
    ASSERT_TRUE(findings[2].suppressed);
    EXPECT_EQ(findings[2].suppressed->statement, "fixed");
}

TEST(CycloneDxVex, BadDocumentsAreRefused) {
    const std::pair<const char*, const char*> cases[] = {
        {R"({"bomFormat": "SPDX"})", "$.bomFormat: not a CycloneDX document"},
        {R"({"bomFormat": "CycloneDX", "vulnerabilities": [{"analysis": {}}]})",
         "$.vulnerabilities[0]: vulnerability has no 'id'"},
        {R"({"bomFormat": "CycloneDX", "vulnerabilities": [{"id": "CVE-1",
            "analysis": {"state": "fine"}}]})",
         "$.vulnerabilities[0].analysis.state: unknown analysis state 'fine'"},
        {R"({"bomFormat": "CycloneDX", "vulnerabilities": [{"id": "CVE-1",
            "affects": [{"versions": []}]}]})",
         "$.vulnerabilities[0].affects[0]"},
        {R"({"bomFormat": "CycloneDX", "vulnerabilities": {}})", "$.vulnerabilities"},
    };
    for (const auto& [text, prefix] : cases) {
        auto r = parse_cyclonedx_vex(text, "vex.cdx.json");
        ASSERT_FALSE(r.has_value()) << text;
        EXPECT_EQ(r.error().where, "vex.cdx.json");
        EXPECT_EQ(r.error().message.rfind(prefix, 0), 0U) << r.error().to_string();
    }
    // parse_vex sends a document without bomFormat to the OpenVEX reader.
    auto r = parse_vex(R"({"statements": []})", "vex.json");
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message.find("not an OpenVEX document"), std::string::npos);
}

// CSAF VEX, Trivy's testdata/csaf-not-affected.json (a product in the branches, known_not_affected,
// an impact threat) and csaf-relationships.json (default_component_of: go-transitive inside
// go-direct1), written out here with the fields berth reads; Trivy filters both findings.
TEST(CsafVex, TrivyCases) {
    const std::string text = R"({
  "document": {"category": "csaf_vex", "csaf_version": "2.0",
               "publisher": {"category": "vendor", "name": "Example Company ProductCERT",
                             "namespace": "https://psirt.example.com"},
               "title": "AquaSecurity example VEX document",
               "tracking": {"id": "2022-EVD-UC-01-A-001", "status": "final", "version": "1"}},
  "product_tree": {
    "branches": [
      {"category": "vendor", "name": "Spring", "branches": [
        {"category": "product_name", "name": "Spring Boot", "branches": [
          {"category": "product_version", "name": "2.6.0",
           "product": {"name": "Spring Boot 2.6.0", "product_id": "SPB-00260",
                       "product_identification_helper": {
                         "purl": "pkg:maven/org.springframework.boot/spring-boot@2.6.0"}}}]}]},
      {"category": "vendor", "name": "bar", "branches": [
        {"category": "product_name", "name": "go-direct1", "branches": [
          {"category": "product_version", "name": "2.0.0",
           "product": {"name": "go-direct1 v2.0.0", "product_id": "go-direct1-v2.0.0",
                       "product_identification_helper": {
                         "purl": "pkg:golang/github.com/aquasecurity/go-direct1@v2.0.0"}}}]}]},
      {"category": "vendor", "name": "foo", "branches": [
        {"category": "product_name", "name": "go-transitive", "branches": [
          {"category": "product_version", "name": "v4.0.0",
           "product": {"name": "go-transitive v4.0.0", "product_id": "go-transitive-v4.0.0",
                       "product_identification_helper": {
                         "purl": "pkg:golang/github.com/aquasecurity/go-transitive@v4.0.0"}}}]}]}],
    "relationships": [
      {"product_reference": "go-transitive-v4.0.0", "category": "default_component_of",
       "relates_to_product_reference": "go-direct1-v2.0.0",
       "full_product_name": {"product_id": "go-direct1-v2.0.0-go-transitive-v4.0.0",
                             "name": "go-direct1 uses go-transitive"}}]},
  "vulnerabilities": [
    {"cve": "CVE-2021-44228",
     "product_status": {"known_not_affected": ["SPB-00260"]},
     "threats": [{"category": "impact",
                  "details": "Class with vulnerable code was removed before shipping.",
                  "product_ids": ["SPB-00260"]}]},
    {"cve": "CVE-2024-0001",
     "flags": [{"label": "vulnerable_code_cannot_be_controlled_by_adversary",
                "product_ids": ["go-direct1-v2.0.0-go-transitive-v4.0.0"]}],
     "product_status": {"known_not_affected": ["go-direct1-v2.0.0-go-transitive-v4.0.0"]}},
    {"cve": "CVE-2024-0002", "product_status": {"known_affected": ["SPB-00260"],
                                                "fixed": ["no-such-product"]}}]})";
    auto doc = parse_vex(text, "csaf.json");
    ASSERT_TRUE(doc.has_value()) << doc.error().to_string();
    EXPECT_EQ(doc->format, "csaf");
    EXPECT_EQ(doc->id, "2022-EVD-UC-01-A-001");
    ASSERT_EQ(doc->statements.size(), 3U) << "a product id without a purl makes no statement";
    EXPECT_EQ(doc->statements[0].impact_statement,
              "Class with vulnerable code was removed before shipping.");
    EXPECT_EQ(doc->statements[1].justification,
              "vulnerable_code_cannot_be_controlled_by_adversary");
    EXPECT_EQ(doc->statements[1].products[0].subcomponents,
              std::vector<std::string>{"pkg:golang/github.com/aquasecurity/go-transitive@v4.0.0"});

    sbom::Inventory inv;
    sbom::Package boot = package("maven", "spring-boot", "2.6.0", "");
    boot.purl_namespace = "org.springframework.boot";
    sbom::Package direct = package("golang", "go-direct1", "v2.0.0", "");
    direct.purl_namespace = "github.com/aquasecurity";
    sbom::Package transitive = package("golang", "go-transitive", "v4.0.0", "");
    transitive.purl_namespace = "github.com/aquasecurity";
    inv.packages = {boot, direct, transitive};
    std::vector<Finding> findings = {finding("CVE-2021-44228", 0), finding("CVE-2024-0001", 2),
                                     finding("CVE-2024-0001", 1), finding("CVE-2024-0002", 0)};
    Diagnostics diags;
    apply_suppressions(findings, inv, nullptr, &*doc, diags);
    EXPECT_EQ(suppressed_ids(findings),
              (std::vector<std::string>{"CVE-2021-44228@0", "CVE-2024-0001@2"}));
    EXPECT_TRUE(diags.empty());

    auto bad = parse_csaf_vex(R"({"document": {"category": "csaf_vex"}})", "csaf.json");
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().message.rfind("$.document: not a CSAF document", 0), 0U)
        << bad.error().to_string();
    auto no_id = parse_csaf_vex(R"({"document": {"csaf_version": "2.0"},
        "vulnerabilities": [{"product_status": {}}]})",
                                "csaf.json");
    ASSERT_FALSE(no_id.has_value());
    EXPECT_EQ(no_id.error().message.rfind("$.vulnerabilities[0]: vulnerability has no", 0), 0U);
}

TEST(OpenVex, BadDocumentsAreRefusedWithLocation) {
    // The document is the error's `where`; the JSON path leads the message.
    struct Case {
        std::string name;
        std::string text;
        std::string message_prefix;
    };
    const std::string ok_stmt =
        R"({"vulnerability": {"name": "CVE-1"}, "products": [{"@id": "pkg:deb/debian/x"}], )";
    std::vector<Case> cases = {
        {"not_json", "{", "not valid JSON"},
        {"array", "[]", "not a JSON object"},
        {"wrong_context", R"({"@context": "https://cyclonedx.org", "statements": []})",
         "$[\"@context\"]: not an OpenVEX document"},
        {"no_timestamp", R"({"@context": "https://openvex.dev/ns", "statements": []})",
         "$.timestamp: document needs an RFC 3339 'timestamp'"},
        {"bad_timestamp",
         R"({"@context": "https://openvex.dev/ns", "timestamp": "yesterday", "statements": []})",
         "$.timestamp: document needs an RFC 3339 'timestamp'"},
        {"no_statements",
         R"({"@context": "https://openvex.dev/ns", "timestamp": "2026-01-01T00:00:00Z"})",
         "$.statements: 'statements' must be a list"},
        {"bad_status", vex_doc(ok_stmt + R"("status": "maybe"})"),
         "$.statements[0].status: unknown status 'maybe'"},
        {"not_affected_without_reason", vex_doc(ok_stmt + R"("status": "not_affected"})"),
         "$.statements[0]: not_affected needs"},
        {"bad_justification",
         vex_doc(ok_stmt + R"("status": "not_affected", "justification": "trust_me"})"),
         "$.statements[0].justification: unknown justification 'trust_me'"},
        {"no_vuln_name_or_id",
         vex_doc(R"({"vulnerability": {"description": "x"}, "status": "fixed"})"),
         "$.statements[0].vulnerability: no vulnerability 'name' or '@id'"},
        {"product_number", vex_doc(R"({"vulnerability": {"name": "CVE-1"}, "status": "fixed",
           "products": [7]})"),
         "$.statements[0].products[0]: must be an object or a string"},
        {"vuln_number", vex_doc(R"({"vulnerability": 5, "status": "fixed"})"),
         "$.statements[0].vulnerability: 'vulnerability' must be an object"},
        {"products_object", vex_doc(R"({"vulnerability": {"name": "CVE-1"}, "status": "fixed",
           "products": {}})"),
         "$.statements[0].products: expected an array, got object"},
        {"alias_number",
         vex_doc(R"({"vulnerability": {"name": "CVE-1", "aliases": ["a", 7]}, "status": "fixed"})"),
         "$.statements[0].vulnerability.aliases[1]: expected a string, got number"},
        {"statement_bad_time",
         vex_doc(ok_stmt + R"("status": "fixed", "timestamp": "2026-01-01T25:00:00Z"})"),
         "$.statements[0].timestamp: bad timestamp"},
        {"deep", std::string(200, '[') + std::string(200, ']'), "nested deeper than 64 levels"},
    };
    for (const auto& c : cases) {
        auto r = parse_openvex(c.text, "vex.json");
        ASSERT_FALSE(r.has_value()) << c.name;
        EXPECT_EQ(r.error().where, "vex.json") << c.name << ": " << r.error().to_string();
        EXPECT_EQ(r.error().message.rfind(c.message_prefix, 0), 0U)
            << c.name << ": " << r.error().to_string();
    }
}

}  // namespace
}  // namespace berth::vuln

// SPDX-License-Identifier: Apache-2.0
// The four scan-report writers: goldens for one hand-made report (testdata/README.md), byte
// determinism, the properties each format promises (grouping, counts, colour only on request,
// SARIF levels and locations, CycloneDX affects/references/analysis), and validation of the
// SARIF and CycloneDX goldens against the official schemas (tests/schema/validate.sh).
#include "report/report.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "core/version.hpp"
#include "report/writer.hpp"
#include "test_support.hpp"
#include "vuln/cvss.hpp"

namespace berth::report {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

Digest digest(char fill) {
    return Digest{"sha256", std::string(64, fill)};
}

sbom::Package package(std::string name, std::string version, std::string source,
                      std::size_t layer) {
    sbom::Package p;
    p.type = "deb";
    p.name = std::move(name);
    p.version = std::move(version);
    p.arch = "amd64";
    p.source_name = std::move(source);
    p.location.path = "var/lib/dpkg/status";
    p.location.layer_introduced = layer;
    p.location.layer_changed = layer;
    p.location.layer_digest = digest(static_cast<char>('0' + layer));
    p.location.layer_diff_id = digest(static_cast<char>('a' + layer));
    return p;
}

// A CVSS entry scored by berth's own calculator (cvss_test.cpp checks it against published
// scores), so the report carries real numbers.
vuln::Cvss cvss(const std::string& vector, const std::string& source) {
    auto r = vuln::parse_cvss(vector);
    EXPECT_TRUE(r.has_value()) << vector;
    return vuln::Cvss{r ? r->version : "", vector, r ? r->score : 0, source};
}

vuln::Level level_of(const vuln::Cvss& c) {
    return vuln::to_level(vuln::cvss_rating(c.base_score));
}

// Two image-check rules, shaped like src/check/rule.hpp's constexpr blocks.
constexpr check::Reference kRootRefs[] = {
    {"cis", "CIS Docker 1.6 4.1"},
    {"hadolint", "DL3002"},
    {"url", "https://docs.docker.com/reference/dockerfile/#user"}};
constexpr check::RuleInfo kRootRule{
    .id = "IC001",
    .title = "Do not run as root",
    .severity = check::Severity::High,
    .description = "A container running as root can change anything the image holds.",
    .remediation = "Add a USER instruction naming an unprivileged user.",
    .references = kRootRefs,
};
constexpr check::RuleInfo kHealthRule{
    .id = "IC002",
    .title = "Declare a HEALTHCHECK",
    .severity = check::Severity::Low,
    .description = "Without a health check the engine cannot tell a hung container.",
    .remediation = "Add a HEALTHCHECK instruction.",
};

// Debian 12, three packages, five findings (one suppressed by VEX), two rule results,
// deliberately unsorted.
ScanReport sample_report() {
    ScanReport r;
    r.target.reference = "docker.io/library/debian:12";
    r.target.name = "docker.io/library/debian:12";
    r.target.manifest_digest = digest('7');
    r.target.config_digest = digest('d');
    r.target.os_arch = "linux/amd64";
    r.target.diff_ids = {digest('a'), digest('b')};
    r.target.layers = {{digest('0'), digest('a'), ""},
                       {digest('1'), digest('b'), "RUN apt-get install -y openssl"}};
    check::RuleResult root;
    root.rule = &kRootRule;
    root.outcome = check::Outcome::Fail;
    root.message = "the image runs as root (no USER)";
    root.details = {"config.User is empty"};
    root.locations = {
        {"Dockerfile", 3, 3, digest('b').str(), "RUN apt-get install -y openssl", ""}};
    check::RuleResult health;
    health.rule = &kHealthRule;
    health.outcome = check::Outcome::Pass;
    health.message = "HEALTHCHECK is set";
    r.rule_results = {health, root};
    r.inventory.os = sbom::OsInfo{
        "debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)", "", "etc/os-release"};
    r.inventory.packages = {package("libc6", "2.36-9+deb12u1", "glibc", 0),
                            package("openssl", "3.0.11-1~deb12u1", "openssl", 1),
                            package("zlib1g", "1:1.2.13.dfsg-1", "zlib", 0)};
    r.inventory.packages[2].epoch = "1";
    r.db = DbInfo{1, "2026-11-20T06:00:00Z", "/var/cache/berth/db.sqlite"};
    r.created = "2026-11-23T10:00:00Z";
    r.diagnostics.push_back({Diagnostic::Severity::Warning, "database is 3 days old", "db"});

    vuln::Finding zlib_suppressed;
    zlib_suppressed.id = "CVE-2022-37434";
    zlib_suppressed.aliases = {"DLA-3103-1"};
    zlib_suppressed.package_index = 2;
    zlib_suppressed.installed_version = "1:1.2.13.dfsg-1";
    zlib_suppressed.status = vuln::FindingStatus::Affected;
    zlib_suppressed.cvss = {cvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "osv")};
    zlib_suppressed.level = level_of(zlib_suppressed.cvss[0]);
    zlib_suppressed.title = "zlib: heap-based buffer over-read in inflateGetHeader";
    zlib_suppressed.references = {"https://security-tracker.debian.org/tracker/CVE-2022-37434"};
    zlib_suppressed.sources = {"osv"};
    zlib_suppressed.ecosystem = "Debian:12";
    zlib_suppressed.matched_by = "source-package";
    zlib_suppressed.suppressed = vuln::Suppression{
        "vex", "not_affected", "vulnerable_code_not_in_execute_path", "vex.openvex.json"};

    vuln::Finding glibc;
    glibc.id = "CVE-2023-4911";
    glibc.aliases = {"DSA-5514-1"};
    glibc.package_index = 0;
    glibc.installed_version = "2.36-9+deb12u1";
    glibc.fixed_version = "2.36-9+deb12u3";
    glibc.status = vuln::FindingStatus::Fixed;
    glibc.cvss = {cvss("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", "osv")};
    glibc.level = level_of(glibc.cvss[0]);
    glibc.distro_severity = "high";
    glibc.title = "glibc: buffer overflow in ld.so leading to privilege escalation";
    glibc.description =
        "A buffer overflow was discovered in the GNU C Library's dynamic loader ld.so while "
        "processing the GLIBC_TUNABLES environment variable.";
    glibc.references = {"https://security-tracker.debian.org/tracker/CVE-2023-4911",
                        "https://www.debian.org/security/2023/dsa-5514"};
    glibc.sources = {"debian-dsa", "osv"};
    glibc.ecosystem = "Debian:12";
    glibc.matched_by = "source-package";

    vuln::Finding openssl_fixed;
    openssl_fixed.id = "CVE-2023-5363";
    openssl_fixed.aliases = {"DSA-5532-1"};
    openssl_fixed.package_index = 1;
    openssl_fixed.installed_version = "3.0.11-1~deb12u1";
    openssl_fixed.fixed_version = "3.0.11-1~deb12u2";
    openssl_fixed.status = vuln::FindingStatus::Fixed;
    openssl_fixed.cvss = {cvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", "osv")};
    openssl_fixed.level = level_of(openssl_fixed.cvss[0]);
    openssl_fixed.title = "openssl: Incorrect cipher key and IV length processing";
    openssl_fixed.sources = {"debian-dsa"};
    openssl_fixed.ecosystem = "Debian:12";
    openssl_fixed.matched_by = "source-package";

    vuln::Finding openssl_open;
    openssl_open.id = "CVE-2023-5678";
    openssl_open.package_index = 1;
    openssl_open.installed_version = "3.0.11-1~deb12u1";
    openssl_open.status = vuln::FindingStatus::Affected;
    openssl_open.cvss = {
        cvss("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:N/SC:N/SI:L/SA:N", "osv"),
        cvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L", "osv")};
    openssl_open.level = vuln::Level::Medium;
    openssl_open.title = "openssl: Generating excessively long X9.42 DH keys is slow";
    openssl_open.sources = {"osv"};
    openssl_open.ecosystem = "Debian:12";
    openssl_open.matched_by = "source-package";

    vuln::Finding zlib_wnf;
    zlib_wnf.id = "CVE-2023-45853";
    zlib_wnf.package_index = 2;
    zlib_wnf.installed_version = "1:1.2.13.dfsg-1";
    zlib_wnf.status = vuln::FindingStatus::WillNotFix;
    zlib_wnf.level = vuln::Level::Low;  // no vector: the distro's rating
    zlib_wnf.distro_severity = "low";
    zlib_wnf.title = "zlib: integer overflow in MiniZip zipOpenNewFileInZip4_6";
    zlib_wnf.sources = {"debian-tracker"};
    zlib_wnf.ecosystem = "Debian:12";
    zlib_wnf.matched_by = "source-package";

    r.findings = {zlib_suppressed, openssl_open, glibc, zlib_wnf, openssl_fixed};
    return r;
}

// berth's version appears in SARIF (driver) and CycloneDX (tool): goldens hold "<version>" so a
// release does not rewrite them.
std::string redact_version(std::string text) {
    const std::string v = std::string("\"") + kVersion + "\"";
    for (auto at = text.find(v); at != std::string::npos; at = text.find(v, at)) {
        text.replace(at, v.size(), "\"<version>\"");
    }
    return text;
}

struct Writer {
    std::string name;  // golden file name under testdata/scan/
    std::function<std::string(const ScanReport&)> write;
};

std::vector<Writer> writers() {
    return {
        {"want.table.golden", [](const ScanReport& r) { return write_table(r, false); }},
        {"want.table_colour.golden", [](const ScanReport& r) { return write_table(r, true); }},
        {"want.golden.json", write_json},
        {"want.sarif.golden.json",
         [](const ScanReport& r) { return redact_version(write_sarif(r)); }},
        {"want.cdx.golden.json",
         [](const ScanReport& r) { return redact_version(write_cyclonedx(r)); }},
        {"want.gitlab.golden.json",
         [](const ScanReport& r) { return redact_version(write_gitlab(r)); }},
    };
}

fs::path golden_path(const std::string& name) {
    return fs::path(BERTH_SOURCE_DIR) / "src/report/testdata/scan" / name;
}

class ReportGolden : public ::testing::TestWithParam<Writer> {};

TEST_P(ReportGolden, MatchesWant) {
    std::string got = GetParam().write(sample_report());
    fs::path golden = golden_path(GetParam().name);
    if (std::getenv("BERTH_UPDATE_GOLDEN") != nullptr) {
        fs::create_directories(golden.parent_path());
        std::ofstream(golden, std::ios::binary) << got;
        GTEST_SKIP() << "golden written: " << golden;
    }
    ASSERT_TRUE(fs::exists(golden)) << "no golden " << golden << "; run with BERTH_UPDATE_GOLDEN=1";
    EXPECT_EQ(got, test::read_text_file(golden));
}

// Same report in any finding order → same bytes.
TEST_P(ReportGolden, DeterministicInAnyFindingOrder) {
    ScanReport r = sample_report();
    std::string first = GetParam().write(r);
    std::reverse(r.findings.begin(), r.findings.end());
    EXPECT_EQ(GetParam().write(r), first);
    std::rotate(r.findings.begin(), r.findings.begin() + 2, r.findings.end());
    EXPECT_EQ(GetParam().write(r), first);
}

INSTANTIATE_TEST_SUITE_P(Formats, ReportGolden, ::testing::ValuesIn(writers()),
                         [](const ::testing::TestParamInfo<Writer>& p) {
                             std::string n;
                             for (char c : p.param.name)
                                 n += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                             return n;
                         });

TEST(ReportTable, GroupsByPackageAndCountsBySeverity) {
    std::string t = write_table(sample_report(), false);
    EXPECT_NE(t.find("Total: 4 (UNKNOWN: 0, LOW: 1, MEDIUM: 1, HIGH: 2, CRITICAL: 0), "
                     "suppressed: 1\n"),
              std::string::npos)
        << t;
    // One header per package with its layer, in package order; the suppressed CVE is absent.
    auto libc = t.find("libc6 2.36-9+deb12u1 (layer 0, sha256:aaaaaaaaaaaa)");
    auto openssl = t.find("openssl 3.0.11-1~deb12u1 (layer 1, sha256:bbbbbbbbbbbb)");
    auto zlib = t.find("zlib1g 1:1.2.13.dfsg-1 (layer 0, sha256:aaaaaaaaaaaa)");
    ASSERT_NE(libc, std::string::npos) << t;
    ASSERT_NE(openssl, std::string::npos) << t;
    ASSERT_NE(zlib, std::string::npos) << t;
    EXPECT_LT(libc, openssl);
    EXPECT_LT(openssl, zlib);
    EXPECT_EQ(t.find("CVE-2022-37434"), std::string::npos);
    EXPECT_EQ(t.find('\x1b'), std::string::npos) << "no colour unless asked";

    std::string c = write_table(sample_report(), true);
    EXPECT_NE(c.find("\x1b[31mHIGH\x1b[0m"), std::string::npos);
    EXPECT_NE(c.find("\x1b[33mMEDIUM\x1b[0m"), std::string::npos);
    EXPECT_NE(c.find("\x1b[34mLOW\x1b[0m"), std::string::npos);
    // Colour codes aside, the coloured table is the plain one.
    std::string stripped;
    for (std::size_t i = 0; i < c.size(); ++i) {
        if (c[i] == '\x1b') {
            i = c.find('m', i);
            continue;
        }
        stripped += c[i];
    }
    EXPECT_EQ(stripped, t);
}

TEST(ReportTable, EmptyReportHasOnlyTheSummary) {
    ScanReport r;
    r.target.name = "rootfs:/srv/empty";
    EXPECT_EQ(
        write_table(r, true),
        "rootfs:/srv/empty\nTotal: 0 (UNKNOWN: 0, LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0)\n");
}

TEST(ReportJson, ListsEveryFindingWithPackageLayerAndSuppression) {
    json j = json::parse(write_json(sample_report()));
    EXPECT_EQ(j["schema_version"], 1);
    ASSERT_EQ(j["findings"].size(), 4U);
    ASSERT_EQ(j["suppressed"].size(), 1U);
    EXPECT_EQ(j["summary"]["total"], 4);
    EXPECT_EQ(j["summary"]["by_severity"]["HIGH"], 2);
    const json& first = j["findings"][0];
    EXPECT_EQ(first["id"], "CVE-2023-4911");
    EXPECT_EQ(first["package"]["purl"],
              "pkg:deb/debian/libc6@2.36-9%2Bdeb12u1?arch=amd64&distro=debian-12");
    EXPECT_EQ(first["layer"]["index"], 0);
    EXPECT_EQ(first["layer"]["diff_id"], "sha256:" + std::string(64, 'a'));
    EXPECT_EQ(first["cvss"][0]["base_score"], 7.8);
    EXPECT_EQ(first["aliases"], json::array({"DSA-5514-1"}));
    EXPECT_FALSE(first.contains("suppression"));
    const json& s = j["suppressed"][0];
    EXPECT_EQ(s["id"], "CVE-2022-37434");
    EXPECT_EQ(s["suppression"], json({{"kind", "vex"},
                                      {"statement", "not_affected"},
                                      {"justification", "vulnerable_code_not_in_execute_path"},
                                      {"source", "vex.openvex.json"}}));
    EXPECT_EQ(j["diagnostics"][0]["message"], "database is 3 days old");
}

TEST(ReportSarif, RulesResultsLevelsAndLocations) {
    ScanReport without_rules = sample_report();
    without_rules.rule_results.clear();  // ReportRules.* covers those
    json s = json::parse(write_sarif(without_rules));
    EXPECT_EQ(s["version"], "2.1.0");
    const json& run = s["runs"][0];
    const json& rules = run["tool"]["driver"]["rules"];
    ASSERT_EQ(rules.size(), 4U);  // one per id; the suppressed one has none
    std::set<std::string> ids;
    for (const auto& r : rules) ids.insert(r["id"].get<std::string>());
    EXPECT_EQ(ids, (std::set<std::string>{"CVE-2023-4911", "CVE-2023-45853", "CVE-2023-5363",
                                          "CVE-2023-5678"}));
    const json& results = run["results"];
    ASSERT_EQ(results.size(), 4U);
    std::set<std::string> fingerprints;
    for (const auto& r : results) {
        const std::string id = r["ruleId"];
        EXPECT_EQ(rules[r["ruleIndex"].get<std::size_t>()]["id"], id);
        EXPECT_EQ(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                  "var/lib/dpkg/status");
        fingerprints.insert(r["partialFingerprints"]["berth/v1"].get<std::string>());
        std::string want_level = id == "CVE-2023-5678"    ? "warning"
                                 : id == "CVE-2023-45853" ? "note"
                                                          : "error";
        EXPECT_EQ(r["level"], want_level) << id;
        if (id == "CVE-2023-4911") {
            const std::string text = r["message"]["text"];
            EXPECT_NE(text.find("libc6"), std::string::npos) << text;
            EXPECT_NE(text.find("2.36-9+deb12u1"), std::string::npos) << text;
            EXPECT_NE(text.find("2.36-9+deb12u3"), std::string::npos) << text;
        }
    }
    EXPECT_EQ(fingerprints.size(), 4U);
    for (const auto& r : rules) {
        std::string id = r["id"];
        std::string sev = r["properties"]["security-severity"];
        std::string want = id == "CVE-2023-4911"    ? "7.8"
                           : id == "CVE-2023-5363"  ? "7.5"
                           : id == "CVE-2023-45853" ? "2.0"   // no CVSS: LOW's midpoint
                                                    : "6.9";  // the highest of v4 6.9, v3.1 5.3
        EXPECT_EQ(sev, want) << id;
    }
}

// The fields GitLab's container-scanning schema 15 requires (security-report-schemas,
// dist/container-scanning-report-format.json): a report without `scan`, an identifier, or a
// string dependency version is rejected whole at ingestion.
TEST(ReportGitlab, RequiredFieldsSeveritiesAndStableIds) {
    const ScanReport r = sample_report();
    json doc = json::parse(write_gitlab(r));
    EXPECT_EQ(doc["version"], "15.0.7");
    const json& scan = doc["scan"];
    EXPECT_EQ(scan["type"], "container_scanning");
    EXPECT_EQ(scan["status"], "success");
    for (const char* who : {"analyzer", "scanner"}) {
        EXPECT_EQ(scan[who]["id"], "berth");
        EXPECT_EQ(scan[who]["vendor"]["name"], "berth");
        EXPECT_TRUE(scan[who]["version"].is_string());
    }
    const std::regex time(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})");
    EXPECT_TRUE(std::regex_match(scan["start_time"].get<std::string>(), time)) << scan;
    EXPECT_TRUE(std::regex_match(scan["end_time"].get<std::string>(), time)) << scan;
    const json& vulns = doc["vulnerabilities"];
    ASSERT_EQ(vulns.size(), 4U) << "the suppressed finding is left out";
    std::set<std::string> ids;
    for (const auto& v : vulns) {
        ids.insert(v["id"].get<std::string>());
        ASSERT_GE(v["identifiers"].size(), 1U);
        EXPECT_TRUE(v["location"]["dependency"]["version"].is_string());
        EXPECT_EQ(v["location"]["operating_system"], "debian 12");
        const std::string name = v["name"];
        if (name == "CVE-2023-4911 in libc6") {
            EXPECT_EQ(v["severity"], "High");
            EXPECT_EQ(v["solution"], "Upgrade libc6 to 2.36-9+deb12u3.");
            EXPECT_EQ(v["identifiers"][0]["type"], "cve");
            EXPECT_EQ(v["identifiers"][0]["url"], "https://nvd.nist.gov/vuln/detail/CVE-2023-4911");
            EXPECT_EQ(v["location"]["dependency"]["package"]["name"], "libc6");
        }
    }
    EXPECT_EQ(ids.size(), 4U);
    // The id is stable: the same finding in another run (another timestamp) keeps it.
    ScanReport later = r;
    later.created = "2030-01-01T00:00:00Z";
    EXPECT_EQ(json::parse(write_gitlab(later))["vulnerabilities"], vulns);
}

TEST(ReportCycloneDx, VulnerabilitiesAffectComponentsAndCarryAliases) {
    json bom = json::parse(write_cyclonedx(sample_report()));
    std::set<std::string> refs;
    for (const auto& c : bom["components"]) refs.insert(c["bom-ref"].get<std::string>());
    const json& vulns = bom["vulnerabilities"];
    ASSERT_EQ(vulns.size(), 5U);
    for (const auto& v : vulns) {
        ASSERT_TRUE(v.contains("affects")) << v["id"];
        for (const auto& a : v["affects"]) {
            EXPECT_EQ(refs.count(a["ref"].get<std::string>()), 1U) << a["ref"];
        }
        if (v["id"] == "CVE-2023-4911") {
            EXPECT_EQ(v["references"],
                      json::parse(R"([{"id": "DSA-5514-1", "source": {"name": "Debian",
                        "url": "https://security-tracker.debian.org/tracker/DSA-5514-1"}}])"));
            EXPECT_EQ(v["ratings"][0]["method"], "CVSSv31");
            EXPECT_EQ(v["ratings"][0]["severity"], "high");
            EXPECT_FALSE(v.contains("analysis"));
        }
        if (v["id"] == "CVE-2022-37434") {
            EXPECT_EQ(v["analysis"]["state"], "not_affected");
            EXPECT_EQ(v["analysis"]["justification"], "code_not_reachable");
            EXPECT_EQ(v["affects"][0]["versions"][0]["status"], "unaffected");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Schema validation (SARIF 2.1.0 and CycloneDX 1.6) with tests/schema/validate.sh.

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::optional<test::RunResult> validate(const std::vector<fs::path>& files, std::string& skip) {
    auto dir = test::shared_data_dir();
    if (!dir || !fs::exists(*dir / "schemas/sarif/sarif-schema-2.1.0.json")) {
        skip = "shared data absent: schemas/ (SARIF 2.1.0 and CycloneDX 1.6 JSON Schemas)";
        return std::nullopt;
    }
    std::string cmd =
        shell_quote((fs::path(BERTH_SOURCE_DIR) / "tests/schema/validate.sh").string()) + " " +
        shell_quote((*dir / "schemas").string());
    for (const auto& f : files) cmd += " " + shell_quote(f.string());
    auto run = test::run_shell(cmd);
    if (run.exit_code == 77) {
        skip = "schema validator unavailable: " + run.err;
        return std::nullopt;
    }
    return run;
}

TEST(ReportSchema, SarifAndCycloneDxGoldensAreValid) {
    std::vector<fs::path> files = {golden_path("want.sarif.golden.json"),
                                   golden_path("want.cdx.golden.json")};
    std::string skip;
    auto run = validate(files, skip);
    if (!run) GTEST_SKIP() << skip;
    EXPECT_EQ(run->exit_code, 0) << run->out << run->err;
    for (const auto& f : files) {
        EXPECT_NE(run->out.find(f.string() + " valid"), std::string::npos) << run->out;
    }
}

// The validator must be able to say no, or the test above proves nothing.
TEST(ReportSchema, BrokenDocumentsFail) {
    json sarif = json::parse(write_sarif(sample_report()));
    json cdx = json::parse(write_cyclonedx(sample_report()));
    std::vector<std::pair<std::string, json>> broken;
    broken.emplace_back("sarif_level_fatal.json", sarif);
    broken.back().second["runs"][0]["results"][0]["level"] = "fatal";
    broken.emplace_back("sarif_no_driver_name.json", sarif);
    broken.back().second["runs"][0]["tool"]["driver"].erase("name");
    broken.emplace_back("cdx_bad_analysis_state.json", cdx);
    broken.back().second["vulnerabilities"][0]["analysis"] = {{"state", "maybe"}};
    broken.emplace_back("cdx_bad_rating_method.json", cdx);
    broken.back().second["vulnerabilities"][0]["ratings"][0]["method"] = "CVSSv5";
    fs::path tmp = test::temp_dir("berth-report-schema");
    std::vector<fs::path> files;
    for (const auto& [name, doc] : broken) {
        files.push_back(tmp / name);
        std::ofstream(files.back(), std::ios::binary) << to_canonical_json(doc);
    }
    std::string skip;
    auto run = validate(files, skip);
    if (!run) GTEST_SKIP() << skip;
    EXPECT_EQ(run->exit_code, 1) << run->out << run->err;
    for (const auto& f : files) {
        EXPECT_NE(run->err.find(f.string() + " invalid"), std::string::npos) << f << run->err;
    }
}

// ---- The writer table (writer.hpp) ----------------------------------------------------------

// A two-layer image as `berth inspect` reports it, with a healthcheck, a whiteout layer and
// one present and one absent --path.
ImageDetails sample_image() {
    ImageDetails d;
    d.location = "/images/app.tar";
    d.reference = "docker.io/library/app:1";
    d.repo_tags = {"app:1"};
    d.manifest_media_type = "application/vnd.oci.image.manifest.v1+json";
    d.config_media_type = "application/vnd.oci.image.config.v1+json";
    d.platform = {"linux", "amd64", ""};
    d.created = "2026-01-02T03:04:05Z";
    d.config.user = "app";
    d.config.env = {"PATH=/usr/bin", "APP_ENV=prod"};
    d.config.entrypoint = {"/bin/sh", "-c"};
    d.config.cmd = {"run"};
    d.config.working_dir = "/srv";
    d.config.exposed_ports = {"8080/tcp"};
    d.config.labels = {{"org.opencontainers.image.title", "app"}};
    d.config.healthcheck = image::Healthcheck{{"CMD", "true"}, 30'000'000'000, 0, 0, 3};
    d.history = {{"2026-01-01T00:00:00Z", "debootstrap", "", "", false},
                 {"", "ENV APP_ENV=prod", "", "", true},
                 {"2026-01-02T03:04:05Z", "RUN rm /etc/motd", "", "", false}};
    d.layers = {{digest('0'), digest('a'), "application/vnd.oci.image.layer.v1.tar+gzip", "gzip",
                 1'500'000, 4'000'000, 1200, 0, 0, "debootstrap"},
                {digest('1'), digest('b'), "application/vnd.oci.image.layer.v1.tar+gzip", "gzip",
                 512, 2048, 3, 1, 1, "RUN rm /etc/motd"}};
    d.paths = {{"/etc/os-release", true, 0, "symlink", "usr/lib/os-release"},
               {"/etc/motd", false, 0, "", ""}};
    return d;
}

// What an analyzer that failed on a database leaves (src/analyze/inventory.cpp).
Diagnostic unread_rpmdb() {
    return {Diagnostic::Severity::Warning,
            "pkgdb/rpm: no readable Packages table: file is not a database",
            "layer 0/var/lib/rpm/rpmdb.sqlite", /*incomplete=*/true};
}

ScanReport sample_of_kind(Kind kind) {
    ScanReport r = sample_report();
    r.kind = kind;
    if (kind == Kind::Sbom) r.findings.clear();
    if (kind == Kind::Audit || kind == Kind::Inspect) {
        r.findings.clear();
        r.inventory = {};
    }
    if (kind == Kind::Inspect) {
        r.rule_results.clear();
        r.target.source = "docker-archive";
        r.image = sample_image();
    }
    if (kind == Kind::Scan || kind == Kind::Sbom) r.inventory.diagnostics.push_back(unread_rpmdb());
    return r;
}

TEST(WriterTable, EveryFormatListedOnce) {
    std::vector<std::string> names;
    for (const auto& w : report::writers()) {
        names.emplace_back(w.name);
        EXPECT_FALSE(w.description.empty()) << w.name;
        EXPECT_NE(w.write, nullptr) << w.name;
        EXPECT_NE(w.kinds, 0U) << w.name;
    }
    EXPECT_EQ(names,
              (std::vector<std::string>{"table", "json", "sarif", "cyclonedx", "spdx", "gitlab"}));
    EXPECT_EQ(writer_names(Kind::Sbom),
              (std::vector<std::string>{"table", "json", "cyclonedx", "spdx"}));
    EXPECT_EQ(writer_names(Kind::Scan),
              (std::vector<std::string>{"table", "json", "sarif", "cyclonedx", "gitlab"}));
    EXPECT_EQ(writer_names(Kind::Audit), (std::vector<std::string>{"table", "json", "sarif"}));
    EXPECT_EQ(writer_names(Kind::Inspect), (std::vector<std::string>{"table", "json"}));
    EXPECT_FALSE(find_writer("sarif", Kind::Inspect).has_value());
}

// ---- inspect --------------------------------------------------------------------------------

TEST(InspectTable, KeyValueRowsHistoryLayersAndPaths) {
    std::string t = write_table(sample_of_kind(Kind::Inspect), false);
    EXPECT_EQ(t.rfind("Image        docker-archive:/images/app.tar (docker.io/library/app:1)\n", 0),
              0U)
        << t;
    EXPECT_NE(t.find("\nManifest     " + digest('7').str() +
                     "  application/vnd.oci.image.manifest.v1+json\n"),
              std::string::npos)
        << t;
    EXPECT_NE(t.find("\nPlatform     linux/amd64\n"), std::string::npos) << t;
    EXPECT_NE(t.find("\nUser         app\n"), std::string::npos) << t;
    EXPECT_NE(t.find("\nEntrypoint   [\"/bin/sh\",\"-c\"]\n"), std::string::npos) << t;
    EXPECT_NE(t.find("\nEnv          PATH=/usr/bin\n             APP_ENV=prod\n"),
              std::string::npos)
        << t;
    EXPECT_NE(t.find("\nHealthcheck  [\"CMD\",\"true\"]\n"), std::string::npos) << t;
    EXPECT_EQ(t.find("Author"), std::string::npos) << "empty rows are left out:\n" << t;
    EXPECT_NE(t.find("\nHistory\n  2026-01-01T00:00:00Z  debootstrap\n  -  (no layer) ENV "
                     "APP_ENV=prod\n"),
              std::string::npos)
        << t;
    EXPECT_NE(t.find("\n0      sha256:000000000000  sha256:aaaaaaaaaaaa  gzip  1.5 MB     4.0 MB "
                     "    1200     0\n"),
              std::string::npos)
        << t;
    EXPECT_NE(t.find("2 (opaque dirs: 1)\n"), std::string::npos) << t;
    EXPECT_NE(t.find("\ntotal" + std::string(50, ' ') + "1.5 MB     4.0 MB     1203\n"),
              std::string::npos)
        << t;
    EXPECT_NE(t.find("\nPATH\n  /etc/os-release: symlink from layer 0, resolves to "
                     "/usr/lib/os-release\n  /etc/motd: absent\n"),
              std::string::npos)
        << t;
}

TEST(InspectTable, UnsetUserIsRootOnlyWhenThereIsAConfig) {
    Report r = sample_of_kind(Kind::Inspect);
    r.image.config.user.clear();
    EXPECT_NE(write_table(r, false).find("\nUser         (unset: root)\n"), std::string::npos);
    r.target.config_digest = Digest{};
    r.image.layers[0].compression.clear();  // a rootfs: directory layer
    std::string t = write_table(r, false);
    EXPECT_EQ(t.find("User"), std::string::npos) << t;
    EXPECT_EQ(t.find("Image ID"), std::string::npos) << t;
    EXPECT_NE(t.find(" dir   "), std::string::npos) << t;
}

TEST(InspectJson, SectionsTotalsAndAbsentPaths) {
    json doc = json::parse(write_json(sample_of_kind(Kind::Inspect)));
    EXPECT_EQ(doc["kind"], "inspect");
    EXPECT_TRUE(doc["os"].is_null());
    EXPECT_EQ(doc["target"]["config_digest"], digest('d').str());
    EXPECT_EQ(doc["image"]["platform"]["architecture"], "amd64");
    EXPECT_EQ(doc["config"]["healthcheck"]["interval_ns"], 30'000'000'000LL);
    EXPECT_EQ(doc["history"].size(), 3U);
    EXPECT_TRUE(doc["history"][1]["empty_layer"].get<bool>());
    EXPECT_EQ(doc["layers"][1]["opaque_dirs"], 1);
    EXPECT_EQ(doc["totals"], json({{"layers", 2},
                                   {"compressed_size", 1'500'512},
                                   {"uncompressed_size", 4'002'048},
                                   {"entries", 1203}}));
    EXPECT_EQ(doc["paths"][0]["layer"], 0);
    EXPECT_TRUE(doc["paths"][1]["layer"].is_null());
    EXPECT_EQ(doc["paths"][1]["type"], "");
    EXPECT_FALSE(doc.contains("rule_results"));
    EXPECT_FALSE(doc.contains("findings"));
}

TEST(WriterTable, EachWriterIsDeterministicForEachKind) {
    for (Kind kind : {Kind::Scan, Kind::Sbom, Kind::Audit, Kind::Inspect}) {
        for (const auto& w : report::writers()) {
            if (!w.supports(kind)) continue;
            SCOPED_TRACE(std::string(w.name) + " " + std::string(kind_name(kind)));
            ScanReport r = sample_of_kind(kind);
            const std::string first = w.write(r, WriteOptions{});
            EXPECT_FALSE(first.empty());
            EXPECT_EQ(w.write(r, WriteOptions{}), first);
            std::reverse(r.findings.begin(), r.findings.end());
            std::reverse(r.rule_results.begin(), r.rule_results.end());
            EXPECT_EQ(w.write(r, WriteOptions{}), first);
        }
    }
}

TEST(WriterTable, UnknownFormatIsAUsageErrorListingTheFormats) {
    auto w = find_writer("xml", Kind::Scan);
    ASSERT_FALSE(w.has_value());
    EXPECT_EQ(w.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(w.error().message.find("unknown format 'xml'"), std::string::npos);
    EXPECT_NE(w.error().message.find("(table, json, sarif, cyclonedx, gitlab)"), std::string::npos)
        << w.error().message;
    // A format that exists but cannot say what the report holds is refused the same way.
    auto spdx_scan = find_writer("spdx", Kind::Scan);
    ASSERT_FALSE(spdx_scan.has_value());
    EXPECT_NE(spdx_scan.error().message.find("for scan"), std::string::npos);
    auto spdx_sbom = find_writer("spdx", Kind::Sbom);
    ASSERT_TRUE(spdx_sbom.has_value());
    EXPECT_EQ((*spdx_sbom)->name, "spdx");
    EXPECT_FALSE(find_writer("", Kind::Sbom).has_value());
    EXPECT_FALSE(find_writer("JSON", Kind::Sbom).has_value());
}

TEST(ReportCoverage, CoverageWarningsAreRecognized) {
    using S = Diagnostic::Severity;
    EXPECT_TRUE(is_coverage_warning(
        {S::Warning,
         "berth has no advisory source for this OS (x 1); its OS packages were not checked",
         "os"}));
    EXPECT_TRUE(is_coverage_warning(
        {S::Warning, "installed version \"x\" is not a valid dpkg version; package not matched",
         "var/lib/dpkg/status: x"}));
    EXPECT_FALSE(is_coverage_warning({S::Warning, "database is 3 days old", "db"}));
    EXPECT_FALSE(is_coverage_warning({S::Info, "its OS packages were not checked", "os"}));
}

// An incomplete report says what was not read in every format that has findings.
TEST(ReportIncomplete, EveryFormatSaysWhatWasNotRead) {
    ScanReport r = sample_report();
    r.inventory.diagnostics.push_back(unread_rpmdb());
    const std::string table = write_table(r, false);
    EXPECT_NE(table.find("\nINCOMPLETE: 1 input was not read; the results above do not cover:\n"
                         "  layer 0/var/lib/rpm/rpmdb.sqlite: pkgdb/rpm: no readable Packages "
                         "table: file is not a database\n"),
              std::string::npos)
        << table;
    json j = json::parse(write_json(r));
    EXPECT_EQ(
        j["incomplete"],
        json::array({{{"message", "pkgdb/rpm: no readable Packages table: file is not a database"},
                      {"where", "layer 0/var/lib/rpm/rpmdb.sqlite"}}}));
    json sarif = json::parse(write_sarif(r));
    const json& notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    ASSERT_EQ(notes.size(), 1U);
    EXPECT_EQ(notes[0]["level"], "error");
    EXPECT_EQ(notes[0]["message"]["text"],
              "not read (incomplete scan): layer 0/var/lib/rpm/rpmdb.sqlite: pkgdb/rpm: no "
              "readable Packages table: file is not a database");
    json gitlab = json::parse(write_gitlab(r));
    EXPECT_EQ(gitlab["scan"]["messages"],
              json::array({{{"level", "warn"},
                            {"value",
                             "not read (incomplete scan): layer 0/var/lib/rpm/rpmdb.sqlite: "
                             "pkgdb/rpm: no readable Packages table: file is not a database"}}}));
    r.kind = Kind::Sbom;
    EXPECT_NE(write_table(r, false).find("INCOMPLETE: 1 input"), std::string::npos);
    // A complete report: no footer, an empty list, no invocations.
    ScanReport complete = sample_report();
    EXPECT_EQ(write_table(complete, false).find("INCOMPLETE"), std::string::npos);
    EXPECT_EQ(json::parse(write_json(complete))["incomplete"], json::array());
    EXPECT_FALSE(json::parse(write_sarif(complete))["runs"][0].contains("invocations"));
    EXPECT_TRUE(is_coverage_warning(unread_rpmdb()));
}

TEST(ReportSbom, TableJsonAndCycloneDxShowTheLayerHistory) {
    ScanReport r = sample_of_kind(Kind::Sbom);
    std::string table = write_table(r, false);
    EXPECT_NE(table.find("CREATED BY"), std::string::npos) << table;
    EXPECT_NE(table.find("RUN apt-get install -y openssl"), std::string::npos) << table;
    EXPECT_NE(table.find("3 packages"), std::string::npos) << table;
    EXPECT_EQ(table.find("Total:"), std::string::npos) << table;
    json j = json::parse(write_json(r));
    EXPECT_EQ(j["kind"], "sbom");
    ASSERT_EQ(j["packages"].size(), 3U);
    EXPECT_EQ(j["packages"][1]["name"], "openssl");
    EXPECT_EQ(j["packages"][1]["layer"]["created_by"], "RUN apt-get install -y openssl");
    EXPECT_EQ(j["packages"][0]["layer"]["created_by"], "");
    EXPECT_FALSE(j.contains("findings"));
    // The package's own location wins over the target's layer list.
    r.inventory.packages[0].location.created_by = "ADD rootfs.tar.xz /";
    json cdx = json::parse(write_cyclonedx(r));
    EXPECT_FALSE(cdx.contains("vulnerabilities"));
    bool seen = false;
    for (const auto& c : cdx["components"]) {
        for (const auto& p : c.value("properties", json::array())) {
            if (p["name"] == "berth:layer:created_by") {
                EXPECT_EQ(p["value"], "ADD rootfs.tar.xz /");
                seen = true;
            }
        }
    }
    EXPECT_TRUE(seen);
}

TEST(ReportRules, TableGroupsBySectionWithRemediationForFailures) {
    ScanReport r = sample_of_kind(Kind::Scan);  // a scan with rule results (audit: AuditRender)
    std::string t = write_table(r, false);
    EXPECT_NE(t.find("\nIC\n[FAIL] IC001 - Do not run as root\n"), std::string::npos) << t;
    EXPECT_NE(t.find("[PASS] IC002 - Declare a HEALTHCHECK"), std::string::npos) << t;
    EXPECT_NE(t.find("at Dockerfile:3 (layer sha256:bbbbbbbbbbbb)"), std::string::npos) << t;
    EXPECT_NE(t.find("Remediation: Add a USER instruction"), std::string::npos) << t;
    EXPECT_EQ(t.find("Remediation: Add a HEALTHCHECK"), std::string::npos) << t;
    EXPECT_NE(t.find("Rules: 2 (pass: 1, fail: 1, info: 0, skipped: 0, error: 0)"),
              std::string::npos)
        << t;
    EXPECT_EQ(t.find("\x1b["), std::string::npos);
    EXPECT_NE(write_table(r, true).find("\x1b[1;31m[FAIL]\x1b[0m"), std::string::npos);
}

TEST(ReportRules, SarifHasRuleMetadataLocationsAndVersion) {
    ScanReport r = sample_of_kind(Kind::Scan);
    r.findings.clear();  // rule results only
    json doc = json::parse(write_sarif(r));
    const json& driver = doc["runs"][0]["tool"]["driver"];
    EXPECT_EQ(driver["version"], kVersion);
    EXPECT_EQ(driver["semanticVersion"], kVersion);
    ASSERT_EQ(driver["rules"].size(), 1U);  // the pass is not a result, so IC002 has no rule
    const json& rule = driver["rules"][0];
    EXPECT_EQ(rule["id"], "IC001");
    EXPECT_EQ(rule["shortDescription"]["text"], "Do not run as root");
    EXPECT_EQ(rule["help"]["text"], "Add a USER instruction naming an unprivileged user.");
    EXPECT_EQ(rule["helpUri"], "https://docs.docker.com/reference/dockerfile/#user");
    EXPECT_EQ(rule["properties"]["severity"], "HIGH");
    EXPECT_EQ(rule["properties"]["references"],
              json::array({"cis:CIS Docker 1.6 4.1", "hadolint:DL3002",
                           "url:https://docs.docker.com/reference/dockerfile/#user"}));
    const json& results = doc["runs"][0]["results"];
    ASSERT_EQ(results.size(), 1U);
    EXPECT_EQ(results[0]["kind"], "fail");
    EXPECT_EQ(results[0]["level"], "error");
    const json& loc = results[0]["locations"][0];
    EXPECT_EQ(loc["physicalLocation"]["artifactLocation"]["uri"], "Dockerfile");
    EXPECT_EQ(loc["physicalLocation"]["region"]["startLine"], 3);
    EXPECT_EQ(loc["properties"]["createdBy"], "RUN apt-get install -y openssl");
    EXPECT_EQ(loc["properties"]["layer"], digest('b').str());
}

// ---- docs/scan-json.md against the JSON writer -------------------------------------------------

struct DocTable {
    std::vector<std::pair<std::string, std::set<std::string>>> paths;  // JSON path, kinds
    std::vector<std::pair<std::string, std::string>> rows;             // key, type
};

std::vector<DocTable> parse_doc(const std::string& text) {
    std::vector<DocTable> out;
    std::istringstream in(text);
    DocTable current;
    auto flush = [&] {
        if (!current.paths.empty() && !current.rows.empty()) out.push_back(current);
        if (!current.rows.empty()) current = DocTable{};
    };
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("<!-- json: ", 0) == 0) {
            if (!current.rows.empty()) flush();
            std::istringstream words(line.substr(11));
            std::string path;
            std::string kinds_word;
            std::string kinds;
            words >> path >> kinds_word >> kinds;
            EXPECT_EQ(kinds_word, "kinds:") << line;
            std::set<std::string> kind_set;
            std::istringstream ks(kinds);
            for (std::string k; std::getline(ks, k, ',');) kind_set.insert(k);
            current.paths.emplace_back(path, kind_set);
        } else if (line.rfind("| `", 0) == 0 && !current.paths.empty()) {
            auto cells_end = line.find(" | ", 3);
            std::string key_cell = line.substr(2, cells_end - 2);
            std::string type =
                line.substr(cells_end + 3, line.find(" | ", cells_end + 3) - cells_end - 3);
            for (std::size_t at = key_cell.find('`'); at != std::string::npos;) {
                auto close = key_cell.find('`', at + 1);
                current.rows.emplace_back(key_cell.substr(at + 1, close - at - 1), type);
                at = key_cell.find('`', close + 1);
            }
        } else if (!current.rows.empty()) {
            flush();
            current = DocTable{};
        }
    }
    flush();
    return out;
}

std::vector<const json*> resolve(const json& doc, const std::string& path) {
    std::vector<const json*> nodes{&doc};
    if (path == ".") return nodes;
    std::istringstream segments(path);
    for (std::string seg; std::getline(segments, seg, '.');) {
        bool each = seg.size() > 2 && seg.compare(seg.size() - 2, 2, "[]") == 0;
        if (each) seg.resize(seg.size() - 2);
        std::vector<const json*> next;
        for (const json* n : nodes) {
            if (!n->is_object() || !n->contains(seg)) continue;
            const json& child = (*n)[seg];
            if (each && child.is_array()) {
                for (const auto& e : child) next.push_back(&e);
            } else if (!each && child.is_object()) {
                next.push_back(&child);
            }
        }
        nodes = std::move(next);
    }
    return nodes;
}

bool type_matches(const json& v, const std::string& type) {
    if (type == "string") return v.is_string();
    if (type == "int") return v.is_number_integer();
    if (type == "number") return v.is_number();
    if (type == "bool") return v.is_boolean();
    if (type == "object") return v.is_object();
    if (type == "object or null") return v.is_object() || v.is_null();
    if (type == "int or null") return v.is_number_integer() || v.is_null();
    if (type == "list") return v.is_array();
    if (type == "list of string") {
        return v.is_array() &&
               std::all_of(v.begin(), v.end(), [](const json& e) { return e.is_string(); });
    }
    ADD_FAILURE() << "unknown type in docs/scan-json.md: " << type;
    return false;
}

TEST(ReportJsonDoc, EveryDocumentedKeyIsWrittenWithItsType) {
    auto tables = parse_doc(test::read_text_file(fs::path(BERTH_SOURCE_DIR) / "docs/scan-json.md"));
    ASSERT_GE(tables.size(), 15U);
    for (Kind kind : {Kind::Scan, Kind::Sbom, Kind::Audit, Kind::Inspect}) {
        json doc = json::parse(write_json(sample_of_kind(kind)));
        // documented keys per path, for the reverse check
        std::map<std::string, std::set<std::string>> documented;
        for (const auto& t : tables) {
            for (const auto& [path, kinds] : t.paths) {
                // Rule results ("rules") appear in any report that has them.
                const bool applies = kinds.count(std::string(kind_name(kind))) != 0 ||
                                     (kinds.count("rules") != 0 && doc.contains("rule_results"));
                if (!applies) continue;
                auto nodes = resolve(doc, path);
                SCOPED_TRACE(std::string(kind_name(kind)) + " " + path);
                EXPECT_FALSE(nodes.empty()) << "the sample report has no " << path;
                for (const auto& [key, type] : t.rows) {
                    documented[path].insert(key);
                    for (const json* n : nodes) {
                        ASSERT_TRUE(n->contains(key)) << key << " missing in " << n->dump();
                        EXPECT_TRUE(type_matches((*n)[key], type)) << key << ": " << (*n)[key];
                    }
                }
            }
        }
        // ... and every key the writer emits is documented.
        for (const auto& path :
             {std::string("."), std::string("target"), std::string("findings[]"),
              std::string("findings[].package"), std::string("packages[]"),
              std::string("rule_results[]"), std::string("rule_results[].rule"),
              std::string("image"), std::string("config"), std::string("history[]"),
              std::string("layers[]"), std::string("paths[]")}) {
            for (const json* n : resolve(doc, path)) {
                for (const auto& [key, value] : n->items()) {
                    EXPECT_EQ(documented[path].count(key), 1U)
                        << kind_name(kind) << " " << path << "." << key << " is not documented";
                }
            }
        }
    }
}

}  // namespace
}  // namespace berth::report

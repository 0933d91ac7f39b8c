// SPDX-License-Identifier: Apache-2.0
// purl() against purl-spec: the "build" test vectors of tests/types/{deb,apk,rpm}-test.json in
// ../shared/data/purl-spec (given type, namespace, name, version, qualifiers → canonical purl),
// plus a hand-made table for what the vectors do not cover (no OS, epoch 0, upper-case OS id).
//
// purl() builds from a Package and an OsInfo, so a vector maps to them as follows:
//   namespace → OsInfo::id; qualifiers.arch → Package::arch; rpm qualifiers.epoch → Package::epoch
//   (and "EPOCH:" in front of Package::version, as rpm prints it); qualifiers.distro "ID-VER"
//   with ID = namespace → OsInfo::version_id = VER.
// purl() always writes distro as "<os id>-<version_id>", so a vector whose distro is something
// else (Debian codenames: "jessie", "stretch") cannot be built; for those the test compares
// everything but the distro qualifier and says so.
#include "sbom/purl.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sbom/model.hpp"
#include "test_support.hpp"

namespace berth::sbom {
namespace {

using nlohmann::json;

// Removes the qualifier `key` from a canonical purl (qualifiers are '&'-separated after '?').
std::string drop_qualifier(const std::string& purl, const std::string& key) {
    auto q = purl.find('?');
    if (q == std::string::npos) return purl;
    std::string out = purl.substr(0, q);
    std::string rest = purl.substr(q + 1);
    std::vector<std::string> kept;
    std::size_t start = 0;
    while (start <= rest.size()) {
        auto amp = rest.find('&', start);
        std::string part =
            rest.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
        if (part.rfind(key + "=", 0) != 0) kept.push_back(part);
        if (amp == std::string::npos) break;
        start = amp + 1;
    }
    for (std::size_t i = 0; i < kept.size(); ++i) out += (i == 0 ? "?" : "&") + kept[i];
    return out;
}

struct VectorResult {
    int run = 0;
    int failed = 0;
    std::vector<std::string> partial;  // cases compared without their distro qualifier
};

VectorResult run_build_vectors(const std::string& type) {
    VectorResult result;
    auto dir = test::shared_data_dir();
    std::filesystem::path file = *dir / "purl-spec" / "tests" / "types" / (type + "-test.json");
    std::ifstream in(file);
    EXPECT_TRUE(in) << "cannot open " << file;
    if (!in) return result;
    json doc = json::parse(in, nullptr, false);
    EXPECT_FALSE(doc.is_discarded()) << file << ": not JSON";
    if (doc.is_discarded()) return result;
    int index = -1;
    for (const auto& t : doc["tests"]) {
        ++index;
        if (t.value("test_type", "") != "build" || t.value("expected_failure", false)) continue;
        const json& input = t["input"];
        std::string want = t["expected_output"].get<std::string>();
        std::string ns =
            input["namespace"].is_string() ? input["namespace"].get<std::string>() : "";
        std::map<std::string, std::string> qualifiers;
        if (input["qualifiers"].is_object()) {
            for (const auto& [k, v] : input["qualifiers"].items())
                qualifiers[k] = v.get<std::string>();
        }
        Package p;
        p.type = input["type"].get<std::string>();
        p.name = input["name"].get<std::string>();
        p.version = input["version"].is_string() ? input["version"].get<std::string>() : "";
        p.arch = qualifiers.count("arch") != 0U ? qualifiers["arch"] : "";
        if (p.type == "rpm" && qualifiers.count("epoch") != 0U) {
            p.epoch = qualifiers["epoch"];
            p.version = p.epoch + ":" + p.version;
        }
        OsInfo os;
        os.id = ns;
        bool compare_distro = true;
        if (qualifiers.count("distro") != 0U) {
            const std::string& distro = qualifiers["distro"];
            if (distro.rfind(ns + "-", 0) == 0 && distro.size() > ns.size() + 1) {
                os.version_id = distro.substr(ns.size() + 1);
            } else {
                compare_distro = false;
            }
        }
        std::string got = purl(p, os);
        std::string label = file.filename().string() + " tests[" + std::to_string(index) + "] \"" +
                            t.value("description", "") + "\"";
        ++result.run;
        if (compare_distro) {
            EXPECT_EQ(got, want) << label;
            if (got != want) ++result.failed;
        } else {
            result.partial.push_back(label + " (distro=" + qualifiers["distro"] + ")");
            EXPECT_EQ(drop_qualifier(got, "distro"), drop_qualifier(want, "distro"))
                << label << " (compared without distro=" << qualifiers["distro"] << ")";
            if (drop_qualifier(got, "distro") != drop_qualifier(want, "distro")) ++result.failed;
        }
    }
    return result;
}

class PurlSpecBuild : public ::testing::TestWithParam<std::string> {};

TEST_P(PurlSpecBuild, MatchesCanonicalOutput) {
    if (!test::shared_data_dir() ||
        !std::filesystem::is_directory(*test::shared_data_dir() / "purl-spec")) {
        GTEST_SKIP()
            << "shared data absent: purl-spec (set BERTH_SHARED_DATA or provide ../shared/data)";
    }
    VectorResult r = run_build_vectors(GetParam());
    EXPECT_GT(r.run, 0) << "no build vectors for type " << GetParam();
    for (const auto& p : r.partial) {
        std::cout << "[   NOTE   ] not expressible through OsInfo, compared without distro: " << p
                  << "\n";
    }
    std::cout << "[   NOTE   ] " << GetParam() << ": " << r.run << " build vectors, " << r.failed
              << " disagree\n";
}

INSTANTIATE_TEST_SUITE_P(Types, PurlSpecBuild, ::testing::Values("deb", "apk", "rpm"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

struct PurlCase {
    std::string name;
    Package package;
    std::optional<OsInfo> os;
    std::string want;
};

// NOLINTNEXTLINE(readability-identifier-naming): gtest looks this name up.
void PrintTo(const PurlCase& c, std::ostream* os) {
    *os << c.name;
}

Package pkg(std::string type, std::string name, std::string version, std::string arch,
            std::string epoch = "") {
    Package p;
    p.type = std::move(type);
    p.name = std::move(name);
    p.version = std::move(version);
    p.arch = std::move(arch);
    p.epoch = std::move(epoch);
    return p;
}

Package with_ns(Package p, std::string ns) {
    p.purl_namespace = std::move(ns);
    return p;
}

OsInfo os_info(std::string id, std::string version_id) {
    OsInfo o;
    o.id = std::move(id);
    o.version_id = std::move(version_id);
    return o;
}

const std::vector<PurlCase> kPurlCases = {
    {"deb_doc_example", pkg("deb", "libc6", "2.36-9+deb12u4", "amd64"), os_info("debian", "12.15"),
     "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12.15"},
    // purl-spec: ':' is never percent-encoded (deb-test.json "attr@1:2.4.47-2").
    {"deb_epoch_colon_kept", pkg("deb", "attr", "1:2.5.1-4", "amd64", "1"), os_info("debian", "12"),
     "pkg:deb/debian/attr@1:2.5.1-4?arch=amd64&distro=debian-12"},
    {"deb_no_os_defaults_to_debian", pkg("deb", "tzdata", "2024a-0+deb12u1", "all"), std::nullopt,
     "pkg:deb/debian/tzdata@2024a-0%2Bdeb12u1?arch=all"},
    {"deb_ubuntu_namespace", pkg("deb", "dpkg", "1.21.1ubuntu2.3", "amd64"),
     os_info("ubuntu", "22.04"),
     "pkg:deb/ubuntu/dpkg@1.21.1ubuntu2.3?arch=amd64&distro=ubuntu-22.04"},
    {"os_id_lowercased", pkg("deb", "bash", "5.2.15-2+b2", "amd64"), os_info("Debian", "12"),
     "pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12"},
    {"apk_no_os_defaults_to_alpine", pkg("apk", "musl", "1.2.4_git20230717-r4", "x86_64"),
     std::nullopt, "pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64"},
    {"apk_alpine", pkg("apk", "busybox", "1.36.1-r15", "aarch64"), os_info("alpine", "3.19.1"),
     "pkg:apk/alpine/busybox@1.36.1-r15?arch=aarch64&distro=alpine-3.19.1"},
    {"rpm_epoch_qualifier", pkg("rpm", "openssl-libs", "1:3.0.7-25.el9_3", "x86_64", "1"),
     os_info("rocky", "9.3"),
     "pkg:rpm/rocky/openssl-libs@3.0.7-25.el9_3?arch=x86_64&distro=rocky-9.3&epoch=1"},
    {"rpm_epoch_zero_omitted", pkg("rpm", "bash", "0:5.1.8-6.el9_1", "x86_64", "0"),
     os_info("rocky", "9.3"), "pkg:rpm/rocky/bash@5.1.8-6.el9_1?arch=x86_64&distro=rocky-9.3"},
    {"rpm_name_case_kept", pkg("rpm", "PackageKit", "1.2.6-1.el9", "x86_64"),
     os_info("rhel", "9.3"), "pkg:rpm/rhel/PackageKit@1.2.6-1.el9?arch=x86_64&distro=rhel-9.3"},
    {"no_arch_no_qualifiers", pkg("apk", "alpine-keys", "2.4-r1", ""), os_info("alpine", ""),
     "pkg:apk/alpine/alpine-keys@2.4-r1"},
    // Language packages: own namespace, never a distro qualifier, even on an OS.
    {"npm_scoped_on_debian", with_ns(pkg("npm", "core", "17.0.0", ""), "@angular"),
     os_info("debian", "12"), "pkg:npm/%40angular/core@17.0.0"},
    {"npm_no_os", pkg("npm", "lodash", "4.17.21", ""), std::nullopt, "pkg:npm/lodash@4.17.21"},
    {"golang_multi_segment_namespace",
     with_ns(pkg("golang", "context", "v1.1.1", ""), "github.com/gorilla"),
     os_info("alpine", "3.19.1"), "pkg:golang/github.com/gorilla/context@v1.1.1"},
    {"maven_group", with_ns(pkg("maven", "commons-io", "2.11.0", ""), "commons-io"),
     os_info("debian", "12"), "pkg:maven/commons-io/commons-io@2.11.0"},
    {"pypi_arch_kept_no_distro", pkg("pypi", "numpy", "1.26.0", "x86_64"), os_info("debian", "12"),
     "pkg:pypi/numpy@1.26.0?arch=x86_64"},
    // purl-spec pypi: lower case, '_' → '-' (the name as METADATA spells it stays on the package).
    {"pypi_name_normalized", pkg("pypi", "Django_Package", "1.11.1.dev1", ""), std::nullopt,
     "pkg:pypi/django-package@1.11.1.dev1"},
    {"gem_plain", pkg("gem", "formatador", "1.1.0", ""), os_info("debian", "12"),
     "pkg:gem/formatador@1.1.0"},
    {"composer_vendor_namespace", with_ns(pkg("composer", "stack-cors", "1.3.0", ""), "asm89"),
     std::nullopt, "pkg:composer/asm89/stack-cors@1.3.0"},
    // nuget names keep their case (purl-spec nuget type: case sensitive).
    {"nuget_case_kept", pkg("nuget", "Newtonsoft.Json", "13.0.3", ""), std::nullopt,
     "pkg:nuget/Newtonsoft.Json@13.0.3"},
    {"conda_no_qualifiers", pkg("conda", "zlib", "1.2.13", ""), os_info("debian", "12"),
     "pkg:conda/zlib@1.2.13"},
    // An OS package with an explicit namespace keeps it (an SBOM said "ubuntu").
    {"deb_explicit_namespace_wins", with_ns(pkg("deb", "bash", "5.1-6", "amd64"), "ubuntu"),
     os_info("debian", "12"), "pkg:deb/ubuntu/bash@5.1-6?arch=amd64&distro=debian-12"},
};

class PurlTable : public ::testing::TestWithParam<PurlCase> {};

TEST_P(PurlTable, Builds) {
    const PurlCase& c = GetParam();
    EXPECT_EQ(purl(c.package, c.os), c.want);
}

INSTANTIATE_TEST_SUITE_P(Cases, PurlTable, ::testing::ValuesIn(kPurlCases),
                         [](const ::testing::TestParamInfo<PurlCase>& p) { return p.param.name; });

// Language ecosystems: the vectors a Package can express (namespace, name, version; no
// qualifiers, no subpath) must build exactly, with an OS present (it must not leak a distro).
TEST(PurlSpecBuildLanguage, NamespaceNameVersionVectors) {
    if (!test::shared_data_dir() ||
        !std::filesystem::is_directory(*test::shared_data_dir() / "purl-spec")) {
        GTEST_SKIP()
            << "shared data absent: purl-spec (set BERTH_SHARED_DATA or provide ../shared/data)";
    }
    int run = 0;
    for (const std::string type :
         {"npm", "golang", "maven", "pypi", "gem", "composer", "nuget", "conda"}) {
        auto file =
            *test::shared_data_dir() / "purl-spec" / "tests" / "types" / (type + "-test.json");
        std::ifstream in(file);
        ASSERT_TRUE(in) << file;
        json doc = json::parse(in, nullptr, false);
        ASSERT_FALSE(doc.is_discarded()) << file;
        for (const auto& t : doc["tests"]) {
            if (t.value("test_type", "") != "build" || t.value("expected_failure", false)) continue;
            const json& input = t["input"];
            if (input["qualifiers"].is_object() || input["subpath"].is_string()) continue;
            Package p;
            p.type = input["type"].get<std::string>();
            p.purl_namespace =
                input["namespace"].is_string() ? input["namespace"].get<std::string>() : "";
            p.name = input["name"].get<std::string>();
            p.version = input["version"].is_string() ? input["version"].get<std::string>() : "";
            EXPECT_EQ(purl(p, os_info("debian", "12")), t["expected_output"].get<std::string>())
                << file.filename() << " " << t.value("description", "");
            ++run;
        }
    }
    EXPECT_GE(run, 10);
}

TEST(PurlEscape, KeepsUnreservedAndColonEncodesTheRest) {
    EXPECT_EQ(purl_escape("2.36-9+deb12u4"), "2.36-9%2Bdeb12u4");
    EXPECT_EQ(purl_escape("1:2.0~rc1_x"), "1:2.0~rc1_x");
    EXPECT_EQ(purl_escape("a b/c@d?e#f%"), "a%20b%2Fc%40d%3Fe%23f%25");
    EXPECT_EQ(purl_escape("\xc3\xa9"), "%C3%A9");  // UTF-8 bytes, upper-case hex
    EXPECT_EQ(purl_escape(""), "");
}

}  // namespace
}  // namespace berth::sbom

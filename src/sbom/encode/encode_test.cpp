// SPDX-License-Identifier: Apache-2.0
// CycloneDX and SPDX encoders: goldens for hand-made inventories (testdata/README.md), byte
// determinism, structure (unique ids, complete graphs), license expressions, the image's oci purl,
// and validation against the official JSON Schemas with tests/schema/validate.sh (ajv-cli).
#include "sbom/encode/encode.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json.hpp"
#include "sbom/decode.hpp"
#include "sbom/encode/common.hpp"
#include "test_support.hpp"

namespace berth::sbom {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// Inputs. Digests are fake but well-formed: layer i has blob digest ('0'+i)×64 and diffID
// ('a'+i)×64; manifests use '7'–'9', configs (image IDs) 'd'–'f'.

Digest digest(char fill) {
    return Digest{"sha256", std::string(64, fill)};
}

EncodeOptions fixed_options() {
    EncodeOptions o;
    o.timestamp = "2026-11-23T10:00:00Z";
    o.serial_uuid = "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b";
    o.tool_version = "0.1.0";
    return o;
}

ImageMeta image_with_layers(std::string name, char manifest, char config, std::size_t layers) {
    ImageMeta m;
    m.name = std::move(name);
    m.manifest_digest = digest(manifest);
    m.image_id = digest(config);
    m.architecture = "amd64";
    m.os = "linux";
    for (std::size_t i = 0; i < layers; ++i) {
        m.layers.push_back(
            {digest(static_cast<char>('0' + i)), digest(static_cast<char>('a' + i))});
    }
    return m;
}

Location at(std::string path, std::size_t introduced, std::size_t changed) {
    Location l;
    l.path = std::move(path);
    l.layer_introduced = introduced;
    l.layer_changed = changed;
    l.layer_digest = digest(static_cast<char>('0' + introduced));
    l.layer_diff_id = digest(static_cast<char>('a' + introduced));
    return l;
}

Package deb(std::string name, std::string version, std::string arch, std::string source,
            std::string source_version, Location where) {
    Package p;
    p.type = "deb";
    p.name = std::move(name);
    p.version = std::move(version);
    p.arch = std::move(arch);
    p.source_name = std::move(source);
    p.source_version = std::move(source_version);
    p.location = std::move(where);
    return p;
}

// Debian 12: multiarch libc6, an epoch (attr), a package whose files a later layer deleted, and
// base-files listed both in status and in a distroless status.d file (same purl twice).
std::pair<Inventory, ImageMeta> debian_case() {
    Inventory inv;
    inv.os = OsInfo{"debian", "12.5",          "bookworm", "Debian GNU/Linux 12 (bookworm)",
                    "",       "etc/os-release"};
    Package libc = deb("libc6", "2.36-9+deb12u4", "amd64", "glibc", "2.36-9+deb12u4",
                       at("var/lib/dpkg/status", 0, 0));
    libc.upstream_version = "2.36";
    libc.release = "9+deb12u4";
    libc.maintainer = "GNU Libc Maintainers <debian-glibc@lists.debian.org>";
    Package libc_i386 = libc;
    libc_i386.arch = "i386";
    libc_i386.location = at("var/lib/dpkg/status", 1, 1);
    Package attr =
        deb("attr", "1:2.5.1-4", "amd64", "attr", "1:2.5.1-4", at("var/lib/dpkg/status", 1, 2));
    attr.epoch = "1";
    attr.upstream_version = "2.5.1";
    attr.release = "4";
    attr.maintainer = "Guillem Jover <guillem@debian.org>";
    attr.files_whited_out = true;
    Package tzdata =
        deb("tzdata", "2024a-0+deb12u1", "all", "", "", at("var/lib/dpkg/status", 0, 0));
    tzdata.release = "0+deb12u1";
    Package base =
        deb("base-files", "12.4+deb12u5", "amd64", "", "", at("var/lib/dpkg/status", 0, 0));
    Package base_distroless = base;
    base_distroless.location = at("var/lib/dpkg/status.d/base-files", 2, 2);
    inv.packages = {attr, base, base_distroless, libc, libc_i386, tzdata};
    return {inv, image_with_layers("docker.io/library/debian:12", '9', 'f', 3)};
}

Package apk(std::string name, std::string version, std::string origin, std::string license) {
    Package p;
    p.type = "apk";
    p.name = std::move(name);
    p.version = std::move(version);
    p.arch = "x86_64";
    p.source_name = std::move(origin);
    p.license = std::move(license);
    p.maintainer = "Natanael Copa <ncopa@alpinelinux.org>";
    p.location = at("lib/apk/db/installed", 0, 0);
    return p;
}

// Alpine 3.19: license strings as apk databases have them — SPDX ids, a compound expression,
// lower-case "zlib", and non-SPDX text ("GPL2", "MIT BSD GPL2+").
std::pair<Inventory, ImageMeta> alpine_case() {
    Inventory inv;
    inv.os = OsInfo{"alpine", "3.19.1", "", "Alpine Linux v3.19", "", "etc/os-release"};
    Package musl = apk("musl", "1.2.4_git20230717-r4", "musl", "MIT");
    musl.maintainer = "Timo Teräs <timo.teras@iki.fi>";
    inv.packages = {
        apk("alpine-baselayout", "3.4.3-r2", "alpine-baselayout", "GPL2"),
        apk("busybox", "1.36.1-r15", "busybox", "GPL-2.0-only"),
        apk("ca-certificates-bundle", "20240226-r0", "ca-certificates", "MPL-2.0 AND MIT"),
        apk("libc-utils", "0.7.2-r5", "libc-dev", "MIT BSD GPL2+"),
        musl,
        apk("ssl_client", "1.36.1-r15", "busybox", "( GPL-2.0-only OR MIT ) AND MPL-2.0"),
        apk("zlib", "1.3.1-r0", "zlib", "zlib"),
    };
    return {inv, image_with_layers("docker.io/library/alpine:3.19", '8', 'e', 1)};
}

Package rpm(std::string name, std::string version, std::string epoch, std::string release,
            std::string license, std::string source_version) {
    Package p;
    p.type = "rpm";
    p.name = std::move(name);
    p.version = std::move(version);
    p.epoch = std::move(epoch);
    p.release = std::move(release);
    p.arch = "x86_64";
    p.source_name = p.name;
    p.source_version = std::move(source_version);
    p.vendor = "Rocky Enterprise Software Foundation";
    p.license = std::move(license);
    p.location = at("var/lib/rpm/rpmdb.sqlite", 0, 0);
    return p;
}

// Rocky 9.3: epochs (stated 1 and none), Fedora-style non-SPDX licenses, a module stream package.
std::pair<Inventory, ImageMeta> rocky_case() {
    Inventory inv;
    inv.os = OsInfo{"rocky",         "9.3", "", "Rocky Linux 9.3 (Blue Onyx)", "rhel centos fedora",
                    "etc/os-release"};
    Package nodejs = rpm("nodejs", "1:16.20.2-1.module+el9.2.0+14956+6cb9fbbe", "1",
                         "1.module+el9.2.0+14956+6cb9fbbe", "MIT and ASL 2.0 and ISC and BSD",
                         "1:16.20.2-1.module+el9.2.0+14956+6cb9fbbe");
    nodejs.modularity_label = "nodejs:16:9020020230803160707:rhel9";
    nodejs.location = at("var/lib/rpm/rpmdb.sqlite", 1, 1);
    inv.packages = {
        rpm("bash", "5.1.8-6.el9_1", "", "6.el9_1", "GPLv3+", "5.1.8-6.el9_1"),
        rpm("libffi", "3.4.2-8.el9", "", "8.el9", "MIT", "3.4.2-8.el9"),
        nodejs,
        rpm("openssl-libs", "1:3.0.7-25.el9_3", "1", "25.el9_3", "ASL 2.0", "1:3.0.7-25.el9_3"),
    };
    return {inv, image_with_layers("quay.io/rockylinux/rockylinux:9.3", '7', 'd', 2)};
}

// No OS detected, a rootfs without digests, one package of each type (purl() falls back to the
// debian/alpine namespaces and leaves rpm without one).
std::pair<Inventory, ImageMeta> no_os_case() {
    Inventory inv;
    Package d =
        deb("dash", "0.5.12-2", "amd64", "", "", Location{"var/lib/dpkg/status", 0, 0, {}, {}, ""});
    Package a = apk("zlib", "1.3.1-r0", "zlib", "Zlib");
    a.location = Location{"lib/apk/db/installed", 0, 0, {}, {}, ""};
    Package r = rpm("tzdata", "2024a-1.el9", "", "1.el9", "Public Domain", "");
    r.vendor.clear();
    r.location = Location{"var/lib/rpm/rpmdb.sqlite", 0, 0, {}, {}, ""};
    inv.packages = {d, a, r};
    ImageMeta m;
    m.name = "rootfs:/srv/chroot";
    return {inv, m};
}

struct Case {
    std::string name;
    std::function<std::pair<Inventory, ImageMeta>()> make;
};

const std::vector<Case>& cases() {
    static const std::vector<Case> kCases = {{"alpine", alpine_case},
                                             {"debian", debian_case},
                                             {"no_os", no_os_case},
                                             {"rocky", rocky_case}};
    return kCases;
}

struct Format {
    std::string name;  // testdata/<name>/<case>/want.golden.json
    std::function<std::string(const Inventory&, const ImageMeta&, const EncodeOptions&)> encode;
};

const std::vector<Format>& formats() {
    static const std::vector<Format> kFormats = {{"cyclonedx", encode_cyclonedx},
                                                 {"spdx", encode_spdx}};
    return kFormats;
}

fs::path testdata_dir() {
    return fs::path(BERTH_SOURCE_DIR) / "src/sbom/encode/testdata";
}

fs::path golden_path(const std::string& format, const std::string& case_name) {
    return testdata_dir() / format / case_name / "want.golden.json";
}

// ---------------------------------------------------------------------------------------------
// Goldens.

struct GoldenParam {
    Format format;
    Case c;
};

// NOLINTNEXTLINE(readability-identifier-naming): gtest looks this name up.
void PrintTo(const GoldenParam& p, std::ostream* os) {
    *os << p.format.name << "/" << p.c.name;
}

std::vector<GoldenParam> golden_params() {
    std::vector<GoldenParam> out;
    for (const auto& f : formats()) {
        for (const auto& c : cases()) out.push_back({f, c});
    }
    return out;
}

class EncodeGolden : public ::testing::TestWithParam<GoldenParam> {};

TEST_P(EncodeGolden, MatchesWant) {
    const auto& [format, c] = GetParam();
    auto [inv, image] = c.make();
    std::string got = format.encode(inv, image, fixed_options());
    fs::path golden = golden_path(format.name, c.name);
    if (std::getenv("BERTH_UPDATE_GOLDEN") != nullptr) {
        fs::create_directories(golden.parent_path());
        std::ofstream(golden, std::ios::binary) << got;
        GTEST_SKIP() << "golden written: " << golden;
    }
    ASSERT_TRUE(fs::exists(golden)) << "no golden " << golden << "; run with BERTH_UPDATE_GOLDEN=1";
    EXPECT_EQ(got, test::read_text_file(golden));
}

INSTANTIATE_TEST_SUITE_P(Cases, EncodeGolden, ::testing::ValuesIn(golden_params()),
                         [](const ::testing::TestParamInfo<GoldenParam>& p) {
                             return p.param.format.name + "_" + p.param.c.name;
                         });

// ---------------------------------------------------------------------------------------------
// Determinism: same input → same bytes, whatever the order of Inventory::packages.

TEST(EncodeDeterminism, SameInputSameBytesInAnyPackageOrder) {
    for (const auto& f : formats()) {
        for (const auto& c : cases()) {
            SCOPED_TRACE(f.name + "/" + c.name);
            auto [inv, image] = c.make();
            std::string first = f.encode(inv, image, fixed_options());
            EXPECT_EQ(f.encode(inv, image, fixed_options()), first);
            std::reverse(inv.packages.begin(), inv.packages.end());
            EXPECT_EQ(f.encode(inv, image, fixed_options()), first) << "reversed";
            if (!inv.packages.empty()) {
                std::rotate(inv.packages.begin(), inv.packages.begin() + 1, inv.packages.end());
            }
            EXPECT_EQ(f.encode(inv, image, fixed_options()), first) << "rotated";
            EXPECT_EQ(first, to_canonical_json(json::parse(first))) << "not canonical JSON";
        }
    }
}

// ---------------------------------------------------------------------------------------------
// CycloneDX structure.

TEST(CycloneDx, BomRefsUniqueAndGraphComplete) {
    for (const auto& c : cases()) {
        SCOPED_TRACE(c.name);
        auto [inv, image] = c.make();
        json bom = json::parse(encode_cyclonedx(inv, image, fixed_options()));
        std::set<std::string> refs;
        std::string image_ref = bom["metadata"]["component"]["bom-ref"];
        refs.insert(image_ref);
        for (const auto& comp : bom["components"]) {
            EXPECT_TRUE(refs.insert(comp["bom-ref"].get<std::string>()).second) << comp["bom-ref"];
        }
        EXPECT_EQ(bom["components"].size(), inv.packages.size() + (inv.os ? 1U : 0U));
        ASSERT_EQ(bom["dependencies"].size(), 1U);
        EXPECT_EQ(bom["dependencies"][0]["ref"], image_ref);
        std::set<std::string> deps;
        for (const auto& d : bom["dependencies"][0]["dependsOn"]) deps.insert(d.get<std::string>());
        refs.erase(image_ref);
        EXPECT_EQ(deps, refs);
    }
}

TEST(CycloneDx, DuplicatePurlGetsPackageDbInBomRef) {
    auto [inv, image] = debian_case();
    json bom = json::parse(encode_cyclonedx(inv, image, fixed_options()));
    std::vector<std::string> refs;
    for (const auto& comp : bom["components"]) {
        if (comp["name"] == "base-files") refs.push_back(comp["bom-ref"].get<std::string>());
    }
    std::string purl = "pkg:deb/debian/base-files@12.4%2Bdeb12u5?arch=amd64&distro=debian-12.5";
    EXPECT_EQ(refs, (std::vector<std::string>{
                        purl + "&package_db=var%2Flib%2Fdpkg%2Fstatus",
                        purl + "&package_db=var%2Flib%2Fdpkg%2Fstatus.d%2Fbase-files"}));
}

// The same package many times over (a database listing one entry repeatedly): ids stay unique.
TEST(EncodeIds, ManyIdenticalPackagesGetUniqueIds) {
    auto [inv, image] = debian_case();
    inv.packages.assign(3000, inv.packages.front());
    json bom = json::parse(encode_cyclonedx(inv, image, fixed_options()));
    std::set<std::string> refs;
    for (const auto& c : bom["components"]) refs.insert(c["bom-ref"].get<std::string>());
    EXPECT_EQ(refs.size(), bom["components"].size());
    json doc = json::parse(encode_spdx(inv, image, fixed_options()));
    std::set<std::string> ids;
    for (const auto& p : doc["packages"]) ids.insert(p["SPDXID"].get<std::string>());
    EXPECT_EQ(ids.size(), doc["packages"].size());
    EXPECT_EQ(ids.size(), 3002U);
}

TEST(CycloneDx, SerialNumberOnlyWhenUuidValid) {
    auto [inv, image] = no_os_case();
    EncodeOptions o = fixed_options();
    o.serial_uuid = "3F1C2B4A-5D6E-4F70-8A9B-0C1D2E3F4A5B";
    EXPECT_EQ(json::parse(encode_cyclonedx(inv, image, o))["serialNumber"],
              "urn:uuid:3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b");
    for (std::string bad : {"", "not-a-uuid", "3f1c2b4a5d6e4f708a9b0c1d2e3f4a5b",
                            "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5g"}) {
        o.serial_uuid = bad;
        EXPECT_FALSE(json::parse(encode_cyclonedx(inv, image, o)).contains("serialNumber")) << bad;
    }
}

TEST(CycloneDx, LicenseForms) {
    auto [inv, image] = alpine_case();
    json bom = json::parse(encode_cyclonedx(inv, image, fixed_options()));
    std::map<std::string, json> by_name;
    for (const auto& comp : bom["components"]) {
        by_name[comp["name"].get<std::string>()] = comp.value("licenses", json());
    }
    EXPECT_EQ(by_name["busybox"], json::parse(R"([{"license": {"id": "GPL-2.0-only"}}])"));
    EXPECT_EQ(by_name["zlib"], json::parse(R"([{"license": {"id": "Zlib"}}])"));
    EXPECT_EQ(by_name["ca-certificates-bundle"],
              json::parse(R"([{"expression": "MPL-2.0 AND MIT"}])"));
    EXPECT_EQ(by_name["ssl_client"],
              json::parse(R"([{"expression": "(GPL-2.0-only OR MIT) AND MPL-2.0"}])"));
    EXPECT_EQ(by_name["alpine-baselayout"], json::parse(R"([{"license": {"name": "GPL2"}}])"));
    EXPECT_EQ(by_name["libc-utils"], json::parse(R"([{"license": {"name": "MIT BSD GPL2+"}}])"));
    EXPECT_TRUE(by_name["alpine"].is_null());  // the OS component has no license
}

// ---------------------------------------------------------------------------------------------
// SPDX structure.

TEST(Spdx, IdsUniqueAndEveryPackageContained) {
    for (const auto& c : cases()) {
        SCOPED_TRACE(c.name);
        auto [inv, image] = c.make();
        json doc = json::parse(encode_spdx(inv, image, fixed_options()));
        std::set<std::string> ids;
        for (const auto& p : doc["packages"]) {
            std::string id = p["SPDXID"];
            EXPECT_TRUE(ids.insert(id).second) << id;
            EXPECT_EQ(id.find_first_not_of(
                          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-"),
                      std::string::npos)
                << id;
        }
        EXPECT_EQ(doc["packages"].size(), inv.packages.size() + (inv.os ? 2U : 1U));
        std::set<std::string> contained;
        for (const auto& r : doc["relationships"]) {
            if (r["relationshipType"] == "DESCRIBES") {
                EXPECT_EQ(r["spdxElementId"], "SPDXRef-DOCUMENT");
                EXPECT_EQ(r["relatedSpdxElement"], "SPDXRef-Image");
            } else {
                EXPECT_EQ(r["relationshipType"], "CONTAINS");
                EXPECT_EQ(r["spdxElementId"], "SPDXRef-Image");
                contained.insert(r["relatedSpdxElement"].get<std::string>());
            }
        }
        ids.erase("SPDXRef-Image");
        EXPECT_EQ(contained, ids);
    }
}

TEST(Spdx, LicensesDeclaredOnlyWhenValidExpression) {
    auto [inv, image] = rocky_case();
    json doc = json::parse(encode_spdx(inv, image, fixed_options()));
    std::map<std::string, json> by_name;
    for (const auto& p : doc["packages"]) by_name[p["name"].get<std::string>()] = p;
    EXPECT_EQ(by_name["libffi"]["licenseDeclared"], "MIT");
    EXPECT_FALSE(by_name["libffi"].contains("licenseComments"));
    EXPECT_EQ(by_name["bash"]["licenseDeclared"], "NOASSERTION");
    EXPECT_EQ(by_name["bash"]["licenseComments"],
              "declared license, not an SPDX license expression: GPLv3+");
    for (const auto& [name, p] : by_name) EXPECT_EQ(p["licenseConcluded"], "NOASSERTION") << name;
}

TEST(Spdx, DocumentNamespaceIsUri) {
    struct NsCase {
        std::string image;
        std::string want;
    };
    const std::string uuid = fixed_options().serial_uuid;
    for (const auto& c : std::vector<NsCase>{
             {"docker.io/library/debian:12",
              "https://berth.dev/spdx/docker.io/library/debian:12-" + uuid},
             {"oci:./images:app", "https://berth.dev/spdx/oci:./images:app-" + uuid},
             {"../up/./img.tar", "https://berth.dev/spdx/%2E%2E/up/%2E/img.tar-" + uuid},
             {"rootfs:/srv/my chroot", "https://berth.dev/spdx/rootfs:/srv/my%20chroot-" + uuid},
             {"", "https://berth.dev/spdx/image-" + uuid},
         }) {
        ImageMeta m;
        m.name = c.image;
        json doc = json::parse(encode_spdx(Inventory{}, m, fixed_options()));
        EXPECT_EQ(doc["documentNamespace"], c.want) << c.image;
    }
}

// ---------------------------------------------------------------------------------------------
// License expressions (SPDX 2.3 Annex D over berth's id list).

struct LicenseCase {
    std::string raw;
    std::optional<std::string> want;
};

TEST(LicenseExpression, Table) {
    const std::vector<LicenseCase> table = {
        {"MIT", "MIT"},
        {"mit", "MIT"},
        {"zlib", "Zlib"},
        {"  Apache-2.0  ", "Apache-2.0"},
        {"MPL-2.0 AND MIT", "MPL-2.0 AND MIT"},
        {"( Apache-2.0 OR MIT ) AND MPL-2.0", "(Apache-2.0 OR MIT) AND MPL-2.0"},
        {"((MIT))", "((MIT))"},
        {"GPL-2.0+", "GPL-2.0+"},
        {"LGPL-2.1-or-later+", "LGPL-2.1-or-later+"},
        {"GPL-2.0-or-later WITH Classpath-exception-2.0",
         "GPL-2.0-or-later WITH Classpath-exception-2.0"},
        {"GPL-3.0-or-later WITH gcc-exception-3.1 OR MIT",
         "GPL-3.0-or-later WITH GCC-exception-3.1 OR MIT"},
        // apk's space-separated lists: every listed license applies.
        {"MPL-2.0 GPL-2.0-or-later", "MPL-2.0 AND GPL-2.0-or-later"},
        {"mit  bsd-3-clause\tzlib", "MIT AND BSD-3-Clause AND Zlib"},
        // Not expressions berth can vouch for.
        {"MIT GPL2", std::nullopt},
        {"MIT Classpath-exception-2.0", std::nullopt},
        {"", std::nullopt},
        {"   ", std::nullopt},
        {"GPL2", std::nullopt},
        {"GPLv2+", std::nullopt},
        {"MIT and BSD", std::nullopt},
        {"MIT BSD GPL2+", std::nullopt},
        {"ASL 2.0", std::nullopt},
        {"Public-Domain", std::nullopt},
        {"LicenseRef-custom", std::nullopt},
        {"MIT AND", std::nullopt},
        {"AND MIT", std::nullopt},
        {"(MIT", std::nullopt},
        {"MIT)", std::nullopt},
        {"()", std::nullopt},
        {"MIT WITH", std::nullopt},
        {"MIT WITH MIT", std::nullopt},
        {"Classpath-exception-2.0", std::nullopt},
        {"+", std::nullopt},
        {"MIT OR OR Apache-2.0", std::nullopt},
    };
    for (const auto& c : table) {
        EXPECT_EQ(encode_detail::spdx_license_expression(c.raw), c.want) << "\"" << c.raw << "\"";
    }
    // Nesting is bounded (16 levels), so a hostile license string cannot exhaust the stack.
    auto nested = [](std::size_t n) { return std::string(n, '(') + "MIT" + std::string(n, ')'); };
    EXPECT_EQ(encode_detail::spdx_license_expression(nested(16)), nested(16));
    EXPECT_EQ(encode_detail::spdx_license_expression(nested(17)), std::nullopt);
    EXPECT_EQ(encode_detail::spdx_license_expression(nested(1000000)), std::nullopt);
    EXPECT_TRUE(encode_detail::is_listed_spdx_license("MIT"));
    EXPECT_FALSE(encode_detail::is_listed_spdx_license("mit"));
    EXPECT_FALSE(encode_detail::is_listed_spdx_license("MIT+"));
}

TEST(LicenseExpression, KnownIdsAreOnSpdxLicenseList) {
    auto dir = test::shared_data_dir();
    fs::path list = dir ? *dir / "schemas/cyclonedx/spdx.schema.json" : fs::path();
    if (!dir || !fs::exists(list))
        GTEST_SKIP() << "shared data absent: schemas/cyclonedx/spdx.schema.json";
    json schema = json::parse(test::read_text_file(list));
    std::set<std::string> ids;
    for (const auto& id : schema["enum"]) ids.insert(id.get<std::string>());
    ASSERT_GT(ids.size(), 500U);
    for (std::string_view id : encode_detail::listed_spdx_ids()) {
        EXPECT_EQ(ids.count(std::string(id)), 1U) << id << " is not on the SPDX license list";
    }
}

// ---------------------------------------------------------------------------------------------
// The image's purl (purl-spec oci type).

TEST(OciPurl, PurlSpecBuildVectors) {
    auto dir = test::shared_data_dir();
    fs::path file = dir ? *dir / "purl-spec/tests/types/oci-test.json" : fs::path();
    if (!dir || !fs::exists(file))
        GTEST_SKIP() << "shared data absent: purl-spec/tests/types/oci-test.json";
    json doc = json::parse(test::read_text_file(file));
    int run = 0;
    for (const auto& t : doc["tests"]) {
        if (t["test_type"] != "build" || t.value("expected_failure", false)) continue;
        const json& in = t["input"];
        std::vector<std::pair<std::string, std::string>> q;
        if (in["qualifiers"].is_object()) {
            for (const auto& [k, v] : in["qualifiers"].items())
                q.emplace_back(k, v.get<std::string>());
        }
        std::string version = in["version"].is_string() ? in["version"].get<std::string>() : "";
        EXPECT_EQ(encode_detail::oci_purl(in["name"].get<std::string>(), version, q),
                  t["expected_output"])
            << t["description"];
        ++run;
    }
    EXPECT_GT(run, 0);
}

TEST(OciPurl, FromImageMeta) {
    struct ImageCase {
        std::string name;
        std::string arch;
        bool digest;
        std::string want;
    };
    const std::string d = "sha256:" + std::string(64, '1');
    const std::vector<ImageCase> table = {
        {"docker.io/library/debian:12", "amd64", true,
         "pkg:oci/debian@" + d + "?arch=amd64&repository_url=docker.io%2Flibrary%2Fdebian&tag=12"},
        {"ghcr.io/Org/App:v1@" + d, "", true,
         "pkg:oci/app@" + d + "?repository_url=ghcr.io%2FOrg%2FApp&tag=v1"},
        {"localhost:5000/x", "arm64", true,
         "pkg:oci/x@" + d + "?arch=arm64&repository_url=localhost:5000%2Fx"},
        {"app", "", true, "pkg:oci/app@" + d},
        {"oci:./images:app", "", true, "pkg:oci/images@" + d},
        {"docker-archive:/tmp/My.tar", "", true, "pkg:oci/my@" + d},
        {"rootfs:/srv/chroot/", "", true, "pkg:oci/chroot@" + d},
        {"docker.io/library/debian:12", "amd64", false, ""},
    };
    for (const auto& c : table) {
        ImageMeta m;
        m.name = c.name;
        m.architecture = c.arch;
        if (c.digest) m.manifest_digest = digest('1');
        EXPECT_EQ(encode_detail::image_purl(m), c.want) << c.name;
    }
}

// ---------------------------------------------------------------------------------------------
// Schema validation with tests/schema/validate.sh (ajv-cli + ajv-formats, installed on first use).

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

struct Validation {
    bool skipped = false;
    std::string skip_reason;
    test::RunResult run;
};

Validation validate(const std::vector<fs::path>& files) {
    Validation v;
    auto dir = test::shared_data_dir();
    if (!dir || !fs::is_directory(*dir / "schemas")) {
        v.skipped = true;
        v.skip_reason = "shared data absent: schemas/ (CycloneDX 1.6 and SPDX 2.3 JSON Schemas)";
        return v;
    }
    std::string cmd =
        shell_quote((fs::path(BERTH_SOURCE_DIR) / "tests/schema/validate.sh").string()) + " " +
        shell_quote((*dir / "schemas").string());
    for (const auto& f : files) cmd += " " + shell_quote(f.string());
    v.run = test::run_shell(cmd);
    if (v.run.exit_code == 77) {
        v.skipped = true;
        v.skip_reason = "schema validator unavailable: " + v.run.err;
    }
    return v;
}

TEST(SchemaValidation, GoldensAreValid) {
    std::vector<fs::path> files;
    for (const auto& f : formats()) {
        for (const auto& c : cases()) files.push_back(golden_path(f.name, c.name));
    }
    Validation v = validate(files);
    if (v.skipped) GTEST_SKIP() << v.skip_reason;
    EXPECT_EQ(v.run.exit_code, 0) << v.run.out << v.run.err;
    for (const auto& f : files) {
        EXPECT_NE(v.run.out.find(f.string() + " valid"), std::string::npos) << f << "\n"
                                                                            << v.run.out;
    }
}

// What a run could not read is in both SBOM formats, valid against their schemas, and comes
// back as incomplete inputs when berth reads the SBOM (`berth scan sbom:` fails closed too).
TEST(SchemaValidation, IncompleteInputsAreSaidValidAndReadBack) {
    auto [inv, image] = debian_case();
    EncodeOptions options = fixed_options();
    options.incomplete = {"layer 0/var/lib/rpm/rpmdb.sqlite: pkgdb/rpm: not a database",
                          "layer 1/usr/bin/x: hardlink target missing"};
    const std::string cdx = encode_cyclonedx(inv, image, options);
    const std::string spdx = encode_spdx(inv, image, options);
    json bom = json::parse(cdx);
    ASSERT_EQ(bom["compositions"].size(), 1U);
    EXPECT_EQ(bom["compositions"][0]["aggregate"], "incomplete");
    EXPECT_EQ(bom["compositions"][0]["assemblies"],
              json::array({bom["metadata"]["component"]["bom-ref"]}));
    EXPECT_EQ(bom["metadata"]["properties"],
              json::array({{{"name", "berth:incomplete"}, {"value", options.incomplete[0]}},
                           {{"name", "berth:incomplete"}, {"value", options.incomplete[1]}}}));
    EXPECT_EQ(json::parse(spdx)["comment"], "berth: the inventory is incomplete; not read:\n- " +
                                                options.incomplete[0] + "\n- " +
                                                options.incomplete[1]);
    // A complete inventory claims nothing either way.
    EXPECT_FALSE(
        json::parse(encode_cyclonedx(inv, image, fixed_options())).contains("compositions"));
    EXPECT_FALSE(json::parse(encode_spdx(inv, image, fixed_options())).contains("comment"));

    for (const auto& [name, doc] : {std::pair{"cdx", cdx}, std::pair{"spdx", spdx}}) {
        SCOPED_TRACE(name);
        auto decoded = decode_sbom(doc, "in.json");
        ASSERT_TRUE(decoded) << decoded.error().to_string();
        std::vector<std::string> unread;
        for (const auto& d : decoded->inventory.diagnostics) {
            if (d.incomplete) unread.push_back(d.message);
        }
        EXPECT_EQ(unread, (std::vector<std::string>{
                              "not read when the SBOM was made: " + options.incomplete[0],
                              "not read when the SBOM was made: " + options.incomplete[1]}));
    }
    // Another producer's composition says only that something is missing.
    bom.erase("metadata");
    bom["metadata"] = {{"component", {{"type", "container"}, {"name", "x"}}}};
    auto other = decode_sbom(bom.dump(), "other.json");
    ASSERT_TRUE(other) << other.error().to_string();
    ASSERT_EQ(other->inventory.diagnostics.size(), 1U);
    EXPECT_TRUE(other->inventory.diagnostics[0].incomplete);
    EXPECT_EQ(other->inventory.diagnostics[0].where, "other.json#/compositions/0");

    const fs::path dir = test::temp_dir("sbom-incomplete");
    std::ofstream(dir / "incomplete.cdx.json") << cdx;
    std::ofstream(dir / "incomplete.spdx.json") << spdx;
    Validation v = validate({dir / "incomplete.cdx.json", dir / "incomplete.spdx.json"});
    if (v.skipped) GTEST_SKIP() << v.skip_reason;
    EXPECT_EQ(v.run.exit_code, 0) << v.run.out << v.run.err;
}

// The validator must be able to say no, or GoldensAreValid proves nothing.
TEST(SchemaValidation, BrokenDocumentsFail) {
    auto [inv, image] = debian_case();
    json cdx = json::parse(encode_cyclonedx(inv, image, fixed_options()));
    json spdx = json::parse(encode_spdx(inv, image, fixed_options()));
    struct Broken {
        std::string name;
        json doc;
    };
    std::vector<Broken> broken;
    broken.push_back({"cdx_no_spec_version.json", cdx});
    broken.back().doc.erase("specVersion");
    broken.push_back({"cdx_unknown_license_id.json", cdx});
    broken.back().doc["components"][1]["licenses"] =
        json::parse(R"([{"license": {"id": "GPL2"}}])");
    broken.push_back({"cdx_bad_component_type.json", cdx});
    broken.back().doc["components"][1]["type"] = "package";
    broken.push_back({"spdx_no_spdx_version.json", spdx});
    broken.back().doc.erase("spdxVersion");
    broken.push_back({"spdx_bad_purpose.json", spdx});
    broken.back().doc["packages"][1]["primaryPackagePurpose"] = "OPERATING-SYSTEM";

    fs::path tmp = test::temp_dir("berth-schema");
    std::vector<fs::path> files;
    for (const auto& b : broken) {
        files.push_back(tmp / b.name);
        std::ofstream(files.back(), std::ios::binary) << to_canonical_json(b.doc);
    }
    Validation v = validate(files);
    if (v.skipped) GTEST_SKIP() << v.skip_reason;
    EXPECT_EQ(v.run.exit_code, 1) << v.run.out << v.run.err;
    for (const auto& f : files) {
        EXPECT_NE(v.run.err.find(f.string() + " invalid"), std::string::npos) << f << "\n"
                                                                              << v.run.err;
        EXPECT_EQ(v.run.out.find(f.string() + " valid"), std::string::npos) << f << "\n"
                                                                            << v.run.out;
    }
}

}  // namespace
}  // namespace berth::sbom

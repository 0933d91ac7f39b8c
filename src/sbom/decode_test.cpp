// SPDX-License-Identifier: Apache-2.0
// decode_sbom():
//  - round trip: hand-made Debian, Rocky and Alpine inventories (deb with epoch and source, rpm
//    with epoch 1 and a stated epoch 0, apk with an origin) → berth's CycloneDX and SPDX
//    encoders → decode → the fields each encoder writes come back unchanged;
//  - third-party SBOMs: Trivy's CycloneDX and SPDX output for the fixture minimal.docker.tar
//    (testdata/decode/README.md) give the same (name, version, arch, source name) set as berth's
//    own SBOM of that image — the stored one, and a fresh `berth sbom` run when the fixture is
//    present and is the same image;
//  - bad inputs: each gives its error code and a location (byte offset or JSON pointer).
#include "sbom/decode.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "core/base64.hpp"
#include "core/json_read.hpp"
#include "sbom/decode_wrapped.hpp"
#include "sbom/encode/encode.hpp"
#include "sbom/purl.hpp"
#include "test_support.hpp"

namespace berth::sbom {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

Digest digest(char fill) {
    return Digest{"sha256", std::string(64, fill)};
}

Location at(std::string path, std::size_t introduced, std::size_t changed, bool with_ids = true) {
    Location l;
    l.path = std::move(path);
    l.layer_introduced = introduced;
    l.layer_changed = changed;
    if (with_ids) {
        l.layer_digest = digest(static_cast<char>('0' + introduced));
        l.layer_diff_id = digest(static_cast<char>('a' + introduced));
    }
    return l;
}

Package pkg(std::string type, std::string name, std::string version, std::string epoch,
            std::string upstream, std::string release, std::string arch) {
    Package p;
    p.type = std::move(type);
    p.name = std::move(name);
    p.version = std::move(version);
    p.epoch = std::move(epoch);
    p.upstream_version = std::move(upstream);
    p.release = std::move(release);
    p.arch = std::move(arch);
    return p;
}

struct RoundTripCase {
    std::string case_name;
    Inventory inventory;
};

std::vector<RoundTripCase> round_trip_cases() {
    std::vector<RoundTripCase> out;
    {
        Inventory inv;
        inv.os = OsInfo{"debian", "12.15",         "bookworm", "Debian GNU/Linux 12 (bookworm)",
                        "",       "etc/os-release"};
        Package a =
            pkg("deb", "bsdutils", "1:2.38.1-5+deb12u3", "1", "2.38.1", "5+deb12u3", "amd64");
        a.source_name = "util-linux";
        a.source_version = "2.38.1-5+deb12u3";
        a.maintainer = "util-linux packagers <util-linux@packages.debian.org>";
        a.location = at("var/lib/dpkg/status", 0, 2);
        Package b = pkg("deb", "libc6", "2.36-9+deb12u4", "", "2.36", "9+deb12u4", "amd64");
        b.source_name = "glibc";
        b.source_version = "2.36-9+deb12u4";
        b.maintainer = "GNU Libc Maintainers <debian-glibc@lists.debian.org>";
        b.license = "LGPL-2.1-or-later";
        b.location = at("var/lib/dpkg/status", 1, 1);
        b.files_whited_out = true;
        Package c = pkg("deb", "tzdata", "2024a-0+deb12u1", "0", "2024a", "0+deb12u1", "all");
        c.source_name = "tzdata";
        c.maintainer = "Bob";
        c.license = "GPLv2+ and BSD";  // not an SPDX expression: license name / licenseComments
        c.location = at("var/lib/dpkg/status", 0, 0, false);
        inv.packages = {a, b, c};
        out.push_back({"debian_epoch_source", inv});
    }
    {
        Inventory inv;
        inv.os =
            OsInfo{"rocky",         "9.3", "", "Rocky Linux 9.3 (Blue Onyx)", "rhel centos fedora",
                   "etc/os-release"};
        Package a = pkg("rpm", "openssl-libs", "1:3.0.7-27.el9", "1", "3.0.7", "27.el9", "x86_64");
        a.source_name = "openssl";
        a.source_version = "1:3.0.7-27.el9";
        a.vendor = "Rocky Enterprise Software Foundation";
        a.license = "Apache-2.0";
        a.location = at("var/lib/rpm/rpmdb.sqlite", 0, 0);
        Package b = pkg("rpm", "tzdata", "0:2024a-1.el9", "0", "2024a", "1.el9", "noarch");
        b.source_name = "tzdata";
        b.source_version = "0:2024a-1.el9";
        b.vendor = "Rocky Enterprise Software Foundation";
        b.license = "Public Domain";
        b.modularity_label = "tz:1:9030:abc";
        b.location = at("var/lib/rpm/rpmdb.sqlite", 1, 1);
        Package c = pkg("rpm", "gpg-pubkey", "8483c65d-5ccc5b19", "", "8483c65d", "5ccc5b19", "");
        c.location = at("var/lib/rpm/rpmdb.sqlite", 0, 0);
        inv.packages = {a, b, c};
        out.push_back({"rocky_epochs", inv});
    }
    {
        Inventory inv;
        inv.os = OsInfo{"alpine", "3.19.1", "", "Alpine Linux v3.19", "", "etc/os-release"};
        Package a = pkg("apk", "libcrypto3", "3.1.4-r5", "", "3.1.4", "r5", "x86_64");
        a.source_name = "openssl";
        a.source_version = "3.1.4-r5";
        a.maintainer = "Ariadne Conill <ariadne@dereferenced.org>";
        a.license = "Apache-2.0";
        a.location = at("lib/apk/db/installed", 0, 1);
        Package b =
            pkg("apk", "musl", "1.2.4_git20230717-r4", "", "1.2.4_git20230717", "r4", "x86_64");
        b.source_name = "musl";
        b.source_version = "1.2.4_git20230717-r4";
        b.maintainer = "Timo Teräs <timo.teras@iki.fi>";
        b.license = "MIT";
        b.location = at("lib/apk/db/installed", 0, 0);
        inv.packages = {a, b};
        out.push_back({"alpine_origin", inv});
    }
    return out;
}

ImageMeta image_meta() {
    ImageMeta m;
    m.name = "docker.io/library/app:1";
    m.manifest_digest = digest('7');
    m.image_id = digest('d');
    m.architecture = "amd64";
    m.os = "linux";
    m.layers = {{digest('0'), digest('a')}, {digest('1'), digest('b')}, {digest('2'), digest('c')}};
    return m;
}

EncodeOptions options() {
    EncodeOptions o;
    o.timestamp = "2026-11-23T10:00:00Z";
    o.serial_uuid = "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b";
    o.tool_version = "0.1.0";
    return o;
}

// One line per package with the fields an encoder writes (SPDX writes fewer; see spdx.cpp).
std::string describe(const Package& p) {
    std::ostringstream s;
    const Location& l = p.location;
    s << p.type << "|" << p.name << "|" << p.version << "|epoch=" << p.epoch
      << "|up=" << p.upstream_version << "|rel=" << p.release << "|" << p.arch
      << "|src=" << p.source_name << " " << p.source_version << "|lic=" << p.license
      << "|maint=" << p.maintainer << "|vendor=" << p.vendor << "|mod=" << p.modularity_label
      << "|wo=" << p.files_whited_out << "|db=" << l.path << "|layers=" << l.layer_introduced << ","
      << l.layer_changed << "," << l.layer_digest.str() << "," << l.layer_diff_id.str();
    return s.str();
}

std::vector<std::string> describe_all(const Inventory& inv) {
    std::vector<std::string> out;
    for (const auto& p : inv.packages) out.push_back(describe(p));
    std::sort(out.begin(), out.end());
    return out;
}

// What the SPDX encoder drops: the maintainer when a vendor is set (one supplier field) and a
// stated deb epoch 0 (dpkg prints no "0:", and SPDX has no epoch field).
Package spdx_view(Package p) {
    if (!p.vendor.empty()) p.maintainer.clear();
    if (p.type == "deb" && p.epoch == "0") p.epoch.clear();
    return p;
}

TEST(DecodeSbom, RoundTripThroughBerthEncoders) {
    for (const auto& c : round_trip_cases()) {
        for (bool spdx : {false, true}) {
            SCOPED_TRACE(c.case_name + (spdx ? " spdx" : " cyclonedx"));
            ImageMeta image = image_meta();
            std::string doc = spdx ? encode_spdx(c.inventory, image, options())
                                   : encode_cyclonedx(c.inventory, image, options());
            auto got = decode_sbom(doc, "roundtrip.json");
            ASSERT_TRUE(got.has_value()) << got.error().to_string();
            EXPECT_EQ(got->format, spdx ? "SPDX-2.3" : "CycloneDX 1.6");
            EXPECT_TRUE(got->inventory.diagnostics.empty())
                << got->inventory.diagnostics.front().message;

            Inventory want = c.inventory;
            if (spdx) {
                for (auto& p : want.packages) p = spdx_view(p);
            }
            EXPECT_EQ(describe_all(got->inventory), describe_all(want));
            // Sorted as Inventory promises.
            EXPECT_TRUE(std::is_sorted(got->inventory.packages.begin(),
                                       got->inventory.packages.end(),
                                       [](const Package& a, const Package& b) {
                                           return std::tie(a.type, a.name, a.version, a.arch) <
                                                  std::tie(b.type, b.name, b.version, b.arch);
                                       }));

            ASSERT_TRUE(got->inventory.os.has_value());
            const OsInfo& os = *got->inventory.os;
            EXPECT_EQ(os.id, c.inventory.os->id);
            EXPECT_EQ(os.version_id, c.inventory.os->version_id);
            EXPECT_EQ(os.pretty_name, c.inventory.os->pretty_name);
            if (!spdx) {
                EXPECT_EQ(os.version_codename, c.inventory.os->version_codename);
                EXPECT_EQ(os.id_like, c.inventory.os->id_like);
                EXPECT_EQ(os.source_path, c.inventory.os->source_path);
            }

            EXPECT_EQ(got->image.name, image.name);
            EXPECT_EQ(got->image.manifest_digest, image.manifest_digest);
            EXPECT_EQ(got->image.image_id, image.image_id);
            EXPECT_EQ(got->image.architecture, image.architecture);
            EXPECT_EQ(got->image.os, image.os);
            if (!spdx) {
                ASSERT_EQ(got->image.layers.size(), image.layers.size());
                for (std::size_t i = 0; i < image.layers.size(); ++i) {
                    EXPECT_EQ(got->image.layers[i].digest, image.layers[i].digest);
                    EXPECT_EQ(got->image.layers[i].diff_id, image.layers[i].diff_id);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Third-party SBOMs of the fixture minimal.docker.tar.

fs::path testdata() {
    return fs::path(BERTH_SOURCE_DIR) / "src/sbom/testdata/decode";
}

using KeySet = std::set<std::tuple<std::string, std::string, std::string, std::string>>;

KeySet keys(const Inventory& inv) {
    KeySet out;
    for (const auto& p : inv.packages) out.emplace(p.name, p.version, p.arch, p.source_name);
    return out;
}

std::string diff(const KeySet& a, const KeySet& b) {
    std::string out;
    for (const auto& k : a) {
        if (b.count(k) == 0) {
            out += "  only in first: " + std::get<0>(k) + " " + std::get<1>(k) + " " +
                   std::get<2>(k) + " " + std::get<3>(k) + "\n";
        }
    }
    for (const auto& k : b) {
        if (a.count(k) == 0) {
            out += "  only in second: " + std::get<0>(k) + " " + std::get<1>(k) + " " +
                   std::get<2>(k) + " " + std::get<3>(k) + "\n";
        }
    }
    return out;
}

DecodedSbom decode_file(const std::string& name) {
    auto got = decode_sbom(test::read_text_file(testdata() / name), name);
    EXPECT_TRUE(got.has_value()) << name << ": " << got.error().to_string();
    return got ? *got : DecodedSbom{};
}

TEST(DecodeSbom, TrivyMatchesBerthOnMinimalFixture) {
    DecodedSbom berth = decode_file("berth-minimal.cdx.json");
    DecodedSbom trivy_cdx = decode_file("trivy-minimal.cdx.json");
    DecodedSbom trivy_spdx = decode_file("trivy-minimal.spdx.json");
    EXPECT_EQ(trivy_cdx.format, "CycloneDX 1.5");
    EXPECT_EQ(trivy_spdx.format, "SPDX-2.3");

    KeySet want = keys(berth.inventory);
    ASSERT_GT(want.size(), 80U);  // debootstrap minbase: 88 packages
    EXPECT_EQ(keys(trivy_cdx.inventory), want) << diff(keys(trivy_cdx.inventory), want);
    EXPECT_EQ(keys(trivy_spdx.inventory), want) << diff(keys(trivy_spdx.inventory), want);

    // Epochs: Trivy writes the deb epoch as a qualifier; berth keeps it in the version.
    std::size_t with_epoch = 0;
    for (const auto& p : trivy_cdx.inventory.packages) with_epoch += p.epoch.empty() ? 0 : 1;
    EXPECT_GT(with_epoch, 0U);

    for (const DecodedSbom* d : {&berth, &trivy_cdx, &trivy_spdx}) {
        SCOPED_TRACE(d->format);
        ASSERT_TRUE(d->inventory.os.has_value());
        EXPECT_EQ(d->inventory.os->id, "debian");
        EXPECT_EQ(d->inventory.os->version_id, berth.inventory.os->version_id);
        EXPECT_EQ(d->image.image_id, berth.image.image_id);
        ASSERT_EQ(d->image.layers.size(), 1U);
        EXPECT_EQ(d->image.layers[0].diff_id, berth.image.layers[0].diff_id);
        for (const auto& p : d->inventory.packages) {
            EXPECT_EQ(p.location.layer_diff_id, berth.image.layers[0].diff_id) << p.name;
        }
    }
    // Trivy's CycloneDX and SPDX agree on source versions too.
    std::set<std::string> cdx_src;
    std::set<std::string> spdx_src;
    for (const auto& p : trivy_cdx.inventory.packages)
        cdx_src.insert(p.name + " " + p.source_version);
    for (const auto& p : trivy_spdx.inventory.packages)
        spdx_src.insert(p.name + " " + p.source_version);
    EXPECT_EQ(cdx_src, spdx_src);
}

// A fresh `berth sbom` of the fixture against Trivy's stored SBOM of it. The fixture is rebuilt on
// every machine (debootstrap writes new bytes and picks up Debian point releases), so what is
// compared is what a rebuild keeps: the OS, and the set of (package, source package) of a bookworm
// minbase. Versions and arch are compared too when the image is byte-identical (same image ID).
TEST(DecodeSbom, TrivyMatchesLiveBerthSbom) {
    auto dir = test::fixture_images_dir();
    if (!dir) GTEST_SKIP() << "fixture images absent: run tests/fixtures/build-images.sh";
    auto r = test::run_berth({"sbom", "-q", "--no-cache", "--format", "cyclonedx",
                              (*dir / "minimal.docker.tar").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto live = decode_sbom(r.out, "berth sbom");
    ASSERT_TRUE(live.has_value()) << live.error().to_string();
    DecodedSbom trivy = decode_file("trivy-minimal.cdx.json");

    ASSERT_TRUE(live->inventory.os.has_value());
    ASSERT_TRUE(trivy.inventory.os.has_value());
    EXPECT_EQ(live->inventory.os->id, trivy.inventory.os->id);
    const auto major = [](const std::string& v) { return v.substr(0, v.find('.')); };
    EXPECT_EQ(major(live->inventory.os->version_id), major(trivy.inventory.os->version_id));

    using NameSet = std::set<std::pair<std::string, std::string>>;
    const auto names = [](const Inventory& inv) {
        NameSet out;
        for (const auto& p : inv.packages)
            out.emplace(p.name, p.source_name.empty() ? p.name : p.source_name);
        return out;
    };
    const NameSet want = names(trivy.inventory);
    ASSERT_GT(want.size(), 80U);
    std::string missing;
    for (const auto& n : want) {
        if (names(live->inventory).count(n) == 0) missing += " " + n.first + "(" + n.second + ")";
    }
    EXPECT_EQ(names(live->inventory), want) << "in Trivy's SBOM, not in berth's:" << missing;

    if (live->image.image_id == trivy.image.image_id) {
        EXPECT_EQ(keys(live->inventory), keys(trivy.inventory))
            << diff(keys(live->inventory), keys(trivy.inventory));
    }
}

// ---------------------------------------------------------------------------------------------
// Other producers' shapes and bad inputs.

struct GoodCase {
    std::string case_name;
    std::string doc;
    std::vector<std::string> want;  // "type name version arch source"
    std::string os;                 // "id version_id codename"
};

// A language package keeps its purl namespace apart from its name, so its purl round-trips and
// the matcher still sees the ecosystem's full name.
TEST(DecodeSbom, LanguageNamespaceKept) {
    auto got = decode_sbom(R"({"bomFormat":"CycloneDX","specVersion":"1.5","components":[
        {"type":"library","name":"core","purl":"pkg:npm/%40babel/core@7.24.0"},
        {"type":"library","name":"commons-io","purl":"pkg:maven/commons-io/commons-io@2.15.1"},
        {"type":"library","name":"bash","purl":"pkg:deb/debian/bash@5.2.15-2?arch=amd64"}]})",
                           "ns");
    ASSERT_TRUE(got.has_value()) << got.error().to_string();
    std::vector<std::string> lines;
    for (const auto& p : got->inventory.packages) {
        lines.push_back(p.type + " [" + p.purl_namespace + "] " + p.name + " " + ecosystem_name(p) +
                        " " + purl(p, got->inventory.os));
    }
    std::sort(lines.begin(), lines.end());
    EXPECT_EQ(lines, (std::vector<std::string>{
                         "deb [] bash bash pkg:deb/debian/bash@5.2.15-2?arch=amd64",
                         "maven [commons-io] commons-io commons-io:commons-io "
                         "pkg:maven/commons-io/commons-io@2.15.1",
                         "npm [@babel] core @babel/core pkg:npm/%40babel/core@7.24.0"}));
}

TEST(DecodeSbom, ProducerShapes) {
    const std::vector<GoodCase> cases = {
        {"cdx_language_names",
         R"({"bomFormat":"CycloneDX","specVersion":"1.4","components":[
            {"type":"library","name":"core","purl":"pkg:npm/%40babel/core@7.24.0"},
            {"type":"library","name":"left-pad","purl":"pkg:npm/left-pad@1.3.0"},
            {"type":"library","name":"commons-io","purl":"pkg:maven/commons-io/commons-io@2.15.1?type=jar"},
            {"type":"library","name":"x","purl":"pkg:golang/github.com/sirupsen/logrus@v1.9.3"},
            {"type":"library","name":"x","purl":"pkg:composer/laravel/framework@10.0.0"},
            {"type":"library","name":"x","purl":"pkg:pypi/Django_Rest@3.0"},
            {"type":"library","name":"x","purl":"pkg:cargo/serde@1.0.0"},
            {"type":"library","name":"x","purl":"pkg:gem/rails@7.1.0"},
            {"type":"library","name":"x","purl":"pkg:nuget/Newtonsoft.Json@13.0.3"},
            {"type":"application","name":"no purl"}]})",
         {"cargo serde 1.0.0  ", "composer laravel/framework 10.0.0  ", "gem rails 7.1.0  ",
          "golang github.com/sirupsen/logrus v1.9.3  ", "maven commons-io:commons-io 2.15.1  ",
          "npm @babel/core 7.24.0  ", "npm left-pad 1.3.0  ", "nuget Newtonsoft.Json 13.0.3  ",
          "pypi django-rest 3.0  "},
         ""},
        {"cdx_nested_components_and_distro",
         R"({"bomFormat":"CycloneDX","specVersion":"1.2","components":[
            {"type":"application","name":"app","components":[
              {"type":"library","name":"musl","purl":"pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.19.1",
               "components":[{"type":"library","name":"zlib","purl":"pkg:apk/alpine/zlib@1.3.1-r0?arch=x86_64"}]}]}]})",
         {"apk musl 1.2.4-r2 x86_64 ", "apk zlib 1.3.1-r0 x86_64 "},
         "alpine 3.19.1 "},
        {"cdx_rpm_epoch_qualifier",
         R"({"bomFormat":"CycloneDX","specVersion":"1.5","components":[
            {"type":"library","name":"openssl","version":"1:3.0.7-27.el9",
             "purl":"pkg:rpm/rocky/openssl@3.0.7-27.el9?arch=x86_64&epoch=1&distro=rocky-9.3&upstream=openssl-3.0.7-27.el9.src.rpm"}]})",
         {"rpm openssl 1:3.0.7-27.el9 x86_64 "},
         "rocky 9.3 "},
        {"cdx_deb_upstream_qualifier_codename",
         R"({"bomFormat":"CycloneDX","specVersion":"1.6","components":[
            {"type":"library","name":"libc6","purl":"pkg:deb/debian/libc6@2.19-18?arch=amd64&distro=jessie&upstream=glibc"}]})",
         {"deb libc6 2.19-18 amd64 glibc"},
         "debian  jessie"},
        {"spdx_22_document_describes",
         R"({"spdxVersion":"SPDX-2.2","SPDXID":"SPDXRef-DOCUMENT","documentDescribes":["SPDXRef-app"],
            "packages":[
             {"SPDXID":"SPDXRef-app","name":"app","externalRefs":[{"referenceCategory":"PACKAGE_MANAGER","referenceType":"purl","referenceLocator":"pkg:generic/app@1.0"}]},
             {"SPDXID":"SPDXRef-os","name":"Ubuntu","versionInfo":"22.04","primaryPackagePurpose":"OPERATING-SYSTEM"},
             {"SPDXID":"SPDXRef-1","name":"bash","versionInfo":"5.1-6ubuntu1","sourceInfo":"built package from: bash 5.1-6ubuntu1",
              "externalRefs":[{"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"pkg:deb/ubuntu/bash@5.1-6ubuntu1?arch=amd64&distro=ubuntu-22.04"}]},
             {"SPDXID":"SPDXRef-2","name":"file-only"}]})",
         {"deb bash 5.1-6ubuntu1 amd64 bash"},
         "ubuntu 22.04 "},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.case_name);
        auto got = decode_sbom(c.doc, c.case_name);
        ASSERT_TRUE(got.has_value()) << got.error().to_string();
        std::vector<std::string> lines;
        for (const auto& p : got->inventory.packages) {
            lines.push_back(p.type + " " + ecosystem_name(p) + " " + p.version + " " + p.arch +
                            " " + p.source_name);
        }
        std::sort(lines.begin(), lines.end());
        EXPECT_EQ(lines, c.want);
        std::string os = got->inventory.os
                             ? got->inventory.os->id + " " + got->inventory.os->version_id + " " +
                                   got->inventory.os->version_codename
                             : "";
        EXPECT_EQ(os, c.os);
    }
}

TEST(DecodeSbom, SkippedComponentsAreReported) {
    auto got = decode_sbom(
        R"({"bomFormat":"CycloneDX","specVersion":"1.6","components":[
            {"type":"library","name":"a"},{"type":"file","name":"b"},
            {"type":"library","name":"c","purl":"pkg:deb/libc6@1"},
            {"type":"library","name":"d","purl":"pkg:deb/debian/d@1?arch=amd64",
             "properties":[{"name":"berth:layer_diff_id","value":"sha256:xyz"},
                           {"name":"berth:layer_introduced","value":"two"}]}]})",
        "in.json");
    ASSERT_TRUE(got.has_value()) << got.error().to_string();
    ASSERT_EQ(got->inventory.packages.size(), 1U);
    EXPECT_EQ(got->inventory.packages[0].name, "d");
    EXPECT_TRUE(got->inventory.packages[0].location.layer_diff_id.empty());
    std::vector<std::string> diags;
    for (const auto& d : got->inventory.diagnostics) {
        diags.push_back(std::string(d.severity == Diagnostic::Severity::Info ? "info " : "warn ") +
                        d.where + " " + d.message);
    }
    std::sort(diags.begin(), diags.end());
    EXPECT_EQ(diags,
              (std::vector<std::string>{
                  "warn in.json 2 component(s) without a purl skipped: not checked",
                  "warn in.json#/components/2/purl component skipped (not checked): type deb "
                  "requires a "
                  "namespace",
                  "warn in.json#/components/3 berth:layer_introduced is not a number: "
                  "\"two\"",
                  "warn in.json#/components/3 layer diffID is not a sha256 digest: digest "
                  "'sha256:xyz' must have 64 hex digits",
              }));
}

// ---------------------------------------------------------------------------------------------
// Containers (issue 19): SPDX tag-value and in-toto attestations.

// Trivy wrote the same image (the fixture minimal.docker.tar) as SPDX tag-value and as SPDX JSON
// in one sitting (testdata/decode/README.md): both must decode to the same inventory, OS and
// image.
TEST(DecodeSbom, TrivyTagValueEqualsItsJson) {
    DecodedSbom tv = decode_file("trivy-tagvalue.spdx");
    DecodedSbom js = decode_file("trivy-tagvalue.spdx.json");
    EXPECT_EQ(tv.format, "SPDX-2.3 (tag-value)");
    EXPECT_EQ(js.format, "SPDX-2.3");
    ASSERT_GT(js.inventory.packages.size(), 80U);
    EXPECT_EQ(describe_all(tv.inventory), describe_all(js.inventory));
    ASSERT_TRUE(tv.inventory.os.has_value());
    EXPECT_EQ(tv.inventory.os->id, "debian");
    EXPECT_EQ(tv.inventory.os->version_id, js.inventory.os->version_id);
    EXPECT_EQ(tv.image.name, js.image.name);
    EXPECT_EQ(tv.image.image_id, js.image.image_id);
    EXPECT_TRUE(tv.image.image_id.has_value());
}

// Tag-value details the Trivy files do not show: <text> spanning lines, the colon-less
// Relationship form (cosign's bom-go-mod.spdx, spdx-sbom-generator), file sections after a
// package, comments.
TEST(DecodeSbom, TagValueDetails) {
    const std::string doc =
        "## made by hand\n"
        "SPDXVersion: SPDX-2.2\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\n"
        "DocumentName: app\n\n"
        "PackageName: app\nSPDXID: SPDXRef-app\nPackageVersion: 1.0\n\n"
        "PackageName: left-pad\nSPDXID: SPDXRef-lp\nPackageVersion: 1.3.0\n"
        "PackageComment: <text>first line\nsecond: line</text>\n"
        "ExternalRef: PACKAGE-MANAGER purl pkg:npm/left-pad@1.3.0\n"
        "FileName: ./index.js\nSPDXID: SPDXRef-File-1\n"
        "Relationship SPDXRef-DOCUMENT DESCRIBES SPDXRef-app\n"
        "Relationship: SPDXRef-app DEPENDS_ON SPDXRef-lp\n";
    auto got = decode_sbom(doc, "app.spdx");
    ASSERT_TRUE(got.has_value()) << got.error().to_string();
    EXPECT_EQ(got->format, "SPDX-2.2 (tag-value)");
    EXPECT_EQ(got->image.name, "app") << "the DESCRIBES target is the subject, not a package";
    ASSERT_EQ(got->inventory.packages.size(), 1U);
    EXPECT_EQ(got->inventory.packages[0].type, "npm");
    EXPECT_EQ(got->inventory.packages[0].name, "left-pad");
    EXPECT_EQ(got->inventory.packages[0].version, "1.3.0");
    auto j = detail::spdx_tag_value_to_json(doc, "app.spdx");
    ASSERT_TRUE(j.has_value());
    EXPECT_EQ((*j)["packages"][1]["comment"], "first line\nsecond: line");
    EXPECT_EQ((*j)["SPDXID"], "SPDXRef-DOCUMENT") << "the file's SPDXID is not the document's";
    EXPECT_EQ((*j)["packages"][1]["SPDXID"], "SPDXRef-lp");
}

// An SBOM in an in-toto attestation decodes as the SBOM itself: a DSSE envelope (what `cosign
// attest --type cyclonedx` stores), a Sigstore bundle, a bare Statement, cosign < 2.0's
// {"Data": …} predicate, and JSON Lines (`cosign download attestation`) whose first line is a
// provenance attestation.
TEST(DecodeSbom, InTotoAttestationsAreOpened) {
    const std::string sbom = test::read_text_file(testdata() / "trivy-minimal.cdx.json");
    DecodedSbom plain = decode_file("trivy-minimal.cdx.json");
    auto statement = [&](const std::string& predicate_type, const json& predicate) {
        return json{
            {"_type", "https://in-toto.io/Statement/v0.1"},
            {"subject",
             json::array({{{"name", "minimal"}, {"digest", {{"sha256", std::string(64, 'a')}}}}})},
            {"predicateType", predicate_type},
            {"predicate", predicate}};
    };
    auto envelope = [](const json& st) {
        return json{{"payloadType", "application/vnd.in-toto+json"},
                    {"payload", base64_encode(st.dump())},
                    {"signatures", json::array({{{"keyid", ""}, {"sig", "MEUCIQ=="}}})}};
    };
    const json bom = json::parse(sbom);
    const json st = statement("https://cyclonedx.org/bom", bom);
    const json provenance = statement("https://slsa.dev/provenance/v0.2", json{{"builder", {}}});
    const std::vector<std::pair<std::string, std::string>> forms = {
        {"dsse", envelope(st).dump()},
        {"bundle", json{{"mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json"},
                        {"dsseEnvelope", envelope(st)}}
                       .dump(2)},
        {"statement", st.dump()},
        {"cosign_v1_data_object",
         envelope(statement("https://cyclonedx.org/bom", json{{"Data", bom}})).dump()},
        {"cosign_v1_data_text",
         envelope(statement("https://cyclonedx.org/bom", json{{"Data", sbom}})).dump()},
        {"jsonl", envelope(provenance).dump() + "\n" + envelope(st).dump() + "\n\n" +
                      envelope(st).dump() + "\n"},
    };
    for (const auto& [name, text] : forms) {
        SCOPED_TRACE(name);
        auto got = decode_sbom(text, "att.json");
        ASSERT_TRUE(got.has_value()) << got.error().to_string();
        EXPECT_EQ(got->format.rfind("CycloneDX 1.5, in-toto attestation, predicate "
                                    "https://cyclonedx.org/bom",
                                    0),
                  0U)
            << got->format;
        EXPECT_EQ(describe_all(got->inventory), describe_all(plain.inventory));
    }
    auto two = decode_sbom(forms.back().second, "att.jsonl");
    ASSERT_TRUE(two.has_value());
    EXPECT_NE(two->format.find("the first of 2 SBOM attestations"), std::string::npos);
}

// A real Sigstore bundle (cosign's pkg/cosign/testdata/oci-attestation.sigstore.json, shared
// data) whose predicate is not an SBOM: refused, naming the predicate type.
TEST(DecodeSbom, RealAttestationWithoutSbomIsRefused) {
    auto dir = test::shared_data_dir();
    if (!dir) GTEST_SKIP() << "shared data absent: set BERTH_SHARED_DATA";
    const auto path =
        *dir / "cosign-sigstore/sigstore__cosign/pkg/cosign/testdata/oci-attestation.sigstore.json";
    auto got = decode_sbom(test::read_text_file(path), "bundle.json");
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().code, ErrorCode::Format);
    EXPECT_EQ(got.error().message,
              "no SBOM in the in-toto attestation(s): predicate types "
              "https://cosign.sigstore.dev/attestation/v1");
}

struct BadCase {
    std::string case_name;
    std::string doc;
    ErrorCode code;
    std::string where;  // exact
};

TEST(DecodeSbom, BadInputs) {
    const std::vector<BadCase> cases = {
        {"empty", "", ErrorCode::Format, "f.json, byte 1"},
        {"whitespace_only", "  \n", ErrorCode::Format, "f.json, byte 4"},
        {"not_json", "{\"bomFormat\": CycloneDX}", ErrorCode::Format, "f.json, byte 15"},
        {"truncated", "{\"bomFormat\": \"CycloneDX\", \"components\": [", ErrorCode::Format,
         "f.json, byte 43"},
        {"array_top", "[]", ErrorCode::Format, "f.json#"},
        {"neither", "{\"name\": \"x\"}", ErrorCode::Format, "f.json#"},
        {"bomformat_other", "{\"bomFormat\": \"SWID\"}", ErrorCode::Format, "f.json#/bomFormat"},
        {"bomformat_not_string", "{\"bomFormat\": 1}", ErrorCode::Format, "f.json#/bomFormat"},
        {"cdx_xml", "<?xml version=\"1.0\"?><bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\"/>",
         ErrorCode::Unsupported, "f.json"},
        {"spdx_tag_value_21", "SPDXVersion: SPDX-2.1\nDataLicense: CC0-1.0\n",
         ErrorCode::Unsupported, "f.json#/spdxVersion"},
        {"tag_value_package_field_first", "SPDXVersion: SPDX-2.3\n\nPackageVersion: 1.0\n",
         ErrorCode::Format, "f.json:3"},
        {"tag_value_unterminated_text",
         "SPDXVersion: SPDX-2.3\nPackageName: a\nPackageComment: <text>one\ntwo\n",
         ErrorCode::Format, "f.json:3"},
        {"tag_value_external_ref_short",
         "SPDXVersion: SPDX-2.3\nPackageName: a\nExternalRef: PACKAGE-MANAGER purl\n",
         ErrorCode::Format, "f.json:3"},
        {"tag_value_not_a_tag", "SPDXVersion: SPDX-2.3\nthis line has no tag\n", ErrorCode::Format,
         "f.json:2"},
        {"dsse_not_in_toto",
         R"({"payloadType": "text/plain", "payload": "aGk=", "signatures": []})",
         ErrorCode::Unsupported, "f.json"},
        {"dsse_bad_base64",
         R"({"payloadType": "application/vnd.in-toto+json", "payload": "@@@", "signatures": []})",
         ErrorCode::Format, "f.json"},
        {"in_toto_not_an_sbom",
         R"({"_type": "https://in-toto.io/Statement/v1", "subject": [],
             "predicateType": "https://slsa.dev/provenance/v1", "predicate": {"buildDefinition": {}}})",
         ErrorCode::Format, "f.json"},
        {"jsonl_bad_line", "{\"_type\": \"https://in-toto.io/Statement/v1\"}\n{not json\n",
         ErrorCode::Format, "f.json:2"},
        {"spdx3_jsonld", "{\"@context\": \"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\"}",
         ErrorCode::Unsupported, "f.json"},
        {"cdx_11", "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.1\"}",
         ErrorCode::Unsupported, "f.json#/specVersion"},
        {"cdx_no_spec", "{\"bomFormat\": \"CycloneDX\"}", ErrorCode::Unsupported,
         "f.json#/specVersion"},
        {"spdx_21", "{\"spdxVersion\": \"SPDX-2.1\"}", ErrorCode::Unsupported,
         "f.json#/spdxVersion"},
        {"cdx_components_object",
         "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"components\": {}}",
         ErrorCode::Format, "f.json#/components"},
        {"cdx_component_not_object",
         "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"components\": [1]}",
         ErrorCode::Format, "f.json#/components/0"},
        {"cdx_purl_number",
         "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"components\": "
         "[{\"type\": \"library\", \"purl\": 5}]}",
         ErrorCode::Format, "f.json#/components/0/purl"},
        {"cdx_nested_bad",
         "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"components\": "
         "[{\"components\": [{\"purl\": []}]}]}",
         ErrorCode::Format, "f.json#/components/0/components/0/purl"},
        {"cdx_property_value_number",
         "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"components\": "
         "[{\"purl\": \"pkg:npm/a@1\", \"properties\": [{\"name\": \"x\", \"value\": 1}]}]}",
         ErrorCode::Format, "f.json#/components/0/properties/0/value"},
        {"cdx_metadata_component_string",
         "{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.6\", \"metadata\": "
         "{\"component\": \"x\"}}",
         ErrorCode::Format, "f.json#/metadata/component"},
        {"spdx_packages_object", "{\"spdxVersion\": \"SPDX-2.3\", \"packages\": {}}",
         ErrorCode::Format, "f.json#/packages"},
        {"spdx_external_refs_bad",
         "{\"spdxVersion\": \"SPDX-2.3\", \"packages\": [{\"SPDXID\": \"a\", \"externalRefs\": "
         "[{\"referenceType\": \"purl\", \"referenceLocator\": false}]}]}",
         ErrorCode::Format, "f.json#/packages/0/externalRefs/0/referenceLocator"},
        {"spdx_relationship_bad", "{\"spdxVersion\": \"SPDX-2.3\", \"relationships\": [7]}",
         ErrorCode::Format, "f.json#/relationships/0"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.case_name);
        auto got = decode_sbom(c.doc, "f.json");
        ASSERT_FALSE(got.has_value());
        EXPECT_EQ(got.error().code, c.code) << got.error().to_string();
        EXPECT_EQ(got.error().where, c.where) << got.error().to_string();
        EXPECT_FALSE(got.error().message.empty());
    }
}

// Deeply nested components must not exhaust the stack (the walk is iterative). By default the
// JSON depth limit (1000) refuses such a document; raised, it decodes.
TEST(DecodeSbom, DeepNestingIsIterative) {
    constexpr int kDepth = 20000;
    std::string doc = R"({"bomFormat":"CycloneDX","specVersion":"1.6","components":)";
    for (int i = 0; i < kDepth; ++i) doc += R"([{"purl":"pkg:npm/a@1","components":)";
    doc += "[]";
    for (int i = 0; i < kDepth; ++i) doc += "}]";
    doc += "}";
    auto refused = decode_sbom(doc, "deep.json");
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::LimitExceeded);
    const json_read::Limits saved = json_read::default_limits();
    json_read::set_default_limits({100'000, 10'000'000});
    auto got = decode_sbom(doc, "deep.json");
    json_read::set_default_limits(saved);
    ASSERT_TRUE(got.has_value()) << got.error().to_string();
    EXPECT_EQ(got->inventory.packages.size(), static_cast<std::size_t>(kDepth));
}

// n CycloneDX components, each nested in the previous one; the innermost has a bad purl.
std::string nested_components(std::size_t n) {
    std::string doc = R"({"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [)";
    for (std::size_t i = 0; i < n; ++i) {
        const std::string name = "p" + std::to_string(i);
        const std::string purl = i + 1 == n ? "pkg:" : "pkg:pypi/" + name + "@1.0";
        doc += R"({"type": "library", "name": ")" + name + R"(", "purl": ")" + purl +
               R"(", "components": [)";
    }
    for (std::size_t i = 0; i < n; ++i) doc += "]}";
    return doc + "]}";
}

// Sets the process-wide JSON limits for one test.
class JsonLimits {
  public:
    explicit JsonLimits(json_read::Limits limits) : saved_(json_read::default_limits()) {
        json_read::set_default_limits(limits);
    }
    ~JsonLimits() { json_read::set_default_limits(saved_); }
    JsonLimits(const JsonLimits&) = delete;
    JsonLimits& operator=(const JsonLimits&) = delete;

  private:
    json_read::Limits saved_;
};

double seconds_to_decode(const std::string& doc) {
    const auto start = std::chrono::steady_clock::now();
    auto d = decode_sbom(doc, "deep.json");
    EXPECT_TRUE(d) << d.error().to_string();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Issue 11: the JSON pointer of each component was copied at every level, so decoding n nested
// components cost O(n²) (100,000: 11 s). Pointers are now built only for a diagnostic.
TEST(DecodeSbom, DeeplyNestedComponents_PointersAreRightAndTimeIsLinear) {
    const JsonLimits limits({1'000'000, 10'000'000});
    auto d = decode_sbom(nested_components(4), "deep.json");
    ASSERT_TRUE(d) << d.error().to_string();
    EXPECT_EQ(d->inventory.packages.size(), 3U);
    ASSERT_EQ(d->inventory.diagnostics.size(), 1U);
    EXPECT_EQ(d->inventory.diagnostics[0].where,
              "deep.json#/components/0/components/0/components/0/components/0/purl");
    // Time grows linearly: 4x the components may take 4x the time, not 16x (noise allowed for).
    const std::string small = nested_components(20'000);
    const std::string large = nested_components(80'000);
    const double t_small = std::min(seconds_to_decode(small), seconds_to_decode(small));
    const double t_large = std::min(seconds_to_decode(large), seconds_to_decode(large));
    EXPECT_LT(t_large, 9 * t_small + 0.5) << t_small << " s for 20k, " << t_large << " s for 80k";
}

// Issue 11: 100 MB of nested arrays inside a valid CycloneDX document cost ~3.9 GB. The JSON
// limits (core/json_read.hpp) apply to SBOMs: the document is refused, naming the option.
TEST(DecodeSbom, JsonLimits_AreApplied) {
    const std::string doc = R"({"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [
        {"type": "library", "name": "x", "purl": "pkg:pypi/x@1.0", "data": )" +
                            std::string(100, '[') + std::string(100, ']') + "}]}";
    {
        const JsonLimits limits({50, 1'000'000});
        auto d = decode_sbom(doc, "f.json");
        ASSERT_FALSE(d);
        EXPECT_EQ(d.error().code, ErrorCode::LimitExceeded);
        EXPECT_EQ(d.error().message, "JSON nested deeper than 50 levels (--max-json-depth)");
        EXPECT_EQ(d.error().where, "f.json");
    }
    {
        const JsonLimits limits({1000, 50});
        auto d = decode_sbom(doc, "f.json");
        ASSERT_FALSE(d);
        EXPECT_EQ(d.error().message, "JSON document has more than 50 values (--max-json-values)");
    }
    const JsonLimits limits({1000, 1000});
    EXPECT_TRUE(decode_sbom(doc, "f.json"));
}

}  // namespace
}  // namespace berth::sbom

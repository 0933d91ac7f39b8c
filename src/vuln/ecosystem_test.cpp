// SPDX-License-Identifier: Apache-2.0
#include "vuln/ecosystem.hpp"

#include <gtest/gtest.h>

namespace berth::vuln {
namespace {

TEST(EcosystemKey, OsvEcosystems) {
    const std::pair<const char*, const char*> cases[] = {
        {"Debian:12", "debian:12"},
        {"Debian:11", "debian:11"},
        {"Ubuntu:22.04:LTS", "ubuntu:22.04"},
        {"Ubuntu:18.04", "ubuntu:18.04"},
        {"Ubuntu:Pro:18.04:LTS", ""},  // an ESM archive, not the release's own packages
        {"Alpine:v3.19", "alpine:3.19"},
        {"Alpine:v3.10", "alpine:3.10"},
        {"AlmaLinux:9", "almalinux:9"},
        {"AlmaLinux:8", "almalinux:8"},
        {"Rocky Linux:9", "rocky:9"},
        // Red Hat's OSV ecosystems are CPE tails (osv-schema ecosystems.json); the main stream
        // of a release is keyed, minor-release streams (EUS, AUS, …) and other products are not.
        {"Red Hat:enterprise_linux:9::appstream", "redhat:9"},
        {"Red Hat:enterprise_linux:8::baseos", "redhat:8"},
        {"Red Hat:enterprise_linux:9::crb", "redhat:9"},
        {"Red Hat:rhel_eus:9.2::appstream", ""},
        {"Red Hat:rhel_aus:8.4::appstream", ""},
        {"Red Hat:openshift:4.14::el9", ""},
        {"Red Hat:9", "redhat:9"},
        {"Red Hat:enterprise_linux:", ""},
        {"Azure Linux:3", "azurelinux:3"},
        {"Azure Linux:2.0", "azurelinux:2"},
        {"SUSE:Linux Enterprise Micro 5.5", "sle-micro:5.5"},
        {"SUSE:Linux Micro 6.0", "sl-micro:6.0"},
        {"SUSE:Linux Micro six", ""},
        {"crates.io", "crates.io"},
        {"PyPI", "pypi"},
        {"Go", "go"},
        {"npm", "npm"},
        {"Maven", "maven"},
        {"RubyGems", "rubygems"},
        {"NuGet", "nuget"},
        {"GIT", ""},
        {"", ""},
        {"Debian", ""},  // an OS ecosystem without a release cannot be matched
        {"openSUSE:Leap 15.5", "opensuse:15.5"},
        {"openSUSE:Leap Micro 5.2", ""},
        {"openSUSE:Tumbleweed", "opensuse-tumbleweed"},
        {"SUSE:Linux Enterprise Server 15 SP5", "suse:15.5"},
        {"SUSE:Linux Enterprise Server 12", "suse:12"},
        {"SUSE:Linux Enterprise Desktop 15 SP5", ""},
        {"SUSE:Linux Enterprise Server 15 SPx", ""},
        {"Photon OS:3.0", "photon:3"},
        {"Mageia:9", "mageia:9"},
    };
    for (const auto& [in, want] : cases) EXPECT_EQ(ecosystem_key(in), want) << in;
}

TEST(EcosystemKey, ImageOs) {
    auto os = [](const char* id, const char* v) {
        sbom::OsInfo o;
        o.id = id;
        o.version_id = v;
        return o;
    };
    EXPECT_EQ(os_ecosystem_key(os("debian", "12.15")), "debian:12");
    EXPECT_EQ(os_ecosystem_key(os("debian", "10")), "debian:10");
    EXPECT_EQ(os_ecosystem_key(os("ubuntu", "18.04")), "ubuntu:18.04");
    EXPECT_EQ(os_ecosystem_key(os("alpine", "3.10.9")), "alpine:3.10");
    EXPECT_EQ(os_ecosystem_key(os("almalinux", "9.3")), "almalinux:9");
    EXPECT_EQ(os_ecosystem_key(os("rocky", "8.4")), "rocky:8");
    EXPECT_EQ(os_ecosystem_key(os("sles", "15.5")), "suse:15.5");
    EXPECT_EQ(os_ecosystem_key(os("sles", "15")), "suse:15");
    EXPECT_EQ(os_ecosystem_key(os("opensuse-leap", "15.5")), "opensuse:15.5");
    EXPECT_EQ(os_ecosystem_key(os("opensuse-tumbleweed", "20240101")), "opensuse-tumbleweed");
    EXPECT_EQ(os_ecosystem_key(os("photon", "3.0")), "photon:3");
    // RHEL and UBI (ID=rhel) and CentOS use Red Hat's data; Rocky and Alma their own.
    EXPECT_EQ(os_ecosystem_key(os("rhel", "9.3")), "redhat:9");
    EXPECT_EQ(os_ecosystem_key(os("centos", "7")), "redhat:7");
    EXPECT_EQ(os_ecosystem_key(os("centos", "9")), "redhat:9");
    EXPECT_EQ(os_ecosystem_key(os("almalinux", "8.10")), "almalinux:8");
    EXPECT_EQ(os_ecosystem_key(os("mariner", "2.0")), "azurelinux:2");
    EXPECT_EQ(os_ecosystem_key(os("azurelinux", "3.0")), "azurelinux:3");
    EXPECT_EQ(os_ecosystem_key(os("sle-micro", "5.5")), "sle-micro:5.5");
    EXPECT_EQ(os_ecosystem_key(os("sl-micro", "6.0")), "sl-micro:6.0");
    EXPECT_EQ(os_ecosystem_key(os("ol", "8.9")), "oracle:8");
    EXPECT_EQ(os_ecosystem_key(os("amzn", "2")), "amazon:2");
    EXPECT_EQ(os_ecosystem_key(os("amzn", "2023")), "amazon:2023");
    EXPECT_EQ(os_ecosystem_key(os("amzn", "2018.03")), "amazon:1");
    EXPECT_EQ(os_ecosystem_key(os("wolfi", "")), "wolfi");  // rolling: no release needed
    // Alpine: the branch etc/apk/repositories names (OsInfo::repository_release) wins.
    auto edge = os("alpine", "3.16.2");
    edge.repository_release = "edge";
    EXPECT_EQ(os_ecosystem_key(edge), "alpine:edge");
    EXPECT_EQ(os_ecosystem_key(edge), ecosystem_key("Alpine:edge"));
    edge.repository_release = "3.19";
    EXPECT_EQ(os_ecosystem_key(edge), "alpine:3.19");
    EXPECT_EQ(os_ecosystem_key(edge), ecosystem_key("Alpine:v3.19"));
    // An image and the advisories for it meet on the same key.
    EXPECT_EQ(os_ecosystem_key(os("rhel", "8.10")),
              ecosystem_key("Red Hat:enterprise_linux:8::appstream"));
    EXPECT_EQ(os_ecosystem_key(os("rocky", "9.4")), ecosystem_key("Rocky Linux:9"));
    EXPECT_EQ(os_ecosystem_key(os("photon", "5.0")), ecosystem_key("Photon OS:5.0"));
    EXPECT_EQ(os_ecosystem_key(os("debian", "")), "");
    EXPECT_EQ(os_ecosystem_key(os("plan9", "4")), "");
}

TEST(EcosystemKey, PackageNames) {
    EXPECT_EQ(normalize_package_name("pypi", "Django_REST.framework"), "django-rest-framework");
    EXPECT_EQ(normalize_package_name("pypi", "requests"), "requests");
    EXPECT_EQ(normalize_package_name("nuget", "Newtonsoft.Json"), "newtonsoft.json");
    EXPECT_EQ(normalize_package_name("crates.io", "Serde"), "Serde");  // crates.io names are exact
}

TEST(EcosystemKey, Schemes) {
    EXPECT_EQ(scheme_for_key("debian:12"), "dpkg");
    EXPECT_EQ(scheme_for_key("ubuntu:22.04"), "dpkg");
    EXPECT_EQ(scheme_for_key("alpine:3.19"), "apk");
    EXPECT_EQ(scheme_for_key("almalinux:9"), "rpm");
    for (const char* key : {"redhat:9", "azurelinux:3", "oracle:8", "amazon:2", "sle-micro:5.5",
                            "sl-micro:6.0", "photon:5"}) {
        EXPECT_EQ(scheme_for_key(key), "rpm") << key;
    }
    EXPECT_EQ(scheme_for_key("crates.io"), "cargo");
    EXPECT_EQ(scheme_for_key("pypi"), "pep440");
    EXPECT_EQ(scheme_for_key("go"), "go");
    EXPECT_EQ(purl_type_ecosystem_key("cargo"), "crates.io");
    EXPECT_EQ(purl_type_ecosystem_key("golang"), "go");
    EXPECT_EQ(purl_type_ecosystem_key("deb"), "");
}

}  // namespace
}  // namespace berth::vuln

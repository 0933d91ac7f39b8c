// SPDX-License-Identifier: Apache-2.0
// RPM distributions: OSV records as the vendors publish them meet images with the os-release IDs
// those distributions write (issue 19). Package values are real: curl-libs 7.61.1-4.ph3 built
// from curl is in Trivy's photon-30 package golden (shared data,
// images/trivy/.../goldens/packages/photon-30.json.golden); the Photon fix 8.1.2-8.ph5 of
// CVE-2024-2004 is vuln-list's photon/5.0/curl/CVE-2024-2004.json (shared data, advisories/
// format-samples/vuln-list), written as the OSV record photon-os-advisories publishes for it;
// RHSA-2025:9978 (sudo, CVE-2025-32462, fixed 0:1.9.5p2-10.el9_6.1 in the appstream and baseos
// streams) is Red Hat's OSV record as osv.dev serves it (schema 1.7.5, CVEs in `upstream`).
#include <gtest/gtest.h>

#include "test_support.hpp"
#include "vuln/db/store.hpp"
#include "vuln/import/import.hpp"
#include "vuln/match/match.hpp"

namespace berth::vuln::match {
namespace {

constexpr const char* kPhotonCurl = R"({"id": "PHSA-2024-5.0-0244", "upstream": ["CVE-2024-2004"],
  "modified": "2024-04-10T00:00:00Z",
  "affected": [{"package": {"ecosystem": "Photon OS:5.0", "name": "curl",
                            "purl": "pkg:rpm/vmware/curl?distro=photon-5"},
                "ranges": [{"type": "ECOSYSTEM",
                            "events": [{"introduced": "0"}, {"fixed": "8.1.2-8.ph5"}]}]}]})";

constexpr const char* kRhsaSudo = R"({"schema_version": "1.7.5", "id": "RHSA-2025:9978",
  "published": "2025-07-01T10:06:01Z", "modified": "2026-03-18T11:30:33Z",
  "upstream": ["CVE-2025-32462"], "summary": "sudo security update",
  "affected": [
    {"package": {"name": "sudo", "ecosystem": "Red Hat:enterprise_linux:9::appstream"},
     "ranges": [{"type": "ECOSYSTEM",
                 "events": [{"introduced": "0"}, {"fixed": "0:1.9.5p2-10.el9_6.1"}]}]},
    {"package": {"name": "sudo", "ecosystem": "Red Hat:enterprise_linux:9::baseos"},
     "ranges": [{"type": "ECOSYSTEM",
                 "events": [{"introduced": "0"}, {"fixed": "0:1.9.5p2-10.el9_6.1"}]}]},
    {"package": {"name": "sudo", "ecosystem": "Red Hat:rhel_eus:9.2::baseos"},
     "ranges": [{"type": "ECOSYSTEM",
                 "events": [{"introduced": "0"}, {"fixed": "0:1.9.5p2-9.el9_2.2"}]}]}]})";

class RpmDistros : public ::testing::Test {
  protected:
    void SetUp() override {
        path_ = test::temp_dir("match-rpm") / "berth.db";
        auto w = db::Writer::open(path_);
        ASSERT_TRUE(w.has_value()) << w.error().to_string();
        Diagnostics diags;
        for (const char* doc : {kPhotonCurl, kRhsaSudo}) {
            auto st = import::parse_document(
                import::Format::Osv, doc, "osv.json",
                [&](Advisory&& a) -> Status { return w->add(a); }, diags);
            ASSERT_TRUE(st.has_value()) << st.error().to_string();
        }
        ASSERT_TRUE(w->commit("test").has_value());
    }

    static sbom::Package rpm(const char* name, const char* version, const char* source) {
        sbom::Package p;
        p.type = "rpm";
        p.name = name;
        p.version = version;
        p.source_name = source;
        p.source_version = version;
        return p;
    }

    // "id package status fixed matched_by" per finding, and the diagnostics.
    std::vector<std::string> scan(const char* os_id, const char* version_id,
                                  std::vector<sbom::Package> packages, Diagnostics& diags) const {
        auto db = db::Reader::open(path_);
        EXPECT_TRUE(db.has_value());
        if (!db) return {};
        sbom::Inventory inv;
        inv.os = sbom::OsInfo{};
        inv.os->id = os_id;
        inv.os->version_id = version_id;
        inv.packages = std::move(packages);
        auto f = match_inventory(inv, *db, diags);
        EXPECT_TRUE(f.has_value()) << f.error().to_string();
        std::vector<std::string> got;
        if (!f) return got;
        for (const auto& x : *f) {
            got.push_back(x.id + " " + inv.packages[x.package_index].name + " " +
                          std::string(status_name(x.status)) + " " + x.fixed_version + " " +
                          x.matched_by);
        }
        return got;
    }

    std::filesystem::path path_;
};

// A Photon binary subpackage reaches the advisory keyed by its source package; a package at the
// fixed version is not reported; a package of another name with no source is not either.
TEST_F(RpmDistros, PhotonSubpackagesMatchBySourcePackage) {
    Diagnostics diags;
    const auto got =
        scan("photon", "5.0",
             {rpm("curl", "8.1.2-7.ph5", "curl"), rpm("curl-libs", "8.1.2-7.ph5", "curl"),
              rpm("libcurl-fixed", "8.1.2-8.ph5", "curl"), rpm("xz-libs", "5.2.4-1.ph3", "xz")},
             diags);
    const std::vector<std::string> want = {
        "CVE-2024-2004 curl fixed 8.1.2-8.ph5 package",
        "CVE-2024-2004 curl-libs fixed 8.1.2-8.ph5 source-package",
    };
    EXPECT_EQ(got, want);
    EXPECT_TRUE(diags.empty()) << diags[0].message;
    // Photon 3.0 has no advisories in this database: said, not silently clean.
    Diagnostics other;
    EXPECT_TRUE(scan("photon", "3.0", {rpm("curl-libs", "7.61.1-4.ph3", "curl")}, other).empty());
    ASSERT_EQ(other.size(), 1U);
    EXPECT_NE(other[0].message.find("no advisories for photon:3"), std::string::npos);
}

// RHEL and UBI (ID=rhel) and CentOS images match Red Hat's OSV records; the EUS stream's own fix
// (9.2) is not applied to a RHEL 9 image; the finding is keyed by the CVE in `upstream`.
TEST_F(RpmDistros, RedHatRecordsMatchRhelAndCentos) {
    for (const char* id : {"rhel", "centos"}) {
        Diagnostics diags;
        const auto got = scan(id, "9.5", {rpm("sudo", "1.9.5p2-10.el9_3", "sudo")}, diags);
        const std::vector<std::string> want = {
            "CVE-2025-32462 sudo fixed 0:1.9.5p2-10.el9_6.1 package"};
        EXPECT_EQ(got, want) << id;
        EXPECT_TRUE(diags.empty()) << id;
    }
    Diagnostics diags;
    EXPECT_TRUE(scan("rhel", "9.6", {rpm("sudo", "1.9.5p2-10.el9_6.1", "sudo")}, diags).empty());
    // RHEL binaries are not looked up by their source (Red Hat errata list every binary).
    EXPECT_TRUE(scan("rhel", "9.5", {rpm("sudo-devel", "1.9.5p2-1.el9", "sudo")}, diags).empty());
}

TEST_F(RpmDistros, RhsaUpstreamCvesAreAliases) {
    auto db = db::Reader::open(path_);
    ASSERT_TRUE(db.has_value());
    auto rows = db->lookup("redhat:9", "sudo");
    ASSERT_TRUE(rows.has_value());
    ASSERT_EQ(rows->size(), 2U) << "appstream and baseos; the EUS stream has no key";
    auto adv = db->advisory(rows->front().advisory_pk);
    ASSERT_TRUE(adv.has_value());
    EXPECT_EQ(adv->aliases, std::vector<std::string>{"CVE-2025-32462"});
}

}  // namespace
}  // namespace berth::vuln::match

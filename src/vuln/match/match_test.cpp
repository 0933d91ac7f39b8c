// SPDX-License-Identifier: Apache-2.0
#include "vuln/match/match.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

#include "test_support.hpp"
#include "vuln/db/store.hpp"

namespace berth::vuln::match {
namespace {

using Kind = RangeEvent::Kind;

Affected affected(std::string eco, std::string pkg, std::vector<RangeEvent> events,
                  FixState state = FixState::Affected, Range::Type type = Range::Type::Ecosystem) {
    Affected a;
    a.ecosystem = std::move(eco);
    a.package = std::move(pkg);
    a.state = state;
    if (!events.empty()) a.ranges.push_back(Range{type, std::move(events)});
    return a;
}

struct EvalCase {
    const char* name;
    std::vector<RangeEvent> events;
    std::vector<std::string> versions;
    const char* installed;
    bool want_affected;
    const char* want_fixed;
};

TEST(EvaluateAffected, OsvRangeSemantics) {
    const auto* dpkg = version::scheme_by_name("dpkg");
    ASSERT_NE(dpkg, nullptr);
    const EvalCase cases[] = {
        {"below_fix",
         {{Kind::Introduced, "0"}, {Kind::Fixed, "1.2-3"}},
         {},
         "1.2-2",
         true,
         "1.2-3"},
        {"at_fix", {{Kind::Introduced, "0"}, {Kind::Fixed, "1.2-3"}}, {}, "1.2-3", false, ""},
        {"above_fix", {{Kind::Introduced, "0"}, {Kind::Fixed, "1.2-3"}}, {}, "1:0.1-1", false, ""},
        {"tilde_backport_below",
         {{Kind::Introduced, "0"}, {Kind::Fixed, "3.0.11-1~deb12u2"}},
         {},
         "3.0.11-1~deb12u1",
         true,
         "3.0.11-1~deb12u2"},
        {"unfixed", {{Kind::Introduced, "0"}}, {}, "9.9-9", true, ""},
        {"before_introduced",
         {{Kind::Introduced, "2.0-1"}, {Kind::Fixed, "2.5-1"}},
         {},
         "1.9-1",
         false,
         ""},
        {"last_affected_itself",
         {{Kind::Introduced, "0"}, {Kind::LastAffected, "2.0-1"}},
         {},
         "2.0-1",
         true,
         ""},
        {"after_last_affected",
         {{Kind::Introduced, "0"}, {Kind::LastAffected, "2.0-1"}},
         {},
         "2.0-2",
         false,
         ""},
        {"limit_excludes",
         {{Kind::Introduced, "0"}, {Kind::Limit, "2.0-1"}},
         {},
         "2.0-1",
         false,
         ""},
        {"two_windows_second",
         {{Kind::Introduced, "1.0-1"},
          {Kind::Fixed, "1.5-1"},
          {Kind::Introduced, "2.0-1"},
          {Kind::Fixed, "2.3-1"}},
         {},
         "2.1-1",
         true,
         "2.3-1"},
        {"two_windows_gap",
         {{Kind::Introduced, "1.0-1"},
          {Kind::Fixed, "1.5-1"},
          {Kind::Introduced, "2.0-1"},
          {Kind::Fixed, "2.3-1"}},
         {},
         "1.7-1",
         false,
         ""},
        {"events_out_of_order",
         {{Kind::Fixed, "2.3-1"}, {Kind::Introduced, "2.0-1"}},
         {},
         "2.1-1",
         true,
         "2.3-1"},
        {"explicit_version", {}, {"1.0-1", "1.1-1"}, "1.1-1", true, ""},
        {"explicit_version_miss", {}, {"1.0-1"}, "1.1-1", false, ""},
    };
    for (const auto& c : cases) {
        Affected a = affected("Debian:12", "x", c.events);
        a.versions = c.versions;
        auto r = evaluate_affected(a, c.installed, *dpkg);
        ASSERT_TRUE(r.has_value()) << c.name << ": " << r.error().to_string();
        EXPECT_EQ(r->affected, c.want_affected) << c.name;
        EXPECT_EQ(r->fixed, c.want_fixed) << c.name;
    }
}

TEST(EvaluateAffected, ListedVersionStillReportsTheRangesFix) {
    const auto* dpkg = version::scheme_by_name("dpkg");
    ASSERT_NE(dpkg, nullptr);
    Affected a = affected("Debian:12", "x", {{Kind::Introduced, "0"}, {Kind::Fixed, "2.0-1"}});
    a.versions = {"1.0-1", "1.5-1"};
    auto r = evaluate_affected(a, "1.5-1", *dpkg);
    ASSERT_TRUE(r.has_value());
    EXPECT_TRUE(r->affected);
    EXPECT_EQ(r->fixed, "2.0-1");
}

TEST(EvaluateAffected, GitRangesNeverMatchAndBadVersionsAreErrors) {
    const auto* semver = version::scheme_by_name("cargo");
    ASSERT_NE(semver, nullptr);
    auto git = affected("crates.io", "x", {{Kind::Introduced, "0"}, {Kind::Fixed, "abc123"}},
                        FixState::Affected, Range::Type::Git);
    auto r = evaluate_affected(git, "1.0.0", *semver);
    ASSERT_TRUE(r.has_value());
    EXPECT_FALSE(r->affected);
    auto bad =
        affected("crates.io", "x", {{Kind::Introduced, "0"}, {Kind::Fixed, "not a version!"}},
                 FixState::Affected, Range::Type::Semver);
    EXPECT_FALSE(evaluate_affected(bad, "1.0.0", *semver).has_value());
}

// A small database written with the real writer, then matched with the real reader.
class MatchDb : public ::testing::Test {
  protected:
    void SetUp() override {
        path_ = test::temp_dir("match-db") / "berth.db";
        auto w = db::Writer::open(path_);
        ASSERT_TRUE(w.has_value()) << w.error().to_string();
        for (const auto& a : advisories()) ASSERT_TRUE(w->add(a).has_value());
        ASSERT_TRUE(w->commit("test").has_value());
    }

    static std::vector<Advisory> advisories() {
        std::vector<Advisory> v;
        Advisory dsa;
        dsa.id = "DSA-5532-1";
        dsa.source = "debian-dsa";
        dsa.aliases = {"CVE-2023-5363", "CVE-2023-5678"};
        dsa.summary = "openssl - security update";
        dsa.affected.push_back(affected(
            "Debian:12", "openssl", {{Kind::Introduced, "0"}, {Kind::Fixed, "3.0.11-1~deb12u2"}}));
        dsa.affected.push_back(affected(
            "Debian:11", "openssl", {{Kind::Introduced, "0"}, {Kind::Fixed, "1.1.1w-0+deb11u1"}}));
        v.push_back(dsa);

        Advisory cve;
        cve.id = "CVE-2023-5363";
        cve.source = "debian-tracker";
        cve.summary = "Incorrect cipher key and IV length processing";
        cve.severity.push_back({"CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N"});
        cve.affected.push_back(affected(
            "Debian:12", "openssl", {{Kind::Introduced, "0"}, {Kind::Fixed, "3.0.11-1~deb12u2"}}));
        cve.affected.back().severity = "high";
        v.push_back(cve);

        Advisory not_aff;  // the tracker says bookworm's openssl never had it; OSV disagrees
        not_aff.id = "CVE-2022-0001";
        not_aff.source = "debian-tracker";
        not_aff.affected.push_back(affected("Debian:12", "openssl", {}, FixState::NotAffected));
        v.push_back(not_aff);
        Advisory osv_claim;
        osv_claim.id = "OSV-2022-0001";
        osv_claim.source = "osv";
        osv_claim.aliases = {"CVE-2022-0001"};
        osv_claim.affected.push_back(affected("Debian:12", "openssl", {{Kind::Introduced, "0"}}));
        v.push_back(osv_claim);

        Advisory nodsa;
        nodsa.id = "CVE-2024-2511";
        nodsa.source = "debian-tracker";
        nodsa.affected.push_back(
            affected("Debian:12", "openssl", {{Kind::Introduced, "0"}}, FixState::WillNotFix));
        nodsa.affected.back().severity = "unimportant";
        v.push_back(nodsa);

        // Sources that disagree on an unfixed flaw: the most final statement wins.
        Advisory postponed;
        postponed.id = "CVE-2024-3000";
        postponed.source = "debian-tracker";
        postponed.affected.push_back(
            affected("Debian:12", "openssl", {{Kind::Introduced, "0"}}, FixState::FixDeferred));
        v.push_back(postponed);
        Advisory eol = postponed;
        eol.source = "debian-dla";
        eol.affected.back().state = FixState::EndOfLife;
        v.push_back(eol);
        Advisory deferred = postponed;
        deferred.id = "CVE-2024-3001";
        v.push_back(deferred);

        Advisory gcc;  // binary libgcc-s1 1:12.2.0-14 comes from source gcc-12 12.2.0-14
        gcc.id = "CVE-2023-4039";
        gcc.source = "debian-tracker";
        gcc.affected.push_back(affected(
            "Debian:12", "gcc-12", {{Kind::Introduced, "0"}, {Kind::Fixed, "12.2.0-14+deb12u1"}}));
        v.push_back(gcc);

        Advisory old;  // already fixed in the installed version
        old.id = "CVE-2016-2105";
        old.source = "debian-tracker";
        old.affected.push_back(
            affected("Debian:12", "openssl", {{Kind::Introduced, "0"}, {Kind::Fixed, "1.0.2h-1"}}));
        v.push_back(old);

        Advisory withdrawn;
        withdrawn.id = "CVE-2023-9999";
        withdrawn.source = "osv";
        withdrawn.withdrawn = "2024-01-01T00:00:00Z";
        withdrawn.affected.push_back(affected("Debian:12", "openssl", {{Kind::Introduced, "0"}}));
        v.push_back(withdrawn);

        Advisory rustsec;  // RUSTSEC and GHSA name each other: one finding
        rustsec.id = "RUSTSEC-2021-0078";
        rustsec.source = "osv";
        rustsec.aliases = {"GHSA-5vcm-3xc3-w7x3"};
        rustsec.affected.push_back(affected("crates.io", "hyper",
                                            {{Kind::Introduced, "0"}, {Kind::Fixed, "0.14.10"}},
                                            FixState::Affected, Range::Type::Semver));
        v.push_back(rustsec);
        Advisory ghsa;
        ghsa.id = "GHSA-5vcm-3xc3-w7x3";
        ghsa.source = "osv";
        ghsa.aliases = {"RUSTSEC-2021-0078"};
        ghsa.affected.push_back(affected("crates.io", "hyper",
                                         {{Kind::Introduced, "0"}, {Kind::Fixed, "0.14.10"}},
                                         FixState::Affected, Range::Type::Semver));
        v.push_back(ghsa);
        return v;
    }

    static sbom::Inventory inventory() {
        sbom::Inventory inv;
        inv.os = sbom::OsInfo{
            "debian", "12.2", "bookworm", "Debian GNU/Linux 12 (bookworm)", "", "etc/os-release"};
        sbom::Package gcc;
        gcc.type = "deb";
        gcc.name = "libgcc-s1";
        gcc.version = "1:12.2.0-14";
        gcc.source_name = "gcc-12";
        gcc.source_version = "12.2.0-14";
        inv.packages.push_back(gcc);
        sbom::Package ssl;
        ssl.type = "deb";
        ssl.name = "libssl3";
        ssl.version = "3.0.11-1~deb12u1";
        ssl.source_name = "openssl";
        inv.packages.push_back(ssl);
        sbom::Package hyper;
        hyper.type = "cargo";
        hyper.name = "hyper";
        hyper.version = "0.14.9";
        inv.packages.push_back(hyper);
        return inv;
    }

    std::filesystem::path path_;
};

TEST_F(MatchDb, MergesAliasesAppliesDistroStatesAndSourceVersions) {
    auto db = db::Reader::open(path_);
    ASSERT_TRUE(db.has_value()) << db.error().to_string();
    Diagnostics diags;
    MatchStats stats;
    auto f = match_inventory(inventory(), *db, diags, &stats);
    ASSERT_TRUE(f.has_value()) << f.error().to_string();
    EXPECT_TRUE(diags.empty());
    EXPECT_EQ(stats.packages, 3U);
    EXPECT_EQ(stats.packages_matched, 3U);

    std::vector<std::string> got;
    for (const auto& x : *f) {
        std::string aliases;
        for (const auto& a : x.aliases) aliases += a + ",";
        got.push_back(std::to_string(x.package_index) + " " + x.id + " [" + aliases + "] " +
                      std::string(status_name(x.status)) + " " + x.fixed_version + " " +
                      x.matched_by);
    }
    const std::vector<std::string> want = {
        "0 CVE-2023-4039 [] fixed 12.2.0-14+deb12u1 source-package",
        "1 CVE-2023-5363 [DSA-5532-1,] fixed 3.0.11-1~deb12u2 source-package",
        "1 CVE-2023-5678 [DSA-5532-1,] fixed 3.0.11-1~deb12u2 source-package",
        "1 CVE-2024-2511 [] will_not_fix  source-package",
        "1 CVE-2024-3000 [] end_of_life  source-package",
        "1 CVE-2024-3001 [] fix_deferred  source-package",
        "2 GHSA-5vcm-3xc3-w7x3 [RUSTSEC-2021-0078,] fixed 0.14.10 package",
    };
    EXPECT_EQ(got, want);

    // Severity: the distro's rating wins; CVSS is computed and kept.
    const auto& cve = (*f)[1];
    EXPECT_EQ(cve.level, Level::High);
    ASSERT_EQ(cve.cvss.size(), 1U);
    EXPECT_DOUBLE_EQ(cve.cvss[0].base_score, 7.5);
    EXPECT_EQ(cve.title, "Incorrect cipher key and IV length processing");  // the CVE's own record
    EXPECT_EQ(cve.sources, (std::vector<std::string>{"debian-dsa", "debian-tracker"}));
    EXPECT_EQ((*f)[3].level, Level::Low);  // "unimportant"
}

// Shapes of real data the simple cases above do not have.
TEST(MatchShapes, SeveralRangesSplitAdvisoriesLinkedIdsAndBadVersions) {
    const auto path = test::temp_dir("match-shapes") / "b.db";
    {
        auto w = db::Writer::open(path);
        ASSERT_TRUE(w.has_value());
        // One advisory listing the package twice, once per release branch (GHSA log4j style).
        Advisory branches;
        branches.id = "GHSA-jfh8-c2jp-5v3q";
        branches.source = "osv";
        branches.aliases = {"CVE-2021-44228"};
        branches.affected.push_back(
            affected("Debian:12", "liblog", {{Kind::Introduced, "1.0-1"}, {Kind::Fixed, "1.5-1"}}));
        branches.affected.push_back(
            affected("Debian:12", "liblog", {{Kind::Introduced, "2.0-1"}, {Kind::Fixed, "2.3-1"}}));
        ASSERT_TRUE(w->add(branches).has_value());
        // One advisory split over two files with the same record time (Alpine secdb per release).
        Advisory part1;
        part1.id = "CVE-2020-1111";
        part1.source = "alpine-secdb";
        part1.affected.push_back(
            affected("Debian:11", "liblog", {{Kind::Introduced, "0"}, {Kind::Fixed, "9.9-1"}}));
        ASSERT_TRUE(w->add(part1).has_value());
        Advisory part2 = part1;
        part2.affected = {
            affected("Debian:12", "liblog", {{Kind::Introduced, "0"}, {Kind::Fixed, "2.2-1"}})};
        part2.aliases = {"XSA-1"};
        ASSERT_TRUE(w->add(part2).has_value());
        // RUSTSEC (no CVE) linked through a GHSA id to the GHSA record naming the CVE.
        Advisory ghsa;
        ghsa.id = "GHSA-aaaa-bbbb-cccc";
        ghsa.source = "osv";
        ghsa.aliases = {"CVE-2022-2222"};
        ghsa.affected.push_back(affected("Debian:12", "liblog", {{Kind::Introduced, "0"}}));
        ASSERT_TRUE(w->add(ghsa).has_value());
        Advisory rustsec;
        rustsec.id = "RUSTSEC-2022-0001";
        rustsec.source = "osv";
        rustsec.aliases = {"GHSA-aaaa-bbbb-cccc"};
        rustsec.affected.push_back(
            affected("Debian:12", "liblog", {{Kind::Introduced, "0"}, {Kind::Fixed, "3.0-1"}}));
        ASSERT_TRUE(w->add(rustsec).has_value());
        Advisory other;
        other.id = "CVE-2023-3333";
        other.source = "osv";
        other.affected.push_back(affected("Debian:12", "broken", {{Kind::Introduced, "0"}}));
        ASSERT_TRUE(w->add(other).has_value());
        ASSERT_TRUE(w->commit("test").has_value());
    }
    auto db = db::Reader::open(path);
    ASSERT_TRUE(db.has_value());
    sbom::Inventory inv;
    inv.os = sbom::OsInfo{"debian", "12", "bookworm", "", "", "etc/os-release"};
    sbom::Package p;
    p.type = "deb";
    p.name = "liblog";
    p.version = "2.1-1";
    inv.packages.push_back(p);
    sbom::Package bad;
    bad.type = "deb";
    bad.name = "broken";
    bad.version = "not-a-version";  // dpkg: the upstream part must start with a digit
    inv.packages.push_back(bad);
    Diagnostics diags;
    auto f = match_inventory(inv, *db, diags);
    ASSERT_TRUE(f.has_value()) << f.error().to_string();
    std::vector<std::string> got;
    for (const auto& x : *f) {
        std::string aliases;
        for (const auto& a : x.aliases) aliases += a + ",";
        got.push_back(x.id + " [" + aliases + "] " + std::string(status_name(x.status)) + " " +
                      x.fixed_version);
    }
    const std::vector<std::string> want = {
        "CVE-2020-1111 [XSA-1,] fixed 2.2-1",                 // the second file's entry was kept
        "CVE-2021-44228 [GHSA-jfh8-c2jp-5v3q,] fixed 2.3-1",  // the second branch's range
        "CVE-2022-2222 [GHSA-aaaa-bbbb-cccc,RUSTSEC-2022-0001,] fixed 3.0-1",  // one finding
    };
    EXPECT_EQ(got, want);
    ASSERT_EQ(diags.size(), 1U);
    EXPECT_NE(diags[0].message.find("not-a-version"), std::string::npos) << diags[0].message;
}

TEST_F(MatchDb, UnknownOsMatchesNothing) {
    auto db = db::Reader::open(path_);
    ASSERT_TRUE(db.has_value());
    auto inv = inventory();
    inv.os->id = "plan9";
    inv.packages.pop_back();  // the language package does not depend on the OS
    Diagnostics diags;
    MatchStats stats;
    auto f = match_inventory(inv, *db, diags, &stats);
    ASSERT_TRUE(f.has_value());
    EXPECT_TRUE(f->empty());
    EXPECT_EQ(stats.packages_matched, 0U);
    ASSERT_EQ(diags.size(), 1U) << "a clean result must say the OS packages were not checked";
    EXPECT_NE(diags[0].message.find("no advisory source for this OS (plan9"), std::string::npos)
        << diags[0].message;
}

// A stray rpm database in a Debian image: its packages were not checked, the Debian ones were;
// the warning must not say "its OS packages were not checked" (issue 11).
TEST_F(MatchDb, OnlyTheUncheckedOsPackagesAreNamed) {
    auto db = db::Reader::open(path_);
    ASSERT_TRUE(db.has_value());
    auto inv = inventory();
    sbom::Package stray;
    stray.type = "rpm";
    stray.name = "bash";
    stray.version = "5.1.8-6.el9";
    inv.packages.push_back(stray);
    Diagnostics diags;
    MatchStats stats;
    auto f = match_inventory(inv, *db, diags, &stats);
    ASSERT_TRUE(f.has_value());
    EXPECT_FALSE(f->empty()) << "the Debian packages were matched";
    ASSERT_EQ(diags.size(), 1U);
    EXPECT_EQ(diags[0].message,
              "berth has no advisory source for some OS packages on this OS (debian 12.2): 1 rpm "
              "package(s) were not checked (the others were)");
    EXPECT_EQ(diags[0].message.find("its OS packages were not checked"), std::string::npos);
}

TEST_F(MatchDb, OsWithoutAdvisoriesInTheDatabaseIsSaid) {
    auto db = db::Reader::open(path_);
    ASSERT_TRUE(db.has_value());
    auto inv = inventory();
    inv.os->version_id = "13";
    Diagnostics diags;
    auto f = match_inventory(inv, *db, diags);
    ASSERT_TRUE(f.has_value());
    ASSERT_EQ(diags.size(), 1U);
    EXPECT_NE(diags[0].message.find("no advisories for debian:13"), std::string::npos)
        << diags[0].message;
}

// Application packages berth cannot check are counted and said (coverage warnings: "not
// checked"): a type without an OSV ecosystem (conda) and an ecosystem the database has no
// advisories for (npm here); crates.io, which it has, is not named.
TEST_F(MatchDb, UncheckedApplicationPackagesAreSaid) {
    auto db = db::Reader::open(path_);
    ASSERT_TRUE(db.has_value());
    auto inv = inventory();
    for (const char* type : {"conda", "conda", "npm"}) {
        sbom::Package p;
        p.type = type;
        p.name = "zlib";
        p.version = "1.2.13";
        inv.packages.push_back(p);
    }
    Diagnostics diags;
    auto f = match_inventory(inv, *db, diags);
    ASSERT_TRUE(f.has_value());
    ASSERT_EQ(diags.size(), 2U);
    EXPECT_EQ(diags[0].message,
              "2 conda package(s) were not checked: berth has no advisory source for the conda "
              "ecosystem");
    EXPECT_EQ(diags[0].where, "ecosystem conda");
    EXPECT_NE(diags[1].message.find("1 npm package(s) were not checked: the database has no npm"),
              std::string::npos)
        << diags[1].message;
}

// Issue 19: the ecosystems berth has no advisory source for (CocoaPods, Swift, Conan from an SBOM
// as Trivy's lockfile parsers name them) are each counted and said, sorted by type, so a clean
// report never reads as "checked and clean"; the Debian packages were still matched.
TEST_F(MatchDb, EcosystemsWithoutSourceAreCountedPerType) {
    auto db = db::Reader::open(path_);
    ASSERT_TRUE(db.has_value());
    auto inv = inventory();
    for (const auto& [type, name] :
         std::vector<std::pair<const char*, const char*>>{{"cocoapods", "AFNetworking"},
                                                          {"swift", "swift-nio"},
                                                          {"swift", "vapor"},
                                                          {"conan", "openssl"}}) {
        sbom::Package p;
        p.type = type;
        p.name = name;
        p.version = "1.0.0";
        inv.packages.push_back(p);
    }
    Diagnostics diags;
    auto f = match_inventory(inv, *db, diags);
    ASSERT_TRUE(f.has_value());
    EXPECT_FALSE(f->empty());
    std::vector<std::string> got;
    for (const auto& d : diags) got.push_back(d.where + ": " + d.message);
    const std::vector<std::string> want = {
        "ecosystem cocoapods: 1 cocoapods package(s) were not checked: berth has no advisory "
        "source for the cocoapods ecosystem",
        "ecosystem conan: 1 conan package(s) were not checked: berth has no advisory source for "
        "the conan ecosystem",
        "ecosystem swift: 2 swift package(s) were not checked: berth has no advisory source for "
        "the swift ecosystem",
    };
    EXPECT_EQ(got, want);
}

// The Alpine branch from etc/apk/repositories is the one matched, and the report says so.
TEST_F(MatchDb, AlpineRepositoryBranchIsSaid) {
    auto db = db::Reader::open(path_);
    ASSERT_TRUE(db.has_value());
    sbom::Inventory inv;
    inv.os = sbom::OsInfo{};
    inv.os->id = "alpine";
    inv.os->version_id = "3.16.2";
    inv.os->repository_release = "edge";
    sbom::Package p;
    p.type = "apk";
    p.name = "busybox";
    p.version = "1.35.0-r17";
    inv.packages.push_back(p);
    Diagnostics diags;
    auto f = match_inventory(inv, *db, diags);
    ASSERT_TRUE(f.has_value());
    ASSERT_EQ(diags.size(), 2U);
    EXPECT_EQ(diags[0].severity, Diagnostic::Severity::Info);
    EXPECT_EQ(diags[0].message,
              "OS packages matched against branch edge named by etc/apk/repositories, not "
              "os-release's 3.16.2");
    EXPECT_NE(diags[1].message.find("no advisories for alpine:edge"), std::string::npos)
        << diags[1].message;
}

TEST(DbStore, RefusesFilesThatAreNotBerthDatabases) {
    const auto dir = test::temp_dir("db-store");
    EXPECT_EQ(db::Reader::open(dir / "missing.db").error().code, ErrorCode::NotFound);
    { std::ofstream(dir / "junk.db") << "this is not sqlite"; }
    auto junk = db::Reader::open(dir / "junk.db");
    ASSERT_FALSE(junk.has_value());
    EXPECT_NE(junk.error().to_string().find("junk.db"), std::string::npos);
}

// A database missing one of its tables is damaged ([format]), not an I/O failure (issue 11).
TEST(DbStore, DroppedTableIsAFormatError) {
    for (const char* table : {"affected", "advisory"}) {
        const auto path = test::temp_dir("db-dropped") / "d.db";
        {
            auto w = db::Writer::open(path);
            ASSERT_TRUE(w.has_value()) << w.error().to_string();
            ASSERT_TRUE(w->commit("test").has_value());
        }
        sqlite3* raw = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &raw), SQLITE_OK);
        ASSERT_EQ(sqlite3_exec(raw, (std::string("DROP TABLE ") + table).c_str(), nullptr, nullptr,
                               nullptr),
                  SQLITE_OK);
        sqlite3_close(raw);
        auto r = db::Reader::open(path);
        ASSERT_FALSE(r.has_value()) << table;
        EXPECT_EQ(r.error().code, ErrorCode::Format) << r.error().to_string();
        EXPECT_NE(r.error().message.find(std::string("no such table: ") + table), std::string::npos)
            << r.error().to_string();
    }
}

TEST(DbStore, NewerModifiedWinsAndStatusCounts) {
    const auto path = test::temp_dir("db-store2") / "b.db";
    {
        auto w = db::Writer::open(path);
        ASSERT_TRUE(w.has_value());
        Advisory a;
        a.id = "CVE-1";
        a.source = "osv";
        a.modified = "2024-02-01T00:00:00Z";
        a.summary = "new";
        a.affected.push_back(affected("Debian:12", "p", {{Kind::Introduced, "0"}}));
        a.affected.push_back(
            affected("Plan9:4", "p", {{Kind::Introduced, "0"}}));  // no key: kept out
        ASSERT_TRUE(w->add(a).has_value());
        a.modified = "2023-01-01T00:00:00Z";
        a.summary = "old";
        ASSERT_TRUE(w->add(a).has_value());
        EXPECT_EQ(w->skipped_affected(), 1U);
        ASSERT_TRUE(w->commit("test").has_value());
    }
    auto r = db::Reader::open(path);
    ASSERT_TRUE(r.has_value());
    auto rows = r->lookup("debian:12", "p");
    ASSERT_TRUE(rows.has_value());
    ASSERT_EQ(rows->size(), 1U);
    auto adv = r->advisory((*rows)[0].advisory_pk);
    ASSERT_TRUE(adv.has_value());
    EXPECT_EQ(adv->summary, "new");
    auto st = r->status();
    ASSERT_TRUE(st.has_value());
    EXPECT_EQ(st->advisories, 1U);
    EXPECT_EQ(st->per_ecosystem.at("debian:12"), 1U);
    EXPECT_EQ(st->schema_version, db::kSchemaVersion);
}

}  // namespace
}  // namespace berth::vuln::match

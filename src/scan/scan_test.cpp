// SPDX-License-Identifier: Apache-2.0
// The scan stage's own decisions: option parsing (any-case severities, durations) and that user
// mistakes come back as InvalidArgument before any image is read, with progress finished.
#include "scan/scan.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "report/report.hpp"
#include "test_support.hpp"
#include "vuln/db/store.hpp"

namespace berth::scan {
namespace {

TEST(ScanOptions, SeveritiesAreCaseInsensitive) {
    auto levels = parse_severities({"high", "CRITICAL", " Low "});
    ASSERT_TRUE(levels.has_value()) << levels.error().message;
    EXPECT_EQ(*levels,
              (std::set<vuln::Level>{vuln::Level::Low, vuln::Level::High, vuln::Level::Critical}));
    auto bad = parse_severities({"high", "severe"});
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(bad.error().message.find("'severe'"), std::string::npos);
    EXPECT_NE(bad.error().message.find("UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL"), std::string::npos);
    EXPECT_TRUE(parse_severities({}).has_value());
}

TEST(ScanOptions, ScannersAreTrivysNames) {
    auto all = parse_scanners({"vuln", " Config", "SECRET"});
    ASSERT_TRUE(all.has_value()) << all.error().message;
    EXPECT_TRUE(all->vuln && all->config && all->secret);
    auto some = parse_scanners({"misconfig"});
    ASSERT_TRUE(some.has_value());
    EXPECT_FALSE(some->vuln);
    EXPECT_TRUE(some->config);
    EXPECT_FALSE(some->secret);
    auto bad = parse_scanners({"vuln", "license"});
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(bad.error().message.find("'license'"), std::string::npos);
    EXPECT_FALSE(parse_scanners({}).has_value());
}

TEST(ScanOptions, StatusesAreTrivysNames) {
    using S = vuln::FindingStatus;
    auto some = parse_statuses({"will_not_fix", " END_OF_LIFE", "fix_deferred"});
    ASSERT_TRUE(some.has_value()) << some.error().message;
    EXPECT_EQ(*some, (std::set<S>{S::WillNotFix, S::EndOfLife, S::FixDeferred}));
    auto bad = parse_statuses({"wontfix"});
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(bad.error().message.find("'wontfix'"), std::string::npos);
    EXPECT_TRUE(parse_statuses({}).value().empty());
}

TEST(ScanOptions, Durations) {
    EXPECT_EQ(parse_duration("7d").value(), std::chrono::seconds(7 * 86400));
    EXPECT_EQ(parse_duration("36h").value(), std::chrono::seconds(36 * 3600));
    EXPECT_EQ(parse_duration("90m").value(), std::chrono::seconds(90 * 60));
    EXPECT_EQ(parse_duration("45").value(), std::chrono::seconds(45));
    EXPECT_EQ(parse_duration("0").value(), std::chrono::seconds(0));
    for (const char* bad : {"", "d", "-1d", "7w", "7dd"}) {
        EXPECT_FALSE(parse_duration(bad).has_value()) << bad;
    }
}

class CountingProgress final : public Progress {
  public:
    void phase(Phase, std::string_view) override { ++phases; }
    void layers(std::size_t, std::size_t) override {}
    void bytes(std::uint64_t, std::uint64_t) override {}
    void advisories(std::size_t) override {}
    void finish() override { ++finished; }
    int phases = 0;
    int finished = 0;
};

TEST(ScanStage, UnreadableIgnoreFileIsAUsageErrorBeforeAnyWork) {
    ScanRequest req;
    req.image = "oci:/nonexistent/image:latest";
    req.ignore_file = "/nonexistent/.trivyignore";
    CountingProgress progress;
    auto rep = scan(req, progress);
    ASSERT_FALSE(rep.has_value());
    EXPECT_EQ(rep.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(progress.phases, 0);  // neither the database nor the image was opened
    EXPECT_EQ(progress.finished, 1);
}

TEST(ScanStage, SbomOfAMissingImageFailsAndFinishesProgress) {
    ScanRequest req;
    req.kind = report::Kind::Sbom;
    req.image = "oci:/nonexistent/image:latest";
    req.ignore_file = "/nonexistent/.trivyignore";  // not read: an sbom has no findings
    CountingProgress progress;
    auto rep = scan(req, progress);
    ASSERT_FALSE(rep.has_value());
    EXPECT_NE(rep.error().code, ErrorCode::Internal);
    EXPECT_GE(progress.phases, 1);
    EXPECT_EQ(progress.finished, 1);
}

// A root filesystem whose rpm database cannot be read, and an empty advisory database.
struct IncompleteScan {
    std::filesystem::path root = test::temp_dir("scan-incomplete");
    IncompleteScan() {
        std::filesystem::create_directories(root / "fs/etc");
        std::filesystem::create_directories(root / "fs/var/lib/rpm");
        std::ofstream(root / "fs/etc/os-release") << "ID=rhel\nVERSION_ID=\"9.3\"\n";
        std::ofstream(root / "fs/var/lib/rpm/rpmdb.sqlite")
            << std::string("SQLite format 3") + '\0' + std::string(4000, '\xff');
        auto w = vuln::db::Writer::open(root / "db.sqlite");
        EXPECT_TRUE(w.has_value());
        if (w) {
            EXPECT_TRUE(w->commit("test").has_value());
        }
    }
    ScanRequest request(int exit_code, bool allow) const {
        ScanRequest req;
        req.image = "rootfs:" + (root / "fs").string();
        req.db_path = root / "db.sqlite";
        req.db_max_age = std::chrono::seconds(0);
        req.exit_code = exit_code;
        req.allow_incomplete = allow;
        req.scanners.config = false;  // image checks (no USER, no HEALTHCHECK) would trip it too
        return req;
    }
};

// An unreadable package database is not a clean scan: the gate fails closed.
TEST(ScanStage, IncompleteScanTripsTheGate) {
    IncompleteScan s;
    CountingProgress progress;
    auto rep = scan(s.request(1, false), progress);
    ASSERT_TRUE(rep.has_value()) << rep.error().to_string();
    EXPECT_TRUE(rep->findings.empty());
    EXPECT_TRUE(rep->gate.tripped);
    EXPECT_TRUE(rep->gate.incomplete);
    ASSERT_EQ(report::incomplete_inputs(*rep).size(), 1U);
    EXPECT_NE(report::incomplete_inputs(*rep)[0]->message.find("pkgdb/rpm"), std::string::npos);
}

TEST(ScanStage, AllowIncompletePassesTheGateAndStillSaysIt) {
    IncompleteScan s;
    CountingProgress progress;
    auto rep = scan(s.request(1, true), progress);
    ASSERT_TRUE(rep.has_value()) << rep.error().to_string();
    EXPECT_FALSE(rep->gate.tripped);
    EXPECT_FALSE(rep->gate.incomplete);
    EXPECT_EQ(report::incomplete_inputs(*rep).size(), 1U);
    // Without --exit-code there is no gate to trip.
    auto no_gate = scan(s.request(0, false), progress);
    ASSERT_TRUE(no_gate.has_value());
    EXPECT_FALSE(no_gate->gate.tripped);
}

// Without the vuln scanner no advisory database is opened: a missing one is no error.
TEST(ScanStage, WithoutVulnScannerNoDatabaseIsNeeded) {
    IncompleteScan s;
    CountingProgress progress;
    auto req = s.request(0, false);
    req.db_path = s.root / "missing" / "berth.db";
    auto with_vuln = scan(req, progress);
    EXPECT_FALSE(with_vuln.has_value());
    req.scanners.vuln = false;
    auto without = scan(req, progress);
    ASSERT_TRUE(without.has_value()) << without.error().to_string();
    EXPECT_TRUE(without->db.path.empty());
    EXPECT_FALSE(std::filesystem::exists(req.db_path));
}

// --scanners config: the image checks' failed rules join the rule results and trip the gate;
// --severity keeps only the levels asked for; without the config scanner there are none.
TEST(ScanStage, ConfigScannerAddsImageChecksBeforeTheGate) {
    IncompleteScan s;
    CountingProgress progress;
    auto req = s.request(1, true);
    req.scanners.config = true;
    auto rep = scan(req, progress);
    ASSERT_TRUE(rep.has_value()) << rep.error().to_string();
    std::set<std::string> ids;
    for (const auto& r : rep->rule_results) {
        EXPECT_EQ(r.outcome, check::Outcome::Fail);
        ids.insert(std::string(r.rule->id));
    }
    EXPECT_EQ(ids, (std::set<std::string>{"image/IC001", "image/IC008"}));  // root, no healthcheck
    EXPECT_TRUE(rep->gate.tripped);
    req.severities = {vuln::Level::Critical};
    auto critical = scan(req, progress);
    ASSERT_TRUE(critical.has_value());
    EXPECT_TRUE(critical->rule_results.empty());
    EXPECT_FALSE(critical->gate.tripped);
    req.severities.clear();
    req.scanners.config = false;
    auto without = scan(req, progress);
    ASSERT_TRUE(without.has_value());
    EXPECT_TRUE(without->rule_results.empty());
}

TEST(ScanStage, UuidIsVersion4ShapedAndReproducibleFromASeed) {
    const std::string a = make_uuid(std::string("seed"));
    EXPECT_EQ(a, make_uuid(std::string("seed")));
    EXPECT_NE(a, make_uuid(std::string("other")));
    ASSERT_EQ(a.size(), 36U);
    EXPECT_EQ(a[14], '4');
    EXPECT_NE(std::string("89ab").find(a[19]), std::string::npos);
    EXPECT_NE(make_uuid(std::nullopt), make_uuid(std::nullopt));
}

}  // namespace
}  // namespace berth::scan

// SPDX-License-Identifier: Apache-2.0
// The scan stage's own decisions: option parsing (any-case severities, durations) and that user
// mistakes come back as InvalidArgument before any image is read, with progress finished.
#include "scan/scan.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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

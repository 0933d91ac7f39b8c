// SPDX-License-Identifier: Apache-2.0
// The stable names of levels and statuses: reports, JSON and --severity parsing depend on them.
#include "vuln/finding.hpp"

#include <gtest/gtest.h>

#include <string_view>
#include <utility>
#include <vector>

namespace berth::vuln {
namespace {

TEST(FindingNames, Levels) {
    std::vector<std::pair<Level, std::string_view>> cases = {
        {Level::Unknown, "UNKNOWN"}, {Level::Low, "LOW"},           {Level::Medium, "MEDIUM"},
        {Level::High, "HIGH"},       {Level::Critical, "CRITICAL"},
    };
    for (const auto& [level, name] : cases) EXPECT_EQ(level_name(level), name);
    // Out-of-range values (a corrupt cast) still name something instead of crashing.
    EXPECT_EQ(level_name(static_cast<Level>(42)), "UNKNOWN");
}

TEST(FindingNames, Statuses) {
    std::vector<std::pair<FindingStatus, std::string_view>> cases = {
        {FindingStatus::Fixed, "fixed"},
        {FindingStatus::Affected, "affected"},
        {FindingStatus::WillNotFix, "will_not_fix"},
        {FindingStatus::EndOfLife, "end_of_life"},
        {FindingStatus::FixDeferred, "fix_deferred"},
    };
    for (const auto& [status, name] : cases) EXPECT_EQ(status_name(status), name);
}

}  // namespace
}  // namespace berth::vuln

// SPDX-License-Identifier: Apache-2.0
// docs/rules.md is generated from the rule lists: this test fails when it is stale, and
// rewrites it with BERTH_UPDATE_GOLDEN=1 (its one updater):
//   BERTH_UPDATE_GOLDEN=1 build/dev/tests/berth_unit_tests --gtest_filter='RulesDoc.*'
#include <gtest/gtest.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "audit/cis_docker/check.hpp"
#include "check/rule_kind.hpp"
#include "config/rule.hpp"
#include "imagecheck/imagecheck.hpp"
#include "lint/dockerfile/rule.hpp"
#include "test_support.hpp"

namespace berth::check {
namespace {

// Every rule kind berth has, in the order docs/rules.md lists them. Add a kind here.
std::array<const RuleKind*, 4> all_kinds() {
    return {&audit::cis::rule_kind(), &lint::dockerfile::rule_kind(), &imagecheck::rule_kind(),
            &config::rule_kind()};
}

TEST(RulesDoc, UpToDate) {
    const auto kinds = all_kinds();
    const std::string want = render_rules_markdown(kinds);
    const std::filesystem::path path = std::filesystem::path(BERTH_SOURCE_DIR) / "docs/rules.md";
    if (std::getenv("BERTH_UPDATE_GOLDEN") != nullptr) {
        std::ofstream(path, std::ios::binary) << want;
    }
    ASSERT_TRUE(std::filesystem::exists(path)) << "run with BERTH_UPDATE_GOLDEN=1";
    EXPECT_TRUE(test::read_text_file(path) == want)
        << "docs/rules.md is stale; regenerate: BERTH_UPDATE_GOLDEN=1 "
           "build/dev/tests/berth_unit_tests --gtest_filter='RulesDoc.*'";
}

TEST(RulesDoc, EveryKindValid) {
    for (const RuleKind* k : all_kinds()) {
        EXPECT_EQ(validate_rules(*k), std::vector<std::string>{}) << k->name;
    }
}

}  // namespace
}  // namespace berth::check

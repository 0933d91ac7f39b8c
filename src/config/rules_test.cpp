// SPDX-License-Identifier: Apache-2.0
// The runtime rules on the rule framework: metadata valid, every rule file listed, every rule
// with a failing (bad_*) and a passing (good_*) case in rules/testdata/<id>/ (Compose .yaml or
// docker inspect .json), documented in docs/rules.md; findings point at the compose key; --ignore.
#include <gtest/gtest.h>

#include <filesystem>

#include "check/rule_testing.hpp"
#include "config/compose.hpp"
#include "config/evaluate.hpp"
#include "config/inspect.hpp"
#include "core/text.hpp"
#include "test_support.hpp"

namespace berth::config {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = BERTH_SOURCE_DIR;

Result<std::vector<Container>> load_case(const fs::path& file) {
    if (file.extension() == ".json") {
        return load_inspect(test::read_text_file(file), file.filename().string());
    }
    ComposeOptions o;
    o.read_dot_env = false;
    auto p = load_compose_file(file, o);
    if (!p) return fail(p.error());
    return p->services;
}

TEST(ConfigRules, ValidMetadataAndEveryFileListed) {
    const auto rules = all_rules();
    for (const auto& r : rules) {
        ASSERT_NE(r.info, nullptr);
        EXPECT_NE(r.judge, nullptr) << r.info->id;
    }
    check::testing::expect_valid_kind(rule_kind());
    const std::size_t files = check::testing::expect_rule_files_listed(rule_kind(), kSource);
    EXPECT_EQ(rules.size(), files);
    EXPECT_GE(rules.size(), 20U);
    check::testing::expect_documented(rule_kind(), test::read_text_file(kSource / "docs/rules.md"));
}

TEST(ConfigRules, EveryRuleHasFailingAndPassingCases) {
    std::vector<check::testing::CaseResult> cases;
    const fs::path dir = kSource / "src/config/rules/testdata";
    std::size_t seen = 0;
    for (const auto& d : fs::directory_iterator(dir)) {
        if (!d.is_directory()) continue;
        const std::string id = "runtime/" + text::upper(d.path().filename().string());
        for (const auto& f : fs::directory_iterator(d.path())) {
            const std::string name = f.path().stem().string();
            auto containers = load_case(f.path());
            ASSERT_TRUE(containers.has_value())
                << f.path() << ": " << containers.error().to_string();
            ASSERT_EQ(containers->size(), 1U) << f.path();
            std::vector<std::string> failed_ids;
            bool failed = false;
            for (const auto& r : evaluate(*containers, all_rules())) {
                failed = failed || r.rule->id == id;
                failed_ids.push_back(std::string(r.rule->id));
            }
            const bool bad = name.starts_with("bad_");
            EXPECT_TRUE(bad || name.starts_with("good_")) << f.path();
            EXPECT_EQ(failed, bad) << id << " on " << f.path().filename().string() << ": "
                                   << testing::PrintToString(failed_ids);
            if (name.find("hardened") != std::string::npos || name.starts_with("good_")) {
                // A good case is the hardened service changed in one way: nothing else fails
                // except what that change implies (none of the cases imply another rule).
                EXPECT_TRUE(failed_ids.empty())
                    << f.path() << ": " << testing::PrintToString(failed_ids);
            }
            cases.push_back({id, name, failed ? check::Outcome::Fail : check::Outcome::Pass});
            ++seen;
        }
    }
    EXPECT_GE(seen, 80U);
    check::testing::expect_cases_cover(rule_kind(), cases);
}

TEST(ConfigRules, FindingsPointAtTheComposeKey) {
    const fs::path dir = test::temp_dir("config-rules");
    std::ofstream(dir / "compose.yaml") << "services:\n"
                                           "  web:\n"
                                           "    image: nginx\n"
                                           "    privileged: true\n"
                                           "    deploy:\n"
                                           "      resources: {limits: {cpus: '1'}}\n";
    auto p = load_compose_file(dir / "compose.yaml", {});
    ASSERT_TRUE(p.has_value()) << p.error().to_string();
    std::map<std::string, check::Location> at;
    for (const auto& r : evaluate(p->services, all_rules())) {
        at[std::string(r.rule->id)] = r.locations.at(0);
    }
    EXPECT_EQ(at["runtime/RT001"].line, 4U);
    EXPECT_EQ(at["runtime/RT001"].column, 5U);
    EXPECT_EQ(at["runtime/RT001"].object, "service web");
    EXPECT_EQ(at["runtime/RT001"].path, (dir / "compose.yaml").string());
    EXPECT_EQ(at["runtime/RT019"].line, 5U) << "no mem_limit: points at deploy";
    EXPECT_EQ(at["runtime/RT023"].line, 2U) << "no user: points at the service";
    EXPECT_EQ(at.count("runtime/RT020"), 0U) << "deploy.resources.limits.cpus is a CPU limit";
}

TEST(ConfigRules, IgnoreByShortOrFullIdAndRejectUnknown) {
    auto rules = select_rules({"RT001", "runtime/rt023"});
    ASSERT_TRUE(rules.has_value());
    EXPECT_EQ(rules->size(), all_rules().size() - 2);
    for (const auto& r : *rules) {
        EXPECT_NE(r.info->id, "runtime/RT001");
        EXPECT_NE(r.info->id, "runtime/RT023");
    }
    auto bad = select_rules({"RT999"});
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().message, "no runtime rule is called 'RT999'");
}

}  // namespace
}  // namespace berth::config

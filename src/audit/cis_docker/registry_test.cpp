// SPDX-License-Identifier: Apache-2.0
// The CIS check list on the rule framework: metadata valid (check::validate_rules), every file
// under checks/ in registry.cpp, every docker-bench-security check (shared data
// docker-bench/checks.tsv) with exactly one berth check of the same CIS number but for its
// placeholder examples, and every id documented in docs/cis.md and docs/rules.md.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "audit/cis_docker/check.hpp"
#include "audit/cis_docker/checks.hpp"
#include "check/rule_testing.hpp"
#include "test_support.hpp"

namespace berth::audit::cis {
namespace {

// docker-bench's example checks ("This is a example check …"): nothing to audit, not listed.
const std::set<std::string> kPlaceholders = {"C.1", "C.1.1"};

std::vector<std::string> docker_bench_ids(const std::filesystem::path& tsv) {
    std::ifstream in(tsv);
    std::vector<std::string> ids;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        if (!line.empty()) ids.push_back(line.substr(0, line.find('\t')));
    }
    return ids;
}

TEST(CisRegistry, CoversDockerBenchExactlyOnce) {
    auto data = test::shared_data_dir();
    if (!data) GTEST_SKIP() << "shared data absent: docker-bench/checks.tsv";
    const auto ids = docker_bench_ids(*data / "docker-bench/checks.tsv");
    ASSERT_EQ(ids.size(), 132U) << "docker-bench list changed";
    std::map<std::string, int> registered;
    for (const auto& c : all_checks()) ++registered[std::string(number(*c.info))];
    for (const auto& id : ids) {
        EXPECT_EQ(registered[id], kPlaceholders.count(id) != 0 ? 0 : 1)
            << "docker-bench check " << id;
    }
}

TEST(CisRegistry, ValidMetadataAndEveryFileListed) {
    const auto checks = all_checks();
    for (const auto& c : checks) {
        ASSERT_NE(c.info, nullptr) << "a table row factory was given an unknown number";
        EXPECT_NE(c.judge, nullptr) << c.info->id;
    }
    check::testing::expect_valid_kind(rule_kind());
    const std::size_t files =
        check::testing::expect_rule_files_listed(rule_kind(), BERTH_SOURCE_DIR);
    // One-check files + the tables (each one file of many checks, see docs/cis.md): 1.1.3–1.1.18
    // (16), 3.1–3.24 (24), manual and Enterprise (17), section 5 per container (22) and its
    // INFO listings (3), swarm 7.1–7.9 (9), C.5.3.1–C.5.3.4 (4), rootless R.1–R.4 (4).
    EXPECT_EQ(checks.size(), files - 8 + 16 + 24 + 17 + 22 + 3 + 9 + 4 + 4);
    EXPECT_EQ(rule_kind().rules().size(), checks.size());
}

TEST(CisRegistry, TableRowsByNumber) {
    EXPECT_EQ(make_cis_1_1_audit_rules("1.1.3").info->id, "cis-docker/1.1.3");
    EXPECT_EQ(make_cis_3_file_permissions("3.24").info->id, "cis-docker/3.24");
    // Unknown numbers give an empty Check, which the metadata test above would report.
    EXPECT_EQ(make_cis_1_1_audit_rules("1.1.2").info, nullptr);
    EXPECT_EQ(make_cis_1_1_audit_rules("").judge, nullptr);
    EXPECT_EQ(make_cis_3_file_permissions("3.25").info, nullptr);
    EXPECT_EQ(make_cis_manual_checks("8.2.1").info->id, "cis-docker/8.2.1");
    EXPECT_EQ(make_cis_manual_checks("4.1").info, nullptr) << "4.1 is judged, not manual";
    EXPECT_EQ(make_cis_5_containers("5.32").info->id, "cis-docker/5.32");
    EXPECT_EQ(make_cis_5_containers("5.18").judge, nullptr) << "5.18 is a notes row";
    EXPECT_EQ(make_cis_5_container_notes("5.30").info->id, "cis-docker/5.30");
    EXPECT_EQ(make_cis_7_swarm("7.9").info->id, "cis-docker/7.9");
    EXPECT_EQ(make_cis_7_swarm("7.10").info, nullptr);
    EXPECT_EQ(make_cis_c_5_3_capabilities("C.5.3.4").info->id, "cis-docker/C.5.3.4");
    EXPECT_EQ(make_cis_r_rootless("R.1").info->id, "cis-docker/R.1");
    EXPECT_EQ(make_cis_r_rootless("R.5").info, nullptr);
}

TEST(CisRegistry, SeveritiesFollowTheRisk) {
    std::map<std::string, check::Severity> sev;
    for (const auto& c : all_checks()) sev[std::string(number(*c.info))] = c.info->severity;
    EXPECT_EQ(sev["5.5"], check::Severity::High) << "privileged containers";
    EXPECT_EQ(sev["5.32"], check::Severity::High) << "docker.sock mounted";
    EXPECT_EQ(sev["3.16"], check::Severity::High) << "docker.sock permissions";
    EXPECT_EQ(sev["4.2"], check::Severity::Info) << "manual";
    EXPECT_EQ(sev["1.1.3"], check::Severity::Low) << "audit rules";
    for (const auto& c : all_checks()) {
        const Verdict v = c.judge(HostFacts{});
        if (!v.details.empty() && v.details[0].rfind("manual check: ", 0) == 0) {
            EXPECT_EQ(c.info->severity, check::Severity::Info) << c.info->id << " is manual";
        }
    }
}

TEST(CisRegistry, DocsListEveryCheck) {
    const std::string doc =
        test::read_text_file(std::filesystem::path(BERTH_SOURCE_DIR) / "docs/cis.md");
    for (const auto& c : all_checks()) {
        EXPECT_NE(doc.find("| " + std::string(number(*c.info)) + " |"), std::string::npos)
            << c.info->id << " missing from docs/cis.md";
    }
    check::testing::expect_documented(
        rule_kind(),
        test::read_text_file(std::filesystem::path(BERTH_SOURCE_DIR) / "docs/rules.md"));
    auto data = test::shared_data_dir();
    if (!data) GTEST_SKIP() << "shared data absent: docker-bench/checks.tsv";
    for (const auto& id : docker_bench_ids(*data / "docker-bench/checks.tsv")) {
        EXPECT_NE(doc.find("| " + id + " |"), std::string::npos)
            << id << " missing from docs/cis.md";
    }
}

}  // namespace
}  // namespace berth::audit::cis

// SPDX-License-Identifier: Apache-2.0
// The CIS check list: every docker-bench-security check (shared data docker-bench/checks.tsv)
// has exactly one berth check with the same id; every file under checks/ is in registry.cpp;
// ids are unique and sorted; docs/cis.md lists every id.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "audit/cis_docker/check.hpp"
#include "test_support.hpp"

namespace berth::audit::cis {
namespace {

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
    for (const auto& c : all_checks()) ++registered[std::string(c.info.id)];
    for (const auto& id : ids) EXPECT_EQ(registered[id], 1) << "docker-bench check " << id;
}

TEST(CisRegistry, UniqueSortedAndComplete) {
    const auto checks = all_checks();
    std::string previous;
    for (const auto& c : checks) {
        const std::string id(c.info.id);
        if (!previous.empty()) {
            EXPECT_TRUE(id_less(previous, id)) << previous << " before " << id;
        }
        previous = id;
        EXPECT_TRUE(c.info.level == 1 || c.info.level == 2) << id;
        EXPECT_FALSE(c.info.title.empty()) << id;
        EXPECT_FALSE(c.info.remediation.empty()) << id;
        EXPECT_FALSE(c.info.rationale.empty()) << id;
        EXPECT_NE(c.judge, nullptr) << id;
    }
    const std::filesystem::path dir =
        std::filesystem::path(BERTH_SOURCE_DIR) / "src/audit/cis_docker";
    const std::string registry = test::read_text_file(dir / "registry.cpp");
    std::size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir / "checks")) {
        const std::string stem = e.path().stem().string();
        if (e.path().extension() != ".cpp" || stem.find("_test") != std::string::npos) continue;
        ++files;
        EXPECT_NE(registry.find("make_" + stem + "()"), std::string::npos)
            << stem << " is not in registry.cpp";
    }
    // 108 one-check files + the section 3 table (24 checks).
    EXPECT_EQ(checks.size(), files - 1 + 24);
}

TEST(CisRegistry, DocsListEveryCheck) {
    const std::string doc =
        test::read_text_file(std::filesystem::path(BERTH_SOURCE_DIR) / "docs/cis.md");
    for (const auto& c : all_checks()) {
        EXPECT_NE(doc.find("| " + std::string(c.info.id) + " |"), std::string::npos)
            << c.info.id << " missing from docs/cis.md";
    }
    auto data = test::shared_data_dir();
    if (!data) GTEST_SKIP() << "shared data absent: docker-bench/checks.tsv";
    for (const auto& id : docker_bench_ids(*data / "docker-bench/checks.tsv")) {
        EXPECT_NE(doc.find("| " + id + " |"), std::string::npos)
            << id << " missing from docs/cis.md";
    }
}

}  // namespace
}  // namespace berth::audit::cis

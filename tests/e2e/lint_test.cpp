// SPDX-License-Identifier: Apache-2.0
// `berth lint` end to end: table, json and SARIF (file:line:column, rule metadata with the
// hadolint id), --exit-code gating, --severity, --ignore, .berth.yaml via --config, stdin, and
// the usage/runtime errors.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "test_support.hpp"

namespace berth {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path write_dockerfile(const std::string& text) {
    const fs::path dir = test::temp_dir("lint-cli");
    std::ofstream(dir / "Dockerfile") << text;
    return dir / "Dockerfile";
}

constexpr const char* kBad =
    "FROM alpine:latest\n"
    "RUN curl -fsSL https://example.com/i.sh | sh\n"
    "USER root\n";

TEST(LintCli, SarifHasPositionsAndHadolintIds) {
    const auto file = write_dockerfile(kBad);
    const auto r = test::run_berth({"lint", "--format", "sarif", file.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json doc = json::parse(r.out);
    const json& run = doc["runs"][0];
    std::map<std::string, json> results;
    for (const auto& res : run["results"]) results[res["ruleId"]] = res;
    ASSERT_TRUE(results.count("dockerfile/DF009")) << r.out;
    const json& region = results["dockerfile/DF009"]["locations"][0]["physicalLocation"]["region"];
    EXPECT_EQ(region["startLine"], 2);
    EXPECT_EQ(region["startColumn"], 1);
    bool hadolint = false;
    for (const auto& rule : run["tool"]["driver"]["rules"]) {
        if (rule["id"] != "dockerfile/DF006") continue;
        for (const auto& ref : rule["properties"]["references"])
            hadolint |= ref == "hadolint:DL3007";
    }
    EXPECT_TRUE(hadolint) << "DF006 names hadolint DL3007";
}

TEST(LintCli, ExitCodeSeverityAndIgnore) {
    const auto file = write_dockerfile(kBad);
    EXPECT_EQ(test::run_berth({"lint", "--exit-code", "4", file.string()}).exit_code, 4);
    // Only CRITICAL reported: nothing is, so the gate stays open.
    const auto crit =
        test::run_berth({"lint", "--exit-code", "4", "-s", "critical", file.string()});
    EXPECT_EQ(crit.exit_code, 0) << crit.out;
    const auto json_out = test::run_berth(
        {"lint", "-f", "json", "--ignore", "DL3007,DF009", "--ignore", "DF047", file.string()});
    ASSERT_EQ(json_out.exit_code, 0) << json_out.err;
    const json doc = json::parse(json_out.out);
    EXPECT_EQ(doc["kind"], "lint");
    std::set<std::string> ids;
    for (const auto& rr : doc["rule_results"]) ids.insert(rr["rule"]["id"]);
    EXPECT_EQ(ids, (std::set<std::string>{"dockerfile/DF002", "dockerfile/DF039"}));
    EXPECT_EQ(doc["rule_results"][0]["locations"][0]["column"], 1);
}

TEST(LintCli, ConfigFileAndStdin) {
    const auto file = write_dockerfile("FROM quay.io/x/y:1\nHEALTHCHECK CMD true\nUSER app\n");
    const fs::path config = file.parent_path() / "berth.yaml";
    std::ofstream(config) << "lint:\n  allowed-registries: [docker.io]\n";
    const auto r = test::run_berth({"lint", "--config", config.string(), file.string()});
    EXPECT_NE(r.out.find("DF043"), std::string::npos) << r.out;
    const char* env = std::getenv("BERTH_BIN");
    const std::string bin = env != nullptr ? env : std::string(BERTH_BINARY_DIR) + "/src/berth";
    const auto piped = test::run_shell("printf 'FROM ubuntu\\n' | " + bin + " lint -f json -");
    EXPECT_NE(piped.out.find("dockerfile/DF005"), std::string::npos) << piped.out;
}

TEST(LintCli, Errors) {
    const auto file = write_dockerfile(kBad);
    EXPECT_EQ(test::run_berth({"lint", "--ignore", "DL9999", file.string()}).exit_code, 2);
    EXPECT_EQ(test::run_berth({"lint", "-s", "urgent", file.string()}).exit_code, 2);
    EXPECT_EQ(test::run_berth({"lint", "-f", "cyclonedx", file.string()}).exit_code, 2);
    const auto missing = test::run_berth({"lint", "/nonexistent/Dockerfile"});
    EXPECT_EQ(missing.exit_code, 3);
    EXPECT_NE(missing.err.find("/nonexistent/Dockerfile"), std::string::npos) << missing.err;
    const auto help = test::run_berth({"lint", "--help"});
    EXPECT_NE(help.out.find("# hadolint ignore=DL3008"), std::string::npos);
}

}  // namespace
}  // namespace berth

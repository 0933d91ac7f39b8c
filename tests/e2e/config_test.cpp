// SPDX-License-Identifier: Apache-2.0
// `berth config` end to end: compose (table, json, SARIF with file:line and rule metadata),
// docker inspect JSON from a file and from stdin, --type, --profile, --exit-code, --severity,
// --ignore, and the usage/runtime errors. The live docker:// path is tested against a real
// dockerd in audit_test.cpp (LiveDockerd.ConfigDockerSharesTheAuditJudgement).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "test_support.hpp"

namespace berth {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kCompose =
    "services:\n"
    "  web:\n"
    "    image: nginx\n"
    "    privileged: true\n"
    "    volumes: [/var/run/docker.sock:/var/run/docker.sock]\n"
    "  debug:\n"
    "    image: busybox\n"
    "    profiles: [debug]\n"
    "    pid: host\n";

fs::path write_compose(const std::string& text = kCompose) {
    const fs::path dir = test::temp_dir("config-cli");
    std::ofstream(dir / "compose.yaml") << text;
    return dir / "compose.yaml";
}

std::set<std::string> rule_ids(const std::string& out) {
    std::set<std::string> ids;
    const json doc = json::parse(out);
    for (const auto& rr : doc["rule_results"]) ids.insert(rr["rule"]["id"].get<std::string>());
    return ids;
}

TEST(ConfigCli, SarifHasComposeLinesAndRuleMetadata) {
    const auto file = write_compose();
    const auto r = test::run_berth({"config", "--format", "sarif", file.string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json run = json::parse(r.out)["runs"][0];
    std::map<std::string, json> results;
    for (const auto& res : run["results"]) results[res["ruleId"]] = res;
    ASSERT_TRUE(results.count("runtime/RT001")) << r.out;
    const json& loc = results["runtime/RT001"]["locations"][0];
    EXPECT_EQ(loc["physicalLocation"]["artifactLocation"]["uri"], file.string());
    EXPECT_EQ(loc["physicalLocation"]["region"]["startLine"], 4);
    EXPECT_EQ(loc["logicalLocations"][0]["name"], "service web");
    EXPECT_EQ(results["runtime/RT014"]["locations"][0]["physicalLocation"]["region"]["startLine"],
              5);
    EXPECT_EQ(results.count("runtime/RT010"), 0U) << "the debug profile is not active";
    bool cis = false;
    for (const auto& rule : run["tool"]["driver"]["rules"]) {
        if (rule["id"] != "runtime/RT014") continue;
        for (const auto& ref : rule["properties"]["references"]) {
            cis |= ref == "cis:CIS Docker 1.6 5.32";
        }
    }
    EXPECT_TRUE(cis) << "RT014 names CIS 5.32";
}

TEST(ConfigCli, ProfilesExitCodeSeverityAndIgnore) {
    const auto file = write_compose();
    const auto debug =
        test::run_berth({"config", "-f", "json", "--profile", "debug", file.string()});
    ASSERT_EQ(debug.exit_code, 0) << debug.err;
    EXPECT_EQ(json::parse(debug.out)["kind"], "config");
    EXPECT_EQ(rule_ids(debug.out).count("runtime/RT010"), 1U);
    EXPECT_EQ(test::run_berth({"config", "--exit-code", "7", file.string()}).exit_code, 7);
    const auto crit = test::run_berth(
        {"config", "-f", "json", "--exit-code", "7", "-s", "critical", file.string()});
    EXPECT_EQ(crit.exit_code, 7) << "RT014 (docker.sock) is critical";
    EXPECT_EQ(rule_ids(crit.out), std::set<std::string>{"runtime/RT014"});
    const auto ignored = test::run_berth({"config", "-f", "json", "--exit-code", "7", "-s",
                                          "critical", "--ignore", "RT014", file.string()});
    EXPECT_EQ(ignored.exit_code, 0);
    EXPECT_TRUE(rule_ids(ignored.out).empty());
}

TEST(ConfigCli, InspectFileStdinAndType) {
    const fs::path dir = test::temp_dir("config-cli-inspect");
    const std::string inspect = R"([{"Id":"4f1c2a9d0e5b","Name":"/web","Config":{"User":"0"},)"
                                R"("HostConfig":{"NetworkMode":"host","Privileged":false}}])";
    std::ofstream(dir / "inspect.json") << inspect;
    const auto r = test::run_berth({"config", "-f", "json", (dir / "inspect.json").string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto ids = rule_ids(r.out);
    EXPECT_EQ(ids.count("runtime/RT009"), 1U);
    EXPECT_EQ(ids.count("runtime/RT023"), 1U);
    EXPECT_EQ(ids.count("runtime/RT001"), 0U);
    const json doc = json::parse(r.out);
    EXPECT_EQ(doc["target"]["source"], "inspect");
    const char* env = std::getenv("BERTH_BIN");
    const std::string bin = env != nullptr ? env : std::string(BERTH_BINARY_DIR) + "/src/berth";
    const auto piped = test::run_shell("cat " + (dir / "inspect.json").string() + " | " + bin +
                                       " config -f json -");
    EXPECT_NE(piped.out.find("runtime/RT009"), std::string::npos) << piped.out << piped.err;
    // --type compose reads the JSON as YAML (JSON is YAML): no services key, no findings.
    const auto as_compose = test::run_berth(
        {"config", "-f", "json", "--type", "compose", (dir / "inspect.json").string()});
    EXPECT_EQ(as_compose.exit_code, 3) << "a JSON array is not a compose mapping";
}

TEST(ConfigCli, Errors) {
    const auto file = write_compose();
    EXPECT_EQ(test::run_berth({"config", "--ignore", "RT999", file.string()}).exit_code, 2);
    EXPECT_EQ(test::run_berth({"config", "-s", "urgent", file.string()}).exit_code, 2);
    EXPECT_EQ(test::run_berth({"config", "-f", "cyclonedx", file.string()}).exit_code, 2);
    EXPECT_EQ(test::run_berth({"config", "--type", "k8s", file.string()}).exit_code, 2);
    EXPECT_EQ(test::run_berth({"config"}).exit_code, 2);
    const auto missing = test::run_berth({"config", "/nonexistent/compose.yaml"});
    EXPECT_EQ(missing.exit_code, 3);
    EXPECT_NE(missing.err.find("/nonexistent/compose.yaml"), std::string::npos) << missing.err;
    const auto bad = write_compose("services:\n  web:\n    privileged: maybe\n");
    const auto typed = test::run_berth({"config", bad.string()});
    EXPECT_EQ(typed.exit_code, 3);
    EXPECT_NE(typed.err.find("compose.yaml:3:17"), std::string::npos) << typed.err;
    const auto help = test::run_berth({"config", "--help"});
    EXPECT_NE(help.out.find("docker inspect web db | berth config -"), std::string::npos);
}

}  // namespace
}  // namespace berth

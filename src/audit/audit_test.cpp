// SPDX-License-Identifier: Apache-2.0
// run_checks and the audit report through the shared writers on hand-made results: docker-bench
// tags, the daemon said once, remediation under failures, colour, score and gate, selection
// errors.
#include "audit/audit.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "report/report.hpp"

namespace berth::audit {
namespace {

using check::Outcome;
using check::RuleResult;

constexpr check::RuleInfo kFailing{.id = "cis-docker/2.2",
                                   .title = "Restrict icc",
                                   .severity = check::Severity::Medium,
                                   .description = "Why.",
                                   .remediation = "Set icc=false.",
                                   .level = 1};
constexpr check::RuleInfo kManual{.id = "cis-docker/4.2",
                                  .title = "Trusted base images",
                                  .severity = check::Severity::Info,
                                  .description = "Why.",
                                  .remediation = "Review.",
                                  .automated = false,
                                  .scored = false};
constexpr check::RuleInfo kDaemon{.id = "cis-docker/5.5",
                                  .title = "No privileged containers",
                                  .severity = check::Severity::High,
                                  .description = "Why.",
                                  .remediation = "Drop --privileged.",
                                  .level = 2};

std::vector<RuleResult> sample() {
    return {
        {&kFailing, Outcome::Fail, "icc not false", {"second line"}, {}},
        {&kManual, Outcome::Info, "manual check: confirm base images", {}, {}},
        {&kDaemon, Outcome::Skipped, "needs the Docker daemon", {}, {}},
    };
}

std::string text_of(std::vector<RuleResult> results, const HostFacts& facts, bool colour = false) {
    return report::write_table(to_report(std::move(results), facts), colour);
}

HostFacts unreachable() {
    HostFacts f;
    f.root = "/mnt/host";
    f.engine.endpoint = "unix:///x.sock";
    f.engine.error = "Couldn't connect to server";
    return f;
}

TEST(AuditRender, TextTagsRemediationAndDaemonOnce) {
    const std::string text = text_of(sample(), unreachable());
    const std::string want =
        "# CIS Docker Benchmark v1.6.0 — berth audit host (root /mnt/host)\n"
        "# no Docker daemon reachable at unix:///x.sock (Couldn't connect to server); 1 checks "
        "that need it are skipped\n"
        "\n[INFO] 2 - Docker daemon configuration\n"
        "[WARN] 2.2 - Restrict icc (Automated)\n"
        "[WARN]      * icc not false\n"
        "[WARN]      * second line\n"
        "[WARN]      Remediation: Set icc=false.\n"
        "\n[INFO] 4 - Container Images and Build File\n"
        "[NOTE] 4.2 - Trusted base images (Manual)\n"
        "[NOTE]      * manual check: confirm base images\n"
        "\n[INFO] 5 - Container Runtime\n"
        "[SKIP] 5.5 - No privileged containers (Automated)\n"
        "[SKIP]      * needs the Docker daemon\n"
        "\n[INFO] Checks: 3 (PASS 0, WARN 1, INFO 0, NOTE 1, SKIP 1)\n"
        "[INFO] Score: -1\n";
    EXPECT_EQ(text, want);
}

TEST(AuditRender, ColourOnlyWhenAsked) {
    const std::string text = text_of(sample(), unreachable(), true);
    EXPECT_NE(text.find("[\033[1;31mWARN\033[0m] 2.2 - Restrict icc"), std::string::npos) << text;
    EXPECT_NE(text.find("[\033[1;33mNOTE\033[0m] 4.2"), std::string::npos) << text;
    EXPECT_NE(text.find("[\033[2mSKIP\033[0m] 5.5"), std::string::npos) << text;
    EXPECT_EQ(text_of(sample(), unreachable()).find('\033'), std::string::npos);
}

TEST(AuditRender, NoDaemonQueried) {
    HostFacts f;
    f.root = "/";
    f.warnings = {"etc/docker/daemon.json: not valid JSON"};
    const std::string text = text_of({}, f);
    EXPECT_NE(text.find("\n# warning: etc/docker/daemon.json: not valid JSON\n"), std::string::npos)
        << text;
    EXPECT_NE(text.find("\n# no Docker daemon queried (use --host unix://PATH or set "
                        "DOCKER_HOST)\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("Checks: 0 (PASS 0, WARN 0, INFO 0, NOTE 0, SKIP 0)"), std::string::npos);
}

TEST(AuditRender, JsonAndSarifCarryTheFramework) {
    const auto doc = nlohmann::json::parse(report::write_json(to_report(sample(), unreachable())));
    EXPECT_EQ(doc["kind"], "audit");
    const auto& c = doc["rule_results"][0];
    EXPECT_EQ(c["rule"]["id"], "cis-docker/2.2");
    EXPECT_EQ(c["outcome"], "fail");
    EXPECT_EQ(c["rule"]["severity"], "MEDIUM");
    EXPECT_EQ(c["message"], "icc not false");
    EXPECT_EQ(c["details"], nlohmann::json::array({"second line"}));
    EXPECT_EQ(doc["rule_results"][1]["outcome"], "info");
    EXPECT_EQ(doc["rule_summary"]["fail"], 1);
    EXPECT_EQ(doc["audit"]["score"], -1);
    EXPECT_EQ(doc["audit"]["root"], "/mnt/host");
    EXPECT_EQ(doc["audit"]["daemon"]["reachable"], false);
    const auto sarif =
        nlohmann::json::parse(report::write_sarif(to_report(sample(), unreachable())));
    const auto& run = sarif["runs"][0];
    const auto& results = run["results"];
    ASSERT_EQ(results.size(), 3U) << "an audit lists every check, skips included";
    EXPECT_EQ(results[0]["kind"], "fail");
    EXPECT_EQ(results[0]["level"], "warning");
    EXPECT_EQ(results[1]["kind"], "review");
    EXPECT_EQ(results[2]["kind"], "notApplicable");
    EXPECT_EQ(results[2]["level"], "none");
    EXPECT_EQ(run["properties"]["score"], -1);
    EXPECT_EQ(run["properties"]["root"], "/mnt/host");
}

TEST(AuditRender, ChecksInBenchmarkOrder) {
    constexpr check::RuleInfo k59{
        .id = "cis-docker/5.9", .title = "a", .description = "", .remediation = ""};
    constexpr check::RuleInfo k510{
        .id = "cis-docker/5.10", .title = "b", .description = "", .remediation = ""};
    const std::string text = text_of(
        {{&k510, Outcome::Pass, "", {}, {}}, {&k59, Outcome::Pass, "", {}, {}}}, unreachable());
    EXPECT_LT(text.find("5.9 - a"), text.find("5.10 - b")) << text;
}

TEST(AuditRun, ScoreGateAndTags) {
    auto r = sample();
    EXPECT_EQ(score(r), -1);
    EXPECT_TRUE(gate_failed(r, 1));
    EXPECT_FALSE(gate_failed(r, 2)) << "the failing check is level 1";
    r[0].outcome = Outcome::Pass;
    EXPECT_EQ(score(r), 1);
    EXPECT_FALSE(gate_failed(r, 1));
    EXPECT_EQ(report::audit_tag(r[0]), "PASS");
    EXPECT_EQ(report::audit_tag(r[1]), "NOTE");
    r[1].message = "3 images";
    EXPECT_EQ(report::audit_tag(r[1]), "INFO");
    EXPECT_EQ(report::audit_tag(RuleResult{&kFailing, Outcome::Error, "", {}, {}}), "ERROR");
}

TEST(AuditRun, SelectionAndMessages) {
    HostFacts f = unreachable();
    auto all = run_checks(f, {});
    ASSERT_TRUE(all.has_value());
    EXPECT_EQ(all->size(), 134U);
    for (const auto& r : *all) ASSERT_NE(r.rule, nullptr);
    auto some = run_checks(f, {{"5.5", "1.1"}, {"1.1.3"}});
    ASSERT_TRUE(some.has_value());
    std::vector<std::string> ids;
    for (const auto& r : *some) ids.emplace_back(r.rule->id);
    EXPECT_EQ(ids.front(), "cis-docker/1.1.1");
    EXPECT_EQ(std::count(ids.begin(), ids.end(), "cis-docker/1.1.3"), 0);
    EXPECT_EQ(ids.back(), "cis-docker/5.5");
    EXPECT_EQ(some->back().outcome, Outcome::Skipped);
    EXPECT_EQ(some->back().message, "needs the Docker daemon");
    EXPECT_TRUE(some->back().details.empty());
    auto bad = run_checks(f, {{"9.9"}, {}});
    ASSERT_FALSE(bad.has_value());
    EXPECT_EQ(bad.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(bad.error().message, "no CIS check has id 9.9");
    EXPECT_FALSE(run_checks(f, {{}, {"C.1"}}).has_value()) << "the placeholder is gone";
}

}  // namespace
}  // namespace berth::audit

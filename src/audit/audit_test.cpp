// SPDX-License-Identifier: Apache-2.0
// run_checks and the audit renderers on hand-made results: docker-bench tags, the daemon said
// once, remediation under failures, colour, score and gate, selection errors.
#include "audit/audit.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

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

HostFacts unreachable() {
    HostFacts f;
    f.root = "/mnt/host";
    f.engine.endpoint = "unix:///x.sock";
    f.engine.error = "Couldn't connect to server";
    return f;
}

TEST(AuditRender, TextTagsRemediationAndDaemonOnce) {
    const std::string text = render_text(sample(), unreachable());
    const std::string want =
        "# CIS Docker Benchmark v1.6 — berth audit host (root /mnt/host)\n"
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
    const std::string text = render_text(sample(), unreachable(), TextOptions{.color = true});
    EXPECT_NE(text.find("[\033[1;31mWARN\033[0m] 2.2 - Restrict icc"), std::string::npos) << text;
    EXPECT_NE(text.find("[\033[1;33mNOTE\033[0m] 4.2"), std::string::npos) << text;
    EXPECT_NE(text.find("[\033[2mSKIP\033[0m] 5.5"), std::string::npos) << text;
    EXPECT_EQ(render_text(sample(), unreachable()).find('\033'), std::string::npos);
}

TEST(AuditRender, NoDaemonQueried) {
    HostFacts f;
    f.root = "/";
    const std::string text = render_text({}, f);
    EXPECT_NE(text.find("\n# no Docker daemon queried (use --host unix://PATH or set "
                        "DOCKER_HOST)\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("Checks: 0 (PASS 0, WARN 0, INFO 0, NOTE 0, SKIP 0)"), std::string::npos);
}

TEST(AuditRender, JsonAndSarifCarryTheFramework) {
    const auto doc = nlohmann::json::parse(render_json(sample(), unreachable()));
    const auto& c = doc["checks"][0];
    EXPECT_EQ(c["id"], "2.2");
    EXPECT_EQ(c["rule"], "cis-docker/2.2");
    EXPECT_EQ(c["result"], "WARN");
    EXPECT_EQ(c["outcome"], "fail");
    EXPECT_EQ(c["severity"], "MEDIUM");
    EXPECT_EQ(c["details"], nlohmann::json::array({"icc not false", "second line"}));
    EXPECT_EQ(doc["checks"][1]["result"], "NOTE");
    EXPECT_EQ(doc["score"], -1);
    const auto sarif = nlohmann::json::parse(render_sarif(sample(), unreachable()));
    const auto& results = sarif["runs"][0]["results"];
    EXPECT_EQ(results[0]["kind"], "fail");
    EXPECT_EQ(results[0]["level"], "warning");
    EXPECT_EQ(results[1]["kind"], "review");
    EXPECT_EQ(results[2]["kind"], "notApplicable");
    EXPECT_EQ(results[2]["level"], "none");
}

TEST(AuditRun, ScoreGateAndTags) {
    auto r = sample();
    EXPECT_EQ(score(r), -1);
    EXPECT_TRUE(gate_failed(r, 1));
    EXPECT_FALSE(gate_failed(r, 2)) << "the failing check is level 1";
    r[0].outcome = Outcome::Pass;
    EXPECT_EQ(score(r), 1);
    EXPECT_FALSE(gate_failed(r, 1));
    EXPECT_EQ(docker_bench_tag(r[0]), "PASS");
    EXPECT_EQ(docker_bench_tag(r[1]), "NOTE");
    r[1].message = "3 images";
    EXPECT_EQ(docker_bench_tag(r[1]), "INFO");
    EXPECT_EQ(docker_bench_tag(RuleResult{&kFailing, Outcome::Error, "", {}, {}}), "ERROR");
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

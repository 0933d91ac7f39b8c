// SPDX-License-Identifier: Apache-2.0
// The CI examples in docs/ci/ cannot go stale: every `berth` line of the GitHub Actions workflow
// and the GitLab job is run (with $IMAGE a test image, $BERTH_DB a test database, the feeds
// pointed at a closed port), and the pre-commit hook's entry from .pre-commit-hooks.yaml is run
// on a clean and a bad Dockerfile. A renamed option or format makes its line exit 2 here.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "core/text.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace berth::test {
namespace {

std::string berth_dir() {
    const char* bin = std::getenv("BERTH_BIN");
    const fs::path b = bin != nullptr ? fs::path(bin) : fs::path(BERTH_BINARY_DIR) / "src/berth";
    return b.parent_path().string();
}

fs::path ci_file(const std::string& name) {
    return fs::path(BERTH_SOURCE_DIR) / "docs/ci" / name;
}

// The `berth …` lines of a shell snippet (a `run:` block or a `script:` item).
void berth_lines(const std::string& snippet, std::vector<std::string>& out) {
    std::string_view rest = snippet;
    while (!rest.empty()) {
        const std::string_view line = text::trim(text::next_line(rest));
        if (line.starts_with("berth ")) out.emplace_back(line);
    }
}

std::vector<std::string> github_commands() {
    std::vector<std::string> out;
    const YAML::Node doc = YAML::LoadFile(ci_file("github-actions.yml").string());
    for (const auto& job : doc["jobs"])
        for (const auto& step : job.second["steps"])
            if (step["run"]) berth_lines(step["run"].as<std::string>(), out);
    return out;
}

std::vector<std::string> gitlab_commands() {
    std::vector<std::string> out;
    const YAML::Node doc = YAML::LoadFile(ci_file("gitlab-ci.yml").string());
    for (const auto& job : doc)
        if (job.second.IsMap() && job.second["script"])
            for (const auto& line : job.second["script"]) berth_lines(line.as<std::string>(), out);
    return out;
}

// A working directory with a Dockerfile, a test database and the image archive, and the
// environment the CI job would give the commands.
struct Workspace {
    fs::path dir;
    std::string env;
};

std::optional<Workspace> workspace() {
    auto fixtures = fixture_images_dir();
    if (!fixtures || !fs::exists(*fixtures / "built.docker.tar")) return std::nullopt;
    Workspace w{temp_dir("ci-examples"), ""};
    std::ofstream(w.dir / "Dockerfile") << "FROM debian:12\nUSER nobody\n";
    const fs::path db = w.dir / "db.sqlite";
    auto import = run_berth({"db", "import", "--db", db.string(),
                             std::string(BERTH_SOURCE_DIR) + "/tests/e2e/testdata/advisories/osv"});
    EXPECT_EQ(import.exit_code, 0) << import.err;
    // Feeds at a closed port: `berth db update` runs and fails on the network (exit 3), leaving
    // the database as it was.
    const std::string dead = "http://127.0.0.1:1";
    w.env =
        "cd " + sh_quote(w.dir.string()) + " && PATH=" + sh_quote(berth_dir()) +
        ":$PATH IMAGE=" + sh_quote("docker-archive:" + (*fixtures / "built.docker.tar").string()) +
        " BERTH_DB=" + sh_quote(db.string()) +
        " XDG_CACHE_HOME=" + sh_quote((w.dir / "cache").string()) + " BERTH_FEED=osv=" + dead +
        ",alpine=" + dead + ",debian=" + dead + " ";
    return w;
}

void run_examples(const std::vector<std::string>& commands, const Workspace& w) {
    for (const auto& command : commands) {
        SCOPED_TRACE(command);
        auto r = run_shell(w.env + "sh -c " + sh_quote(command) + " 2>&1");
        if (command.starts_with("berth db update")) {
            EXPECT_EQ(r.exit_code, 3) << "expected the network failure, got: " << r.out;
            EXPECT_NE(r.out.find("127.0.0.1:1"), std::string::npos) << r.out;
            continue;
        }
        EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1)
            << "exit " << r.exit_code << " (2 = usage error: the example is stale):\n"
            << r.out;
    }
}

void expect_json_file(const fs::path& path) {
    ASSERT_TRUE(fs::exists(path)) << path;
    EXPECT_FALSE(nlohmann::json::parse(read_text_file(path), nullptr, false).is_discarded())
        << path;
}

TEST(CiExamples, GithubActionsCommandsRun) {
    auto w = workspace();
    if (!w) GTEST_SKIP() << "fixture images absent (scripts/test.sh builds them)";
    const auto commands = github_commands();
    ASSERT_GE(commands.size(), 4U) << "db update, lint, scan to SARIF, the gate";
    run_examples(commands, *w);
    expect_json_file(w->dir / "berth.sarif");
    expect_json_file(w->dir / "berth-lint.sarif");
}

TEST(CiExamples, GitlabJobCommandsRunAndWriteTheReport) {
    auto w = workspace();
    if (!w) GTEST_SKIP() << "fixture images absent (scripts/test.sh builds them)";
    const auto commands = gitlab_commands();
    ASSERT_GE(commands.size(), 3U);
    run_examples(commands, *w);
    const fs::path report = w->dir / "gl-container-scanning-report.json";
    expect_json_file(report);
    const auto doc = nlohmann::json::parse(read_text_file(report));
    EXPECT_EQ(doc["scan"]["type"], "container_scanning");
    // The artifact path the job declares is the file the scan wrote.
    const YAML::Node job = YAML::LoadFile(ci_file("gitlab-ci.yml").string())["container_scanning"];
    EXPECT_EQ(job["artifacts"]["reports"]["container_scanning"].as<std::string>(),
              report.filename().string());
}

TEST(CiExamples, PreCommitHookPassesCleanAndStopsBadDockerfiles) {
    const YAML::Node hooks =
        YAML::LoadFile((fs::path(BERTH_SOURCE_DIR) / ".pre-commit-hooks.yaml").string());
    ASSERT_TRUE(hooks.IsSequence());
    const YAML::Node hook = hooks[0];
    ASSERT_EQ(hook["id"].as<std::string>(), "berth-lint");
    // The example config names a hook that exists.
    const YAML::Node config = YAML::LoadFile(ci_file("pre-commit-config.yaml").string());
    EXPECT_EQ(config["repos"][0]["hooks"][0]["id"].as<std::string>(), "berth-lint");

    // pre-commit matches `files` with Python's re.search on the path.
    const std::regex files(hook["files"].as<std::string>(), std::regex::ECMAScript);
    for (const char* path :
         {"Dockerfile", "docker/Dockerfile.prod", "Containerfile", "app.dockerfile"})
        EXPECT_TRUE(std::regex_search(path, files)) << path;
    for (const char* path : {"README.md", "Dockerfiles/notes.txt", "src/dockerfile.cpp"})
        EXPECT_FALSE(std::regex_search(path, files)) << path;

    const fs::path dir = temp_dir("pre-commit");
    std::ofstream(dir / "Dockerfile.good")
        << "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends "
           "curl && rm -rf /var/lib/apt/lists/*\nUSER nobody\n";
    std::ofstream(dir / "Dockerfile.bad")
        << "FROM debian:12\nARG GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789\n"
           "RUN curl -sSL https://example.com/install.sh | sh\n";
    const std::string entry = "cd " + sh_quote(dir.string()) + " && PATH=" + sh_quote(berth_dir()) +
                              ":$PATH " + hook["entry"].as<std::string>() + " ";
    auto good = run_shell(entry + "Dockerfile.good 2>&1");
    EXPECT_EQ(good.exit_code, 0) << good.out;
    auto bad = run_shell(entry + "Dockerfile.bad 2>&1");
    EXPECT_EQ(bad.exit_code, 1) << bad.out;
    EXPECT_NE(bad.out.find("DF042"), std::string::npos) << bad.out;
}

}  // namespace
}  // namespace berth::test

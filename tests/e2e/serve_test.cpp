// SPDX-License-Identifier: Apache-2.0
// `berth serve` end to end: the real binary, Debian's docker-registry 2.8 configured to notify
// it, skopeo pushing a fixture image, a Python notification sink (tests/e2e/serve/receiver.py):
//
//   push → webhook → scan (pulling from the registry) → API shows packages; a duplicate
//   delivery and a second tag do not scan again; malformed and oversized bodies get 4xx and
//   store nothing; `berth db import` of a new advisory → re-match without pulling →
//   a notification naming the image and the new vulnerability.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "test_support.hpp"

namespace berth::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const fs::path kSource = fs::path(BERTH_SOURCE_DIR);

std::string berth_bin() {
    if (const char* v = std::getenv("BERTH_BIN"); v != nullptr && *v != '\0') return v;
    return (fs::path(BERTH_BINARY_DIR) / "src" / "berth").string();
}

// A background process (its pid, not its name, is signalled when the object goes).
class Process {
  public:
    Process(const std::string& command, const fs::path& log) {
        auto r = run_shell(command + " >" + sh_quote(log.string()) + " 2>&1 & echo $!");
        pid_ = std::atoi(r.out.c_str());
    }
    ~Process() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGTERM);
        for (int i = 0; i < 40 && ::kill(pid_, 0) == 0; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        ::kill(pid_, SIGKILL);
    }
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

  private:
    int pid_ = 0;
};

// curl; returns "BODY STATUS".
RunResult curl(const std::string& args) {
    return run_shell("curl -s -w ' %{http_code}' " + args);
}

json get_json(const std::string& url) {
    auto r = run_shell("curl -s " + sh_quote(url));
    return json::parse(r.out, nullptr, false);
}

// Polls `pred` every 200 ms for up to `seconds`.
template <typename Pred>
bool eventually(int seconds, Pred pred) {
    for (int i = 0; i < seconds * 5; ++i) {
        if (pred()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return false;
}

bool wait_http(const std::string& url) {
    return eventually(20, [&] { return run_shell("curl -sf -o /dev/null " + url).exit_code == 0; });
}

void write_file(const fs::path& p, const std::string& text) {
    std::ofstream(p) << text;
}

std::string registry_config(const fs::path& dir, int port, int serve_port) {
    return "version: 0.1\nlog: {level: info}\nstorage:\n  filesystem: {rootdirectory: " +
           (dir / "data").string() +
           "}\n  delete: {enabled: true}\nhttp:\n  addr: 127.0.0.1:" + std::to_string(port) +
           "\nnotifications:\n  endpoints:\n    - name: berth\n      url: http://127.0.0.1:" +
           std::to_string(serve_port) +
           "/webhooks/registry\n      headers: {Authorization: [Bearer hook-secret]}\n"
           "      timeout: 2s\n      threshold: 5\n      backoff: 1s\n"
           "      ignoredmediatypes: [application/octet-stream]\n";
}

// An OSV advisory against Debian 12's bash that every bookworm bash is affected by.
constexpr const char* kBashAdvisory = R"({
  "schema_version": "1.6.0", "id": "BERTH-SERVE-2026-0001", "aliases": ["CVE-2026-99901"],
  "modified": "2026-12-01T00:00:00Z", "published": "2026-12-01T00:00:00Z",
  "summary": "test advisory: every bookworm bash",
  "affected": [{"package": {"ecosystem": "Debian:12", "name": "bash"},
    "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "99.0-1"}]}]}],
  "severity": [{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}]
})";

TEST(ServeE2e, PushScanDedupRejectAndRematchNotify) {
    auto fixtures = fixture_images_dir();
    if (!fixtures) GTEST_SKIP() << "fixture images absent: run tests/fixtures/build-images.sh";
    if (!have_tool("docker-registry") || !have_tool("skopeo") || !have_tool("curl")) {
        GTEST_SKIP() << "docker-registry, skopeo or curl missing: scripts/install-deps.sh";
    }
    const fs::path dir = temp_dir("serve-e2e");
    const fs::path advisories = kSource / "tests/e2e/testdata/advisories/osv";
    const std::string db = (dir / "advisories.db").string();
    auto imp = run_berth({"db", "import", "--db", db, advisories.string()});
    ASSERT_EQ(imp.exit_code, 0) << imp.err;

    BackgroundServer sink(kSource / "tests/e2e/serve/receiver.py",
                          sh_quote((dir / "notes.jsonl").string()), dir / "sink.port");
    ASSERT_TRUE(sink.up());
    const int serve_port = free_tcp_port();
    const std::string api = "http://127.0.0.1:" + std::to_string(serve_port);
    Process serve("exec " + sh_quote(berth_bin()) +
                      " serve --listen 127.0.0.1:" + std::to_string(serve_port) + " --data-dir " +
                      sh_quote((dir / "serve").string()) + " --db " + sh_quote(db) +
                      " --webhook-secret hook-secret --db-poll 1s --notify " + sink.url() + "/n",
                  dir / "serve.log");
    ASSERT_TRUE(wait_http(api + "/healthz")) << read_text_file(dir / "serve.log");

    const int reg_port = free_tcp_port();
    const std::string reg = "127.0.0.1:" + std::to_string(reg_port);
    write_file(dir / "registry.yml", registry_config(dir, reg_port, serve_port));
    Process registry("exec docker-registry serve " + sh_quote((dir / "registry.yml").string()),
                     dir / "registry.log");
    ASSERT_TRUE(wait_http("http://" + reg + "/v2/"));

    const std::string oci = "oci:" + (*fixtures / "oci").string() + ":minimal";
    auto pushed = run_shell("skopeo copy -q --dest-tls-verify=false " + oci + " docker://" + reg +
                            "/demo/minimal:1.0");
    ASSERT_EQ(pushed.exit_code, 0) << pushed.err;

    json images;
    ASSERT_TRUE(eventually(180,
                           [&] {
                               images = get_json(api + "/api/v1/images");
                               return images.contains("images") && images["images"].size() == 1 &&
                                      images["images"][0]["state"] != "queued" &&
                                      images["images"][0]["state"] != "scanning";
                           }))
        << images.dump() << "\n"
        << read_text_file(dir / "serve.log");
    const json img = images["images"][0];
    ASSERT_EQ(img["state"], "scanned") << img.dump() << "\n" << read_text_file(dir / "serve.log");
    EXPECT_EQ(img["repository"], "demo/minimal");
    EXPECT_EQ(img["tags"], json({"1.0"}));
    EXPECT_EQ(img["scans"], 1);
    const std::string digest = img["digest"];

    const json detail = get_json(api + "/api/v1/images/" + digest);
    bool has_bash = false;
    for (const auto& p : detail["packages"]) has_bash = has_bash || p["name"] == "bash";
    EXPECT_TRUE(has_bash) << detail.dump().substr(0, 500);
    EXPECT_TRUE(detail["findings"].empty()) << "no advisory matches minimal yet";
    auto spdx = run_shell("curl -s '" + api + "/api/v1/images/" + digest + "/sbom?format=spdx'");
    EXPECT_NE(spdx.out.find("\"spdxVersion\""), std::string::npos);
    auto cdx = run_shell("curl -s '" + api + "/api/v1/images/" + digest + "/sbom'");
    EXPECT_NE(cdx.out.find("\"bomFormat\""), std::string::npos);

    // A duplicate delivery (as the registry retries) and a second tag of the same manifest.
    const std::string envelope =
        R"({"events":[{"action":"push","target":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":")" +
        digest + R"(","repository":"demo/minimal","url":"http://)" + reg +
        R"(/v2/demo/minimal/manifests/x"}}]})";
    write_file(dir / "dup.json", envelope);
    const std::string post =
        "-H 'Content-Type: application/vnd.docker.distribution.events.v2+json' ";
    auto dup = curl(post + "-H 'Authorization: Bearer hook-secret' --data-binary @" +
                    sh_quote((dir / "dup.json").string()) + " " + api + "/webhooks/registry");
    EXPECT_NE(dup.out.find("\"queued\":0"), std::string::npos) << dup.out;
    EXPECT_NE(dup.out.find(" 200"), std::string::npos) << dup.out;
    ASSERT_EQ(run_shell("skopeo copy -q --src-tls-verify=false --dest-tls-verify=false docker://" +
                        reg + "/demo/minimal:1.0 docker://" + reg + "/demo/minimal:latest")
                  .exit_code,
              0);
    ASSERT_TRUE(eventually(20, [&] {
        auto j = get_json(api + "/api/v1/images/" + digest);
        return j.value("tags", json()) == json({"1.0", "latest"});
    }));
    EXPECT_EQ(get_json(api + "/api/v1/images/" + digest)["scans"], 1) << "no second scan";

    // Bad deliveries: no secret, garbage, oversized.
    auto unauth = curl(post + "--data-binary @" + sh_quote((dir / "dup.json").string()) + " " +
                       api + "/webhooks/registry");
    EXPECT_NE(unauth.out.find(" 401"), std::string::npos) << unauth.out;
    auto garbage =
        curl(post + "-H 'Authorization: Bearer hook-secret' --data-binary '{\"events\":[{' " + api +
             "/webhooks/registry");
    EXPECT_NE(garbage.out.find("not valid JSON"), std::string::npos) << garbage.out;
    EXPECT_NE(garbage.out.find(" 400"), std::string::npos) << garbage.out;
    auto big = run_shell("head -c 2000000 /dev/zero | tr '\\0' ' ' | curl -s -w ' %{http_code}' " +
                         post + "-H 'Authorization: Bearer hook-secret' --data-binary @- " + api +
                         "/webhooks/registry");
    EXPECT_NE(big.out.find(" 413"), std::string::npos) << big.out;
    EXPECT_NE(big.out.find("request body over"), std::string::npos) << big.out;
    EXPECT_EQ(get_json(api + "/api/v1/images")["images"].size(), 1U);

    // A new advisory: the watcher sees the database change and re-matches the stored SBOM.
    fs::create_directories(dir / "new");
    write_file(dir / "new/BERTH-SERVE-2026-0001.json", kBashAdvisory);
    auto imp2 =
        run_berth({"db", "import", "--db", db, advisories.string(), (dir / "new").string()});
    ASSERT_EQ(imp2.exit_code, 0) << imp2.err;
    std::string notes;
    ASSERT_TRUE(eventually(60, [&] {
        std::ifstream in(dir / "notes.jsonl");
        notes.assign(std::istreambuf_iterator<char>(in), {});
        return !notes.empty();
    })) << read_text_file(dir / "serve.log");
    const json note = json::parse(notes.substr(0, notes.find('\n')), nullptr, false);
    ASSERT_FALSE(note.is_discarded()) << notes;
    EXPECT_EQ(note["type"], "berth.findings.new");
    EXPECT_EQ(note["image"]["digest"], digest);
    EXPECT_EQ(note["image"]["repository"], "demo/minimal");
    ASSERT_EQ(note["new_findings"].size(), 1U) << note.dump();
    EXPECT_EQ(note["new_findings"][0]["id"], "CVE-2026-99901");
    EXPECT_EQ(note["new_findings"][0]["package"], "bash");
    EXPECT_EQ(note["new_findings"][0]["severity"], "CRITICAL");
    const json after = get_json(api + "/api/v1/images/" + digest);
    EXPECT_EQ(after["scans"], 1) << "the re-match pulled nothing";
    ASSERT_EQ(after["findings"].size(), 1U);
    EXPECT_EQ(after["findings"][0]["id"], "CVE-2026-99901");
}

}  // namespace
}  // namespace berth::test

// SPDX-License-Identifier: Apache-2.0
// End-to-end tests of the registry and docker-daemon sources against real servers that each
// test starts and stops: Debian's docker-registry 2.8 (no auth, htpasswd bcrypt, Bearer token
// through tests/e2e/registry/token_server.py), a fault-injecting proxy (proxy.py), and a
// private dockerd. The oracle is berth's own output for the same image read from the OCI
// layout or docker-archive on disk: a registry or daemon must change nothing but the source.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "registry_fixture.hpp"
#include "test_support.hpp"

namespace berth::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;
using namespace registry_fixture;  // NOLINT(google-build-using-namespace): the test's own fixture

RunResult berth_sh(const std::string& args, const std::string& env = "",
                   const std::string& stdin_text = "") {
    std::string cmd = stdin_text.empty() ? "" : "printf '%s' '" + stdin_text + "' | ";
    return run_shell(cmd + env + (env.empty() ? "" : " ") + "'" + berth_bin() + "' " + args);
}

// The sbom JSON without what names the source.
json sbom_body(const std::string& out) {
    json j = json::parse(out, nullptr, false);
    if (j.is_discarded()) return json("unparsable: " + out.substr(0, 200));
    j.erase("created");  // the report's time
    if (j.contains("target")) {
        j["target"].erase("reference");
        j["target"].erase("name");
        j["target"].erase("source");
    }
    return j;
}

// The inspect JSON without what names the source (and the report's time).
json inspect_body(const std::string& out) {
    json j = sbom_body(out);
    if (j.contains("image")) {
        j["image"].erase("location");
        j["image"].erase("reference");
    }
    return j;
}

#define REQUIRE_TOOLS()                                                                         \
    auto fixtures = fixture_images_dir();                                                       \
    if (!fixtures) GTEST_SKIP() << "fixture images absent: run tests/fixtures/build-images.sh"; \
    if (!have_tool("docker-registry") || !have_tool("skopeo") || !have_tool("htpasswd"))        \
    GTEST_SKIP() << "docker-registry, skopeo or htpasswd missing: scripts/install-deps.sh"

std::string oci(const fs::path& fixtures, const std::string& tag) {
    return "oci:" + (fixtures / "oci").string() + ":" + tag;
}

TEST(RegistrySource, AnonymousSbomAndInspectEqualTheOciLayout) {
    REQUIRE_TOOLS();
    Registry reg(Auth::None);
    ASSERT_TRUE(reg.ready());
    for (std::string tag : {"minimal", "layered"}) {
        SCOPED_TRACE(tag);
        ASSERT_TRUE(reg.push(oci(*fixtures, tag), "berth/" + tag + ":v1"));
        const std::string ref = reg.host() + "/berth/" + tag + ":v1";
        auto want = berth_sh("sbom -q --no-cache --format json '" + oci(*fixtures, tag) + "'");
        auto got = berth_sh("sbom -q --no-cache --format json " + ref);
        ASSERT_EQ(got.exit_code, 0) << got.err;
        EXPECT_EQ(sbom_body(got.out), sbom_body(want.out));
        EXPECT_GT(sbom_body(got.out)["packages"].size(), 50U);
        auto iwant = berth_sh("inspect --format json '" + oci(*fixtures, tag) + "'");
        auto igot = berth_sh("inspect --format json " + ref);
        ASSERT_EQ(igot.exit_code, 0) << igot.err;
        EXPECT_EQ(inspect_body(igot.out), inspect_body(iwant.out));
        EXPECT_EQ(json::parse(igot.out)["target"]["source"], "registry");
    }
    // Docker schema 2 manifests (skopeo --format v2s2) recompress nothing: same inventory.
    auto r =
        run_shell("skopeo copy -q --dest-tls-verify=false --format v2s2 '" +
                  oci(*fixtures, "minimal") + "' docker://" + reg.host() + "/berth/minimal:v2s2");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto v2 = berth_sh("inspect --format json " + reg.host() + "/berth/minimal:v2s2");
    ASSERT_EQ(v2.exit_code, 0) << v2.err;
    EXPECT_EQ(json::parse(v2.out)["image"]["manifest_media_type"],
              "application/vnd.docker.distribution.manifest.v2+json");
    // By digest, and a tag that does not exist.
    auto by_digest = berth_sh("inspect --format json " + reg.host() + "/berth/minimal@" +
                              json::parse(v2.out)["target"]["manifest_digest"].get<std::string>());
    EXPECT_EQ(by_digest.exit_code, 0) << by_digest.err;
    auto missing = berth_sh("inspect " + reg.host() + "/berth/minimal:nope");
    EXPECT_EQ(missing.exit_code, 3);
    EXPECT_NE(missing.err.find("not-found"), std::string::npos) << missing.err;
}

TEST(RegistrySource, HtpasswdBasicAuthFromFlagsConfigAndHelper) {
    REQUIRE_TOOLS();
    Registry reg(Auth::Htpasswd);
    ASSERT_TRUE(reg.ready());
    ASSERT_TRUE(reg.push(oci(*fixtures, "minimal"), "berth/minimal:v1"));
    const std::string ref = reg.host() + "/berth/minimal:v1";
    auto want = sbom_body(
        berth_sh("sbom -q --no-cache --format json '" + oci(*fixtures, "minimal") + "'").out);
    const fs::path empty_cfg = temp_dir("berth-dockercfg-empty");
    const std::string no_cfg = "DOCKER_CONFIG='" + empty_cfg.string() + "'";

    auto anon = berth_sh("sbom -q --no-cache " + ref, no_cfg);
    EXPECT_EQ(anon.exit_code, 3);
    EXPECT_NE(anon.err.find("unauthorized"), std::string::npos) << anon.err;

    auto wrong =
        berth_sh("sbom -q --no-cache --username alice --password-stdin " + ref, no_cfg, "wrong");
    EXPECT_EQ(wrong.exit_code, 3);
    EXPECT_NE(wrong.err.find("unauthorized"), std::string::npos) << wrong.err;

    auto flags =
        berth_sh("sbom -q --no-cache --format json --username alice --password-stdin " + ref,
                 no_cfg, kPassword);
    ASSERT_EQ(flags.exit_code, 0) << flags.err;
    EXPECT_EQ(sbom_body(flags.out), want);

    // ~/.docker/config.json "auths" with base64 user:password.
    const fs::path cfg = temp_dir("berth-dockercfg");
    {
        auto b64 =
            run_shell(std::string("printf '%s' '") + kUser + ":" + kPassword + "' | base64 -w0");
        std::ofstream(cfg / "config.json")
            << json{{"auths", {{reg.host(), {{"auth", b64.out}}}}}}.dump();
    }
    auto from_cfg =
        berth_sh("sbom -q --no-cache --format json " + ref, "DOCKER_CONFIG='" + cfg.string() + "'");
    ASSERT_EQ(from_cfg.exit_code, 0) << from_cfg.err;
    EXPECT_EQ(sbom_body(from_cfg.out), want);

    // credHelpers: a real docker-credential-* program on PATH, run with the server on stdin.
    const fs::path helper_dir = temp_dir("berth-credhelper");
    {
        std::ofstream h(helper_dir / "docker-credential-berthtest");
        h << "#!/bin/sh\n[ \"$1\" = get ] || exit 1\nread server\necho \"$server\" >'"
          << (helper_dir / "asked").string() << "'\nprintf '{\"ServerURL\":\"%s\",\"Username\":\""
          << kUser << "\",\"Secret\":\"" << kPassword << "\"}' \"$server\"\n";
    }
    fs::permissions(helper_dir / "docker-credential-berthtest", fs::perms::owner_all);
    const fs::path cfg2 = temp_dir("berth-dockercfg-helper");
    std::ofstream(cfg2 / "config.json")
        << json{{"credHelpers", {{reg.host(), "berthtest"}}}}.dump();
    auto from_helper = berth_sh(
        "sbom -q --no-cache --format json " + ref,
        "PATH='" + helper_dir.string() + ":/usr/bin:/bin' DOCKER_CONFIG='" + cfg2.string() + "'");
    ASSERT_EQ(from_helper.exit_code, 0) << from_helper.err;
    EXPECT_EQ(sbom_body(from_helper.out), want);
    EXPECT_EQ(read_text_file(helper_dir / "asked"), reg.host() + "\n");
}

TEST(RegistrySource, BearerTokenFlow) {
    REQUIRE_TOOLS();
    if (run_shell("python3 -c 'import cryptography'").exit_code != 0) {
        GTEST_SKIP() << "python3-cryptography missing: scripts/install-deps.sh";
    }
    Registry reg(Auth::Token);
    ASSERT_TRUE(reg.ready());
    ASSERT_TRUE(reg.push(oci(*fixtures, "layered"), "berth/layered:v1"));
    const std::string ref = reg.host() + "/berth/layered:v1";
    const fs::path empty_cfg = temp_dir("berth-dockercfg-empty");
    const std::string no_cfg = "DOCKER_CONFIG='" + empty_cfg.string() + "'";
    auto anon = berth_sh("inspect " + ref, no_cfg);
    EXPECT_EQ(anon.exit_code, 3);
    EXPECT_NE(anon.err.find("token service refused (HTTP 401)"), std::string::npos) << anon.err;
    auto got = berth_sh("sbom -q --no-cache --format json --username alice --password-stdin " + ref,
                        no_cfg, kPassword);
    ASSERT_EQ(got.exit_code, 0) << got.err;
    auto want = berth_sh("sbom -q --no-cache --format json '" + oci(*fixtures, "layered") + "'");
    EXPECT_EQ(sbom_body(got.out), sbom_body(want.out));
}

TEST(RegistrySource, MultiPlatformIndexSelectsEachPlatform) {
    REQUIRE_TOOLS();
    Registry reg(Auth::None);
    ASSERT_TRUE(reg.ready());
    const fs::path layout = temp_dir("berth-multi") / "oci";
    auto made = run_shell("python3 '" + (kHelpers / "make_multiplatform.py").string() + "' '" +
                          (*fixtures / "oci").string() + "' minimal '" + layout.string() + "'");
    ASSERT_EQ(made.exit_code, 0) << made.err;
    const std::string amd64_manifest = made.out.substr(0, made.out.find(' '));
    std::string arm64_manifest = made.out.substr(made.out.find(' ') + 1);
    arm64_manifest.erase(arm64_manifest.find_last_not_of("\n") + 1);
    ASSERT_TRUE(reg.push("oci:" + layout.string() + ":multi", "berth/multi:v1", /*all=*/true));
    const std::string ref = reg.host() + "/berth/multi:v1";
    struct Case {
        std::string platform, arch, manifest;
    };
    for (const Case& c : {Case{"linux/amd64", "amd64", amd64_manifest},
                          Case{"linux/arm64", "arm64", arm64_manifest},
                          Case{"linux/arm64/v8", "arm64", arm64_manifest}}) {
        SCOPED_TRACE(c.platform);
        auto r = berth_sh("inspect --format json --platform " + c.platform + " " + ref);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        json j = json::parse(r.out);
        EXPECT_EQ(j["image"]["platform"]["architecture"], c.arch);
        EXPECT_EQ(j["target"]["manifest_digest"], c.manifest);
    }
    auto none = berth_sh("inspect --platform linux/s390x " + ref);
    EXPECT_EQ(none.exit_code, 3);
    EXPECT_NE(none.err.find("linux/amd64, linux/arm64/v8"), std::string::npos) << none.err;
}

TEST(RegistrySource, RetriesA429HonouringRetryAfter) {
    REQUIRE_TOOLS();
    Registry reg(Auth::None);
    ASSERT_TRUE(reg.ready());
    ASSERT_TRUE(reg.push(oci(*fixtures, "minimal"), "berth/minimal:v1"));
    const fs::path log = temp_dir("berth-proxy") / "proxy.log";
    const int port = free_tcp_port();
    Service proxy("exec python3 '" + (kHelpers / "proxy.py").string() + "' " +
                      std::to_string(port) + " " + std::to_string(reg.port()) + " 429-once 1",
                  log);
    ASSERT_TRUE(wait_port(port));
    auto start = std::chrono::steady_clock::now();
    auto r =
        berth_sh("inspect --format json 127.0.0.1:" + std::to_string(port) + "/berth/minimal:v1");
    auto took = std::chrono::steady_clock::now() - start;
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_GE(took, std::chrono::milliseconds(950));  // waited the Retry-After second
    auto lines = read_text_file(log);
    EXPECT_NE(lines.find("\" 429 "), std::string::npos) << lines;
    EXPECT_NE(lines.find("manifests/v1 HTTP/1.1\" 200"), std::string::npos) << lines;
}

TEST(RegistrySource, RegistryStoppedMidBlobIsAnErrorAndNothingIsCached) {
    REQUIRE_TOOLS();
    Registry reg(Auth::None);
    ASSERT_TRUE(reg.ready());
    ASSERT_TRUE(reg.push(oci(*fixtures, "minimal"), "berth/minimal:v1"));
    const fs::path dir = temp_dir("berth-cut");
    const int port = free_tcp_port();
    Service proxy("exec python3 '" + (kHelpers / "proxy.py").string() + "' " +
                      std::to_string(port) + " " + std::to_string(reg.port()) + " cut-blob " +
                      std::to_string(reg.pid()),
                  dir / "proxy.log");
    ASSERT_TRUE(wait_port(port));
    auto r = berth_sh("sbom -q --cache-dir '" + (dir / "cache").string() +
                      "' 127.0.0.1:" + std::to_string(port) + "/berth/minimal:v1");
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("connection lost after"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("[truncated]"), std::string::npos) << r.err;
    EXPECT_FALSE(port_open(reg.port()));  // the registry really is gone
    std::size_t entries = 0;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir / "cache", ec); !ec && it != fs::end(it);
         ++it)
        ++entries;
    EXPECT_EQ(entries, 0U) << "a partial cache entry was written";
}

TEST(RegistrySource, TamperedBlobIsADigestMismatch) {
    REQUIRE_TOOLS();
    Registry reg(Auth::None);
    ASSERT_TRUE(reg.ready());
    ASSERT_TRUE(reg.push(oci(*fixtures, "minimal"), "berth/minimal:v1"));
    auto inspect = berth_sh("inspect --format json " + reg.host() + "/berth/minimal:v1");
    ASSERT_EQ(inspect.exit_code, 0) << inspect.err;
    const std::string digest = json::parse(inspect.out)["layers"][0]["digest"].get<std::string>();
    const fs::path data = reg.dir() / "data/docker/registry/v2/blobs/sha256" / digest.substr(7, 2) /
                          digest.substr(7) / "data";
    ASSERT_TRUE(fs::exists(data)) << data;
    // Flip one byte in the middle of the stored layer (the registry serves it as is).
    auto flip = run_shell(
        "python3 -c \"import sys;f=open(sys.argv[1],'r+b');f.seek(1<<20);b=f.read(1);f.seek(1<<20);"
        "f.write(bytes([b[0]^1]))\" '" +
        data.string() + "'");
    ASSERT_EQ(flip.exit_code, 0) << flip.err;
    const fs::path cache = temp_dir("berth-tamper-cache");
    auto r = berth_sh("sbom -q --cache-dir '" + cache.string() + "' " + reg.host() +
                      "/berth/minimal:v1");
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_NE(r.err.find("[digest-mismatch]"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::is_empty(cache));
}

TEST(RegistrySource, WarmRescanFetchesNoLayer) {
    REQUIRE_TOOLS();
    Registry reg(Auth::None);
    ASSERT_TRUE(reg.ready());
    ASSERT_TRUE(reg.push(oci(*fixtures, "layered"), "berth/layered:v1"));
    const fs::path cache = temp_dir("berth-warm-cache");
    const std::string args = "sbom -q --format json --cache-dir '" + cache.string() + "' " +
                             reg.host() + "/berth/layered:v1";
    const int before = reg.blob_gets();
    auto cold = berth_sh(args);
    ASSERT_EQ(cold.exit_code, 0) << cold.err;
    const int after_cold = reg.blob_gets();
    EXPECT_EQ(after_cold - before, 5);  // config + 4 layers
    auto warm = berth_sh(args);
    ASSERT_EQ(warm.exit_code, 0) << warm.err;
    EXPECT_EQ(reg.blob_gets() - after_cold, 1);  // the config only
    EXPECT_EQ(json::parse(warm.out)["cache"]["layers_from_cache"], 4);
    EXPECT_EQ(sbom_body(warm.out)["packages"], sbom_body(cold.out)["packages"]);
}

// --- docker-daemon: ---------------------------------------------------------------------------

bool wait_socket(const fs::path& sock) {
    for (int i = 0; i < 300; ++i) {
        if (fs::exists(sock)) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

// berth sbom of docker-daemon:NAME through DOCKER_HOST equals the docker-archive's.
void expect_daemon_equals_archive(const std::string& docker_host, const fs::path& archive,
                                  const std::string& name) {
    auto want =
        berth_sh("sbom -q --no-cache --format json 'docker-archive:" + archive.string() + "'");
    ASSERT_EQ(want.exit_code, 0) << want.err;
    auto got = berth_sh("sbom -q --no-cache --format json docker-daemon:" + name,
                        "DOCKER_HOST=" + docker_host);
    ASSERT_EQ(got.exit_code, 0) << got.err;
    EXPECT_EQ(sbom_body(got.out), sbom_body(want.out));
    EXPECT_EQ(json::parse(got.out)["target"]["source"], "docker-daemon");
    auto missing =
        berth_sh("inspect docker-daemon:berth/none:latest", "DOCKER_HOST=" + docker_host);
    EXPECT_EQ(missing.exit_code, 3);
    EXPECT_NE(missing.err.find("no such image in the daemon"), std::string::npos) << missing.err;
}

TEST(DockerDaemonSource, RealDockerdGivesTheArchiveInventory) {
    auto fixtures = fixture_images_dir();
    if (!fixtures) GTEST_SKIP() << "fixture images absent: run tests/fixtures/build-images.sh";
    if (!have_tool("dockerd") || !have_tool("docker"))
        GTEST_SKIP() << "dockerd missing: scripts/install-deps.sh";
    // Short path: unix socket names are limited to 108 bytes.
    const fs::path d = temp_dir("bd");
    const std::string host = "unix://" + (d / "docker.sock").string();
    Service dockerd("exec dockerd --data-root '" + (d / "data").string() + "' --exec-root '" +
                        (d / "exec").string() + "' --host " + host + " --pidfile '" +
                        (d / "docker.pid").string() +
                        "' --bridge none --iptables=false --ip6tables=false",
                    d / "dockerd.log", 15000);
    ASSERT_TRUE(wait_socket(d / "docker.sock")) << read_text_file(d / "dockerd.log");
    auto load = run_shell("DOCKER_HOST=" + host + " docker load -q -i '" +
                          (*fixtures / "layered.docker.tar").string() + "'");
    ASSERT_EQ(load.exit_code, 0) << load.err;
    expect_daemon_equals_archive(host, *fixtures / "layered.docker.tar", "berth/layered:latest");
}

TEST(DockerDaemonSource, PodmanDockerCompatibleApiGivesTheArchiveInventory) {
    auto fixtures = fixture_images_dir();
    if (!fixtures) GTEST_SKIP() << "fixture images absent: run tests/fixtures/build-images.sh";
    if (!have_tool("podman")) GTEST_SKIP() << "podman missing: scripts/install-deps.sh";
    const fs::path p = temp_dir("bp");
    std::ofstream(p / "containers.conf")
        << "[containers]\ndefault_ulimits = [\"nofile=1024:1024\", \"nproc=1024:1024\"]\n"
           "netns = \"none\"\n[engine]\nruntime = \"runc\"\ncgroup_manager = \"cgroupfs\"\n"
           "events_logger = \"file\"\n";
    std::ofstream(p / "storage.conf")
        << "[storage]\ndriver = \"vfs\"\ngraphroot = \"" << (p / "root").string()
        << "\"\nrunroot = \"" << (p / "run").string() << "\"\n";
    const std::string env = "CONTAINERS_CONF='" + (p / "containers.conf").string() +
                            "' CONTAINERS_STORAGE_CONF='" + (p / "storage.conf").string() + "'";
    const std::string podman = env + " podman --tmpdir '" + (p / "tmp").string() + "'";
    const std::string host = "unix://" + (p / "podman.sock").string();
    Service service("exec env " + podman + " system service --time=0 " + host, p / "service.log",
                    5000);
    ASSERT_TRUE(wait_socket(p / "podman.sock")) << read_text_file(p / "service.log");
    auto load =
        run_shell(podman + " load -q -i '" + (*fixtures / "minimal.docker.tar").string() + "'");
    ASSERT_EQ(load.exit_code, 0) << load.err;
    expect_daemon_equals_archive(host, *fixtures / "minimal.docker.tar", "berth/minimal:latest");
}

}  // namespace
}  // namespace berth::test

// SPDX-License-Identifier: Apache-2.0
// End-to-end: `berth scan --scanners config` runs the image checks (src/imagecheck/) and reports
// failed rules with their layer and instruction, in JSON, SARIF and the table, and the gate
// trips on them.
//  - built.docker.tar (podman build, tests/fixtures/build-images.sh): setuid files made by a RUN,
//    each with its owning package, no HEALTHCHECK, the latest tag, USER nobody (IC001 passes);
//  - an image built here (python tarfile → docker-archive) with one file or setting per check.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "test_support.hpp"

namespace berth::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// rule id → its result
std::map<std::string, json> image_results(const json& doc) {
    std::map<std::string, json> out;
    for (const auto& r : doc.at("rule_results")) {
        const std::string id = r.at("rule").at("id").get<std::string>();
        if (id.starts_with("image/")) out[id] = r;
    }
    return out;
}

const json* location_at(const json& result, const std::string& path) {
    for (const auto& l : result.at("locations")) {
        if (l.at("path") == path) return &l;
    }
    return nullptr;
}

TEST(ImageChecksCli, BuiltFixture) {
    auto dir = fixture_images_dir();
    if (!dir || !fs::exists(*dir / "built.docker.tar"))
        GTEST_SKIP() << "fixture absent: built.docker.tar (run tests/fixtures/build-images.sh)";
    const std::string image = "docker-archive:" + (*dir / "built.docker.tar").string();
    auto r =
        run_berth({"scan", "-q", "--scanners", "config", "--format", "json", "--no-cache", image});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json doc = json::parse(r.out);
    auto results = image_results(doc);
    std::set<std::string> ids;
    for (const auto& [id, _] : results) ids.insert(id);
    EXPECT_EQ(ids, (std::set<std::string>{"image/IC002", "image/IC008", "image/IC011"}));
    for (const auto& [id, res] : results) EXPECT_EQ(res.at("outcome"), "fail") << id;

    // Setuid files: made by the first RUN (layer 1), each with its owning package.
    const json& setuid = results["image/IC002"];
    const auto& layers = doc.at("target").at("layers");
    ASSERT_EQ(layers.size(), 3U);
    const json* passwd = location_at(setuid, "usr/bin/passwd");
    ASSERT_NE(passwd, nullptr) << setuid.dump();
    EXPECT_EQ(passwd->at("layer"), layers[1].at("diff_id"));
    EXPECT_NE(passwd->at("created_by").get<std::string>().find("chmod 4755"), std::string::npos);
    EXPECT_EQ(passwd->at("object"), "setuid uid 0 (mode 4755), package passwd");
    const json* suid = location_at(setuid, "usr/local/bin/berth-suid");
    ASSERT_NE(suid, nullptr);
    EXPECT_EQ(suid->at("object"), "setuid uid 0 (mode 4755), no package");
    EXPECT_EQ(location_at(setuid, "usr/bin/newgrp"), nullptr) << "replaced by a later layer";
    EXPECT_EQ(setuid.at("rule").at("scored"), false);

    // The gate: IC008 and IC011 are scored failures.
    auto gated = run_berth({"scan", "-q", "--scanners", "config", "--exit-code", "4", "--format",
                            "json", "--no-cache", image});
    EXPECT_EQ(gated.exit_code, 4) << gated.err;
    // Without the config scanner there is no image check.
    auto vuln_only = run_berth({"sbom", "-q", "--format", "json", "--no-cache", image});
    ASSERT_EQ(vuln_only.exit_code, 0) << vuln_only.err;
    EXPECT_FALSE(json::parse(vuln_only.out).contains("rule_results"));
}

// A docker-archive with two layers built by python's tarfile (modes the test chooses):
//   layer 0 (COPY): srv/ 0777, tmp/ 1777, etc/app.conf 0666, usr/local/bin/suid 4755,
//                   root/.docker/config.json with an auth, usr/sbin/sshd
//   layer 1 (RUN apt-get update): var/lib/apt/lists/x_Packages (1000 bytes)
// config: no User, Env DB_PASSWORD, Cmd sshd, build argument NPM_TOKEN, no healthcheck,
// RepoTags example.com/app:latest.
fs::path make_image(const fs::path& dir) {
    const fs::path script = dir / "make.py";
    std::ofstream(script) << R"PY(
import hashlib, io, json, sys, tarfile
out = sys.argv[1]
def layer(entries):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, kind, mode, data in entries:
            ti = tarfile.TarInfo(name)
            ti.mode = mode
            ti.mtime = 0
            if kind == "dir":
                ti.type = tarfile.DIRTYPE
                t.addfile(ti)
            else:
                ti.size = len(data)
                t.addfile(ti, io.BytesIO(data))
    return buf.getvalue()
l0 = layer([("srv", "dir", 0o777, b""), ("tmp", "dir", 0o1777, b""),
            ("etc/app.conf", "file", 0o666, b"x=1\n"),
            ("usr/local/bin/suid", "file", 0o4755, b"\x7fELF"),
            ("usr/sbin/sshd", "file", 0o755, b"\x7fELF"),
            ("root/.docker/config.json", "file", 0o600,
             b'{"auths": {"ghcr.io": {"auth": "dXNlcjpwYXNz"}}}')])
l1 = layer([("var/lib/apt/lists/x_Packages", "file", 0o644, b"P" * 1000)])
ids = ["sha256:" + hashlib.sha256(l).hexdigest() for l in (l0, l1)]
config = {
    "architecture": "amd64", "os": "linux",
    "config": {"Env": ["PATH=/usr/bin", "DB_PASSWORD=hunter2hunter2"], "Cmd": ["/usr/sbin/sshd", "-D"]},
    "rootfs": {"type": "layers", "diff_ids": ids},
    "history": [
        {"created_by": "COPY . / # buildkit"},
        {"created_by": "ENV DB_PASSWORD=hunter2hunter2", "empty_layer": True},
        {"created_by": "RUN |1 NPM_TOKEN=npm_secret_value /bin/sh -c apt-get update # buildkit"},
    ],
}
cfg = json.dumps(config).encode()
manifest = [{"Config": "config.json", "RepoTags": ["example.com/app:latest"],
             "Layers": ["l0.tar", "l1.tar"]}]
with tarfile.open(out, "w") as t:
    for name, data in (("l0.tar", l0), ("l1.tar", l1), ("config.json", cfg),
                       ("manifest.json", json.dumps(manifest).encode())):
        ti = tarfile.TarInfo(name)
        ti.size = len(data)
        t.addfile(ti, io.BytesIO(data))
print(ids[0]); print(ids[1])
)PY";
    const fs::path archive = dir / "app.docker.tar";
    auto r = run_shell("python3 '" + script.string() + "' '" + archive.string() + "'");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return archive;
}

TEST(ImageChecksCli, EveryCheckOnABuiltArchive) {
    const fs::path dir = temp_dir("berth-image-checks");
    const std::string image = "docker-archive:" + make_image(dir).string();
    auto r = run_berth({"scan", "-q", "--scanners", "config", "--format", "json", "--no-cache",
                        "--trusted-registry", "docker.io", image});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const json doc = json::parse(r.out);
    auto results = image_results(doc);
    std::set<std::string> ids;
    for (const auto& [id, _] : results) ids.insert(id);
    EXPECT_EQ(ids,
              (std::set<std::string>{"image/IC001", "image/IC002", "image/IC003", "image/IC004",
                                     "image/IC005", "image/IC006", "image/IC007", "image/IC008",
                                     "image/IC010", "image/IC011", "image/IC012"}));
    const auto& layers = doc.at("target").at("layers");
    ASSERT_EQ(layers.size(), 2U);
    const std::string l0 = layers[0].at("diff_id");
    const std::string l1 = layers[1].at("diff_id");

    const json& ww = results["image/IC003"];
    ASSERT_NE(location_at(ww, "srv"), nullptr) << ww.dump();
    EXPECT_EQ(location_at(ww, "srv")->at("layer"), l0);
    EXPECT_EQ(location_at(ww, "srv")->at("created_by"), "COPY . / # buildkit");
    ASSERT_NE(location_at(ww, "etc/app.conf"), nullptr);
    EXPECT_EQ(location_at(ww, "tmp"), nullptr) << "sticky";
    EXPECT_EQ(ww.at("locations").size(), 2U);

    const json* cred = location_at(results["image/IC006"], "root/.docker/config.json");
    ASSERT_NE(cred, nullptr);
    EXPECT_EQ(cred->at("layer"), l0);

    const json* cache = location_at(results["image/IC007"], "var/lib/apt/lists");
    ASSERT_NE(cache, nullptr);
    EXPECT_EQ(cache->at("layer"), l1);
    EXPECT_EQ(cache->at("object"), "1 file, 1000 B");

    // Secrets: Env and the build argument, values redacted in every rule result.
    const json& secrets = results["image/IC005"];
    EXPECT_EQ(secrets.at("details"), json::array({"Env DB_PASSWORD", "build argument NPM_TOKEN"}));
    // (The report's target layers show the history as the image has it, like `berth inspect`.)
    const std::string rules_text = doc.at("rule_results").dump();
    EXPECT_EQ(rules_text.find("hunter2hunter2"), std::string::npos);
    EXPECT_EQ(rules_text.find("npm_secret_value"), std::string::npos);
    EXPECT_EQ(r.out.find("dXNlcjpwYXNz"), std::string::npos);

    const json& update = results["image/IC012"];
    EXPECT_EQ(update.at("locations").at(0).at("layer"), l1);

    // SARIF carries the rules with their equivalent ids; the table lists them by kind.
    auto sarif =
        run_berth({"scan", "-q", "--scanners", "config", "--format", "sarif", "--no-cache", image});
    ASSERT_EQ(sarif.exit_code, 0) << sarif.err;
    const json s = json::parse(sarif.out);
    bool found = false;
    for (const auto& rule : s.at("runs").at(0).at("tool").at("driver").at("rules")) {
        if (rule.at("id") != "image/IC005") continue;
        found = true;
        const auto& refs = rule.at("properties").at("references");
        EXPECT_NE(std::find(refs.begin(), refs.end(), "dockle:CIS-DI-0010"), refs.end());
    }
    EXPECT_TRUE(found) << "no image/IC005 rule in the SARIF driver";
    auto table = run_berth({"scan", "-q", "--scanners", "config", "--no-cache", image});
    ASSERT_EQ(table.exit_code, 0) << table.err;
    EXPECT_NE(table.out.find("[FAIL] image/IC006 - Do not ship credential files in the image"),
              std::string::npos)
        << table.out;
    EXPECT_NE(table.out.find("at root/.docker/config.json"), std::string::npos);
}

}  // namespace
}  // namespace berth::test

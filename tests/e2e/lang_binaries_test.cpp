// SPDX-License-Identifier: Apache-2.0
// Rust binaries and Java archives end to end: a docker-archive built here (python tarfile) with
// Trivy's cargo-auditable test.elf in one layer and its maven.war in the next; `berth sbom` lists
// the crates and the Maven artifacts (nested jars located OUTER!/ENTRY) with the layer and
// instruction that added each, and `berth scan` matches them through the crates.io and Maven
// OSV ecosystems. The shared advisories hold no record for these packages, so the two OSV
// records are written here (made up, named TEST-*): what they test is the matching path
// (purl type → ecosystem, Maven "group:artifact" names), not real findings.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "test_support.hpp"

namespace berth {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Fixture {
    fs::path archive;
    std::string layer1;  // diff_id of the Rust binary's layer
    std::string layer2;  // diff_id of the war's layer
};

std::optional<Fixture> make_image(const fs::path& dir, const fs::path& data) {
    const fs::path script = dir / "make.py";
    std::ofstream(script) << R"PY(
import hashlib, io, json, sys, tarfile
out, elf, war = sys.argv[1:4]
def layer(files):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        for name, mode, data in files:
            ti = tarfile.TarInfo(name)
            ti.mode = mode
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
    return buf.getvalue()
l0 = layer([("etc/os-release", 0o644, b'ID=debian\nVERSION_ID="12"\n')])
l1 = layer([("usr/local/bin/rustapp", 0o755, open(elf, "rb").read())])
l2 = layer([("opt/app/maven.war", 0o644, open(war, "rb").read())])
ids = ["sha256:" + hashlib.sha256(l).hexdigest() for l in (l0, l1, l2)]
config = {"architecture": "amd64", "os": "linux", "config": {},
          "rootfs": {"type": "layers", "diff_ids": ids},
          "history": [{"created_by": "ADD rootfs /"},
                      {"created_by": "COPY rustapp /usr/local/bin/rustapp # buildkit"},
                      {"created_by": "COPY maven.war /opt/app/ # buildkit"}]}
manifest = [{"Config": "config.json", "RepoTags": ["example.com/langbin:1"],
             "Layers": ["l0.tar", "l1.tar", "l2.tar"]}]
with tarfile.open(out, "w") as t:
    for name, data in (("l0.tar", l0), ("l1.tar", l1), ("l2.tar", l2),
                       ("config.json", json.dumps(config).encode()),
                       ("manifest.json", json.dumps(manifest).encode())):
        ti = tarfile.TarInfo(name)
        ti.size = len(data)
        t.addfile(ti, io.BytesIO(data))
print(ids[1]); print(ids[2])
)PY";
    Fixture f{dir / "langbin.docker.tar", {}, {}};
    auto r = test::run_shell(
        "python3 " + test::sh_quote(script.string()) + " " + test::sh_quote(f.archive.string()) +
        " " + test::sh_quote((data / "binaries/trivy/rust/binary/testdata/test.elf").string()) +
        " " + test::sh_quote((data / "binaries/trivy/java/jar/testdata/maven.war").string()));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    if (r.exit_code != 0) return std::nullopt;
    const auto nl = r.out.find('\n');
    f.layer1 = r.out.substr(0, nl);
    f.layer2 = r.out.substr(nl + 1, r.out.find('\n', nl + 1) - nl - 1);
    return f;
}

// Made-up OSV records (see the header) for one crate and one Maven artifact of the fixture.
void write_advisories(const fs::path& dir) {
    fs::create_directories(dir);
    std::ofstream(dir / "TEST-CRATE-1.json") << R"({"schema_version":"1.4.0","id":"TEST-CRATE-1",
      "modified":"2026-01-01T00:00:00Z","summary":"test record for library_crate",
      "affected":[{"package":{"ecosystem":"crates.io","name":"library_crate"},
        "ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"0.2.0"}]}]}]})";
    std::ofstream(dir / "TEST-MAVEN-1.json") << R"({"schema_version":"1.4.0","id":"TEST-MAVEN-1",
      "modified":"2026-01-01T00:00:00Z","summary":"test record for jackson-databind",
      "affected":[{"package":{"ecosystem":"Maven",
          "name":"com.fasterxml.jackson.core:jackson-databind"},
        "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"2.9.0"},{"fixed":"2.9.10.7"}]}]}]})";
}

TEST(LangBinariesE2e, RustAndJarPackagesWithLayersAndMatches) {
    auto data = test::shared_data_dir();
    if (!data || !fs::exists(*data / "binaries/trivy/rust/binary/testdata/test.elf") ||
        !fs::exists(*data / "binaries/trivy/java/jar/testdata/maven.war")) {
        GTEST_SKIP() << "shared data absent: binaries/trivy/rust, binaries/trivy/java";
    }
    const fs::path dir = test::temp_dir("lang-binaries");
    auto fixture = make_image(dir, *data);
    ASSERT_TRUE(fixture);
    const std::string image = "docker-archive:" + fixture->archive.string();

    auto sbom = test::run_berth({"sbom", "--no-cache", "--format", "cyclonedx", image});
    ASSERT_EQ(sbom.exit_code, 0) << sbom.err;
    const json doc = json::parse(sbom.out);
    std::map<std::string, std::map<std::string, std::string>> props;  // purl → berth:* properties
    for (const auto& c : doc.at("components")) {
        if (!c.contains("purl")) continue;
        auto& p = props[c.at("purl").get<std::string>()];
        for (const auto& kv : c.value("properties", json::array()))
            p[kv.at("name").get<std::string>()] = kv.at("value").get<std::string>();
    }
    for (const char* want : {"pkg:cargo/crate_with_features@0.1.0", "pkg:cargo/library_crate@0.1.0",
                             "pkg:maven/com.example/web-app@1.0-SNAPSHOT",
                             "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10.6",
                             "pkg:maven/org.slf4j/slf4j-api@1.7.30"}) {
        EXPECT_EQ(props.count(want), 1U) << want << "\n" << sbom.out.substr(0, 3000);
    }
    // Each package with the layer and instruction that added it, and its file.
    auto& crate = props["pkg:cargo/library_crate@0.1.0"];
    EXPECT_EQ(crate["berth:layer_diff_id"], fixture->layer1);
    EXPECT_EQ(crate["berth:layer:created_by"], "COPY rustapp /usr/local/bin/rustapp # buildkit");
    EXPECT_EQ(crate["berth:package_db"], "usr/local/bin/rustapp");
    auto& jackson = props["pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10.6"];
    EXPECT_EQ(jackson["berth:layer_diff_id"], fixture->layer2);
    EXPECT_EQ(jackson["berth:package_db"],
              "opt/app/maven.war!/WEB-INF/lib/jackson-databind-2.9.10.6.jar");
    EXPECT_EQ(props["pkg:maven/com.example/web-app@1.0-SNAPSHOT"]["berth:package_db"],
              "opt/app/maven.war");

    const fs::path advisories = dir / "osv";
    write_advisories(advisories);
    const std::string db = (dir / "langbin.db").string();
    auto imp = test::run_berth({"db", "import", "--db", db, advisories.string()});
    ASSERT_EQ(imp.exit_code, 0) << imp.err << imp.out;
    auto scan = test::run_berth(
        {"scan", "--db", db, "--no-cache", "--scanners", "vuln", "--format", "json", image});
    ASSERT_EQ(scan.exit_code, 0) << scan.err;
    EXPECT_NE(scan.out.find("TEST-CRATE-1"), std::string::npos) << scan.out.substr(0, 3000);
    EXPECT_NE(scan.out.find("TEST-MAVEN-1"), std::string::npos) << scan.out.substr(0, 3000);
    EXPECT_NE(scan.out.find("\"2.9.10.7\""), std::string::npos) << "the fixed version";
}

}  // namespace
}  // namespace berth

// SPDX-License-Identifier: Apache-2.0
// End-to-end: an image BUILT from a Dockerfile (tests/fixtures/build-images.sh, built.docker.tar,
// made by `podman build`) — each package and each file finding names the Dockerfile
// instruction of the layer that introduced it. The oracle is the image's own config: its
// history entries without empty_layer, in order, are the instructions that made layers 0, 1 and 2.
//
//   FROM scratch / LABEL (no layer) / COPY rootfs/ / (layer 0; podman drops setuid bits) /
//   ENV (no layer) / RUN printf berth-demo >>status; chmod 4755 berth-suid passwd newgrp
//   (layer 1) / RUN replace newgrp by a plain file (layer 2) / USER / WORKDIR
//
// `berth sbom --format json` does not render created_by yet (report writers own that), so the
// attribution is asserted through the library; the CLI is checked for the same packages.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analyze/inventory.hpp"
#include "image/source.hpp"
#include "test_support.hpp"

namespace berth::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::optional<fs::path> built_image() {
    auto dir = fixture_images_dir();
    if (!dir || !fs::exists(*dir / "built.docker.tar")) return std::nullopt;
    return *dir / "built.docker.tar";
}

// The instructions that made layers, from the config as the test reads it itself.
std::vector<std::string> layer_instructions(const fs::path& archive) {
    auto r = run_shell(
        "python3 -c 'import json,sys,tarfile; t=tarfile.open(sys.argv[1]); "
        "m=json.load(t.extractfile(\"manifest.json\"))[0]; "
        "c=json.load(t.extractfile(m[\"Config\"])); "
        "[print(json.dumps(h[\"created_by\"])) for h in c[\"history\"] if not "
        "h.get(\"empty_layer\")]' '" +
        archive.string() + "'");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> out;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);)
        out.push_back(json::parse(line).get<std::string>());
    return out;
}

TEST(BuiltImage, PackagesAndFindingsNameTheirDockerfileInstruction) {
    auto archive = built_image();
    if (!archive) {
        GTEST_SKIP() << "fixture absent: built.docker.tar (run tests/fixtures/build-images.sh; "
                        "needs podman)";
    }
    const auto instructions = layer_instructions(*archive);
    ASSERT_EQ(instructions.size(), 3U);
    ASSERT_NE(instructions[0].find("COPY"), std::string::npos) << instructions[0];
    ASSERT_NE(instructions[1].find("berth-demo"), std::string::npos) << instructions[1];

    auto img = image::open_image("docker-archive:" + archive->string());
    ASSERT_TRUE(img) << img.error().to_string();
    ASSERT_EQ(img->history.size(), 7U);  // LABEL, COPY, ENV, RUN, RUN, USER, WORKDIR
    auto analyzers = analyze::all_analyzers();
    auto result = analyze::build_inventory(*img, analyzers, {});
    ASSERT_TRUE(result) << result.error().to_string();
    const auto& inv = result->inventory;
    for (const auto& d : inv.diagnostics) {
        EXPECT_EQ(d.message.find("history"), std::string::npos) << "unexpected: " << d.message;
    }

    ASSERT_GT(inv.packages.size(), 50U);
    std::size_t from_copy = 0;
    for (const auto& p : inv.packages) {
        const std::size_t layer = p.name == "berth-demo" ? 1 : 0;
        EXPECT_EQ(p.location.layer_introduced, layer) << p.name;
        EXPECT_EQ(p.location.created_by, instructions[layer]) << p.name;
        from_copy += layer == 0 ? 1U : 0U;
    }
    EXPECT_EQ(from_copy + 1, inv.packages.size()) << "berth-demo must be listed exactly once";

    // Setuid files: berth-suid and passwd were made setuid by the first RUN; newgrp too, but the
    // second RUN replaced it with a plain file, so its finding is gone.
    std::map<std::string, const sbom::FileFinding*> setuid;
    for (const auto& f : inv.file_findings) {
        if (f.kind == "setuid") setuid[f.location.path] = &f;
    }
    ASSERT_EQ(setuid.count("usr/local/bin/berth-suid"), 1U);
    const auto& suid = *setuid["usr/local/bin/berth-suid"];
    EXPECT_EQ(suid.location.layer_introduced, 1U);
    EXPECT_EQ(suid.location.created_by, instructions[1]);
    EXPECT_EQ(suid.mode, 04755U);
    EXPECT_EQ(suid.uid, 0);
    EXPECT_EQ(setuid.count("usr/bin/newgrp"), 0U) << "replaced by a later layer";
    ASSERT_EQ(setuid.count("usr/bin/passwd"), 1U);
    EXPECT_EQ(setuid["usr/bin/passwd"]->location.layer_introduced, 1U);
    EXPECT_EQ(setuid["usr/bin/passwd"]->location.created_by, instructions[1]);
    EXPECT_EQ(setuid.size(), 2U) << "COPY dropped the rootfs' own setuid bits";

    // The CLI lists the same packages; once the JSON writer renders created_by, it must agree.
    auto r = run_berth(
        {"sbom", "-q", "--format", "json", "--no-cache", "docker-archive:" + archive->string()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json j = json::parse(r.out);
    ASSERT_EQ(j["packages"].size(), inv.packages.size());
    for (const auto& p : j["packages"]) {
        const json* created_by = nullptr;
        if (p.contains("created_by")) created_by = &p["created_by"];
        if (p.contains("location") && p["location"].contains("created_by"))
            created_by = &p["location"]["created_by"];
        if (created_by == nullptr) continue;
        const std::size_t layer = p["name"] == "berth-demo" ? 1 : 0;
        EXPECT_EQ(created_by->get<std::string>(), instructions[layer]) << p["name"];
    }
}

}  // namespace
}  // namespace berth::test

// SPDX-License-Identifier: Apache-2.0
// lang/gobinary: the buildinfo reader on blobs made here, and (GoBinaryUpstream.*) the
// expectations of Trivy's and osv-scalibr's own tests on their Go binaries (shared data,
// binaries/; BERTH_SHARED_DATA), case by case. Binaries built before Go 1.18 are a known gap:
// they must give the "before Go 1.18" warning and no packages.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "analyze/lang/go_buildinfo.hpp"
#include "analyze/plugins.hpp"
#include "test_support.hpp"

namespace berth::analyze {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string uvarint(std::size_t n) {
    std::string out;
    while (n >= 0x80) {
        out += static_cast<char>((n & 0x7fU) | 0x80U);
        n >>= 7U;
    }
    out += static_cast<char>(n);
    return out;
}

// An inline (Go >= 1.18) buildinfo blob as the linker writes it.
std::string blob(const std::string& version, const std::string& modinfo) {
    std::string h(lang::kGoBuildInfoMagic);
    h += '\x08';  // pointer size
    h += '\x02';  // flags: inline strings
    h.resize(32, '\0');
    const std::string sentinel_open(
        "0w\xaf\x0c\x92t\x08\x02"
        "A\xe1\xc1\x07\xe6\xd6\x18\xe6",
        16);
    const std::string sentinel_close(
        "\xf9"
        "2C1\x86\x18 r\x00\x82"
        "B\x10"
        "A\x16\xd8\xf2",
        16);
    const std::string mod = sentinel_open + modinfo + sentinel_close;
    return h + uvarint(version.size()) + version + uvarint(mod.size()) + mod;
}

struct Outcome {
    Status status;
    LayerAnalysis out;
    [[nodiscard]] std::set<std::string> packages() const {
        std::set<std::string> v;
        for (const auto& db : out.package_dbs) {
            for (const auto& p : db.packages) {
                const std::string name =
                    p.purl_namespace.empty() ? p.name : p.purl_namespace + "/" + p.name;
                v.insert(name + "@" + p.version);
            }
        }
        return v;
    }
};

Outcome run(const std::string& path, const std::string& bytes) {
    auto a = make_go_binary();
    test::ChunkedStream s(bytes, 4093);
    image::Entry entry;
    entry.path = path;
    AnalysisInput input{path, entry, s, 64ULL << 20U, nullptr, 100'000};
    Outcome r;
    r.status = a->analyze(input, r.out);
    return r;
}

// An ELF-looking file with the blob at a 16-byte aligned offset past a chunk edge.
std::string elf_with(const std::string& b, std::size_t offset = 300'000) {
    std::string f =
        "\x7f"
        "ELF";
    f.resize(offset, 'x');
    return f + b + std::string(5000, '\0');
}

TEST(GoBinary, ReadsModulesReplacementsAndTheStdlib) {
    const std::string mod =
        "path\tgithub.com/acme/tool/cmd/tool\n"
        "mod\tgithub.com/acme/tool\t(devel)\t\n"
        "dep\tgolang.org/x/text\tv0.14.0\th1:abc=\n"
        "dep\tgolang.org/x/xerrors\tv0.0.0-20220907171357-04be3eba64a2\th1:x=\n"
        "=>\tgithub.com/golang/xerrors\tv0.0.0-20220907171357-04be3eba64a2\th1:y=\n"
        "build\t-ldflags=\"-s -w -X main.version=v1.2.3\"\n"
        "build\tCGO_ENABLED=0\n";
    auto r = run("usr/local/bin/tool", elf_with(blob("go1.22.1 X:loopvar", mod)));
    ASSERT_TRUE(r.status) << r.status.error().message;
    EXPECT_EQ(r.packages(),
              (std::set<std::string>{
                  "github.com/acme/tool@v1.2.3", "stdlib@v1.22.1", "golang.org/x/text@v0.14.0",
                  "github.com/golang/xerrors@v0.0.0-20220907171357-04be3eba64a2"}));
    ASSERT_EQ(r.out.package_dbs.size(), 1U);
    EXPECT_EQ(r.out.package_dbs[0].packages[0].type, "golang");
    EXPECT_EQ(r.out.package_dbs[0].packages[0].purl_namespace, "github.com/acme");
}

TEST(GoBinary, NotGoNotExecutableFormatsAndUnalignedMagicGiveNothing) {
    const std::string b = blob("go1.22.1", "path\tx\nmod\tx\tv1.0.0\t\n");
    EXPECT_TRUE(run("bin/sh",
                    "\x7f"
                    "ELF" +
                        std::string(100'000, 'a'))
                    .packages()
                    .empty());
    EXPECT_TRUE(run("bin/script", "#!/bin/sh\n" + b).packages().empty()) << "not an executable";
    EXPECT_TRUE(run("bin/odd", elf_with(b, 300'001)).packages().empty()) << "unaligned magic";
    EXPECT_EQ(run("bin/ok", elf_with(b, 300'016)).packages().size(), 2U);
}

TEST(GoBinary, CutOffAndPointerFormatsWarn) {
    std::string b = blob("go1.22.1", "path\tx\nmod\tx\tv1.0.0\t\n");
    auto cut = run("bin/cut", elf_with(b.substr(0, 40), 4096).substr(0, 4096 + 40));
    ASSERT_TRUE(cut.status);
    EXPECT_TRUE(cut.packages().empty());
    ASSERT_EQ(cut.out.diagnostics.size(), 1U);
    EXPECT_NE(cut.out.diagnostics[0].message.find("cut off"), std::string::npos);
    b[15] = '\0';  // flags: pointers (Go < 1.18)
    auto old = run("bin/old", elf_with(b));
    ASSERT_EQ(old.out.diagnostics.size(), 1U);
    EXPECT_NE(old.out.diagnostics[0].message.find("before Go 1.18"), std::string::npos);
    EXPECT_TRUE(old.packages().empty());
}

TEST(GoBinary, RequiredOnlyForExecutableFiles) {
    auto a = make_go_binary();
    EXPECT_TRUE(a->required("usr/bin/x", {image::EntryType::File, 0755, 4096}));
    EXPECT_FALSE(a->required("usr/bin/x", {image::EntryType::File, 0644, 4096}));
    EXPECT_FALSE(a->required("usr/bin/x", {image::EntryType::File, 0755, 100}));
    EXPECT_FALSE(a->required("usr/bin/x", {image::EntryType::Symlink, 0777, 4096}));
}

// --- upstream expectations ------------------------------------------------------------------

std::optional<fs::path> binaries_dir() {
    auto d = test::shared_data_dir();
    if (!d || !fs::is_directory(*d / "binaries")) return std::nullopt;
    return *d / "binaries";
}

json load(const fs::path& p) {
    return json::parse(test::read_text_file(p));
}

TEST(GoBinaryUpstream, TrivyParseLDFlagsTable) {
    auto dir = binaries_dir();
    if (!dir) GTEST_SKIP() << "BERTH_SHARED_DATA/binaries absent";
    const json tests = load(*dir / "trivy/golang/binary/expected-from-go-tests.json");
    std::size_t n = 0;
    for (const auto& t : tests["parse_test.go"]["func:TestParser_ParseLDFlags:tests"]) {
        std::string joined;
        for (const auto& f : t["args"]["flags"]) {
            // The test hands pflag the words already split; join them back as the build
            // setting holds them, each word quoted so its own quotes survive the split.
            const std::string w = f.get<std::string>();
            joined += (joined.empty() ? "" : " ") +
                      (w.find(' ') != std::string::npos ? "'" + w + "'" : w);
        }
        EXPECT_EQ(lang::go_ldflags_version(t["args"]["name"].get<std::string>(), joined),
                  t["want"].get<std::string>())
            << t["name"];
        ++n;
    }
    EXPECT_GE(n, 15U);
}

TEST(GoBinaryUpstream, TrivyStdlibAndMainVersionTables) {
    auto dir = binaries_dir();
    if (!dir) GTEST_SKIP() << "BERTH_SHARED_DATA/binaries absent";
    const json tests = load(*dir / "trivy/golang/binary/expected-from-go-tests.json");
    const auto& internal = tests["parse_internal_test.go"];
    for (const auto& t : internal["func:TestParseStdlibVersion:tests"]) {
        EXPECT_EQ(lang::go_stdlib_version(t["goVersion"].get<std::string>()),
                  t["want"].get<std::string>())
            << t["name"];
    }
    std::size_t checked = 0;
    for (const auto& t : tests["parse_test.go"]["func:TestParser_ChooseMainVersion:tests"]) {
        // Known gap: the version symbol in the ELF symbol table (needs the whole binary).
        if (t.contains("elfVersion")) continue;
        EXPECT_EQ(lang::go_main_version(t["version"].get<std::string>(),
                                        t.value("ldflagsVersion", std::string())),
                  t["want"].get<std::string>())
            << t["name"];
        ++checked;
    }
    EXPECT_GE(checked, 5U);
}

// Every binary case of Trivy's TestParse and osv-scalibr's gobinary tests whose input is staged.
TEST(GoBinaryUpstream, BinariesGiveTheExpectedModules) {
    auto dir = binaries_dir();
    if (!dir) GTEST_SKIP() << "BERTH_SHARED_DATA/binaries absent";
    std::size_t passed = 0;
    std::size_t pointer_format = 0;
    const json trivy = load(*dir / "trivy/golang/binary/expected-resolved.json");
    for (const auto& c : trivy["cases"]) {
        const fs::path file = *dir / "trivy/golang/binary" / c["inputFile"].get<std::string>();
        if (!fs::exists(file)) continue;  // MISSING in the snapshot (replace.elf)
        auto r = run(c["inputFile"].get<std::string>(), test::read_text_file(file));
        ASSERT_TRUE(r.status) << c["name"] << ": " << r.status.error().message;
        if (!c.contains("wantPkgs") || c["wantPkgs"].is_null()) {  // "sad path": not a binary
            EXPECT_TRUE(r.packages().empty()) << c["name"];
            ++passed;
            continue;
        }
        std::set<std::string> want;
        for (const auto& p : c["wantPkgs"]) {
            want.insert(p["Name"].get<std::string>() + "@" + p["Version"].get<std::string>());
        }
        const bool old = std::any_of(
            r.out.diagnostics.begin(), r.out.diagnostics.end(), [](const Diagnostic& d) {
                return d.message.find("before Go 1.18") != std::string::npos;
            });
        if (old) {  // known gap, asserted: warned and nothing listed
            EXPECT_TRUE(r.packages().empty()) << c["name"];
            ++pointer_format;
            continue;
        }
        EXPECT_EQ(r.packages(), want) << c["name"];
        ++passed;
    }
    EXPECT_EQ(pointer_format, 3U) << "test.elf, test.exe, test.macho are Go 1.15";
    EXPECT_GE(passed, 4U);

    // osv-scalibr writes versions without the "v", the toolchain as "go" and keeps "(devel)":
    // compared after mapping its names onto Trivy's (and berth's) conventions.
    const json scalibr = load(*dir / "scalibr/golang/gobinary/expected-resolved.json");
    std::size_t scalibr_passed = 0;
    for (const auto& c : scalibr["cases"]) {
        const fs::path file = *dir / "scalibr/golang/gobinary" / c["path"].get<std::string>();
        if (!c.value("input_present", false) || !fs::exists(file)) continue;
        auto r = run(c["path"].get<std::string>(), test::read_text_file(file));
        ASSERT_TRUE(r.status) << c["name"] << ": " << r.status.error().message;
        std::set<std::string> want;
        for (const auto& p : c.value("wantPackages", json::array())) {
            std::string name = p["Name"].get<std::string>();
            std::string version = p["Version"].get<std::string>();
            if (name == "go") name = "stdlib";
            if (version == "(devel)") version.clear();
            want.insert(name + "@" + (version.empty() ? "" : "v" + version));
        }
        EXPECT_EQ(r.packages(), want) << c["name"];
        ++scalibr_passed;
    }
    EXPECT_GE(scalibr_passed, 8U);
}

}  // namespace
}  // namespace berth::analyze

// SPDX-License-Identifier: Apache-2.0
// lang/rustbinary: the section readers and the cargo-auditable parser on files made here
// (ELF built byte by byte, zlib from zlib), hostile inputs (a bomb past the 8 MiB cap, a cut-off
// section table and stream, bad JSON) as warnings without packages, and (RustBinaryUpstream.*)
// the expectations of Trivy's own TestParse on its ELF, PE and Mach-O test binaries (shared
// data, binaries/trivy/rust/binary; BERTH_SHARED_DATA).
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "analyze/lang/analyzer_run_test.hpp"
#include "analyze/lang/cargo_audit.hpp"
#include "analyze/lang/executable.hpp"
#include "analyze/plugins.hpp"
#include "test_support.hpp"

namespace berth::analyze {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string zlib(const std::string& text) {
    uLongf n = compressBound(static_cast<uLong>(text.size()));
    std::string out(n, '\0');
    EXPECT_EQ(
        compress2(reinterpret_cast<Bytef*>(out.data()), &n,
                  reinterpret_cast<const Bytef*>(text.data()), static_cast<uLong>(text.size()), 9),
        Z_OK);
    out.resize(n);
    return out;
}

void put(std::string& s, std::size_t at, std::uint64_t v, std::size_t width) {
    for (std::size_t i = 0; i < width; ++i) s[at + i] = static_cast<char>((v >> (8 * i)) & 0xffU);
}

// A little-endian ELF64 file: header, `section` bytes at 0x1000 named `name`, a name table and
// three section headers (null, the section, .shstrtab) at the end.
std::string elf64(const std::string& section, const std::string& name = ".dep-v0") {
    std::string f(0x1000, '\0');
    f.replace(0, 6,
              "\x7f"
              "ELF\x02\x01");
    f += section;
    const std::size_t names_at = f.size();
    const std::string names = std::string("\0", 1) + name + std::string("\0.shstrtab\0", 11);
    f += names;
    while (f.size() % 8 != 0) f += '\0';
    const std::size_t shoff = f.size();
    f.resize(shoff + 3 * 64, '\0');
    put(f, 0x28, shoff, 8);
    put(f, 0x3a, 64, 2);
    put(f, 0x3c, 3, 2);
    put(f, 0x3e, 2, 2);
    const auto sh = [&](std::size_t i, std::uint32_t name_at, std::uint64_t off,
                        std::uint64_t size) {
        put(f, shoff + i * 64, name_at, 4);
        put(f, shoff + i * 64 + 4, 1, 4);  // SHT_PROGBITS
        put(f, shoff + i * 64 + 24, off, 8);
        put(f, shoff + i * 64 + 32, size, 8);
    };
    sh(1, 1, 0x1000, section.size());
    sh(2, static_cast<std::uint32_t>(name.size() + 2), names_at, names.size());
    return f;
}

struct Outcome : test_run::AnalyzerRun {
    [[nodiscard]] std::set<std::string> packages() const {
        std::set<std::string> v;
        for (const auto& db : out.package_dbs) {
            for (const auto& p : db.packages) v.insert(p.type + ":" + p.name + "@" + p.version);
        }
        return v;
    }
};

Outcome run(const std::string& path, const std::string& bytes) {
    return {test_run::run_analyzer(*make_rust_binary(), path, bytes)};
}

const std::string kDeps = R"({"packages":[
  {"name":"app","version":"0.1.0","source":"local","dependencies":[1,2],"root":true},
  {"name":"smallvec","version":"1.6.0","source":"crates.io"},
  {"name":"cc","version":"1.0.83","source":"crates.io","kind":"build"}]})";

TEST(RustBinary, ListsRuntimeCratesAndSkipsBuildDependencies) {
    auto r = run("usr/local/bin/app", elf64(zlib(kDeps)));
    ASSERT_TRUE(r.status) << r.status.error().message;
    EXPECT_EQ(r.packages(), (std::set<std::string>{"cargo:app@0.1.0", "cargo:smallvec@1.6.0"}));
    ASSERT_EQ(r.out.package_dbs.size(), 1U);
    EXPECT_EQ(r.out.package_dbs[0].analyzer, "lang/rustbinary");
    EXPECT_EQ(r.out.package_dbs[0].packages[0].location.path, "usr/local/bin/app");
    EXPECT_TRUE(r.out.diagnostics.empty()) << r.warnings();
}

TEST(RustBinary, OtherExecutablesGiveNothingSilently) {
    EXPECT_TRUE(run("bin/x", elf64("whatever", ".text")).packages().empty());
    auto script = run("bin/s", "#!/bin/sh\n" + std::string(2000, '#'));
    EXPECT_TRUE(script.packages().empty());
    EXPECT_TRUE(script.out.diagnostics.empty());
    auto mz = run("bin/m", "MZ" + std::string(2000, 'x'));  // "MZ" without a PE header
    EXPECT_TRUE(mz.out.diagnostics.empty()) << mz.warnings();
}

TEST(RustBinary, HostileSectionsWarnAndListNothing) {
    struct Case {
        const char* name;
        std::string file;
        const char* says;
    };
    const std::string bomb = zlib(std::string(9U << 20U, '{'));
    const std::string cut_table = elf64(zlib(kDeps)).substr(0, 0x1000 + 40);
    const std::string deps = zlib(kDeps);
    const std::vector<Case> cases = {
        {"bomb", elf64(bomb), "inflates past 8 MiB"},
        {"cut_stream", elf64(deps.substr(0, deps.size() / 2)), "cut off"},
        {"corrupt_stream", elf64("\x78\x9c\xff\xff\xff\xff garbage"), "corrupt zlib"},
        {"not_json", elf64(zlib("{\"packages\": [")), "not valid JSON"},
        {"no_packages", elf64(zlib("{}")), "no \"packages\""},
        {"no_version", elf64(zlib(R"({"packages":[{"name":"x"}]})")), "version"},
        {"bad_index",
         elf64(zlib(R"({"packages":[{"name":"x","version":"1","dependencies":[7]}]})")),
         "out of range"},
        {"cut_section_table", cut_table, "cut off"},
    };
    for (const auto& c : cases) {
        auto r = run("usr/bin/x", c.file);
        ASSERT_TRUE(r.status) << c.name << ": " << r.status.error().message;
        EXPECT_TRUE(r.packages().empty()) << c.name;
        ASSERT_EQ(r.out.diagnostics.size(), 1U) << c.name;
        EXPECT_NE(r.warnings().find(c.says), std::string::npos) << c.name << ": " << r.warnings();
        EXPECT_EQ(r.out.diagnostics[0].where, "usr/bin/x") << c.name;
    }
}

TEST(RustBinary, InflateCapIsExact) {
    const std::string text(1000, 'a');
    EXPECT_EQ(*lang::inflate_zlib(zlib(text), 1000, "w"), text);
    auto over = lang::inflate_zlib(zlib(text), 999, "w");
    ASSERT_FALSE(over);
    EXPECT_EQ(over.error().code, ErrorCode::LimitExceeded);
}

TEST(RustBinary, RequiredOnlyForExecutableFiles) {
    auto a = make_rust_binary();
    EXPECT_TRUE(a->needs_random_access());
    EXPECT_TRUE(a->required("usr/bin/x", {image::EntryType::File, 0755, 4096}));
    EXPECT_FALSE(a->required("usr/bin/x", {image::EntryType::File, 0644, 4096}));
    EXPECT_FALSE(a->required("usr/bin/x", {image::EntryType::File, 0755, 100}));
}

// --- upstream expectations ------------------------------------------------------------------

// Trivy TestParse (pkg/dependency/parser/rust/binary/parse_test.go): ELF, PE and Mach-O give
// crate_with_features@0.1.0 (root) and library_crate@0.1.0; "sad path" (a text file) gives
// Trivy's "unrecognized executable format" error, here: nothing and no warning.
TEST(RustBinaryUpstream, TrivyTestParse) {
    auto d = test::shared_data_dir();
    const fs::path dir = d ? *d / "binaries/trivy/rust/binary" : fs::path();
    if (!d || !fs::exists(dir / "expected-resolved.json"))
        GTEST_SKIP() << "shared data absent: binaries/trivy/rust/binary";
    const json want = json::parse(test::read_text_file(dir / "expected-resolved.json"));
    std::size_t checked = 0;
    for (const auto& c : want["cases"]) {
        const std::string input = c["inputFile"].get<std::string>();
        auto r = run(input, test::read_text_file(dir / input));
        ASSERT_TRUE(r.status) << c["name"] << ": " << r.status.error().message;
        EXPECT_TRUE(r.out.diagnostics.empty()) << c["name"] << ": " << r.warnings();
        std::set<std::string> expected;
        for (const auto& p : c.value("want", json::array())) {
            expected.insert("cargo:" + p["Name"].get<std::string>() + "@" +
                            p["Version"].get<std::string>());
        }
        EXPECT_EQ(r.packages(), expected) << c["name"];
        ++checked;
    }
    EXPECT_EQ(checked, 4U);
}

}  // namespace
}  // namespace berth::analyze

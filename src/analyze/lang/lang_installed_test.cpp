// SPDX-License-Identifier: Apache-2.0
// The installed-metadata analyzers under lang/ (npm, python, gem, composer, dotnet, conda):
// which paths they want, what they read from hand-made inputs, how they fail on bad input, and
// (LangUpstream.*) the expectations of syft's own tests on syft's fixtures (shared data,
// installed-metadata/syft; differences are listed in docs/accuracy.md and in kKnownDifferences).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "analyze/plugins.hpp"
#include "sbom/model.hpp"
#include "test_support.hpp"

namespace berth::analyze {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::unique_ptr<Analyzer> make(const std::string& eco) {
    if (eco == "npm") return make_npm_installed();
    if (eco == "python") return make_python_installed();
    if (eco == "gem") return make_gem_installed();
    if (eco == "composer") return make_composer_installed();
    if (eco == "dotnet") return make_dotnet_deps();
    return make_conda_meta();
}

struct Outcome {
    Status status;
    LayerAnalysis out;
    [[nodiscard]] std::vector<std::string> purls() const {
        std::vector<std::string> v;
        for (const auto& db : out.package_dbs) {
            for (const auto& p : db.packages) v.push_back(sbom::purl(p, std::nullopt));
        }
        std::sort(v.begin(), v.end());
        return v;
    }
};

Outcome run(const Analyzer& a, const std::string& path, const std::string& text,
            std::uint64_t max_read = 64ULL << 20U) {
    test::ChunkedStream s(text, 7);
    image::Entry entry;
    entry.path = path;
    AnalysisInput input{path, entry, s, max_read, nullptr, 100'000};
    Outcome r;
    r.status = a.analyze(input, r.out);
    return r;
}

// --- required(): the hot path --------------------------------------------------------------

struct PathCase {
    const char* eco;
    const char* path;
    bool want;
};

const PathCase kPaths[] = {
    {"npm", "app/node_modules/lodash/package.json", true},
    {"npm", "node_modules/@angular/core/package.json", true},
    {"npm", "usr/lib/node_modules/npm/node_modules/semver/package.json", true},
    {"npm", "usr/local/lib/node_modules/corepack/package.json", true},
    {"npm", "app/package.json", false},                      // the application's manifest
    {"npm", "node_modules/lodash/esm/package.json", false},  // a file inside a package
    {"npm", "node_modules/@scope/package.json", false},      // a scope is not a package
    {"npm", "node_modules/lodash/package-lock.json", false},
    {"npm", "node_modules/package.json", false},
    {"python", "usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA", true},
    {"python", "venv/lib/python3.11/site-packages/Jinja2-2.10.dist-info/METADATA", true},
    {"python", "site-packages/v.DIST-INFO/METADATA", true},
    {"python", "site-packages/y.egg-info/PKG-INFO", true},
    {"python", "site-packages/foo-1.0.egg/EGG-INFO/PKG-INFO", true},
    {"python", "usr/lib/python2.7/lib-dynload/Python-2.7.egg-info", true},
    {"python", "site-packages/six-1.16.0.dist-info/RECORD", false},
    {"python", "src/PKG-INFO", false},
    {"python", "site-packages/METADATA", false},
    {"gem", "usr/lib/ruby/gems/3.1.0/specifications/rake-13.0.6.gemspec", true},
    {"gem", "usr/lib/ruby/gems/3.1.0/specifications/default/json-2.6.1.gemspec", true},
    {"gem", "src/mygem/mygem.gemspec", false},
    {"gem", "usr/lib/ruby/gems/3.1.0/specifications/rake.txt", false},
    {"composer", "var/www/vendor/composer/installed.json", true},
    {"composer", "vendor/composer/installed.json", true},
    {"composer", "src/installed.json", false},
    {"composer", "xvendor/composer/installed.json", false},
    {"dotnet", "app/MyApp.deps.json", true},
    {"dotnet", "app/.deps.json", false},
    {"dotnet", "app/MyApp.runtimeconfig.json", false},
    {"conda", "opt/conda/conda-meta/zlib-1.2.13-h5eee18b_0.json", true},
    {"conda", "opt/conda/conda-meta/history", false},
    {"conda", "opt/conda/pkgs/zlib/info/index.json", false},
};

TEST(LangRequired, WantsExactlyTheMetadataFiles) {
    for (const auto& c : kPaths) {
        EXPECT_EQ(make(c.eco)->required(c.path, FileInfo{}), c.want) << c.eco << " " << c.path;
    }
}

// No analyzer but its own wants another's files (one read per file on the hot path).
TEST(LangRequired, AnalyzersDoNotOverlap) {
    for (const auto& c : kPaths) {
        if (!c.want) continue;
        for (const char* other : {"npm", "python", "gem", "composer", "dotnet", "conda"}) {
            if (std::string(other) == c.eco) continue;
            EXPECT_FALSE(make(other)->required(c.path, FileInfo{})) << other << " " << c.path;
        }
    }
}

// --- what they read --------------------------------------------------------------------------

struct ReadCase {
    const char* name;
    const char* eco;
    const char* path;
    std::string input;
    std::vector<std::string> purls;
    std::size_t warnings;
};

const std::vector<ReadCase> kReads = {
    {"npm_scoped",
     "npm",
     "node_modules/@actions/core/package.json",
     R"({"name":"@actions/core","version":"1.6.0","license":"MIT"})",
     {"pkg:npm/%40actions/core@1.6.0"},
     0},
    {"npm_plain",
     "npm",
     "node_modules/formidable/package.json",
     R"({"name":"formidable","version":"3.5.0","license":{"type":"MIT"}})",
     {"pkg:npm/formidable@3.5.0"},
     0},
    {"npm_no_version", "npm", "node_modules/x/package.json", R"({"name":"x"})", {}, 1},
    {"npm_version_not_string",
     "npm",
     "node_modules/x/package.json",
     R"({"name":"x","version":1})",
     {},
     1},
    {"python_dist_info",
     "python",
     "site-packages/Jinja2-2.10.dist-info/METADATA",
     "Metadata-Version: 2.1\nName: Jinja2\nVersion: 2.10\nLicense: BSD\n\nName: not-this\n",
     {"pkg:pypi/jinja2@2.10"},
     0},
    {"python_crlf_continuation",
     "python",
     "site-packages/a_b-1.0.dist-info/METADATA",
     "Name: A_B\r\nVersion: 1.0\r\nLicense: line one\r\n  line two\r\n",
     {"pkg:pypi/a-b@1.0"},
     0},
    {"python_no_version", "python", "site-packages/x.egg-info", "Name: x\n", {}, 1},
    {"python_empty", "python", "site-packages/x.egg-info", "", {}, 1},
    {"python_garbage_line",
     "python",
     "site-packages/x.dist-info/METADATA",
     "Name: x\nthis is not a header\nVersion: 1\n",
     {"pkg:pypi/x@1"},
     1},
    {"python_interpreter_ignored",
     "python",
     "usr/lib/python2.7/lib-dynload/Python-2.7.egg-info",
     "Name: Python\nVersion: 2.7.13\n",
     {},
     0},
    {"gem_freeze",
     "gem",
     "specifications/formatador-1.1.0.gemspec",
     "Gem::Specification.new do |s|\n  s.name = \"formatador\".freeze\n"
     "  s.version = \"1.1.0\".freeze\n  s.licenses = [\"MIT\".freeze]\nend\n",
     {"pkg:gem/formatador@1.1.0"},
     0},
    {"gem_old_q_and_version_new",
     "gem",
     "specifications/rake-0.8.7.gemspec",
     "Gem::Specification.new do |spec|\n  spec.name = %q{rake}\n"
     "  spec.version = Gem::Version.new(\"0.8.7\")\nend\n",
     {"pkg:gem/rake@0.8.7"},
     0},
    {"gem_garbage", "gem", "specifications/x.gemspec", "puts 'hello'\n\x01\x02", {}, 1},
    {"gem_unterminated",
     "gem",
     "specifications/x.gemspec",
     "Gem::Specification.new do |s|\n s.name = \"x\n s.version = \"1\"\nend\n",
     {},
     1},
    {"composer_v1",
     "composer",
     "vendor/composer/installed.json",
     R"([{"name":"asm89/stack-cors","version":"1.3.0","license":["MIT"]}])",
     {"pkg:composer/asm89/stack-cors@1.3.0"},
     0},
    {"composer_v2_bad_entry",
     "composer",
     "vendor/composer/installed.json",
     R"({"packages":[{"name":"behat/mink","version":"v1.8.1"},{"name":"noslash","version":"1"},3]})",
     {"pkg:composer/behat/mink@v1.8.1"},
     2},
    {"dotnet_packages_only",
     "dotnet",
     "app/App.deps.json",
     R"({"libraries":{"App/1.0.0":{"type":"project"},"Serilog/2.10.0":{"type":"package"},
         "bad":{"type":"package"}}})",
     {"pkg:nuget/Serilog@2.10.0"},
     1},
    {"conda_files",
     "conda",
     "opt/conda/conda-meta/zlib-1.2.13-h_0.json",
     R"({"name":"zlib","version":"1.2.13","files":["lib/libz.so.1","../../etc/x"]})",
     {"pkg:conda/zlib@1.2.13"},
     0},
};

TEST(LangRead, HandMadeInputs) {
    for (const auto& c : kReads) {
        SCOPED_TRACE(c.name);
        auto a = make(c.eco);
        ASSERT_TRUE(a->required(c.path, FileInfo{}));
        Outcome r = run(*a, c.path, c.input);
        ASSERT_TRUE(r.status) << r.status.error().to_string();
        EXPECT_EQ(r.purls(), c.purls);
        EXPECT_EQ(r.out.diagnostics.size(), c.warnings);
        for (const auto& d : r.out.diagnostics) {
            EXPECT_NE(d.where.find(c.path), std::string::npos) << d.where;
            EXPECT_EQ(d.message.rfind(std::string(a->name()) + ": ", 0), 0U) << d.message;
        }
        // One PackageDb per file (empty too), keyed by the file: the merge sees rewrites.
        ASSERT_EQ(r.out.package_dbs.size(), 1U);
        EXPECT_EQ(r.out.package_dbs[0].path, c.path);
        EXPECT_EQ(r.out.package_dbs[0].analyzer, a->name());
        for (const auto& p : r.out.package_dbs[0].packages) EXPECT_EQ(p.location.path, c.path);
    }
}

TEST(LangRead, FieldsKept) {
    Outcome r = run(*make_npm_installed(), "node_modules/@a/b/package.json",
                    R"({"name":"@a/b","version":"1.0.0","licenses":[{"type":"MIT"},{"type":"ISC"}],
                    "author":{"name":"Ann","email":"a@x"}})");
    ASSERT_TRUE(r.status);
    const auto& p = r.out.package_dbs.at(0).packages.at(0);
    EXPECT_EQ(p.type, "npm");
    EXPECT_EQ(p.purl_namespace, "@a");
    EXPECT_EQ(p.name, "b");
    EXPECT_EQ(p.license, "MIT OR ISC");
    EXPECT_EQ(p.maintainer, "Ann <a@x>");

    Outcome c = run(*make_conda_meta(), "opt/conda/conda-meta/zlib.json",
                    R"({"name":"zlib","version":"1.2.13","license":"Zlib",
                    "files":["lib/libz.so.1","../../../etc/passwd","lib/libz.so.1"]})");
    ASSERT_TRUE(c.status);
    const auto& z = c.out.package_dbs.at(0).packages.at(0);
    EXPECT_EQ(z.license, "Zlib");
    // A path that leaves the image root is dropped; the duplicate is listed once.
    EXPECT_EQ(z.files, (std::vector<std::string>{"opt/conda/lib/libz.so.1"}));
}

// --- bad input: an error naming the file, never a crash, memory bounded ----------------------

TEST(LangBadInput, ErrorsNameTheFile) {
    const std::string deep(100'000, '[');
    const std::string nul = std::string("Name: x\nVersion: 1\n") + '\0' + "\n";
    struct Bad {
        const char* eco;
        const char* path;
        std::string input;
        const char* says;
    };
    const std::vector<Bad> bad = {
        {"npm", "node_modules/x/package.json", "{\"name\": ", "JSON"},
        {"npm", "node_modules/x/package.json", deep, "deep"},
        {"npm", "node_modules/x/package.json", "[1,2]", "not a JSON object"},
        {"composer", "vendor/composer/installed.json", deep, "deep"},
        {"composer", "vendor/composer/installed.json", R"({"x":1})", "packages"},
        {"dotnet", "a/App.deps.json", R"({"libraries":[]})", "libraries"},
        {"conda", "conda-meta/x.json", R"({"name":"x"})", "version"},
        {"python", "s/x.dist-info/METADATA", nul, "NUL"},
        {"gem", "specifications/x.gemspec", std::string("s.name = \"a\"\0", 13), "NUL"},
    };
    for (const auto& b : bad) {
        SCOPED_TRACE(std::string(b.eco) + " " + b.says);
        Outcome r = run(*make(b.eco), b.path, b.input);
        ASSERT_FALSE(r.status);
        EXPECT_NE(r.status.error().message.find(b.says), std::string::npos)
            << r.status.error().message;
        EXPECT_TRUE(r.out.package_dbs.empty());
    }
}

TEST(LangBadInput, SizeIsBounded) {
    // Past --max-file-read (here 1 KiB) the file is refused before parsing.
    const std::string big = R"({"name":"x","version":"1","pad":")" + std::string(4096, 'a') + "\"}";
    for (const char* eco : {"npm", "composer", "dotnet", "conda"}) {
        Outcome r = run(*make(eco), "x", big, 1024);
        ASSERT_FALSE(r.status) << eco;
        EXPECT_EQ(r.status.error().code, ErrorCode::LimitExceeded) << eco;
    }
}

TEST(LangBadInput, TooManyPackagesFailsClosed) {
    std::string list = "[";
    for (int i = 0; i < 50; ++i)
        list += std::string(i ? "," : "") + R"({"name":"a/b","version":"1"})";
    list += "]";
    test::ChunkedStream s(list);
    image::Entry entry;
    const std::string path = "vendor/composer/installed.json";
    AnalysisInput input{path, entry, s, 1U << 20U, nullptr, 10};
    LayerAnalysis out;
    auto st = make_composer_installed()->analyze(input, out);
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code, ErrorCode::LimitExceeded);
}

// A small deterministic fuzz run inside the unit tests (the libFuzzer target lang_metadata_fuzz
// goes further): mutated valid inputs never crash, and what is listed always has a name and a
// version.
TEST(LangBadInput, MutatedInputsNeverCrash) {
    std::uint64_t state = 0x9e3779b97f4a7c15ULL;
    auto next = [&state]() {
        state ^= state << 13U;
        state ^= state >> 7U;
        state ^= state << 17U;
        return state;
    };
    std::size_t runs = 0;
    for (const auto& c : kReads) {
        auto a = make(c.eco);
        for (int i = 0; i < 300; ++i) {
            std::string input = c.input;
            const std::size_t edits = 1 + next() % 4;
            for (std::size_t e = 0; e < edits && !input.empty(); ++e) {
                const std::size_t at = next() % input.size();
                switch (next() % 3) {
                    case 0:
                        input[at] = static_cast<char>(next() % 256);
                        break;
                    case 1:
                        input.erase(at, 1 + next() % 8);
                        break;
                    default:
                        input.insert(at, input.substr(0, next() % 16));
                }
            }
            Outcome r = run(*a, c.path, input);
            ++runs;
            for (const auto& db : r.out.package_dbs) {
                for (const auto& p : db.packages) {
                    EXPECT_FALSE(p.name.empty()) << c.name << " " << input;
                    EXPECT_FALSE(p.version.empty()) << c.name << " " << input;
                }
            }
        }
    }
    EXPECT_EQ(runs, kReads.size() * 300);
}

// --- upstream: syft's expectations on syft's fixtures ---------------------------------------

std::optional<fs::path> syft_dir() {
    auto d = test::shared_data_dir();
    if (!d || !fs::is_directory(*d / "installed-metadata/syft")) return std::nullopt;
    return *d / "installed-metadata/syft";
}

json load(const fs::path& p) {
    std::ifstream in(p);
    return json::parse(in, nullptr, false);
}

// purl without qualifiers (syft adds vcs_url from direct_url.json; berth does not read it).
std::string bare(const std::string& purl) {
    return purl.substr(0, purl.find('?'));
}

// Every package the analyzers find in the files of `dir` (a file or a tree), as bare purls.
std::multiset<std::string> scan_dir(const fs::path& dir, const std::string& eco) {
    std::multiset<std::string> found;
    auto a = make(eco);
    std::vector<fs::path> files;
    if (fs::is_regular_file(dir)) {
        files.push_back(dir);
    } else {
        for (const auto& e : fs::recursive_directory_iterator(dir)) {
            if (e.is_regular_file()) files.push_back(e.path());
        }
    }
    for (const auto& f : files) {
        // Relative to the fixture's parent, so a fixture that is itself a .dist-info directory
        // keeps that name in the path.
        const std::string rel = fs::relative(f, dir.parent_path()).string();
        if (!a->required(rel, FileInfo{})) continue;
        Outcome r = run(*a, rel, test::read_text_file(f));
        for (const auto& p : r.purls()) found.insert(bare(p));
    }
    return found;
}

// A purl of an expected syft package: its PURL field, else built from Name and Version.
std::multiset<std::string> expected_purls(const json& pkgs) {
    std::multiset<std::string> out;
    for (const auto& p : pkgs) {
        if (p.contains("PURL") && p["PURL"].is_string()) out.insert(bare(p["PURL"]));
    }
    return out;
}

// Cases where berth differs from syft on purpose (docs/accuracy.md, "Application packages").
const std::set<std::string> kKnownDifferences = {
    // syft lists a Python distribution without a Version (pkg:pypi/no-version); berth warns and
    // lists none: a versionless package cannot be matched and has no purl version.
    "python/Test_InstalledPackageCataloger/egg-file-no-version",
    // syft lists the application itself (deps.json "project" entries); berth, as Trivy, lists
    // only NuGet packages ("type": "package").
    "dotnet/TestParseDotnetDeps",
};

TEST(LangUpstream, SyftInstalledPackageExpectations) {
    auto dir = syft_dir();
    if (!dir) GTEST_SKIP() << "shared data absent: installed-metadata/syft";
    int cases = 0;
    int differ = 0;
    auto check = [&](const std::string& id, const fs::path& fixture, const std::string& eco,
                     const std::multiset<std::string>& want) {
        ++cases;
        const auto got = scan_dir(fixture, eco);
        if (kKnownDifferences.count(id) != 0U) {
            ++differ;
            EXPECT_NE(got, want) << id << " is listed as a known difference but now agrees";
            return;
        }
        EXPECT_EQ(got, want) << id;
    };
    // npm: TestParsePackageJSON (one package.json each).
    const json js = load(*dir / "javascript/expected-from-go-tests.json");
    for (const auto& t :
         js["files"]["parse_package_json_test.go"]["func:TestParsePackageJSON:tests"]) {
        const std::string fx = t["Fixture"];
        std::multiset<std::string> want{bare(t["ExpectedPkg"]["PURL"])};
        // Offered as an installed package (node_modules/NAME/package.json).
        ++cases;
        Outcome r = run(*make_npm_installed(), "node_modules/x/package.json",
                        test::read_text_file(*dir / "javascript" / fx));
        const auto got = r.purls();
        EXPECT_EQ(std::multiset<std::string>(got.begin(), got.end()), want) << fx;
    }
    // npm: the installed tree of Test_PackageCataloger (pkg-lock/node_modules).
    check("npm/pkg-lock", *dir / "javascript/testdata/pkg-lock", "npm",
          {"pkg:npm/%40actions/core@1.6.0", "pkg:npm/cowsay@1.4.0"});
    // Python: Test_InstalledPackageCataloger (site-packages trees) and the ignored files.
    const json py = load(*dir / "python/expected-from-go-tests.json");
    for (const auto& t :
         py["files"]["cataloger_test.go"]["func:Test_InstalledPackageCataloger:tests"]) {
        std::string fx = t["fixture"];
        check("python/Test_InstalledPackageCataloger/" + t["name"].get<std::string>(),
              *dir / "python" / fx, "python", expected_purls(t["expectedPackages"]));
    }
    for (const auto& t :
         py["files"]["cataloger_test.go"]["func:Test_PackageCataloger_IgnorePackage:tests"]) {
        std::string fx = t["MetadataFixture"];
        check("python/IgnorePackage/" + fx, *dir / "python" / fx, "python", {});
    }
    // Ruby: TestParseGemspec and the interpolation case (offered as installed gemspecs).
    const json rb = load(*dir / "ruby/expected-from-go-tests.json");
    const json& gem = rb["files"]["parse_gemspec_test.go"];
    for (const char* f :
         {"func:TestParseGemspec", "func:TestParseGemspec_ResolvesRubyInterpolation"}) {
        ++cases;
        const std::string fx = gem[std::string(f) + ":fixture"];
        Outcome r = run(*make_gem_installed(), "specifications/x.gemspec",
                        test::read_text_file(*dir / "ruby" / fx));
        EXPECT_EQ(r.purls(), std::vector<std::string>{gem[std::string(f) + ":expectedPkg"]["PURL"]})
            << fx;
    }
    // PHP: both installed.json versions give the same two packages.
    const json php = load(*dir / "php/expected-from-go-tests.json");
    const json& pj = php["files"]["parse_installed_json_test.go"];
    for (const auto& fx : pj["func:TestParseInstalledJsonComposerV1:fixtures"]) {
        ++cases;
        Outcome r = run(*make_composer_installed(), "vendor/composer/installed.json",
                        test::read_text_file(*dir / "php" / fx.get<std::string>()));
        const auto want = expected_purls(pj["func:TestParseInstalledJsonComposerV1:expectedPkgs"]);
        const auto got = r.purls();
        EXPECT_EQ(std::multiset<std::string>(got.begin(), got.end()), want) << fx;
    }
    // .NET: TestParseDotnetDeps (expectedPkgs names variables of the same file).
    const json dn = load(*dir / "dotnet/expected-from-go-tests.json");
    const json& dc = dn["files"]["cataloger_test.go"];
    std::multiset<std::string> want;
    for (const auto& ref : dc["func:TestParseDotnetDeps:expectedPkgs"]) {
        want.insert(
            bare(dc["func:TestParseDotnetDeps:" + ref.get<std::string>().substr(1)]["PURL"]));
    }
    check("dotnet/TestParseDotnetDeps", *dir / "dotnet/testdata/dir-example-1", "dotnet", want);
    std::cout << "[   NOTE   ] syft installed-metadata: " << cases << " cases, " << differ
              << " known differences (docs/accuracy.md)\n";
    EXPECT_GE(cases, 30);
}

// The Globs tests: which files of syft's glob fixtures each analyzer wants.
TEST(LangUpstream, SyftGlobExpectations) {
    auto dir = syft_dir();
    if (!dir) GTEST_SKIP() << "shared data absent: installed-metadata/syft";
    struct Glob {
        const char* folder;
        const char* eco;
        const char* test;
        std::set<std::string> not_wanted;  // syft wants them, berth does not (docs/accuracy.md)
    };
    const std::vector<Glob> globs = {
        {"javascript", "npm", "func:Test_PackageCataloger_Globs:tests", {"src/package.json"}},
        {"python", "python", "func:Test_PackageCataloger_Globs:tests", {}},
        {"ruby", "ruby", "func:Test_GemSpec_Globs:tests", {}},
        {"php",
         "composer",
         "func:Test_ComposerInstalledCataloger_Globs:tests",
         {"src/installed.json"}},
        {"dotnet", "dotnet", "func:TestCataloger_Globs:tests", {}},
    };
    for (const auto& g : globs) {
        const json doc = load(*dir / g.folder / "expected-from-go-tests.json");
        const json& t = doc["files"]["cataloger_test.go"][g.test][0];
        const fs::path root = *dir / g.folder / t["fixture"].get<std::string>();
        const std::string eco = std::string(g.eco) == "ruby" ? "gem" : g.eco;
        auto a = make(eco);
        std::set<std::string> got;
        for (const auto& e : fs::recursive_directory_iterator(root)) {
            const std::string rel = fs::relative(e.path(), root).string();
            if (e.is_regular_file() && a->required(rel, FileInfo{})) got.insert(rel);
        }
        std::set<std::string> want;
        for (const auto& p : t["expected"]) {
            if (g.not_wanted.count(p) == 0U) want.insert(p);
        }
        EXPECT_EQ(got, want) << g.folder;
    }
}

}  // namespace
}  // namespace berth::analyze

// SPDX-License-Identifier: Apache-2.0
// Installing berth without building it (docs/packaging.md): the generated shell completions run
// in real bash, zsh and fish; the man pages are one per command and groff-clean; the Debian
// package from scripts/package.sh passes lintian and installs with apt on a fresh Debian 12
// root filesystem (the debootstrap minbase fixture), where the installed berth runs version,
// sbom and scan.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/text.hpp"
#include "report/writer.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace berth::test {
namespace {

std::string berth_bin() {
    const char* bin = std::getenv("BERTH_BIN");
    return bin != nullptr ? bin : std::string(BERTH_BINARY_DIR) + "/src/berth";
}

// What bash's completion function offers after `words` (the last word being completed).
std::string bash_complete(const std::string& words) {
    const std::string script =
        "source <(" + sh_quote(berth_bin()) + " completion bash); COMP_WORDS=(" + words +
        "); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _berth_complete; echo \"${COMPREPLY[*]}\"";
    return run_shell("bash -c " + sh_quote(script) + " 2>&1").out;
}

TEST(Completion, BashOffersCommandsSubcommandsOptionsAndChoices) {
    if (!have_tool("bash")) GTEST_SKIP() << "bash not installed";
    EXPECT_EQ(bash_complete("berth sc"), "scan\n");
    EXPECT_EQ(bash_complete("berth db up"), "update\n");
    // The choices are the writer table's formats for a scan report.
    EXPECT_EQ(bash_complete("berth scan --format ''"),
              text::join(report::writer_names(report::Kind::Scan), " ") + "\n");
    const std::string options = bash_complete("berth db update --fe");
    EXPECT_NE(options.find("--feed"), std::string::npos) << options;
    EXPECT_NE(options.find("--feeds"), std::string::npos) << options;
    EXPECT_EQ(bash_complete("berth manp"), "\n") << "hidden commands are not offered";
}

TEST(Completion, FishOffersSubcommandsAndChoices) {
    if (!have_tool("fish"))
        GTEST_SKIP() << "fish not installed (scripts/install-deps.sh installs it)";
    const fs::path dir = temp_dir("fish-completion");
    auto gen = run_shell(sh_quote(berth_bin()) + " completion fish > " +
                         sh_quote((dir / "berth.fish").string()));
    ASSERT_EQ(gen.exit_code, 0);
    auto complete = [&](const std::string& line) {
        return run_shell("HOME=" + sh_quote(dir.string()) + " fish --no-config -c " +
                         sh_quote("source " + (dir / "berth.fish").string() + "; complete -C " +
                                  sh_quote(line)) +
                         " 2>&1")
            .out;
    };
    const std::string db = complete("berth db ");
    EXPECT_NE(db.find("update\t"), std::string::npos) << db;
    EXPECT_NE(db.find("import\t"), std::string::npos) << db;
    EXPECT_EQ(db.find("scan\t"), std::string::npos) << "top-level commands under db: " << db;
    const std::string formats = complete("berth scan --format ");
    EXPECT_NE(formats.find("sarif"), std::string::npos) << formats;
}

TEST(Completion, ZshScriptParses) {
    if (!have_tool("zsh"))
        GTEST_SKIP() << "zsh not installed (scripts/install-deps.sh installs it)";
    const fs::path file = temp_dir("zsh-completion") / "_berth";
    ASSERT_EQ(
        run_shell(sh_quote(berth_bin()) + " completion zsh > " + sh_quote(file.string())).exit_code,
        0);
    auto parse = run_shell("zsh -n " + sh_quote(file.string()) + " 2>&1");
    EXPECT_EQ(parse.exit_code, 0) << parse.out;
    const std::string script = read_text_file(file);
    EXPECT_NE(script.find("_berth_db_update()"), std::string::npos);
    EXPECT_NE(script.find("(" + text::join(report::writer_names(report::Kind::Scan), " ") + ")"),
              std::string::npos);
}

TEST(ManPages, OnePerCommandAndGroffClean) {
    const fs::path dir = temp_dir("manpages");
    auto run = run_berth({"manpages", dir.string()});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    std::size_t pages = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        ++pages;
        if (!have_tool("groff")) continue;
        // -ww: all warnings; -z: no output. A page that warns is malformed roff.
        auto lint = run_shell("groff -man -ww -z " + sh_quote(entry.path().string()) + " 2>&1");
        EXPECT_EQ(lint.out, "") << entry.path();
    }
    // Every command --help lists has a page: the root, each command and each subcommand.
    for (const char* page : {"berth.1", "berth-scan.1", "berth-db-update.1", "berth-key-generate.1",
                             "berth-completion.1", "berth-authz-serve.1"})
        EXPECT_TRUE(fs::exists(dir / page)) << page;
    EXPECT_FALSE(fs::exists(dir / "berth-manpages.1")) << "hidden commands have no page";
    EXPECT_GE(pages, 20U);
    const std::string scan = read_text_file(dir / "berth-scan.1");
    EXPECT_NE(scan.find(".SH NOTES"), std::string::npos) << "the examples footer";
    EXPECT_NE(scan.find("\\-\\-exit\\-code"), std::string::npos);
}

// The package and a copy of the minbase fixture rootfs; removed by temp_dir at exit.
struct Installed {
    fs::path root;
    std::string skip;  ///< why the test cannot run here, if it cannot
};

Installed install_package() {
    if (::geteuid() != 0) return {{}, "not root: chroot and apt need root"};
    if (!have_tool("cpack") || !have_tool("dpkg-shlibdeps"))
        return {{}, "cpack or dpkg-shlibdeps (dpkg-dev) not installed"};
    auto fixtures = fixture_images_dir();
    if (!fixtures || !fs::exists(*fixtures / "rootfs/minimal/etc/debian_version"))
        return {{}, "fixture rootfs/minimal absent (scripts/test.sh builds the fixtures)"};
    const fs::path work = temp_dir("deb-install");
    auto pkg =
        run_shell(std::string(BERTH_SOURCE_DIR) + "/scripts/package.sh --build-dir " +
                  sh_quote(BERTH_BINARY_DIR) + " --out " + sh_quote((work / "out").string()) +
                  " 2>" + sh_quote((work / "package.log").string()));
    if (pkg.exit_code != 0)
        ADD_FAILURE() << "scripts/package.sh failed (lintian errors fail it):\n"
                      << read_text_file(work / "package.log");
    const std::string deb = std::string(text::trim(pkg.out));
    const fs::path root = work / "root";
    auto copy =
        run_shell("cp -a " + sh_quote((*fixtures / "rootfs/minimal").string()) + " " +
                  sh_quote(root.string()) + " && cp /etc/resolv.conf " +
                  sh_quote((root / "etc/resolv.conf").string()) + " && cp " + sh_quote(deb) + " " +
                  sh_quote((root / "tmp/berth.deb").string()) + " && cp -r " +
                  sh_quote(std::string(BERTH_SOURCE_DIR) + "/tests/e2e/testdata/advisories/osv") +
                  " " + sh_quote((root / "tmp/osv").string()) + " && cp " +
                  sh_quote((*fixtures / "minimal.docker.tar").string()) + " " +
                  sh_quote((root / "tmp/minimal.docker.tar").string()));
    if (copy.exit_code != 0) return {{}, "could not copy the rootfs: " + copy.err};
    return {root, ""};
}

// Runs `command` inside the chroot, in a private mount namespace (the /proc and /dev mounts go
// away with it).
RunResult in_chroot(const fs::path& root, const std::string& command) {
    const std::string r = sh_quote(root.string());
    return run_shell("unshare -m sh -c " +
                     sh_quote("mount -t proc proc " + r + "/proc && mount --rbind /dev " + r +
                              "/dev && chroot " + r + " /bin/sh -c " + sh_quote(command)) +
                     " 2>&1");
}

TEST(PackageDeb, InstallsWithAptOnFreshDebian12AndRuns) {
    const Installed inst = install_package();
    if (!inst.skip.empty()) GTEST_SKIP() << inst.skip;
    if (HasFailure()) return;
    auto update = in_chroot(inst.root, "apt-get update -qq");
    if (update.exit_code != 0)
        GTEST_SKIP() << "the Debian mirror is unreachable from here: " << update.out;
    auto apt = in_chroot(inst.root,
                         "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/berth.deb");
    ASSERT_EQ(apt.exit_code, 0) << "apt could not satisfy the package's Depends:\n" << apt.out;

    auto version = in_chroot(inst.root, "berth version");
    ASSERT_EQ(version.exit_code, 0) << version.out;
    EXPECT_TRUE(version.out.starts_with("berth ")) << version.out;
    for (const char* file :
         {"usr/share/man/man1/berth-scan.1.gz", "usr/share/bash-completion/completions/berth",
          "usr/share/zsh/vendor-completions/_berth",
          "usr/share/fish/vendor_completions.d/berth.fish",
          "usr/lib/systemd/system/berth-authz.socket", "usr/lib/systemd/system/berth-serve.service",
          "usr/share/doc/berth/copyright"})
        EXPECT_TRUE(fs::exists(inst.root / file)) << file;

    auto sbom = in_chroot(inst.root, "berth sbom --format json /tmp/minimal.docker.tar");
    ASSERT_EQ(sbom.exit_code, 0) << sbom.out.substr(0, 2000);
    EXPECT_NE(sbom.out.find("\"name\": \"dpkg\""), std::string::npos) << sbom.out.substr(0, 2000);

    auto scan = in_chroot(inst.root,
                          "berth db import --db /tmp/db.sqlite /tmp/osv >/dev/null && "
                          "berth scan --offline --db /tmp/db.sqlite --format json "
                          "/tmp/minimal.docker.tar");
    ASSERT_EQ(scan.exit_code, 0) << scan.out.substr(0, 2000);
    EXPECT_NE(scan.out.find("\"kind\": \"scan\""), std::string::npos) << scan.out.substr(0, 2000);
}

}  // namespace
}  // namespace berth::test

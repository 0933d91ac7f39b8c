// SPDX-License-Identifier: Apache-2.0
// pkgdb/dpkg against inline cases (versions, Source, statuses, status.d, info lists, defects),
// against the golden cases in testdata/dpkg_status/ (see its README), against the expectations of
// Trivy and osv-scalibr and the native dpkg-query listings of their inputs (shared data,
// pkgdb/trivy-dpkg and pkgdb/scalibr-dpkg), and against dpkg-query run here on the test data.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "analyze/plugins.hpp"
#include "test_support.hpp"

namespace berth::analyze {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kStatus = "var/lib/dpkg/status";

// Hands out a string in chunks of at most `chunk` bytes.
using StringStream = test::ChunkedStream;

// Fails after handing out some bytes.
class FailingStream final : public ByteStream {
  public:
    Result<std::size_t> read(void* buf, std::size_t size) override {
        if (served_) return fail(ErrorCode::Io, "disk on fire", "blob");
        served_ = true;
        const std::string part = "Package: a\nVersion: 1";
        const std::size_t n = std::min(size, part.size());
        std::copy_n(part.data(), n, static_cast<char*>(buf));
        return n;
    }

  private:
    bool served_ = false;
};

struct Run {
    Status status;
    LayerAnalysis out;
};

Run run_dpkg(ByteStream& content, const std::string& path, std::uint64_t max_read = 64ULL << 20U,
             std::size_t max_packages = 100'000) {
    auto analyzer = make_dpkg_status();
    image::Entry entry;
    entry.path = path;
    AnalysisInput input{path, entry, content, max_read, nullptr, max_packages};
    Run r;
    r.status = analyzer->analyze(input, r.out);
    return r;
}

Run run_dpkg(const std::string& path, const std::string& text, std::size_t chunk = SIZE_MAX) {
    StringStream s(text, chunk);
    return run_dpkg(s, path);
}

// Every field of a package on one line each, for whole-value comparisons with readable diffs.
std::string describe(const sbom::Package& p) {
    std::ostringstream o;
    o << "type=" << p.type << "\nname=" << p.name << "\nversion=" << p.version
      << "\nepoch=" << p.epoch << "\nupstream_version=" << p.upstream_version
      << "\nrelease=" << p.release << "\narch=" << p.arch << "\nsource_name=" << p.source_name
      << "\nsource_version=" << p.source_version << "\nmaintainer=" << p.maintainer
      << "\nvendor=" << p.vendor << "\nlicense=" << p.license << "\nchecksum=" << p.checksum
      << "\ninstalled_size=" << p.installed_size << "\nlocation.path=" << p.location.path
      << "\nfiles=";
    for (const auto& f : p.files) o << f << ",";
    o << "\n";
    return o.str();
}

std::string describe(const std::vector<sbom::Package>& ps) {
    std::string s;
    for (const auto& p : ps) s += describe(p) + "--\n";
    return s;
}

std::string describe(const Diagnostics& ds) {
    std::string s;
    for (const auto& d : ds) {
        s += (d.severity == Diagnostic::Severity::Info ? "info " : "warning ") + d.where + " " +
             d.message + "\n";
    }
    return s;
}

// A package as the parser builds it when only Package/Status/Version (and maybe Architecture)
// are given; the caller sets the rest.
sbom::Package deb(std::string name, std::string version, std::string epoch, std::string upstream,
                  std::string release, std::string path = kStatus) {
    sbom::Package p;
    p.type = "deb";
    p.name = std::move(name);
    p.version = std::move(version);
    p.epoch = std::move(epoch);
    p.upstream_version = std::move(upstream);
    p.release = std::move(release);
    p.source_name = p.name;
    p.source_version = p.version;
    p.location.path = std::move(path);
    return p;
}

sbom::Package deb_plain(std::string name, std::string version) {
    std::string up = version;
    std::string rel;
    if (auto h = version.rfind('-'); h != std::string::npos) {
        up = version.substr(0, h);
        rel = version.substr(h + 1);
    }
    return deb(std::move(name), std::move(version), "", std::move(up), std::move(rel));
}

sbom::Package with_arch(sbom::Package p, std::string arch) {
    p.arch = std::move(arch);
    return p;
}

sbom::Package with_source(sbom::Package p, std::string name, std::string version) {
    p.source_name = std::move(name);
    p.source_version = std::move(version);
    return p;
}

std::string para(const std::string& name, const std::string& version,
                 const std::string& status = "install ok installed",
                 const std::string& extra = "") {
    return "Package: " + name + "\nStatus: " + status + "\nVersion: " + version + "\n" + extra;
}

// ---------------------------------------------------------------------------------------------
// Identity and required()

TEST(DpkgStatus, NameAndVersion) {
    auto a = make_dpkg_status();
    EXPECT_EQ(a->name(), "pkgdb/dpkg");
    EXPECT_EQ(a->version(), 3);
}

struct RequiredCase {
    const char* name;
    const char* path;
    bool want;
};

class DpkgRequired : public testing::TestWithParam<RequiredCase> {};

TEST_P(DpkgRequired, Decides) {
    const auto& c = GetParam();
    EXPECT_EQ(make_dpkg_status()->required(c.path, FileInfo{}), c.want) << c.path;
}

INSTANTIATE_TEST_SUITE_P(
    Table, DpkgRequired,
    testing::Values(RequiredCase{"status", "var/lib/dpkg/status", true},
                    RequiredCase{"status_d_file", "var/lib/dpkg/status.d/foo", true},
                    RequiredCase{"status_d_libssl", "var/lib/dpkg/status.d/libssl3", true},
                    RequiredCase{"status_d_dotted_name", "var/lib/dpkg/status.d/libc6.1", true},
                    RequiredCase{"status_d_md5sums", "var/lib/dpkg/status.d/foo.md5sums", false},
                    RequiredCase{"status_d_itself", "var/lib/dpkg/status.d", false},
                    RequiredCase{"status_d_empty_name", "var/lib/dpkg/status.d/", false},
                    RequiredCase{"status_d_nested", "var/lib/dpkg/status.d/sub/foo", false},
                    RequiredCase{"status_as_dir", "var/lib/dpkg/status/foo", false},
                    RequiredCase{"status_old", "var/lib/dpkg/status-old", false},
                    RequiredCase{"status_suffix", "var/lib/dpkg/status.bak", false},
                    RequiredCase{"available", "var/lib/dpkg/available", false},
                    RequiredCase{"info_list", "var/lib/dpkg/info/bash.list", true},
                    RequiredCase{"info_list_arch", "var/lib/dpkg/info/libc6:amd64.list", true},
                    RequiredCase{"info_list_no_stem", "var/lib/dpkg/info/.list", false},
                    RequiredCase{"info_md5sums", "var/lib/dpkg/info/bash.md5sums", false},
                    RequiredCase{"info_conffiles", "var/lib/dpkg/info/bash.conffiles", false},
                    RequiredCase{"info_postinst", "var/lib/dpkg/info/bash.postinst", false},
                    RequiredCase{"info_format", "var/lib/dpkg/info/format", false},
                    RequiredCase{"info_list_suffix", "var/lib/dpkg/info/bash.list.bak", false},
                    RequiredCase{"info_nested", "var/lib/dpkg/info/sub/bash.list", false},
                    RequiredCase{"info_dir", "var/lib/dpkg/info", false},
                    RequiredCase{"opkg_status", "usr/lib/opkg/status", false},
                    RequiredCase{"absolute", "/var/lib/dpkg/status", false},
                    RequiredCase{"dot_slash", "./var/lib/dpkg/status", false},
                    RequiredCase{"inside_other_dir", "foo/var/lib/dpkg/status", false},
                    RequiredCase{"upper_case", "VAR/LIB/DPKG/STATUS", false},
                    RequiredCase{"empty", "", false}),
    [](const testing::TestParamInfo<RequiredCase>& i) { return std::string(i.param.name); });

TEST(DpkgStatus, RequiredOnlyForRegularFiles) {
    auto a = make_dpkg_status();
    for (auto type :
         {image::EntryType::Directory, image::EntryType::Symlink, image::EntryType::Hardlink,
          image::EntryType::Fifo, image::EntryType::Other}) {
        FileInfo info;
        info.type = type;
        EXPECT_FALSE(a->required(kStatus, info)) << image::entry_type_name(type);
    }
}

// ---------------------------------------------------------------------------------------------
// Status files, inline

struct Diag {
    std::string where;
    bool warning;  ///< false = Info
    friend bool operator==(const Diag&, const Diag&) = default;
};

void PrintTo(const Diag& d, std::ostream* os) {
    *os << (d.warning ? "warning " : "info ") << d.where;
}

struct ParseCase {
    const char* name;
    std::string path;
    std::string text;
    std::vector<sbom::Package> want;
    std::vector<Diag> want_diags;  ///< in order
};

Diag warn_at(int line, const std::string& path = kStatus) {
    return {path + ":" + std::to_string(line), true};
}
Diag info_at(int line, const std::string& path = kStatus) {
    return {path + ":" + std::to_string(line), false};
}

std::vector<ParseCase> parse_cases() {
    std::vector<ParseCase> cs;
    const std::string sd = "var/lib/dpkg/status.d/foo";

    cs.push_back({"empty_file", kStatus, "", {}, {}});
    cs.push_back({"only_blank_lines", kStatus, "\n\n \t\n\r\n   ", {}, {}});
    {
        auto p = deb("libgcc1", "1:5.1.1-12ubuntu1", "1", "5.1.1", "12ubuntu1");
        p.arch = "amd64";
        p.source_name = "gcc-5";
        p.source_version = "5.1.1-12ubuntu1";
        p.maintainer = "Ubuntu Core developers <ubuntu-devel-discuss@lists.ubuntu.com>";
        p.installed_size = 131ULL * 1024U;
        cs.push_back(
            {"full_paragraph",
             kStatus,
             "Package: libgcc1\nStatus: install ok installed\nPriority: required\n"
             "Section: libs\nInstalled-Size: 131\n"
             "Maintainer: Ubuntu Core developers <ubuntu-devel-discuss@lists.ubuntu.com>\n"
             "Architecture: amd64\nMulti-Arch: same\nSource: gcc-5 (5.1.1-12ubuntu1)\n"
             "Version: 1:5.1.1-12ubuntu1\n"
             "Depends: gcc-5-base (= 5.1.1-12ubuntu1), libc6 (>= 2.14)\n"
             "Description: GCC support library\n Shared version of the support library.\n .\n"
             " More text.\nHomepage: http://gcc.gnu.org/\n",
             {p},
             {}});
    }
    cs.push_back({"epoch_and_revision",
                  kStatus,
                  para("libc-bin", "1:2.36-9+deb12u4"),
                  {deb("libc-bin", "1:2.36-9+deb12u4", "1", "2.36", "9+deb12u4")},
                  {}});
    cs.push_back({"epoch_zero_is_not_printed",
                  kStatus,
                  para("z", "0:1.0-1"),
                  {deb("z", "1.0-1", "0", "1.0", "1")},
                  {}});
    cs.push_back(
        {"epoch_leading_zero", kStatus, para("z", "01:2"), {deb("z", "1:2", "1", "2", "")}, {}});
    cs.push_back({"native_version",
                  kStatus,
                  para("z", "20230101"),
                  {deb("z", "20230101", "", "20230101", "")},
                  {}});
    cs.push_back({"revision_after_last_hyphen",
                  kStatus,
                  para("z", "1.0-beta-2-3"),
                  {deb("z", "1.0-beta-2-3", "", "1.0-beta-2", "3")},
                  {}});
    cs.push_back({"epoch_before_first_colon",
                  kStatus,
                  para("z", "2:1.0:rc1-4"),
                  {deb("z", "2:1.0:rc1-4", "2", "1.0:rc1", "4")},
                  {}});
    cs.push_back({"version_padding_trimmed",
                  kStatus,
                  para("z", " \t1.0-1 \t"),
                  {deb_plain("z", "1.0-1")},
                  {}});
    cs.push_back({"source_with_binnmu_version",
                  kStatus,
                  para("bash", "5.2.15-2+b8", "install ok installed", "Source: bash (5.2.15-2)\n"),
                  {with_source(deb_plain("bash", "5.2.15-2+b8"), "bash", "5.2.15-2")},
                  {}});
    cs.push_back({"source_version_with_epoch",
                  kStatus,
                  para("x", "3.1-1", "install ok installed", "Source: y (01:3.1-1)\n"),
                  {with_source(deb_plain("x", "3.1-1"), "y", "1:3.1-1")},
                  {}});
    cs.push_back({"source_name_only",
                  kStatus,
                  para("bsdutils", "1:2.38.1-5", "install ok installed", "Source: util-linux\n"),
                  {with_source(deb("bsdutils", "1:2.38.1-5", "1", "2.38.1", "5"), "util-linux",
                               "1:2.38.1-5")},
                  {}});
    cs.push_back(
        {"source_extra_spaces",
         kStatus,
         para("x", "1.0-1", "install ok installed", "Source:   spaced   (  1.0-0.1  )  \n"),
         {with_source(deb_plain("x", "1.0-1"), "spaced", "1.0-0.1")},
         {}});
    cs.push_back({"source_paren_without_space",
                  kStatus,
                  para("x", "1.0-1", "install ok installed", "Source: gcc(1.0)\n"),
                  {with_source(deb_plain("x", "1.0-1"), "gcc", "1.0")},
                  {}});
    cs.push_back({"source_empty_value",
                  kStatus,
                  para("x", "1.0-1", "install ok installed", "Source:\n"),
                  {deb_plain("x", "1.0-1")},
                  {}});
    cs.push_back({"source_bad_version",
                  kStatus,
                  para("x", "1.0-1", "install ok installed", "Source: y (:1.0)\n"),
                  {with_source(deb_plain("x", "1.0-1"), "y", "1.0-1")},
                  {warn_at(4)}});
    cs.push_back({"source_without_name",
                  kStatus,
                  para("x", "1.0-1", "install ok installed", "Source: (2.0)\n"),
                  {with_source(deb_plain("x", "1.0-1"), "x", "2.0")},
                  {warn_at(4)}});
    cs.push_back({"source_unclosed_paren",
                  kStatus,
                  para("x", "1.0-1", "install ok installed", "Source: y (2.0\n"),
                  {with_source(deb_plain("x", "1.0-1"), "y", "2.0")},
                  {warn_at(4)}});
    cs.push_back({"source_trailing_junk",
                  kStatus,
                  para("x", "1.0-1", "install ok installed", "Source: y junk\n"),
                  {with_source(deb_plain("x", "1.0-1"), "y", "1.0-1")},
                  {warn_at(4)}});
    {
        auto p = deb_plain("x", "1.0-1");
        p.maintainer = "First Line\nsecond line";
        cs.push_back(
            {"continuation_lines",
             kStatus,
             "Package: x\nStatus: install ok installed\nDescription: d\n more\n .\n\tand tab\n"
             "Conffiles:\n /etc/x 0123\nMaintainer: First Line\n second line\nVersion: 1.0-1\n",
             {p},
             {}});
    }
    {
        auto p = with_arch(deb_plain("mixed-case", "4.5-6"), "all");
        p.installed_size = 1024;
        cs.push_back({"field_names_any_case_and_name_lowered",
                      kStatus,
                      "PACKAGE: Mixed-Case\nstatus: install ok installed\nversion: 4.5-6\n"
                      "architecture: all\ninstalled-SIZE: 1\n",
                      {p},
                      {}});
    }
    cs.push_back({"crlf_and_no_final_newline",
                  kStatus,
                  "Package: a\r\nStatus: install ok installed\r\nVersion: 1-1\r\n\r\n"
                  "Package: b\r\nStatus: install ok installed\r\nVersion: 2-1",
                  {deb_plain("a", "1-1"), deb_plain("b", "2-1")},
                  {}});
    cs.push_back({"blank_line_runs",
                  kStatus,
                  "\n\n" + para("a", "1") + "\n\n \t\n\r\n\n" + para("b", "2") + "\n\n\n",
                  {deb_plain("a", "1"), deb_plain("b", "2")},
                  {}});
    cs.push_back(
        {"byte_order_mark", kStatus, "\xEF\xBB\xBF" + para("a", "1"), {deb_plain("a", "1")}, {}});
    cs.push_back(
        {"statuses",
         kStatus,
         para("s1", "1", "install ok installed") + "\n" +
             para("s2", "1", "deinstall ok installed") + "\n" +
             para("s3", "1", "purge ok installed") + "\n" +
             para("s4", "1", "hold reinstreq installed") + "\n" +
             para("s5", "1", "install ok triggers-pending") + "\n" +
             para("s6", "1", "install ok triggers-awaited") + "\n" +
             para("s7", "1", "install ok half-configured") + "\n" +
             para("s8", "1", "install ok unpacked") + "\n" +
             para("s9", "1", "install reinstreq half-installed") + "\n" +
             para("s10", "1", "deinstall ok config-files") + "\n" +
             para("s11", "1", "purge ok not-installed") + "\n" +
             para("s12", "1", "  install \t ok   installed  "),
         {deb_plain("s1", "1"), deb_plain("s2", "1"), deb_plain("s3", "1"), deb_plain("s4", "1"),
          deb_plain("s5", "1"), deb_plain("s6", "1"), deb_plain("s12", "1")},
         {info_at(26), info_at(30), info_at(34)}});
    cs.push_back({"no_status_in_status_file",
                  kStatus,
                  "Package: a\nVersion: 1\n\n" + para("b", "1"),
                  {deb_plain("b", "1")},
                  {warn_at(1)}});
    cs.push_back({"malformed_status",
                  kStatus,
                  para("a", "1", "install ok") + "\n" +
                      para("b", "1", "install ok installed extra") + "\n" +
                      para("c", "1", "install ok exploded") + "\n" + para("d", "1", ""),
                  {},
                  {warn_at(2), warn_at(6), warn_at(10), warn_at(14)}});
    {
        auto p = deb("foo", "1.2.3", "", "1.2.3", "", sd);
        p.arch = "amd64";
        p.maintainer = "someone";
        cs.push_back({"status_d_without_status",
                      sd,
                      "Package: foo\nVersion: 1.2.3\nArchitecture: amd64\nMaintainer: someone\n",
                      {p},
                      {}});
    }
    cs.push_back(
        {"status_d_two_paragraphs_and_a_status",
         sd,
         "Package: a\nVersion: 1\n\nPackage: b\nStatus: deinstall ok config-files\nVersion: 2\n",
         {deb("a", "1", "", "1", "", sd)},
         {}});
    cs.push_back({"no_package_field",
                  kStatus,
                  "Status: install ok installed\nVersion: 1\n\n" + para("b", "1"),
                  {deb_plain("b", "1")},
                  {warn_at(1)}});
    cs.push_back({"bad_package_names",
                  kStatus,
                  para("-dash", "1") + "\n" + para("a b", "1") + "\n" + para("ünï", "1") + "\n" +
                      para("", "1") + "\n" +
                      "Package: a\n b\nStatus: install ok installed\nVersion: 1\n",
                  {},
                  {warn_at(1), warn_at(5), warn_at(9), warn_at(13), warn_at(17)}});
    cs.push_back(
        {"no_version",
         kStatus,
         "Package: a\nStatus: install ok installed\n\n" + para("b", "") + "\n" + para("c", "1"),
         {deb_plain("c", "1")},
         {warn_at(1), warn_at(4)}});
    cs.push_back({"bad_versions",
                  kStatus,
                  para("a", ":1") + "\n" + para("b", "x:1") + "\n" + para("c", "99999999999:1") +
                      "\n" + para("d", "1:") + "\n" + para("e", "1.0-") + "\n" + para("f", "-1") +
                      "\n" + para("g", "1.0 2") + "\n" + para("h", "-1:1") + "\n" +
                      "Package: i\nStatus: install ok installed\nVersion: 1.0\n 2\n",
                  {},
                  {warn_at(3), warn_at(7), warn_at(11), warn_at(15), warn_at(19), warn_at(23),
                   warn_at(27), warn_at(31), warn_at(35)}});
    cs.push_back(
        {"odd_versions_are_kept",
         kStatus,
         para("a", "1:5.#") + "\n" + para("b", "abc-1") + "\n" + para("c", "1.0-1_2"),
         {deb("a", "1:5.#", "1", "5.#", ""), deb_plain("b", "abc-1"), deb_plain("c", "1.0-1_2")},
         {info_at(3), info_at(7), info_at(11)}});
    {
        auto big = deb_plain("big", "1");
        big.installed_size = 18014398509481983ULL * 1024U;  // UINT64_MAX / 1024 KiB still fits
        cs.push_back(
            {"installed_size",
             kStatus,
             para("big", "1", "install ok installed", "Installed-Size: 18014398509481983\n") +
                 "\n" + para("a", "1", "install ok installed", "Installed-Size: 12kB\n") + "\n" +
                 para("b", "1", "install ok installed", "Installed-Size: -1\n") + "\n" +
                 para("c", "1", "install ok installed", "Installed-Size: 18014398509481984\n") +
                 "\n" +
                 para("d", "1", "install ok installed",
                      "Installed-Size: 99999999999999999999999\n"),
             {big, deb_plain("a", "1"), deb_plain("b", "1"), deb_plain("c", "1"),
              deb_plain("d", "1")},
             {warn_at(9), warn_at(14), warn_at(19), warn_at(24)}});
    }
    cs.push_back({"duplicate_field_keeps_first",
                  kStatus,
                  para("a", "1") + "Version: 2\n Version: 3\n",
                  {deb_plain("a", "1")},
                  {warn_at(4)}});
    cs.push_back({"second_package_field_starts_paragraph",
                  kStatus,
                  para("a", "1") + para("b", "2"),
                  {deb_plain("a", "1"), deb_plain("b", "2")},
                  {warn_at(4)}});
    cs.push_back({"repeated_package_later_wins",
                  kStatus,
                  para("a", "1", "install ok installed", "Architecture: amd64\n") + "\n" +
                      para("a", "2", "install ok installed", "Architecture: i386\n") + "\n" +
                      para("a", "3", "install ok installed", "Architecture: amd64\n"),
                  {with_arch(deb_plain("a", "3"), "amd64"), with_arch(deb_plain("a", "2"), "i386")},
                  {warn_at(11)}});
    cs.push_back({"garbage_lines_inside_paragraph",
                  kStatus,
                  "Package: a\nthis is not a field\nStatus: install ok installed\n: no name\n"
                  "#comment: x\n-Dash: y\nVersion: 1\n",
                  {deb_plain("a", "1")},
                  {warn_at(2), warn_at(4), warn_at(5), warn_at(6)}});
    cs.push_back({"continuation_outside_field",
                  kStatus,
                  " starts with a space\n" + para("a", "1") + "bad line\n more of the bad line\n",
                  {deb_plain("a", "1")},
                  {warn_at(1), warn_at(5), warn_at(6)}});
    cs.push_back({"scalibr_invalid", kStatus, "asdf\n\nyolo", {}, {warn_at(1), warn_at(3)}});
    {
        auto p = deb_plain("a", "1");
        p.maintainer = std::string("x\0y", 3);
        static constexpr char kText[] =
            "Package: a\nStatus: install ok installed\nMaintainer: x\0y\nVersion: 1\n\n"
            "Package: b\0c\nStatus: install ok installed\nVersion: 1\n";
        cs.push_back(
            {"nul_bytes", kStatus, std::string(kText, sizeof(kText) - 1), {p}, {warn_at(6)}});
    }
    return cs;
}

class DpkgParse : public testing::TestWithParam<ParseCase> {};

TEST_P(DpkgParse, WholeValue) {
    const auto& c = GetParam();
    for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, SIZE_MAX}) {
        SCOPED_TRACE("chunk " + std::to_string(chunk));
        auto r = run_dpkg(c.path, c.text, chunk);
        ASSERT_TRUE(r.status.has_value()) << r.status.error().to_string();
        ASSERT_EQ(r.out.package_dbs.size(), 1U);
        EXPECT_TRUE(r.out.owned_files.empty());
        const auto& db = r.out.package_dbs[0];
        EXPECT_EQ(db.analyzer, "pkgdb/dpkg");
        EXPECT_EQ(db.path, c.path);
        EXPECT_EQ(describe(db.packages), describe(c.want));
        std::vector<Diag> got;
        for (const auto& d : r.out.diagnostics) {
            got.push_back({d.where, d.severity == Diagnostic::Severity::Warning});
            EXPECT_EQ(d.message.rfind("pkgdb/dpkg: ", 0), 0U) << d.message;
        }
        EXPECT_EQ(got, c.want_diags) << describe(r.out.diagnostics);
    }
}

INSTANTIATE_TEST_SUITE_P(Table, DpkgParse, testing::ValuesIn(parse_cases()),
                         [](const testing::TestParamInfo<ParseCase>& i) {
                             return std::string(i.param.name);
                         });

// ---------------------------------------------------------------------------------------------
// info/*.list

struct ListCase {
    const char* name;
    std::string path;
    std::string text;
    std::string want_package;
    std::vector<std::string> want_files;
    std::vector<Diag> want_diags;
};

std::vector<ListCase> list_cases() {
    const std::string bash = "var/lib/dpkg/info/bash.list";
    const std::string libc = "var/lib/dpkg/info/libc6:amd64.list";
    return {
        {"empty", bash, "", "bash", {}, {}},
        {"typical",
         bash,
         "/.\n/bin\n/bin/bash\n/usr/share/doc/bash\n",
         "bash",
         {"bin", "bin/bash", "usr/share/doc/bash"},
         {}},
        {"multiarch_name",
         libc,
         "/.\n/lib/x86_64-linux-gnu/libc.so.6",
         "libc6:amd64",
         {"lib/x86_64-linux-gnu/libc.so.6"},
         {}},
        {"crlf_blank_and_odd_slashes",
         bash,
         "/.\r\n\r\n\n//usr//bin/./x\r\n/usr/share/doc/\r\n/\nrel/path\n",
         "bash",
         {"usr/bin/x", "usr/share/doc", "rel/path"},
         {}},
        {"spaces_kept", bash, "/usr/share/with space\n", "bash", {"usr/share/with space"}, {}},
        {"dot_dot_skipped",
         bash,
         "/usr\n/../../etc/shadow\n/usr/../../root\n/a/b..c\n",
         "bash",
         {"usr", "a/b..c"},
         {warn_at(2, bash)}},
    };
}

class DpkgList : public testing::TestWithParam<ListCase> {};

TEST_P(DpkgList, WholeValue) {
    const auto& c = GetParam();
    auto r = run_dpkg(c.path, c.text);
    ASSERT_TRUE(r.status.has_value()) << r.status.error().to_string();
    EXPECT_TRUE(r.out.package_dbs.empty());
    ASSERT_EQ(r.out.owned_files.size(), 1U);
    const auto& of = r.out.owned_files[0];
    EXPECT_EQ(of.analyzer, "pkgdb/dpkg");
    EXPECT_EQ(of.path, c.path);
    EXPECT_EQ(of.package, c.want_package);
    EXPECT_EQ(of.files, c.want_files);
    std::vector<Diag> got;
    for (const auto& d : r.out.diagnostics)
        got.push_back({d.where, d.severity == Diagnostic::Severity::Warning});
    EXPECT_EQ(got, c.want_diags) << describe(r.out.diagnostics);
}

INSTANTIATE_TEST_SUITE_P(Table, DpkgList, testing::ValuesIn(list_cases()),
                         [](const testing::TestParamInfo<ListCase>& i) {
                             return std::string(i.param.name);
                         });

// ---------------------------------------------------------------------------------------------
// Errors and hostile input

TEST(DpkgStatus, ReadErrorIsReturned) {
    FailingStream s;
    auto r = run_dpkg(s, kStatus);
    ASSERT_FALSE(r.status.has_value());
    EXPECT_EQ(r.status.error().code, ErrorCode::Io);
    EXPECT_NE(r.status.error().where.find(kStatus), std::string::npos)
        << r.status.error().to_string();
    EXPECT_TRUE(r.out.package_dbs.empty());
}

TEST(DpkgStatus, FileOverReadLimitIsAnError) {
    StringStream s(para("a", "1") + std::string(100, '\n'));
    auto r = run_dpkg(s, kStatus, 64);
    ASSERT_FALSE(r.status.has_value());
    EXPECT_EQ(r.status.error().code, ErrorCode::LimitExceeded);
    EXPECT_NE(r.status.error().where.find(kStatus), std::string::npos)
        << r.status.error().to_string();
    EXPECT_TRUE(r.out.package_dbs.empty());
}

TEST(DpkgStatus, PathNotOwnedIsAnError) {
    auto r = run_dpkg("etc/passwd", "root:x:0:0::/root:/bin/sh\n");
    ASSERT_FALSE(r.status.has_value());
    EXPECT_EQ(r.status.error().code, ErrorCode::InvalidArgument);
}

TEST(DpkgStatus, DiagnosticsAreCappedPerFile) {
    std::string text = para("a", "1");
    for (int i = 0; i < 500; ++i) text += "garbage\n";
    auto r = run_dpkg(kStatus, text);
    ASSERT_TRUE(r.status.has_value());
    EXPECT_EQ(r.out.package_dbs.at(0).packages.size(), 1U);
    ASSERT_EQ(r.out.diagnostics.size(), 51U);
    EXPECT_EQ(r.out.diagnostics.back().message, "pkgdb/dpkg: 450 more problems not listed");
    EXPECT_EQ(r.out.diagnostics.back().where, kStatus);
}

TEST(DpkgStatus, AppendsToExistingLayerAnalysis) {
    auto analyzer = make_dpkg_status();
    LayerAnalysis out;
    out.diagnostics.push_back({Diagnostic::Severity::Info, "earlier", "x"});
    const std::vector<std::pair<std::string, std::string>> files = {
        {kStatus, para("a", "1") + "bad\n"},
        {"var/lib/dpkg/status.d/b", "Package: b\nVersion: 2\n"},
        {"var/lib/dpkg/info/a.list", "/.\n/a\n"}};
    for (const auto& [path, text] : files) {
        StringStream s(text);
        image::Entry entry;
        AnalysisInput input{path, entry, s};
        ASSERT_TRUE(analyzer->analyze(input, out).has_value());
    }
    EXPECT_EQ(out.package_dbs.size(), 2U);
    EXPECT_EQ(out.owned_files.size(), 1U);
    ASSERT_EQ(out.diagnostics.size(), 2U);
    EXPECT_EQ(out.diagnostics.front().message, "earlier");
}

// The walk's owned-file budget is shared by every .list file: once it is spent, further paths
// are dropped with one warning, and what was kept stays within the budget.
TEST(DpkgStatus, ListFilesStopAtTheWalksFileBudget) {
    auto analyzer = make_dpkg_status();
    FileListBudget budget(4096);
    LayerAnalysis out;
    out.file_lists = &budget;
    std::string list;
    for (int i = 0; i < 100; ++i) list += "/usr/share/doc/pkg/file" + std::to_string(i) + "\n";
    for (const char* name : {"a", "b"}) {
        const std::string path = std::string("var/lib/dpkg/info/") + name + ".list";
        StringStream s(list);
        image::Entry entry;
        ASSERT_TRUE(analyzer->analyze(AnalysisInput{path, entry, s}, out).has_value());
    }
    ASSERT_EQ(out.owned_files.size(), 2U);
    const std::size_t kept_a = out.owned_files[0].files.size();
    EXPECT_GT(kept_a, 0U);
    EXPECT_LT(kept_a, 100U);
    EXPECT_TRUE(out.owned_files[1].files.empty());
    std::uint64_t charged = 0;
    for (const auto& f : out.owned_files[0].files) {
        charged += f.size() + FileListBudget::kEntryOverhead;
    }
    EXPECT_LE(charged, 4096U);
    ASSERT_EQ(out.diagnostics.size(), 1U);  // once per walk, not once per list
    EXPECT_EQ(out.diagnostics[0].where, "var/lib/dpkg/info/a.list");
    EXPECT_EQ(out.diagnostics[0].message,
              "owned-file paths past 0 MiB per image are not kept (from this file on); the "
              "packages are all listed, their files in part");
    EXPECT_FALSE(out.diagnostics[0].incomplete);
}

// Random bytes and mutations of a real paragraph: never an error, never a crash, and whatever
// is listed is a well-formed package.
TEST(DpkgStatus, SurvivesMutatedInput) {
    const std::string seed_text =
        "Package: libgcc1\nStatus: install ok installed\nInstalled-Size: 131\nMaintainer: M <m@x>\n"
        "Architecture: amd64\nSource: gcc-5 (5.1.1-12ubuntu1)\nVersion: 1:5.1.1-12ubuntu1\n"
        "Description: GCC support library\n Shared version.\n .\n More.\n\n" +
        para("b", "2:1.0-1");
    const std::string alphabet =
        std::string("\n\r\t :()-+.~#\0\xff", 14) + "Package:Status:Version:";
    std::mt19937 rng(20261123);
    auto pick = [&rng](std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
    };
    auto analyzer = make_dpkg_status();
    for (int i = 0; i < 3000; ++i) {
        std::string text = seed_text;
        if (i % 10 == 0) {
            text.resize(pick(400));
            for (char& ch : text) ch = static_cast<char>(pick(256));
        } else {
            const std::size_t edits = 1 + pick(8);
            for (std::size_t e = 0; e < edits && !text.empty(); ++e) {
                const std::size_t at = pick(text.size());
                switch (pick(4)) {
                    case 0:
                        text[at] = alphabet[pick(alphabet.size())];
                        break;
                    case 1:
                        text.erase(at, 1 + pick(5));
                        break;
                    case 2:
                        text.insert(at, 1, alphabet[pick(alphabet.size())]);
                        break;
                    default:
                        text.resize(at);
                        break;
                }
            }
        }
        const std::string path = i % 3 == 0 ? "var/lib/dpkg/status.d/x" : kStatus;
        StringStream s(text);
        image::Entry entry;
        AnalysisInput input{path, entry, s};
        LayerAnalysis out;
        ASSERT_TRUE(analyzer->analyze(input, out).has_value()) << i;
        ASSERT_EQ(out.package_dbs.size(), 1U);
        EXPECT_LE(out.diagnostics.size(), 51U);
        for (const auto& p : out.package_dbs[0].packages) {
            EXPECT_FALSE(p.name.empty());
            EXPECT_FALSE(p.version.empty());
            EXPECT_FALSE(p.upstream_version.empty());
            EXPECT_FALSE(p.source_name.empty());
            EXPECT_FALSE(p.source_version.empty());
            EXPECT_EQ(p.version.find_first_of(" \t\n"), std::string::npos) << p.version;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// What dpkg-query lists, compared as sets of (package, version, source, source version, arch).

using Row = std::tuple<std::string, std::string, std::string, std::string, std::string>;

std::string describe(const std::set<Row>& rows) {
    std::string s;
    for (const auto& row : rows) {
        std::apply([&s](const auto&... field) { ((s += field, s += ' '), ...); }, row);
        s.back() = '\n';
    }
    return s;
}

std::set<Row> rows_of(const std::vector<sbom::Package>& ps) {
    std::set<Row> out;
    for (const auto& p : ps)
        out.insert({p.name, p.version, p.source_name, p.source_version, p.arch});
    return out;
}

// The state word of a dpkg Status, and whether the analyzer lists packages in it.
bool listed_state(const std::string& status) {
    const auto state = status.substr(status.rfind(' ') + 1);
    return state == "installed" || state == "triggers-pending" || state == "triggers-awaited";
}

// Rows of a dpkg-query TSV (header: binary_package package version source_package source_version
// architecture status), split into those the analyzer must list and the others.
struct Native {
    std::set<Row> listed;
    std::set<std::string> unlisted;  ///< "package status"
};

Native parse_native_tsv(const std::string& text, bool header) {
    Native n;
    std::istringstream in(text);
    std::string line;
    if (header) std::getline(in, line);
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        std::vector<std::string> f;
        std::size_t start = 0;
        for (;;) {
            const auto tab = line.find('\t', start);
            f.push_back(
                line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
            if (tab == std::string::npos) break;
            start = tab + 1;
        }
        if (f.size() != 7) {
            ADD_FAILURE() << "bad row: " << line;
            continue;
        }
        if (listed_state(f[6])) {
            n.listed.insert({f[1], f[2], f[3], f[4], f[5]});
        } else {
            n.unlisted.insert(f[1] + " " + f[6]);
        }
    }
    return n;
}

std::optional<std::string> dpkg_query_path() {
    auto r = test::run_shell("command -v dpkg-query");
    if (r.exit_code != 0 || r.out.empty()) return std::nullopt;
    return r.out.substr(0, r.out.find('\n'));
}

// Runs the real dpkg-query over a status file (in a scratch admin dir); nullopt when it refuses
// the file.
std::optional<Native> run_dpkg_query(const std::string& dpkg_query,
                                     const std::string& status_bytes) {
    const fs::path admin = test::temp_dir("berth-dpkg");
    {
        std::ofstream out(admin / "status", std::ios::binary);
        out << status_bytes;
    }
    const std::string cmd =
        dpkg_query + " --admindir='" + admin.string() +
        "' -W -f='${binary:Package}\\t${Package}\\t${Version}\\t${source:Package}\\t"
        "${source:Version}\\t${Architecture}\\t${Status}\\n'";
    auto r = test::run_shell(cmd);
    if (r.exit_code != 0) return std::nullopt;
    return parse_native_tsv(r.out, false);
}

std::vector<sbom::Package> analyze_file(const fs::path& file, const std::string& as_path) {
    auto r = run_dpkg(as_path, test::read_text_file(file));
    EXPECT_TRUE(r.status.has_value()) << file;
    if (!r.status || r.out.package_dbs.size() != 1) return {};
    for (const auto& p : r.out.package_dbs[0].packages) EXPECT_EQ(p.location.path, as_path);
    return r.out.package_dbs[0].packages;
}

// Trivy's test inputs, listed by the real dpkg-query 1.21.23 (shared data). Only the Ubuntu
// status has a package that is not installed: git, "deinstall ok config-files".
TEST(DpkgStatusOracle, TrivyNativeDpkgQuery) {
    auto dir = test::shared_data_dir();
    if (!dir) GTEST_SKIP() << "shared data absent: pkgdb/trivy-dpkg";
    const fs::path root = *dir / "pkgdb/trivy-dpkg";
    if (!fs::is_directory(root)) GTEST_SKIP() << "shared data absent: " << root;
    std::map<std::string, std::size_t> listed;  // case → packages
    std::set<std::string> unlisted;
    for (const auto& e : fs::directory_iterator(root)) {
        const std::string name = e.path().filename().string();
        const std::string prefix = "native-dpkg-query-trivy-dpkg_unpacked_";
        const std::string suffix = "_var_lib_dpkg_status.tsv";
        if (!name.starts_with(prefix) || !name.ends_with(suffix)) continue;
        const std::string c =
            name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
        SCOPED_TRACE(c);
        const Native want = parse_native_tsv(test::read_text_file(e.path()), true);
        const auto got = rows_of(analyze_file(root / "unpacked" / c / kStatus, kStatus));
        EXPECT_EQ(describe(got), describe(want.listed));
        listed[c] = got.size();
        for (const auto& u : want.unlisted) unlisted.insert(c + ": " + u);
    }
    const std::map<std::string, std::size_t> want_counts = {
        {"corrupsed", 4}, {"third-party", 2}, {"valid", 90}};
    EXPECT_EQ(listed, want_counts);
    EXPECT_EQ(unlisted, (std::set<std::string>{"valid: git deinstall ok config-files"}));
}

std::string full_version(const json& p, const std::string& prefix) {
    std::string v;
    if (p.contains(prefix + "Epoch") && p.at(prefix + "Epoch").get<int>() != 0) {
        v = std::to_string(p.at(prefix + "Epoch").get<int>()) + ":";
    }
    v += p.value(prefix + "Version", std::string());
    const std::string rel = p.value(prefix + "Release", std::string());
    if (!rel.empty()) v += "-" + rel;
    return v;
}

// Trivy's Test_dpkgAnalyzer_Analyze: Version/Release/Epoch and Src* joined back into full
// versions. All six cases; Trivy also drops "invalidpkg" (no Status here, a bad version there).
TEST(DpkgStatusOracle, TrivyExpected) {
    auto dir = test::shared_data_dir();
    if (!dir) GTEST_SKIP() << "shared data absent: pkgdb/trivy-dpkg";
    const fs::path root = *dir / "pkgdb/trivy-dpkg";
    const fs::path file = root / "expected-Test_dpkgAnalyzer_Analyze.json";
    if (!fs::exists(file)) GTEST_SKIP() << "shared data absent: " << file;
    const json j = json::parse(test::read_text_file(file));
    std::size_t cases = 0;
    std::size_t packages = 0;
    for (const auto& c : j) {
        const std::string txtar = c.at("txtar").get<std::string>();
        const std::string stem = fs::path(txtar).stem().string();
        SCOPED_TRACE(stem);
        for (const auto& info : c.at("want").at("PackageInfos")) {
            const std::string path = info.at("FilePath").get<std::string>();
            std::set<Row> want;
            for (const auto& p : info.at("Packages")) {
                want.insert({p.at("Name").get<std::string>(), full_version(p, ""),
                             p.at("SrcName").get<std::string>(), full_version(p, "Src"),
                             p.value("Arch", std::string())});
            }
            const auto got = rows_of(analyze_file(root / "unpacked" / stem / path, path));
            EXPECT_EQ(describe(got), describe(want));
            packages += got.size();
        }
        ++cases;
    }
    EXPECT_EQ(cases, 6U);
    EXPECT_EQ(packages, 100U);
}

// osv-scalibr's dpkg TestExtract cases (dpkg ones; opkg paths are not ours). Cases with
// IncludeNotInstalled (an option we do not have) are compared as "what we list is what scalibr
// lists by default". "invalid" is an error there and diagnostics here.
TEST(DpkgStatusOracle, ScalibrExpected) {
    auto dir = test::shared_data_dir();
    if (!dir) GTEST_SKIP() << "shared data absent: pkgdb/scalibr-dpkg";
    const fs::path root = *dir / "pkgdb/scalibr-dpkg";
    const fs::path file = root / "expected-dpkg_test.json";
    if (!fs::exists(file)) GTEST_SKIP() << "shared data absent: " << file;
    const json j = json::parse(test::read_text_file(file));
    auto analyzer = make_dpkg_status();
    std::size_t compared = 0;
    std::size_t packages = 0;
    std::set<std::string> not_compared;
    for (const auto& c : j.at("TestExtract")) {
        const std::string name = c.at("name").get<std::string>();
        const std::string input = c.at("path").get<std::string>();
        if (!input.starts_with("testdata/dpkg/")) continue;
        SCOPED_TRACE(name + " " + input);
        if (c.contains("cfg")) {
            not_compared.insert(name);
            continue;
        }
        const std::string as_path =
            input.find("/status.d/") != std::string::npos
                ? "var/lib/dpkg/status.d/" + fs::path(input).filename().string()
                : std::string(kStatus);
        std::set<Row> want;
        for (const auto& p : c.value("wantPackages", json::array())) {
            const auto& m = p.at("Metadata");
            EXPECT_EQ(p.at("Location").at("args").at(0).get<std::string>(), as_path);
            want.insert({p.at("Name").get<std::string>(), p.at("Version").get<std::string>(),
                         m.value("SourceName", p.at("Name").get<std::string>()),
                         m.value("SourceVersion", p.at("Version").get<std::string>()),
                         m.value("Architecture", std::string())});
        }
        if (!analyzer->required(as_path, FileInfo{})) {
            EXPECT_TRUE(want.empty());  // status.d/foo.md5sums
            ++compared;
            continue;
        }
        auto r = run_dpkg(as_path, test::read_text_file(root / input));
        ASSERT_TRUE(r.status.has_value()) << r.status.error().to_string();
        const auto got = rows_of(r.out.package_dbs.at(0).packages);
        EXPECT_EQ(describe(got), describe(want));
        std::size_t warnings = 0;
        for (const auto& d : r.out.diagnostics)
            warnings += d.severity == Diagnostic::Severity::Warning ? 1U : 0U;
        if (c.contains("wantErr")) {
            EXPECT_GE(warnings, 1U) << describe(r.out.diagnostics);
        } else if (c.contains("wantLogWarn")) {
            EXPECT_EQ(warnings, c.at("wantLogWarn").get<std::size_t>())
                << describe(r.out.diagnostics);
        }
        packages += got.size();
        ++compared;
    }
    EXPECT_EQ(compared, 16U);
    EXPECT_EQ(packages, 23U);
    EXPECT_EQ(not_compared, (std::set<std::string>{"statusfield including not installed"}));
}

TEST(DpkgStatusOracle, ScalibrNativeDpkgQuery) {
    auto dir = test::shared_data_dir();
    if (!dir) GTEST_SKIP() << "shared data absent: pkgdb/scalibr-dpkg";
    const fs::path root = *dir / "pkgdb/scalibr-dpkg";
    const fs::path tsv = root / "native-dpkg-query-scalibr-dpkg_testdata_dpkg_valid.tsv";
    if (!fs::exists(tsv)) GTEST_SKIP() << "shared data absent: " << tsv;
    const Native want = parse_native_tsv(test::read_text_file(tsv), true);
    const auto got = rows_of(analyze_file(root / "testdata/dpkg/valid", kStatus));
    EXPECT_EQ(describe(got), describe(want.listed));
    EXPECT_EQ(got.size(), 7U);
    EXPECT_TRUE(want.unlisted.empty());
}

// scalibr's TestFileRequired: we take no opkg database and do not refuse large files in
// required() (the read limit applies in analyze()); every other row agrees.
TEST(DpkgStatusOracle, ScalibrFileRequired) {
    auto dir = test::shared_data_dir();
    if (!dir) GTEST_SKIP() << "shared data absent: pkgdb/scalibr-dpkg";
    const fs::path file = *dir / "pkgdb/scalibr-dpkg/expected-dpkg_test.json";
    if (!fs::exists(file)) GTEST_SKIP() << "shared data absent: " << file;
    const json j = json::parse(test::read_text_file(file));
    auto a = make_dpkg_status();
    std::size_t agree = 0;
    std::set<std::string> differ;
    for (const auto& row : j.at("TestFileRequired")) {
        const std::string path = row.at("path").get<std::string>();
        if (a->required(path, FileInfo{}) == row.at("wantRequired").get<bool>()) {
            ++agree;
        } else {
            differ.insert(row.at("name").get<std::string>() + " " + path);
        }
    }
    EXPECT_EQ(agree, 8U);
    EXPECT_EQ(differ,
              (std::set<std::string>{
                  "status file usr/lib/opkg/status",
                  "status file not required if file size > max file size var/lib/dpkg/status"}));
}

// This machine's own database, if it has one, against its own dpkg-query.
TEST(DpkgStatusOracle, HostDatabaseMatchesDpkgQuery) {
    const fs::path host = "/var/lib/dpkg/status";
    auto dq = dpkg_query_path();
    if (!dq || !fs::exists(host)) GTEST_SKIP() << "no dpkg on this host";
    const std::string bytes = test::read_text_file(host);
    auto native = run_dpkg_query(*dq, bytes);
    ASSERT_TRUE(native.has_value()) << "dpkg-query refused a copy of " << host;
    auto r = run_dpkg(kStatus, bytes);
    ASSERT_TRUE(r.status.has_value());
    EXPECT_EQ(describe(rows_of(r.out.package_dbs.at(0).packages)), describe(native->listed));
    std::size_t warnings = 0;
    for (const auto& d : r.out.diagnostics)
        warnings += d.severity == Diagnostic::Severity::Warning ? 1U : 0U;
    EXPECT_EQ(warnings, 0U) << describe(r.out.diagnostics);
}

// ---------------------------------------------------------------------------------------------
// Golden cases: testdata/dpkg_status/<case>/input/ holds files at their image paths; every file
// required() takes is analyzed (in path order) into one LayerAnalysis, written as canonical JSON
// and compared with want.golden.json (BERTH_UPDATE_GOLDEN=1 rewrites it). good_* cases yield no
// warning, bad_* at least one. Status files dpkg-query accepts are also compared with it.

json to_json(const LayerAnalysis& a) {
    json dbs = json::array();
    for (const auto& db : a.package_dbs) {
        json ps = json::array();
        for (const auto& p : db.packages) {
            ps.push_back({{"type", p.type},
                          {"name", p.name},
                          {"version", p.version},
                          {"epoch", p.epoch},
                          {"upstream_version", p.upstream_version},
                          {"release", p.release},
                          {"arch", p.arch},
                          {"source_name", p.source_name},
                          {"source_version", p.source_version},
                          {"maintainer", p.maintainer},
                          {"installed_size", p.installed_size},
                          {"location_path", p.location.path}});
        }
        dbs.push_back({{"analyzer", db.analyzer}, {"path", db.path}, {"packages", ps}});
    }
    json owned = json::array();
    for (const auto& of : a.owned_files) {
        owned.push_back({{"analyzer", of.analyzer},
                         {"package", of.package},
                         {"path", of.path},
                         {"files", of.files}});
    }
    json diags = json::array();
    for (const auto& d : a.diagnostics) {
        diags.push_back(
            {{"severity", d.severity == Diagnostic::Severity::Info ? "info" : "warning"},
             {"message", d.message},
             {"where", d.where}});
    }
    return {{"package_dbs", dbs}, {"owned_files", owned}, {"diagnostics", diags}};
}

const fs::path& testdata_root() {
    static const fs::path root =
        fs::path(BERTH_SOURCE_DIR) / "src/analyze/pkgdb/testdata/dpkg_status";
    return root;
}

std::vector<std::string> case_names() {
    std::vector<std::string> names;
    if (!fs::is_directory(testdata_root())) return names;
    for (const auto& e : fs::directory_iterator(testdata_root())) {
        if (e.is_directory()) names.push_back(e.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

class DpkgGolden : public testing::TestWithParam<std::string> {};

TEST_P(DpkgGolden, MatchesWant) {
    const fs::path dir = testdata_root() / GetParam();
    const fs::path input = dir / "input";
    ASSERT_TRUE(fs::is_directory(input)) << input;
    std::vector<std::string> paths;
    for (const auto& e : fs::recursive_directory_iterator(input)) {
        if (e.is_regular_file()) paths.push_back(fs::relative(e.path(), input).generic_string());
    }
    std::sort(paths.begin(), paths.end());
    auto analyzer = make_dpkg_status();
    LayerAnalysis out;
    std::size_t analyzed = 0;
    for (const auto& p : paths) {
        if (!analyzer->required(p, FileInfo{})) continue;
        StringStream s(test::read_text_file(input / p));
        image::Entry entry;
        entry.path = p;
        AnalysisInput in{p, entry, s};
        ASSERT_TRUE(analyzer->analyze(in, out).has_value()) << p;
        ++analyzed;
    }
    EXPECT_GT(analyzed, 0U);
    const std::string got = to_json(out).dump(2, ' ', false, json::error_handler_t::replace) + "\n";
    const fs::path want_file = dir / "want.golden.json";
    if (const char* u = std::getenv("BERTH_UPDATE_GOLDEN"); u != nullptr && *u == '1') {
        std::ofstream(want_file, std::ios::binary) << got;
    }
    ASSERT_TRUE(fs::exists(want_file)) << want_file << " (BERTH_UPDATE_GOLDEN=1 writes it)";
    EXPECT_EQ(got, test::read_text_file(want_file));

    std::size_t warnings = 0;
    for (const auto& d : out.diagnostics)
        warnings += d.severity == Diagnostic::Severity::Warning ? 1U : 0U;
    if (GetParam().starts_with("good_")) {
        EXPECT_EQ(warnings, 0U) << describe(out.diagnostics);
    }
    if (GetParam().starts_with("bad_")) {
        EXPECT_GE(warnings, 1U);
    }
}

INSTANTIATE_TEST_SUITE_P(Cases, DpkgGolden, testing::ValuesIn(case_names()),
                         [](const testing::TestParamInfo<std::string>& i) { return i.param; });

TEST(DpkgStatus, GoldenCasesPresent) {
    const std::vector<std::string> want = {
        "bad_defects",          "bad_garbage_bytes",    "bad_list_paths",
        "good_bookworm_status", "good_crlf_blank_runs", "good_distroless_status_d",
        "good_empty_status",    "good_states",          "good_versions_and_sources"};
    EXPECT_EQ(case_names(), want);
}

// dpkg-query itself on the golden status files: same packages where it accepts the file; it
// refuses CRLF and the broken ones (we read what we can of those).
TEST(DpkgStatusOracle, GoldenStatusFilesMatchDpkgQuery) {
    auto dq = dpkg_query_path();
    if (!dq) GTEST_SKIP() << "dpkg-query not installed";
    const std::set<std::string> refused_by_dpkg = {"bad_defects", "bad_garbage_bytes",
                                                   "good_crlf_blank_runs"};
    std::set<std::string> refused;
    std::size_t compared = 0;
    for (const auto& c : case_names()) {
        const fs::path status = testdata_root() / c / "input" / kStatus;
        if (!fs::exists(status)) continue;
        SCOPED_TRACE(c);
        const std::string bytes = test::read_text_file(status);
        auto native = run_dpkg_query(*dq, bytes);
        if (!native) {
            refused.insert(c);
            continue;
        }
        auto r = run_dpkg(kStatus, bytes);
        ASSERT_TRUE(r.status.has_value());
        EXPECT_EQ(describe(rows_of(r.out.package_dbs.at(0).packages)), describe(native->listed));
        ++compared;
    }
    EXPECT_EQ(refused, refused_by_dpkg);
    EXPECT_EQ(compared, 4U);
}

// A status file listing more packages than --max-packages fails closed (issue 11: a 57 MB status
// reached 1.5 GB). A package listed again replaces the earlier one and does not count twice.
TEST(DpkgStatus, PackageCap_FailsClosed) {
    std::string text;
    for (int i = 0; i < 3; ++i) {
        text += "Package: p" + std::to_string(i) +
                "\nStatus: install ok installed\nVersion: 1.0\nArchitecture: amd64\n\n";
    }
    text += "Package: p0\nStatus: install ok installed\nVersion: 1.1\nArchitecture: amd64\n";
    StringStream at_cap(text, SIZE_MAX);
    const auto ok = run_dpkg(at_cap, "var/lib/dpkg/status", 64ULL << 20U, 3);
    ASSERT_TRUE(ok.status) << ok.status.error().to_string();
    ASSERT_EQ(ok.out.package_dbs.size(), 1U);
    EXPECT_EQ(ok.out.package_dbs[0].packages.size(), 3U);
    StringStream over(text, SIZE_MAX);
    const auto r = run_dpkg(over, "var/lib/dpkg/status", 64ULL << 20U, 2);
    ASSERT_FALSE(r.status);
    EXPECT_EQ(r.status.error().code, ErrorCode::LimitExceeded);
    EXPECT_EQ(r.status.error().message,
              "lists more than 2 packages (--max-packages); the database is not read");
    EXPECT_EQ(r.status.error().where, "var/lib/dpkg/status");
    EXPECT_TRUE(r.out.package_dbs.empty());
}

}  // namespace
}  // namespace berth::analyze

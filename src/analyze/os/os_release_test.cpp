// SPDX-License-Identifier: Apache-2.0
// os/os-release: the KEY=VALUE parser, each identification file, choose_os() precedence, the
// testdata/os_release/ cases (real files, see the README) and the fixture rootfs.
#include "analyze/os/os_release.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "analyze/plugins.hpp"
#include "test_support.hpp"

namespace berth::analyze {
namespace {

namespace fs = std::filesystem;

using StringStream = test::ChunkedStream;

class FailingStream final : public ByteStream {
  public:
    Result<std::size_t> read(void* /*buf*/, std::size_t /*size*/) override {
        return fail(ErrorCode::Io, "disk on fire", "blob");
    }
};

sbom::OsInfo os(std::string id, std::string version_id, std::string codename, std::string pretty,
                std::string id_like, std::string source) {
    return sbom::OsInfo{std::move(id),     std::move(version_id), std::move(codename),
                        std::move(pretty), std::move(id_like),    std::move(source)};
}

std::string describe(const std::optional<sbom::OsInfo>& o) {
    if (!o) return "nullopt";
    return "id=" + o->id + " version_id=" + o->version_id + " codename=" + o->version_codename +
           " pretty=" + o->pretty_name + " id_like=" + o->id_like + " source=" + o->source_path;
}

std::string describe(const Diagnostics& ds) {
    std::string s;
    for (const auto& d : ds) s += d.where + " " + d.message + "\n";
    return s;
}

// Runs the analyzer on one file as the layer walker would.
Status analyze_one(const std::string& path, const std::string& content, LayerAnalysis& out) {
    auto a = make_os_release();
    StringStream s(content);
    image::Entry entry;
    entry.path = path;
    return a->analyze(AnalysisInput{path, entry, s}, out);
}

// ---------------------------------------------------------------------------------------------
// Identity and required()

TEST(OsRelease, NameAndVersion) {
    auto a = make_os_release();
    EXPECT_EQ(a->name(), "os/os-release");
    EXPECT_EQ(a->version(), 2);
}

struct RequiredCase {
    const char* name;
    const char* path;
    bool want;
};

// NOLINTNEXTLINE(readability-identifier-naming): gtest looks this name up.
void PrintTo(const RequiredCase& c, std::ostream* out) {
    *out << c.name;
}

class OsReleaseRequired : public testing::TestWithParam<RequiredCase> {};

TEST_P(OsReleaseRequired, Decides) {
    const auto& c = GetParam();
    EXPECT_EQ(make_os_release()->required(c.path, FileInfo{}), c.want) << c.path;
}

INSTANTIATE_TEST_SUITE_P(
    Table, OsReleaseRequired,
    testing::Values(RequiredCase{"etc_os_release", "etc/os-release", true},
                    RequiredCase{"usr_lib_os_release", "usr/lib/os-release", true},
                    RequiredCase{"debian_version", "etc/debian_version", true},
                    RequiredCase{"alpine_release", "etc/alpine-release", true},
                    RequiredCase{"redhat_release", "etc/redhat-release", true},
                    RequiredCase{"centos_release", "etc/centos-release", true},
                    RequiredCase{"fedora_release", "etc/fedora-release", true},
                    RequiredCase{"rocky_release", "etc/rocky-release", true},
                    RequiredCase{"almalinux_release", "etc/almalinux-release", true},
                    RequiredCase{"oracle_release", "etc/oracle-release", true},
                    RequiredCase{"suse_release", "etc/SuSE-release", true},
                    RequiredCase{"lsb_release", "etc/lsb-release", true},
                    RequiredCase{"system_release", "etc/system-release", true},
                    RequiredCase{"apk_repositories", "etc/apk/repositories", true},
                    RequiredCase{"apk_repositories_elsewhere", "opt/etc/apk/repositories", false},
                    RequiredCase{"suse_lower_case", "etc/suse-release", false},
                    RequiredCase{"os_release_backup", "etc/os-release.bak", false},
                    RequiredCase{"os_release_child", "etc/os-release/x", false},
                    RequiredCase{"absolute", "/etc/os-release", false},
                    RequiredCase{"nested", "opt/etc/os-release", false},
                    RequiredCase{"usr_etc", "usr/etc/os-release", false},
                    RequiredCase{"lib_os_release", "lib/os-release", false},
                    RequiredCase{"initrd_release", "etc/initrd-release", false},
                    RequiredCase{"mariner_release", "etc/mariner-release", false},
                    RequiredCase{"system_release_cpe", "etc/system-release-cpe", false},
                    RequiredCase{"debian_version_suffix", "etc/debian_version2", false},
                    RequiredCase{"issue", "etc/issue", false},
                    RequiredCase{"etc_dir", "etc/", false}, RequiredCase{"empty", "", false}),
    [](const testing::TestParamInfo<RequiredCase>& i) { return std::string(i.param.name); });

// ---------------------------------------------------------------------------------------------
// parse_env_file: the os-release(5) syntax.

struct EnvCase {
    const char* name;
    std::string text;
    std::map<std::string, std::string> want;
    std::vector<std::string> want_diag_where;
};

// NOLINTNEXTLINE(readability-identifier-naming): gtest looks this name up.
void PrintTo(const EnvCase& c, std::ostream* out) {
    *out << c.name;
}

std::vector<EnvCase> env_cases() {
    return {
        {"plain", "ID=debian\n", {{"ID", "debian"}}, {}},
        {"double_quoted", "NAME=\"Debian GNU/Linux\"\n", {{"NAME", "Debian GNU/Linux"}}, {}},
        {"single_quoted_is_literal", "A='b \\$ \"c\"'\n", {{"A", "b \\$ \"c\""}}, {}},
        {"escapes_in_double_quotes", "A=\"q\\\"b\\\\s\\$d\\`t\"\n", {{"A", "q\"b\\s$d`t"}}, {}},
        {"other_backslash_kept_in_double_quotes", "A=\"a\\nb\"\n", {{"A", "a\\nb"}}, {}},
        {"unquoted_escape", "A=a\\ b\\\"\n", {{"A", "a b\""}}, {}},
        {"line_continuation", "A=\"a\\\nb\"\nB=c\\\nd\n", {{"A", "ab"}, {"B", "cd"}}, {}},
        {"comments_and_blank_lines", "# comment\n\n   # indented\n\t\nA=1\n", {{"A", "1"}}, {}},
        {"trailing_comment", "ID=debian # the distribution\n", {{"ID", "debian"}}, {}},
        {"hash_inside_value", "A=a#b\nB=\"x # y\"\n", {{"A", "a#b"}, {"B", "x # y"}}, {}},
        {"comment_as_whole_value", "A= #nothing\n", {{"A", ""}}, {}},
        {"empty_values", "A=\nB=\"\"\nC=''\n", {{"A", ""}, {"B", ""}, {"C", ""}}, {}},
        {"whitespace_around", "  A = b c  \n", {{"A", "b c"}}, {}},
        {"quoted_whitespace_kept", "A=\"  b  \"  \n", {{"A", "  b  "}}, {}},
        {"crlf", "A=\"b\"\r\nC=d\r\n", {{"A", "b"}, {"C", "d"}}, {}},
        {"concatenation", "A=\"a\"'b'c\n", {{"A", "abc"}}, {}},
        {"last_assignment_wins", "A=1\nA=2\n", {{"A", "2"}}, {}},
        {"byte_order_mark",
         "\xEF\xBB\xBF"
         "A=1\n",
         {{"A", "1"}},
         {}},
        {"no_final_newline", "A=1", {{"A", "1"}}, {}},
        {"backslash_at_end_of_file", "A=x\\", {{"A", "x"}}, {}},
        {"lower_case_key_accepted", "a_b=1\n", {{"a_b", "1"}}, {}},
        {"unterminated_double_quote", "A=\"abc\nB=2\n", {{"A", "abc"}, {"B", "2"}}, {"f:1"}},
        {"unterminated_single_quote", "A='abc\r\nB=2\n", {{"A", "abc"}, {"B", "2"}}, {"f:1"}},
        {"no_equals_sign", "garbage\nA=1\n", {{"A", "1"}}, {"f:1"}},
        {"invalid_keys",
         "1A=x\nA-B=y\nexport C=z\n=w\nD=ok\n",
         {{"D", "ok"}},
         {"f:1", "f:2", "f:3", "f:4"}},
        {"binary", std::string("\x00\x01\x02\n\xff=1\n", 8), {}, {"f:1", "f:2"}},
        {"line_numbers_after_continuation", "A=\"x\\\ny\"\nbad\n", {{"A", "xy"}}, {"f:3"}},
        {"empty", "", {}, {}},
    };
}

class EnvFile : public testing::TestWithParam<EnvCase> {};

TEST_P(EnvFile, Parses) {
    const auto& c = GetParam();
    Diagnostics d;
    EXPECT_EQ(parse_env_file(c.text, "f", "who", d), c.want);
    std::vector<std::string> wheres;
    for (const auto& x : d) {
        wheres.push_back(x.where);
        EXPECT_EQ(x.message.rfind("who: ", 0), 0U) << x.message;
    }
    EXPECT_EQ(wheres, c.want_diag_where) << describe(d);
}

INSTANTIATE_TEST_SUITE_P(Table, EnvFile, testing::ValuesIn(env_cases()),
                         [](const testing::TestParamInfo<EnvCase>& i) {
                             return std::string(i.param.name);
                         });

// ---------------------------------------------------------------------------------------------
// read_os_file: one file → one OsRelease.

struct FileCase {
    const char* name;
    const char* path;
    std::string content;
    sbom::OsInfo want;  ///< source_path filled from `path` by the test
    std::size_t want_diags;
};

// NOLINTNEXTLINE(readability-identifier-naming): gtest looks this name up.
void PrintTo(const FileCase& c, std::ostream* out) {
    *out << c.name;
}

std::vector<FileCase> file_cases() {
    return {
        {"os_release_ubuntu_codename_fallback", "etc/os-release",
         "NAME=\"Ubuntu\"\nID=ubuntu\nVERSION_ID=\"18.04\"\nUBUNTU_CODENAME=bionic\n",
         os("ubuntu", "18.04", "bionic", "Ubuntu", "", ""), 0},
        {"os_release_debian_codename_from_version", "usr/lib/os-release",
         "PRETTY_NAME=\"Debian GNU/Linux 9 (stretch)\"\nID=debian\nVERSION_ID=\"9\"\nVERSION=\"9 "
         "(stretch)\"\n",
         os("debian", "9", "stretch", "Debian GNU/Linux 9 (stretch)", "", ""), 0},
        {"os_release_version_parentheses_only_for_debian", "etc/os-release",
         "ID=\"rocky\"\nVERSION=\"9.3 (Blue Onyx)\"\nVERSION_ID=\"9.3\"\n",
         os("rocky", "9.3", "", "", "", ""), 0},
        {"os_release_codename_field_wins", "etc/os-release",
         "ID=debian\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=custom\n",
         os("debian", "", "custom", "", "", ""), 0},
        {"lsb_release_linuxmint", "etc/lsb-release",
         "DISTRIB_ID=LinuxMint\nDISTRIB_RELEASE=21.2\nDISTRIB_CODENAME=victoria\nDISTRIB_"
         "DESCRIPTION=\"Linux Mint 21.2 "
         "Victoria\"\n",
         os("linuxmint", "21.2", "victoria", "Linux Mint 21.2 Victoria", "", ""), 0},
        {"fedora_release", "etc/fedora-release", "Fedora release 39 (Thirty Nine)\n",
         os("fedora", "39", "Thirty Nine", "Fedora release 39 (Thirty Nine)", "", ""), 0},
        {"amazon_linux_2", "etc/system-release", "Amazon Linux release 2 (Karoo)\n",
         os("amzn", "2", "Karoo", "Amazon Linux release 2 (Karoo)", "centos rhel fedora", ""), 0},
        {"amazon_linux_ami", "etc/system-release", "Amazon Linux AMI release 2018.03\n",
         os("amzn", "2018.03", "", "Amazon Linux AMI release 2018.03", "centos rhel fedora", ""),
         0},
        {"centos6", "etc/centos-release", "CentOS release 6.10 (Final)\n",
         os("centos", "6.10", "Final", "CentOS release 6.10 (Final)", "rhel fedora", ""), 0},
        {"rhel8", "etc/redhat-release", "Red Hat Enterprise Linux release 8.9 (Ootpa)\n",
         os("rhel", "8.9", "Ootpa", "Red Hat Enterprise Linux release 8.9 (Ootpa)", "fedora", ""),
         0},
        {"vendor_file_names_the_vendor", "etc/rocky-release", "Something Else release 1.0\n",
         os("rocky", "1.0", "", "Something Else release 1.0", "rhel centos fedora", ""), 0},
        {"redhat_release_without_release_word", "etc/redhat-release", "Fedora 39\n",
         os("fedora", "", "", "Fedora 39", "", ""), 1},
        {"redhat_release_without_number", "etc/redhat-release", "Fedora release rawhide\n",
         os("fedora", "", "", "Fedora release rawhide", "", ""), 1},
        {"redhat_release_unknown_vendor", "etc/redhat-release", "Frobnix release 2\n",
         os("", "2", "", "Frobnix release 2", "", ""), 1},
        {"redhat_release_empty", "etc/redhat-release", "", os("", "", "", "", "", ""), 1},
        {"opensuse_13", "etc/SuSE-release",
         "openSUSE 13.2 (x86_64)\nVERSION = 13.2\nCODENAME = Harlequin\n# /etc/SuSE-release is "
         "deprecated\n",
         os("opensuse", "13.2", "Harlequin", "openSUSE 13.2 (x86_64)", "suse", ""), 0},
        {"sles12_patchlevel_zero", "etc/SuSE-release",
         "SUSE Linux Enterprise Server 12 (x86_64)\nVERSION = 12\nPATCHLEVEL = 0\n",
         os("sles", "12", "", "SUSE Linux Enterprise Server 12 (x86_64)", "suse", ""), 0},
        {"sled11_bad_line", "etc/SuSE-release",
         "SUSE Linux Enterprise Desktop 11 (x86_64)\nVERSION 11\n",
         os("sled", "", "", "SUSE Linux Enterprise Desktop 11 (x86_64)", "suse", ""), 1},
        {"suse_unknown_title", "etc/SuSE-release", "Frobnix 1\nVERSION = 1\n",
         os("", "1", "", "Frobnix 1", "", ""), 1},
        {"alpine_release_padded", "etc/alpine-release", "\n  3.19.1  \n",
         os("alpine", "3.19.1", "", "", "", ""), 0},
        {"debian_version_empty", "etc/debian_version", "", os("debian", "", "", "", "", ""), 1},
        {"debian_version_testing", "etc/debian_version", "trixie/sid\n",
         os("debian", "trixie/sid", "", "", "", ""), 0},
        {"os_release_binary", "etc/os-release",
         std::string("\x7f"
                     "ELF\x02\x01\x01\x00",
                     8),
         os("", "", "", "", "", ""), 1},
    };
}

class OsFile : public testing::TestWithParam<FileCase> {};

TEST_P(OsFile, Reads) {
    const auto& c = GetParam();
    LayerAnalysis out;
    ASSERT_TRUE(analyze_one(c.path, c.content, out).has_value());
    ASSERT_EQ(out.os_releases.size(), 1U);
    EXPECT_EQ(out.os_releases[0].path, c.path);
    sbom::OsInfo want = c.want;
    want.source_path = c.path;
    EXPECT_EQ(describe(out.os_releases[0].info), describe(want));
    EXPECT_EQ(out.diagnostics.size(), c.want_diags) << describe(out.diagnostics);
    for (const auto& d : out.diagnostics) {
        EXPECT_EQ(d.message.rfind("os/os-release: ", 0), 0U) << d.message;
        EXPECT_EQ(d.where.rfind(std::string(c.path) + ":", 0), 0U) << d.where;
    }
}

INSTANTIATE_TEST_SUITE_P(Table, OsFile, testing::ValuesIn(file_cases()),
                         [](const testing::TestParamInfo<FileCase>& i) {
                             return std::string(i.param.name);
                         });

TEST(OsRelease, OversizedFileIsAnError) {
    LayerAnalysis out;
    auto st =
        analyze_one("etc/os-release", "ID=x\n" + std::string(std::size_t{70} * 1024, '#'), out);
    ASSERT_FALSE(st.has_value());
    EXPECT_EQ(st.error().code, ErrorCode::LimitExceeded);
    EXPECT_TRUE(out.os_releases.empty());
}

TEST(OsRelease, ReadErrorIsReturned) {
    auto a = make_os_release();
    FailingStream s;
    image::Entry entry;
    const std::string path = "etc/os-release";
    LayerAnalysis out;
    auto st = a->analyze(AnalysisInput{path, entry, s}, out);
    ASSERT_FALSE(st.has_value());
    EXPECT_EQ(st.error().code, ErrorCode::Io);
    EXPECT_TRUE(out.os_releases.empty());
}

// ---------------------------------------------------------------------------------------------
// choose_os: the precedence.

OsRelease rel(std::string path, sbom::OsInfo info) {
    info.source_path = path;
    return OsRelease{std::move(path), std::move(info)};
}

struct ChooseCase {
    const char* name;
    std::vector<OsRelease> found;
    std::optional<sbom::OsInfo> want;
};

// NOLINTNEXTLINE(readability-identifier-naming): gtest looks this name up.
void PrintTo(const ChooseCase& c, std::ostream* out) {
    *out << c.name;
}

std::vector<ChooseCase> choose_cases() {
    const auto bookworm = os("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)", "", "");
    const auto jammy = os("ubuntu", "22.04", "jammy", "Ubuntu 22.04.3 LTS", "debian", "");
    const auto dv = [](const char* v) {
        return rel("etc/debian_version", os("debian", v, "", "", "", ""));
    };
    const auto alpine_release = rel("etc/alpine-release", os("alpine", "3.19.1", "", "", "", ""));
    std::vector<ChooseCase> cs;
    cs.push_back({"nothing", {}, std::nullopt});
    cs.push_back({"only_unidentified_files",
                  {rel("etc/os-release", os("", "1", "", "Linux", "", "")),
                   rel("etc/redhat-release", os("", "2", "", "Frobnix release 2", "", ""))},
                  std::nullopt});
    cs.push_back({"etc_over_usr",
                  {rel("usr/lib/os-release", bookworm),
                   rel("etc/os-release", os("alpine", "3.19.1", "", "", "", ""))},
                  os("alpine", "3.19.1", "", "", "", "etc/os-release")});
    cs.push_back({"etc_without_id_falls_to_usr",
                  {rel("etc/os-release", os("", "", "", "Custom", "", "")),
                   rel("usr/lib/os-release", bookworm)},
                  os("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)", "",
                     "usr/lib/os-release")});
    cs.push_back({"debian_point_release",
                  {rel("etc/os-release", bookworm), dv("12.15")},
                  os("debian", "12.15", "bookworm", "Debian GNU/Linux 12 (bookworm)", "",
                     "etc/os-release")});
    cs.push_back(
        {"debian_point_release_disagrees",
         {rel("etc/os-release", bookworm), dv("11.5")},
         os("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)", "", "etc/os-release")});
    cs.push_back({"debian_point_release_prefix_is_not_enough",
                  {rel("etc/os-release", os("debian", "1", "", "", "", "")), dv("12.1")},
                  os("debian", "1", "", "", "", "etc/os-release")});
    cs.push_back(
        {"debian_version_same_as_version_id",
         {rel("etc/os-release", bookworm), dv("12")},
         os("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)", "", "etc/os-release")});
    cs.push_back(
        {"debian_version_not_numeric",
         {rel("etc/os-release", bookworm), dv("12.15a")},
         os("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)", "", "etc/os-release")});
    cs.push_back(
        {"debian_testing",
         {rel("etc/os-release", os("debian", "", "trixie", "Debian GNU/Linux trixie/sid", "", "")),
          dv("trixie/sid")},
         os("debian", "", "trixie", "Debian GNU/Linux trixie/sid", "", "etc/os-release")});
    cs.push_back({"debian_without_version_id_takes_point_release",
                  {rel("etc/os-release", os("debian", "", "", "", "", "")), dv("13.1")},
                  os("debian", "13.1", "trixie", "", "", "etc/os-release")});
    cs.push_back({"debian_codename_from_number",
                  {rel("etc/os-release", os("debian", "11", "", "Distroless", "", "")), dv("11.9")},
                  os("debian", "11.9", "bullseye", "Distroless", "", "etc/os-release")});
    cs.push_back(
        {"ubuntu_ignores_debian_version",
         {rel("etc/os-release", jammy), dv("bookworm/sid"),
          rel("etc/lsb-release", os("ubuntu", "22.04", "jammy", "Ubuntu 22.04.3 LTS", "", ""))},
         os("ubuntu", "22.04", "jammy", "Ubuntu 22.04.3 LTS", "debian", "etc/os-release")});
    cs.push_back(
        {"ubuntu_numeric_debian_version_ignored",
         {rel("etc/os-release", jammy), dv("11.1")},
         os("ubuntu", "22.04", "jammy", "Ubuntu 22.04.3 LTS", "debian", "etc/os-release")});
    cs.push_back(
        {"missing_version_id_from_own_file",
         {rel("etc/os-release", os("alpine", "", "", "Alpine Linux", "", "")), alpine_release},
         os("alpine", "3.19.1", "", "Alpine Linux", "", "etc/os-release")});
    cs.push_back({"missing_version_id_not_from_other_distro",
                  {rel("etc/os-release", os("alpine", "", "", "", "", "")), dv("12.15")},
                  os("alpine", "", "", "", "", "etc/os-release")});
    cs.push_back(
        {"os_release_version_id_kept_over_vendor_file",
         {rel("etc/os-release", os("centos", "7", "", "CentOS Linux 7 (Core)", "rhel fedora", "")),
          rel("etc/centos-release", os("centos", "7.9.2009", "Core", "", "rhel fedora", ""))},
         os("centos", "7", "", "CentOS Linux 7 (Core)", "rhel fedora", "etc/os-release")});
    cs.push_back({"vendor_file_before_redhat_release",
                  {rel("etc/redhat-release", os("rhel", "7.6", "Maipo", "", "fedora", "")),
                   rel("etc/oracle-release", os("ol", "7.6", "", "", "fedora", ""))},
                  os("ol", "7.6", "", "", "fedora", "etc/oracle-release")});
    cs.push_back(
        {"redhat_release_when_os_release_absent",
         {rel("etc/redhat-release",
              os("rocky", "8.4", "Green Obsidian", "", "rhel centos fedora", ""))},
         os("rocky", "8.4", "Green Obsidian", "", "rhel centos fedora", "etc/redhat-release")});
    cs.push_back({"system_release_last_of_red_hat_files",
                  {rel("etc/system-release", os("amzn", "2", "Karoo", "", "", "")),
                   rel("etc/redhat-release", os("centos", "7", "", "", "", ""))},
                  os("centos", "7", "", "", "", "etc/redhat-release")});
    cs.push_back({"alpine_release_before_debian_version",
                  {dv("12.15"), alpine_release},
                  os("alpine", "3.19.1", "", "", "", "etc/alpine-release")});
    cs.push_back(
        {"lsb_release_before_debian_version",
         {dv("bookworm/sid"), rel("etc/lsb-release", os("ubuntu", "22.04", "jammy", "", "", ""))},
         os("ubuntu", "22.04", "jammy", "", "", "etc/lsb-release")});
    cs.push_back({"debian_version_only",
                  {dv("12.15")},
                  os("debian", "12.15", "bookworm", "", "", "etc/debian_version")});
    cs.push_back({"debian_version_only_major",
                  {dv("10")},
                  os("debian", "10", "buster", "", "", "etc/debian_version")});
    cs.push_back({"debian_version_only_unknown_major",
                  {dv("99.1")},
                  os("debian", "99.1", "", "", "", "etc/debian_version")});
    cs.push_back({"debian_version_only_testing",
                  {dv("trixie/sid")},
                  os("debian", "", "trixie", "", "", "etc/debian_version")});
    cs.push_back({"debian_version_only_sid",
                  {dv("sid")},
                  os("debian", "", "sid", "", "", "etc/debian_version")});
    cs.push_back(
        {"last_duplicate_wins",
         {rel("etc/os-release", bookworm), rel("etc/os-release", jammy)},
         os("ubuntu", "22.04", "jammy", "Ubuntu 22.04.3 LTS", "debian", "etc/os-release")});
    {
        OsRelease bare{"etc/os-release", os("alpine", "3.19.1", "", "", "", "")};
        cs.push_back({"source_path_defaults_to_path",
                      {bare},
                      os("alpine", "3.19.1", "", "", "", "etc/os-release")});
    }
    return cs;
}

class ChooseOs : public testing::TestWithParam<ChooseCase> {};

TEST_P(ChooseOs, Picks) {
    const auto& c = GetParam();
    EXPECT_EQ(describe(choose_os(c.found)), describe(c.want));
}

INSTANTIATE_TEST_SUITE_P(Table, ChooseOs, testing::ValuesIn(choose_cases()),
                         [](const testing::TestParamInfo<ChooseCase>& i) {
                             return std::string(i.param.name);
                         });

// ---------------------------------------------------------------------------------------------
// etc/apk/repositories: the cases of Trivy's analyzer/repo/apk test (apk_test.go), the tagged
// and comment lines berth leaves out, and how choose_os() uses the branch.

TEST(ApkRepositories, BranchFromTrivyCases) {
    const std::pair<const char*, const char*> cases[] = {
        {"http://nl.alpinelinux.org/alpine/v3.7/main", "3.7"},
        {"https://dl-cdn.alpinelinux.org/alpine/v3.15/main", "3.15"},
        {"ftp://dl-3.alpinelinux.org/alpine/v2.6/main", "2.6"},
        {"https://dl-cdn.alpinelinux.org/alpine/edge/main", "edge"},
        {"https://dl-cdn.alpinelinux.org/alpine/v3.1/main\n\nhttps://dl-cdn.alpinelinux.org/"
         "alpine/v3.10/main\n",
         "3.10"},
        {"https://dl-cdn.alpinelinux.org/alpine/v3.10/main\nhttps://dl-cdn.alpinelinux.org/"
         "alpine/v3.1/main\n",
         "3.10"},
        {"https://dl-cdn.alpinelinux.org/alpine/edge/main\nhttps://dl-cdn.alpinelinux.org/"
         "alpine/v3.10/main\n",
         "edge"},
        {"https://distfiles.adelielinux.org/adelie/1.0-beta4/system/", ""},  // not Alpine
        {"https://dl-cdn.alpinelinux.org/alpine//edge/main", ""},            // Trivy's sad path
        // berth's own: a mirror with a deeper path, a tagged repository, comments, local paths.
        {"https://mirror.example.org/pub/linux/alpine/v3.19/community", "3.19"},
        {"https://dl-cdn.alpinelinux.org/alpine/v3.16/main\n"
         "@testing https://dl-cdn.alpinelinux.org/alpine/edge/testing\n",
         "3.16"},
        {"# https://dl-cdn.alpinelinux.org/alpine/edge/main\n/media/cdrom/apks\n", ""},
        {"https://dl-cdn.alpinelinux.org/alpine/vX.Y/main", ""},
    };
    for (const auto& [content, want] : cases) {
        Diagnostics d;
        const OsRelease r = read_os_file("etc/apk/repositories", content, d);
        EXPECT_EQ(r.info.version_id, want) << content;
        EXPECT_EQ(r.info.id, "") << "the repositories file never identifies an OS";
        EXPECT_TRUE(d.empty()) << describe(d);
    }
}

TEST(ApkRepositories, ChooseOsRecordsADifferentBranch) {
    Diagnostics d;
    const auto os_release = read_os_file(
        "etc/os-release", "ID=alpine\nVERSION_ID=3.16.2\nPRETTY_NAME=\"Alpine Linux v3.16\"\n", d);
    auto repos = [&](const char* text) { return read_os_file("etc/apk/repositories", text, d); };
    auto edge = choose_os({os_release, repos("https://dl-cdn.alpinelinux.org/alpine/edge/main")});
    ASSERT_TRUE(edge.has_value());
    EXPECT_EQ(edge->version_id, "3.16.2") << "os-release's version is kept as it says";
    EXPECT_EQ(edge->repository_release, "edge");
    auto same = choose_os({os_release, repos("https://dl-cdn.alpinelinux.org/alpine/v3.16/main")});
    ASSERT_TRUE(same.has_value());
    EXPECT_EQ(same->repository_release, "") << "the same branch is not a disagreement";
    auto newer = choose_os({os_release, repos("https://dl-cdn.alpinelinux.org/alpine/v3.19/main")});
    ASSERT_TRUE(newer.has_value());
    EXPECT_EQ(newer->repository_release, "3.19");
    auto none = choose_os({os_release});
    ASSERT_TRUE(none.has_value());
    EXPECT_EQ(none->repository_release, "");
    // Only for Alpine: a Debian image with a stray repositories file keeps its own release.
    const auto debian = read_os_file("etc/os-release", "ID=debian\nVERSION_ID=12\n", d);
    auto deb = choose_os({debian, repos("https://dl-cdn.alpinelinux.org/alpine/edge/main")});
    ASSERT_TRUE(deb.has_value());
    EXPECT_EQ(deb->repository_release, "");
    // Without os-release an image is not identified by its repositories file alone.
    EXPECT_FALSE(choose_os({repos("https://dl-cdn.alpinelinux.org/alpine/edge/main")}));
    EXPECT_TRUE(d.empty()) << describe(d);
}

// ---------------------------------------------------------------------------------------------
// testdata/os_release/<case>/input/<path>: every file through the analyzer, then choose_os.

struct DirWant {
    std::optional<sbom::OsInfo> os;
    std::size_t diagnostics;
};

const std::map<std::string, DirWant>& dir_wants() {
    static const std::map<std::string, DirWant> wants = {
        {"alma84_redhat_release",
         {os("almalinux", "8.4", "Electric Cheetah", "AlmaLinux release 8.4 (Electric Cheetah)",
             "rhel centos fedora", "etc/redhat-release"),
          0}},
        {"alpine3191", {os("alpine", "3.19.1", "", "Alpine Linux v3.19", "", "etc/os-release"), 0}},
        {"alpine_release_only", {os("alpine", "3.19.1", "", "", "", "etc/alpine-release"), 0}},
        {"centos7_os_release",
         {os("centos", "7", "", "CentOS Linux 7 (Core)", "rhel fedora", "etc/os-release"), 0}},
        {"centos7_redhat_release",
         {os("centos", "7.6.1810", "Core", "CentOS Linux release 7.6.1810 (Core)", "rhel fedora",
             "etc/redhat-release"),
          0}},
        {"centos_stream9",
         {os("centos", "9", "", "CentOS Stream release 9", "rhel fedora", "etc/centos-release"),
          0}},
        {"coreos_redhat_release",
         {os("rhcos", "2.3.0-12", "", "Red Hat Enterprise Linux CoreOS release 2.3.0-12",
             "rhel fedora", "etc/redhat-release"),
          0}},
        {"debian12_bookworm",
         {os("debian", "12.15", "bookworm", "Debian GNU/Linux 12 (bookworm)", "",
             "usr/lib/os-release"),
          0}},
        {"debian_sid_only", {os("debian", "", "buster", "", "", "etc/debian_version"), 0}},
        {"debian_version_only",
         {os("debian", "12.15", "bookworm", "", "", "etc/debian_version"), 0}},
        {"distroless_debian12",
         {os("debian", "12.15", "bookworm", "Distroless", "", "usr/lib/os-release"), 0}},
        {"garbage_release_files", {os("debian", "", "", "", "", "etc/debian_version"), 3}},
        {"malformed_os_release",
         {os("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)", "", "etc/os-release"),
          3}},
        {"no_id_os_release", {std::nullopt, 0}},
        {"no_id_with_alpine_release",
         {os("alpine", "3.15.4", "", "", "", "etc/alpine-release"), 0}},
        {"opensuse_leap423",
         {os("opensuse", "42.3", "", "openSUSE Leap 42.3", "suse", "etc/os-release"), 0}},
        {"oracle7",
         {os("ol", "7.6", "", "Oracle Linux Server release 7.6", "fedora", "etc/oracle-release"),
          0}},
        {"rocky84_redhat_release",
         {os("rocky", "8.4", "Green Obsidian", "Rocky Linux release 8.4 (Green Obsidian)",
             "rhel centos fedora", "etc/redhat-release"),
          0}},
        {"rocky93",
         {os("rocky", "9.3", "", "Rocky Linux 9.3 (Blue Onyx)", "rhel centos fedora",
             "etc/os-release"),
          0}},
        {"sles11_suse_release",
         {os("sles", "11.4", "", "SUSE Linux Enterprise Server 11 (x86_64)", "suse",
             "etc/SuSE-release"),
          0}},
        {"sles153",
         {os("sles", "15.3", "", "SUSE Linux Enterprise Server 15 SP3", "suse", "etc/os-release"),
          0}},
        {"ubuntu2204_jammy",
         {os("ubuntu", "22.04", "jammy", "Ubuntu 22.04.2 LTS", "debian", "usr/lib/os-release"), 0}},
        {"ubuntu_lsb_only",
         {os("ubuntu", "22.04", "jammy", "Ubuntu 22.04.2 LTS", "", "etc/lsb-release"), 0}},
    };
    return wants;
}

// Reads every file of a case directory the way the inventory would offer it.
std::vector<OsRelease> analyze_dir(const fs::path& input, Diagnostics& diagnostics) {
    auto a = make_os_release();
    LayerAnalysis out;
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(input)) {
        if (e.is_regular_file()) files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        const std::string rel_path = fs::relative(f, input).generic_string();
        if (!a->required(rel_path, FileInfo{})) {
            ADD_FAILURE() << "testdata file the analyzer would not read: " << f;
            continue;
        }
        StringStream s(test::read_text_file(f));
        image::Entry entry;
        entry.path = rel_path;
        auto st = a->analyze(AnalysisInput{rel_path, entry, s}, out);
        EXPECT_TRUE(st.has_value()) << f << ": " << st.error().to_string();
    }
    diagnostics = out.diagnostics;
    return out.os_releases;
}

TEST(OsRelease, TestdataCases) {
    const fs::path root = fs::path(BERTH_SOURCE_DIR) / "src/analyze/os/testdata/os_release";
    ASSERT_TRUE(fs::is_directory(root)) << root;
    std::set<std::string> seen;
    for (const auto& e : fs::directory_iterator(root)) {
        if (!e.is_directory()) continue;
        const std::string name = e.path().filename().string();
        SCOPED_TRACE(name);
        seen.insert(name);
        auto want = dir_wants().find(name);
        if (want == dir_wants().end()) {
            ADD_FAILURE() << "testdata case without an expectation in os_release_test.cpp: "
                          << name;
            continue;
        }
        Diagnostics d;
        auto found = analyze_dir(e.path() / "input", d);
        EXPECT_EQ(describe(choose_os(found)), describe(want->second.os));
        EXPECT_EQ(d.size(), want->second.diagnostics) << describe(d);
    }
    for (const auto& [name, want] : dir_wants())
        EXPECT_EQ(seen.count(name), 1U) << "missing testdata: " << name;
}

// The Debian bookworm rootfs that tests/fixtures/build-images.sh builds with debootstrap.
TEST(OsRelease, FixtureRootfsIsDebianPointRelease) {
    auto dir = test::fixture_images_dir();
    if (!dir) GTEST_SKIP() << "fixture images absent: run tests/fixtures/build-images.sh";
    const fs::path root = *dir / "rootfs/minimal";
    if (!fs::exists(root / "usr/lib/os-release")) GTEST_SKIP() << "fixture rootfs absent: " << root;
    std::vector<OsRelease> found;
    for (const char* path : {"usr/lib/os-release", "etc/debian_version"}) {
        LayerAnalysis out;
        ASSERT_TRUE(analyze_one(path, test::read_text_file(root / path), out).has_value());
        EXPECT_TRUE(out.diagnostics.empty()) << describe(out.diagnostics);
        found.insert(found.end(), out.os_releases.begin(), out.os_releases.end());
    }
    std::string point = test::read_text_file(root / "etc/debian_version");
    point.erase(point.find_last_not_of(" \n") + 1);
    auto got = choose_os(found);
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->id, "debian");
    EXPECT_EQ(got->version_id, point);
    EXPECT_EQ(got->version_id.rfind("12.", 0), 0U);
    EXPECT_EQ(got->version_codename, "bookworm");
    EXPECT_EQ(got->source_path, "usr/lib/os-release");
}

}  // namespace
}  // namespace berth::analyze

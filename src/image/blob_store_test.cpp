// SPDX-License-Identifier: Apache-2.0
// Tables for normalize_member_path() and the two BlobStores: a directory (checked against
// escapes through `..` and symlinks) and an uncompressed tar read in place (members found by
// offset, links followed inside the archive). Inputs are written to temp_dir() in-process; tars
// with libarchive's archive_write API.
#include "image/blob_store.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "test_support.hpp"

namespace berth::image {
namespace {

namespace fs = std::filesystem;

void write_file(const fs::path& p, const std::string& data) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << data;
}

std::string noise(std::size_t size, unsigned seed) {
    std::mt19937 rng(seed);
    std::string out;
    out.reserve(size);
    while (out.size() < size) out.push_back(static_cast<char>(rng() & 0xffU));
    return out;
}

/// What reading a member gave: its bytes or an error code.
struct Read {
    std::optional<std::string> data;
    std::optional<ErrorCode> error;
    friend bool operator==(const Read&, const Read&) = default;
};

// NOLINTNEXTLINE(readability-identifier-naming): gtest looks this name up.
void PrintTo(const Read& r, std::ostream* os) {
    if (r.error) {
        *os << "error " << error_code_name(*r.error);
    } else if (r.data) {
        *os << r.data->size() << " bytes";
        if (r.data->size() <= 40) *os << " \"" << *r.data << "\"";
    }
}

Read bytes(std::string s) {
    return {std::move(s), std::nullopt};
}
Read error(ErrorCode c) {
    return {std::nullopt, c};
}

Read read_member(const BlobStore& store, const std::string& path) {
    auto s = store.open(path);
    if (!s) return error(s.error().code);
    auto all = read_all(**s, 1ULL << 30, path);
    if (!all) return error(all.error().code);
    return bytes(*all);
}

// --- normalize_member_path ----------------------------------------------------------------------

struct NormalizeCase {
    std::string name;
    std::string input;
    std::optional<std::string> want;  ///< nullopt: UnsafePath
};

// NOLINTNEXTLINE(readability-identifier-naming): gtest looks this name up.
void PrintTo(const NormalizeCase& c, std::ostream* os) {
    *os << c.name << " \"" << c.input << "\"";
}

// clang-format off
std::vector<NormalizeCase> normalize_cases() {
    return {
        {"empty", "", ""},
        {"dot", ".", ""},
        {"dot_slash", "./", ""},
        {"slash", "/", ""},
        {"slashes", "///", ""},
        {"plain", "blobs/sha256/ab", "blobs/sha256/ab"},
        {"leading_dot_slash", "./manifest.json", "manifest.json"},
        {"leading_slash", "/etc/passwd", "etc/passwd"},
        {"double_slash", "a//b", "a/b"},
        {"trailing_slash", "a/b/", "a/b"},
        {"inner_dot", "a/./b/.", "a/b"},
        {"inner_dotdot", "a/b/../c", "a/c"},
        {"dotdot_to_root", "a/..", ""},
        {"dotdot_to_root_then_name", "a/../b", "b"},
        {"many_dotdots_inside", "a/b/c/../../d", "a/d"},
        {"dot_dot_slash_combo", "./a/./../b//./c/", "b/c"},
        {"three_dots_is_a_name", "...", "..."},
        {"dotdot_prefix_is_a_name", "a/..b", "a/..b"},
        {"dotdot_suffix_is_a_name", "b../c", "b../c"},
        {"whiteout_name_kept", "etc/.wh..wh..opq", "etc/.wh..wh..opq"},
        {"spaces_kept", " a / b ", " a / b "},
        {"backslash_is_not_a_separator", "a\\..\\b", "a\\..\\b"},
        {"dotdot", "..", std::nullopt},
        {"dotdot_slash", "../", std::nullopt},
        {"dotdot_name", "../a", std::nullopt},
        {"absolute_dotdot", "/../a", std::nullopt},
        {"climbs_after_name", "a/../../b", std::nullopt},
        {"climbs_deep", "a/b/../../../etc/shadow", std::nullopt},
        {"dot_then_dotdot", "./../a", std::nullopt},
        {"climbs_at_end", "a/../..", std::nullopt},
    };
}
// clang-format on

class NormalizeMemberPath : public testing::TestWithParam<NormalizeCase> {};

TEST_P(NormalizeMemberPath, Normalizes) {
    const NormalizeCase& c = GetParam();
    auto got = normalize_member_path(c.input);
    if (c.want) {
        ASSERT_TRUE(got.has_value()) << got.error().to_string();
        EXPECT_EQ(*got, *c.want);
    } else {
        ASSERT_FALSE(got.has_value()) << "normalized to \"" << *got << "\"";
        EXPECT_EQ(got.error().code, ErrorCode::UnsafePath) << got.error().to_string();
        EXPECT_NE(got.error().message.find(c.input), std::string::npos) << got.error().message;
    }
}

INSTANTIATE_TEST_SUITE_P(Table, NormalizeMemberPath, testing::ValuesIn(normalize_cases()),
                         [](const testing::TestParamInfo<NormalizeCase>& p) {
                             return p.param.name;
                         });

// --- directory store
// ------------------------------------------------------------------------------

/// <tmp>/root is the store; <tmp>/outside.txt and <tmp>/outside_dir/f lie next to it.
struct DirLayout {
    fs::path parent;
    fs::path root;
};

const DirLayout& dir_layout() {
    static const DirLayout layout = [] {
        DirLayout l;
        l.parent = test::temp_dir("berth-dirstore");
        l.root = l.parent / "root";
        write_file(l.parent / "outside.txt", "secret");
        write_file(l.parent / "outside_dir/f", "secret too");
        write_file(l.root / "oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
        write_file(l.root / "index.json", "{}");
        write_file(l.root / "blobs/sha256/aaa", "blob-a");
        write_file(l.root / "blobs/sha256/empty", "");
        fs::create_directories(l.root / "blobs/sha512");
        fs::create_symlink("aaa", l.root / "blobs/sha256/link");
        fs::create_symlink("../sha256/aaa", l.root / "blobs/sha512/uplink");
        fs::create_symlink(l.root / "oci-layout", l.root / "inside_abs");
        fs::create_symlink("../outside.txt", l.root / "escape");
        fs::create_symlink(l.parent / "outside.txt", l.root / "escape_abs");
        fs::create_symlink("../outside_dir", l.root / "escape_dir");
        fs::create_symlink("blobs/../../outside.txt", l.root / "escape_via_dir");
        fs::create_symlink("nowhere", l.root / "dangling");
        return l;
    }();
    return layout;
}

struct DirCase {
    std::string name;
    std::string path;
    Read want;
};

// NOLINTNEXTLINE(readability-identifier-naming): gtest looks this name up.
void PrintTo(const DirCase& c, std::ostream* os) {
    *os << c.name << " \"" << c.path << "\"";
}

// clang-format off
std::vector<DirCase> dir_cases() {
    const std::string layout = R"({"imageLayoutVersion":"1.0.0"})";
    return {
        {"file", "oci-layout", bytes(layout)},
        {"nested_file", "blobs/sha256/aaa", bytes("blob-a")},
        {"empty_file", "blobs/sha256/empty", bytes("")},
        {"dot_slash", "./oci-layout", bytes(layout)},
        {"leading_slash", "/blobs/sha256/aaa", bytes("blob-a")},
        {"double_slash_and_dot", "blobs//sha256/./aaa", bytes("blob-a")},
        {"dotdot_inside", "blobs/../oci-layout", bytes(layout)},
        {"symlink_inside", "blobs/sha256/link", bytes("blob-a")},
        {"symlink_up_inside", "blobs/sha512/uplink", bytes("blob-a")},
        {"absolute_symlink_inside", "inside_abs", bytes(layout)},
        {"dotdot_escape", "../outside.txt", error(ErrorCode::UnsafePath)},
        {"dotdot_escape_deep", "blobs/../../outside.txt", error(ErrorCode::UnsafePath)},
        {"symlink_escape", "escape", error(ErrorCode::UnsafePath)},
        {"absolute_symlink_escape", "escape_abs", error(ErrorCode::UnsafePath)},
        {"symlinked_dir_escape", "escape_dir/f", error(ErrorCode::UnsafePath)},
        {"symlink_dotdot_escape", "escape_via_dir", error(ErrorCode::UnsafePath)},
        {"missing", "blobs/sha256/nope", error(ErrorCode::NotFound)},
        {"missing_dir", "nope/nope", error(ErrorCode::NotFound)},
        {"dangling_symlink", "dangling", error(ErrorCode::NotFound)},
        {"directory", "blobs", error(ErrorCode::Io)},
    };
}
// clang-format on

class DirStoreRead : public testing::TestWithParam<DirCase> {};

TEST_P(DirStoreRead, Reads) {
    const DirCase& c = GetParam();
    auto store = open_dir_store(dir_layout().root);
    ASSERT_TRUE(store.has_value()) << store.error().to_string();
    EXPECT_EQ(read_member(**store, c.path), c.want);
    const bool regular = c.want.data.has_value();
    EXPECT_EQ((*store)->exists(c.path), regular);
    auto size = (*store)->size(c.path);
    if (regular) {
        ASSERT_TRUE(size.has_value()) << size.error().to_string();
        EXPECT_EQ(*size, c.want.data->size());
    } else if (c.want.error != ErrorCode::Io) {
        ASSERT_FALSE(size.has_value());
        EXPECT_EQ(size.error().code, *c.want.error) << size.error().to_string();
    }
}

INSTANTIATE_TEST_SUITE_P(Table, DirStoreRead, testing::ValuesIn(dir_cases()),
                         [](const testing::TestParamInfo<DirCase>& p) { return p.param.name; });

TEST(DirStore, OpenAndLocation) {
    const auto& l = dir_layout();
    auto store = open_dir_store(l.root);
    ASSERT_TRUE(store.has_value()) << store.error().to_string();
    EXPECT_EQ((*store)->location(), fs::canonical(l.root).string());

    // A symlink to the root is followed once, at open.
    const fs::path alias = test::temp_dir("berth-dirstore-alias") / "alias";
    fs::create_symlink(l.root, alias);
    auto via_alias = open_dir_store(alias);
    ASSERT_TRUE(via_alias.has_value()) << via_alias.error().to_string();
    EXPECT_EQ((*via_alias)->location(), fs::canonical(l.root).string());
    EXPECT_EQ(read_member(**via_alias, "blobs/sha256/aaa"), bytes("blob-a"));

    for (const fs::path& bad : {l.root / "missing", l.root / "oci-layout"}) {
        SCOPED_TRACE(bad.string());
        auto got = open_dir_store(bad);
        ASSERT_FALSE(got.has_value());
        EXPECT_EQ(got.error().code, ErrorCode::NotFound);
        EXPECT_EQ(got.error().where, bad.string());
    }
}

TEST(DirStore, ErrorsNameTheStore) {
    auto store = open_dir_store(dir_layout().root);
    ASSERT_TRUE(store.has_value());
    const std::string root = (*store)->location();
    auto up = (*store)->open("../outside.txt");
    ASSERT_FALSE(up.has_value());
    EXPECT_EQ(up.error().where, root);
    auto link = (*store)->open("escape");
    ASSERT_FALSE(link.has_value());
    EXPECT_EQ(link.error().where, root + "/escape");
    auto missing = (*store)->open("blobs/sha256/nope");
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().where, root + "/blobs/sha256/nope");
}

TEST(DirStore, ReadSmall) {
    auto store = open_dir_store(dir_layout().root);
    ASSERT_TRUE(store.has_value());
    auto ok = (*store)->read_small("blobs/sha256/aaa", 6);
    ASSERT_TRUE(ok.has_value()) << ok.error().to_string();
    EXPECT_EQ(*ok, "blob-a");
    auto big = (*store)->read_small("blobs/sha256/aaa", 5);
    ASSERT_FALSE(big.has_value());
    EXPECT_EQ(big.error().code, ErrorCode::LimitExceeded);
    EXPECT_EQ(big.error().where, (*store)->location() + "/blobs/sha256/aaa");
    auto escape = (*store)->read_small("escape", 100);
    ASSERT_FALSE(escape.has_value());
    EXPECT_EQ(escape.error().code, ErrorCode::UnsafePath);
}

TEST(DirStore, List) {
    const fs::path root = test::temp_dir("berth-dirstore-list");
    write_file(root / "oci-layout", "{}");
    write_file(root / "index.json", "{}");
    write_file(root / "blobs/sha256/bbb", "b");
    write_file(root / "blobs/sha256/aaa", "a");
    write_file(root / "blobs/sha512/ccc", "c");
    fs::create_directories(root / "blobs/empty");
    auto store = open_dir_store(root);
    ASSERT_TRUE(store.has_value());
    using V = std::vector<std::string>;
    EXPECT_EQ((*store)->list(""), (V{"blobs/sha256/aaa", "blobs/sha256/bbb", "blobs/sha512/ccc",
                                     "index.json", "oci-layout"}));
    EXPECT_EQ((*store)->list("blobs/sha256"), (V{"blobs/sha256/aaa", "blobs/sha256/bbb"}));
    EXPECT_EQ((*store)->list("blobs"),
              (V{"blobs/sha256/aaa", "blobs/sha256/bbb", "blobs/sha512/ccc"}));
    EXPECT_EQ((*store)->list("blobs/empty"), V{});
    EXPECT_EQ((*store)->list("nope"), V{});
}

// list() names symlinked members by their own names, once each, and names nothing that open()
// refuses nor anything outside the root.
TEST(DirStore, ListWithSymlinks) {
    auto store = open_dir_store(dir_layout().root);
    ASSERT_TRUE(store.has_value());
    using V = std::vector<std::string>;
    const V want = {"blobs/sha256/aaa",    "blobs/sha256/empty", "blobs/sha256/link",
                    "blobs/sha512/uplink", "index.json",         "inside_abs",
                    "oci-layout"};
    const V got = (*store)->list("");
    const V up = (*store)->list("..");
    EXPECT_EQ(got, want);
    EXPECT_TRUE(up.empty());
}

// --- tar store
// --------------------------------------------------------------------------------------

la_ssize_t append_cb(archive*, void* out, const void* buf, std::size_t len) {
    static_cast<std::string*>(out)->append(static_cast<const char*>(buf), len);
    return static_cast<la_ssize_t>(len);
}

struct Member {
    char kind;  ///< f file, d dir, l symlink, h hardlink, p fifo
    std::string path;
    std::string data;  ///< content, or link target
};

std::string make_tar(const std::vector<Member>& members, int format) {
    std::string out;
    archive* a = archive_write_new();
    archive_write_set_format(a, format);
    EXPECT_EQ(archive_write_open(a, &out, nullptr, append_cb, nullptr), ARCHIVE_OK);
    for (const Member& m : members) {
        archive_entry* e = archive_entry_new();
        archive_entry_set_pathname(e, m.path.c_str());
        archive_entry_set_perm(e, 0644);
        archive_entry_set_mtime(e, 1700000000, 0);
        switch (m.kind) {
            case 'd':
                archive_entry_set_filetype(e, AE_IFDIR);
                break;
            case 'l':
                archive_entry_set_filetype(e, AE_IFLNK);
                archive_entry_set_symlink(e, m.data.c_str());
                break;
            case 'h':
                archive_entry_set_filetype(e, AE_IFREG);
                archive_entry_set_hardlink(e, m.data.c_str());
                break;
            case 'p':
                archive_entry_set_filetype(e, AE_IFIFO);
                break;
            default:
                archive_entry_set_filetype(e, AE_IFREG);
                archive_entry_set_size(e, static_cast<la_int64_t>(m.data.size()));
        }
        EXPECT_EQ(archive_write_header(a, e), ARCHIVE_OK)
            << m.path << ": " << archive_error_string(a);
        if (m.kind == 'f' && !m.data.empty()) {
            EXPECT_EQ(archive_write_data(a, m.data.data(), m.data.size()),
                      static_cast<la_ssize_t>(m.data.size()));
        }
        archive_entry_free(e);
    }
    EXPECT_EQ(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
    return out;
}

fs::path write_tar(const std::string& name, const std::string& bytes_) {
    fs::path p = test::temp_dir("berth-tarstore") / name;
    write_file(p, bytes_);
    return p;
}

const std::string& layer_bytes() {
    static const std::string s = noise(200 * 1024, 11);  // crosses libarchive's 64 KiB reads
    return s;
}

const std::string& long_name() {
    // A last component over 100 bytes: ustar cannot hold it, so pax writes an 'x' header and
    // GNU tar an 'L' header.
    static const std::string s = "blobs/sha256/" + std::string(120, 'n');
    return s;
}

std::vector<Member> store_members() {
    return {
        {'f', "oci-layout", R"({"imageLayoutVersion":"1.0.0"})"},
        {'f', "./manifest.json", "[]"},
        {'d', "a/", ""},
        {'f', "a/layer.tar", layer_bytes()},
        {'d', "b/", ""},
        {'l', "b/layer.tar", "../a/layer.tar"},
        {'h', "c/layer.tar", "a/layer.tar"},
        {'f', long_name(), "long"},
        {'f', "after-long", "after"},
        {'f', "empty", ""},
        {'l', "chain1", "chain2"},
        {'l', "chain2", "./a/../oci-layout"},
        {'l', "abs", "/oci-layout"},
        {'l', "loop1", "loop2"},
        {'l', "loop2", "loop1"},
        {'l', "dangling", "nowhere"},
        {'l', "adir", "a"},
        {'p', "fifo", ""},
        {'f', "z-last", "the end"},
    };
}

struct TarCase {
    std::string name;
    std::string path;
    Read want;
};

// NOLINTNEXTLINE(readability-identifier-naming): gtest looks this name up.
void PrintTo(const TarCase& c, std::ostream* os) {
    *os << c.name << " \"" << c.path << "\"";
}

// clang-format off
std::vector<TarCase> tar_cases() {
    const std::string layout = R"({"imageLayoutVersion":"1.0.0"})";
    return {
        {"file", "oci-layout", bytes(layout)},
        {"dot_slash_member", "manifest.json", bytes("[]")},
        {"dot_slash_query", "./manifest.json", bytes("[]")},
        {"large_member", "a/layer.tar", bytes(layer_bytes())},
        {"symlink_member", "b/layer.tar", bytes(layer_bytes())},
        {"hardlink_member", "c/layer.tar", bytes(layer_bytes())},
        {"long_name_member", long_name(), bytes("long")},
        {"member_after_long_name", "after-long", bytes("after")},
        {"empty_member", "empty", bytes("")},
        {"symlink_chain", "chain1", bytes(layout)},
        {"absolute_symlink_is_archive_relative", "abs", bytes(layout)},
        {"last_member", "z-last", bytes("the end")},
        {"query_normalized", "/a//./layer.tar", bytes(layer_bytes())},
        {"symlink_loop", "loop1", error(ErrorCode::Format)},
        {"dangling_symlink", "dangling", error(ErrorCode::NotFound)},
        {"directory", "a", error(ErrorCode::Format)},
        {"fifo", "fifo", error(ErrorCode::Format)},
        {"missing", "nope", error(ErrorCode::NotFound)},
        {"path_through_dir_symlink", "adir/layer.tar", error(ErrorCode::NotFound)},
        {"query_escapes", "../oci-layout", error(ErrorCode::UnsafePath)},
        {"query_escapes_deep", "a/../../oci-layout", error(ErrorCode::UnsafePath)},
    };
}
// clang-format on

std::string gzip_of(const std::string& data) {
    std::string out;
    archive* a = archive_write_new();
    archive_write_set_format_raw(a);
    archive_write_add_filter_gzip(a);
    archive_write_set_bytes_per_block(a, 0);
    EXPECT_EQ(archive_write_open(a, &out, nullptr, append_cb, nullptr), ARCHIVE_OK);
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, "x");
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
    EXPECT_EQ(archive_write_header(a, e), ARCHIVE_OK);
    archive_write_data(a, data.data(), data.size());
    archive_entry_free(e);
    EXPECT_EQ(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
    return out;
}

std::string zstd_of(const std::string& data) {
    std::string out(ZSTD_compressBound(data.size()), '\0');
    std::size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
    out.resize(ZSTD_isError(n) != 0U ? 0 : n);
    return out;
}

struct TarFormat {
    std::string name;
    int format;
    char compress = 0;  // 'g' gzip, 'z' zstd: a compressed outer archive (`docker save | gzip`)
};

const TarFormat kTarFormats[] = {
    {"pax", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED},
    {"gnu", ARCHIVE_FORMAT_TAR_GNUTAR},
    {"pax_gz", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, 'g'},
    {"gnu_zst", ARCHIVE_FORMAT_TAR_GNUTAR, 'z'},
};

class TarStoreRead : public testing::TestWithParam<std::tuple<TarFormat, TarCase>> {};

const fs::path& store_tar(const TarFormat& f) {
    static std::map<std::string, fs::path> made;
    auto it = made.find(f.name);
    if (it == made.end()) {
        std::string bytes = make_tar(store_members(), f.format);
        if (f.compress == 'g') bytes = gzip_of(bytes);
        if (f.compress == 'z') bytes = zstd_of(bytes);
        it = made.emplace(f.name, write_tar(f.name + ".tar", bytes)).first;
    }
    return it->second;
}

TEST_P(TarStoreRead, Reads) {
    const auto& [format, c] = GetParam();
    auto store = open_tar_store(store_tar(format));
    ASSERT_TRUE(store.has_value()) << store.error().to_string();
    EXPECT_EQ(read_member(**store, c.path), c.want);
    const bool regular = c.want.data.has_value();
    EXPECT_EQ((*store)->exists(c.path), regular);
    auto size = (*store)->size(c.path);
    if (regular) {
        ASSERT_TRUE(size.has_value()) << size.error().to_string();
        EXPECT_EQ(*size, c.want.data->size());
    } else {
        ASSERT_FALSE(size.has_value());
        EXPECT_EQ(size.error().code, *c.want.error) << size.error().to_string();
        EXPECT_EQ(size.error().where, (*store)->location());
    }
}

INSTANTIATE_TEST_SUITE_P(Table, TarStoreRead,
                         testing::Combine(testing::ValuesIn(kTarFormats),
                                          testing::ValuesIn(tar_cases())),
                         [](const testing::TestParamInfo<std::tuple<TarFormat, TarCase>>& p) {
                             return std::get<0>(p.param).name + "_" + std::get<1>(p.param).name;
                         });

TEST(TarStore, ListAndLocation) {
    for (const TarFormat& f : kTarFormats) {
        SCOPED_TRACE(f.name);
        auto store = open_tar_store(store_tar(f));
        ASSERT_TRUE(store.has_value()) << store.error().to_string();
        EXPECT_EQ((*store)->location(), store_tar(f).string());
        using V = std::vector<std::string>;
        // Regular files and links that lead to one; loops, dangling links, dirs and fifos not.
        EXPECT_EQ((*store)->list(""),
                  (V{"a/layer.tar", "abs", "after-long", "b/layer.tar", long_name(), "c/layer.tar",
                     "chain1", "chain2", "empty", "manifest.json", "oci-layout", "z-last"}));
        EXPECT_EQ((*store)->list("a"), V{"a/layer.tar"});
        EXPECT_EQ((*store)->list("b"), V{"b/layer.tar"});
        EXPECT_EQ((*store)->list("blobs/sha256"), V{long_name()});
        EXPECT_EQ((*store)->list("blobs/sha"), V{});
        EXPECT_EQ((*store)->list("nope"), V{});
    }
}

TEST(TarStore, UstarAndReadSmall) {
    const fs::path p = write_tar(
        "ustar.tar",
        make_tar({{'f', "manifest.json", "[{}]"}, {'l', "x/manifest.json", "../manifest.json"}},
                 ARCHIVE_FORMAT_TAR_USTAR));
    auto store = open_tar_store(p);
    ASSERT_TRUE(store.has_value()) << store.error().to_string();
    auto ok = (*store)->read_small("x/manifest.json", 4);
    ASSERT_TRUE(ok.has_value()) << ok.error().to_string();
    EXPECT_EQ(*ok, "[{}]");
    auto big = (*store)->read_small("manifest.json", 3);
    ASSERT_FALSE(big.has_value());
    EXPECT_EQ(big.error().code, ErrorCode::LimitExceeded);
    EXPECT_EQ(big.error().where, p.string() + "/manifest.json");
}

struct BadTarCase {
    std::string name;
    std::string bytes;
    ErrorCode want;
};

// NOLINTNEXTLINE(readability-identifier-naming): gtest looks this name up.
void PrintTo(const BadTarCase& c, std::ostream* os) {
    *os << c.name;
}

std::vector<BadTarCase> bad_tar_cases() {
    const std::string good = make_tar({{'f', "manifest.json", "[]"}, {'f', "a", "aaaa"}},
                                      ARCHIVE_FORMAT_TAR_PAX_RESTRICTED);
    return {
        // A compressed archive cut short, or compressed garbage: Format, never a partial store.
        {"gzip_truncated", gzip_of(good).substr(0, gzip_of(good).size() / 2), ErrorCode::Format},
        {"zstd_truncated", zstd_of(good).substr(0, zstd_of(good).size() / 2), ErrorCode::Format},
        {"gzip_of_garbage", gzip_of(noise(4096, 5)), ErrorCode::Format},
        {"garbage", noise(4096, 3), ErrorCode::Format},
        {"text", "this is not a tar archive, just some text that is long enough\n",
         ErrorCode::Format},
        {"member_escapes",
         make_tar({{'f', "ok", "1"}, {'f', "../evil", "x"}}, ARCHIVE_FORMAT_TAR_PAX_RESTRICTED),
         ErrorCode::UnsafePath},
        {"symlink_escapes",
         make_tar({{'l', "b/layer.tar", "../../etc/passwd"}}, ARCHIVE_FORMAT_TAR_PAX_RESTRICTED),
         ErrorCode::UnsafePath},
        {"hardlink_escapes",
         make_tar({{'h', "layer.tar", "../etc/passwd"}}, ARCHIVE_FORMAT_TAR_PAX_RESTRICTED),
         ErrorCode::UnsafePath},
    };
}

class TarStoreOpenBad : public testing::TestWithParam<BadTarCase> {};

TEST_P(TarStoreOpenBad, Refuses) {
    const BadTarCase& c = GetParam();
    const fs::path p = write_tar(c.name + ".tar", c.bytes);
    auto got = open_tar_store(p);
    ASSERT_FALSE(got.has_value()) << "opened with " << (*got)->list("").size() << " members";
    EXPECT_EQ(error_code_name(got.error().code), error_code_name(c.want))
        << got.error().to_string();
    EXPECT_EQ(got.error().where.substr(0, p.string().size()), p.string());
}

INSTANTIATE_TEST_SUITE_P(Table, TarStoreOpenBad, testing::ValuesIn(bad_tar_cases()),
                         [](const testing::TestParamInfo<BadTarCase>& p) { return p.param.name; });

TEST(TarStore, MissingArchive) {
    const fs::path p = test::temp_dir("berth-tarstore-missing") / "nope.tar";
    auto got = open_tar_store(p);
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().code, ErrorCode::NotFound);
    EXPECT_EQ(got.error().where, p.string());
}

TEST(TarStore, EmptyArchives) {
    const fs::path zero_blocks = write_tar("zeros.tar", std::string(1024, '\0'));
    auto store = open_tar_store(zero_blocks);
    ASSERT_TRUE(store.has_value()) << store.error().to_string();
    EXPECT_EQ((*store)->list(""), std::vector<std::string>{});
    EXPECT_FALSE((*store)->exists("manifest.json"));

    const fs::path empty = write_tar("empty.tar", "");
    auto none = open_tar_store(empty);
    ASSERT_FALSE(none.has_value());
    EXPECT_EQ(none.error().code, ErrorCode::Format) << none.error().to_string();
    EXPECT_EQ(none.error().where, empty.string());
}

// A tar cut inside a member is refused when it is indexed (libarchive skips each member's
// data to reach the next header).
TEST(TarStore, TruncatedArchive) {
    std::string tar = make_tar({{'f', "small", "s"}, {'f', "big", layer_bytes()}},
                               ARCHIVE_FORMAT_TAR_PAX_RESTRICTED);
    struct Row {
        std::string name;
        std::size_t keep;
    };
    const std::vector<Row> rows = {
        {"inside_data", 3 * 512 + 1000},  // small's header + data, big's header, 1000 bytes
        {"inside_header", 2 * 512 + 100},
        {"after_headers", 3 * 512},
    };
    for (const auto& r : rows) {
        SCOPED_TRACE(r.name);
        const fs::path p = write_tar("cut_" + r.name + ".tar", tar.substr(0, r.keep));
        auto store = open_tar_store(p);
        ASSERT_FALSE(store.has_value())
            << "opened with " << (*store)->list("").size() << " members";
        EXPECT_EQ(store.error().code, ErrorCode::Format) << store.error().to_string();
        EXPECT_EQ(store.error().where, p.string());
    }
}

}  // namespace
}  // namespace berth::image

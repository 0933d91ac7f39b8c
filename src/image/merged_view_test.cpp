// SPDX-License-Identifier: Apache-2.0
// Tables for MergedView: how layers, whiteouts and opaque markers combine (OCI image-spec
// "Applying changesets"), and how resolve() follows symlinks without leaving the image.
#include "image/merged_view.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "image/source.hpp"
#include "test_support.hpp"

namespace berth::image {

// NOLINTNEXTLINE(readability-identifier-naming): gtest looks this name up.
static void PrintTo(const MergedView::Node& n, std::ostream* os) {
    *os << "{layer " << n.layer << " " << entry_type_name(n.type);
    if (!n.link_target.empty()) *os << " -> \"" << n.link_target << "\"";
    *os << "}";
}

static bool operator==(const MergedView::Node& a, const MergedView::Node& b) {
    return a.layer == b.layer && a.type == b.type && a.link_target == b.link_target;
}

namespace {

using Item = LayerPaths::Item;
using Nodes = std::map<std::string, MergedView::Node>;

Item f(std::string path) {
    return {std::move(path), EntryType::File, Whiteout::None, ""};
}
Item d(std::string path) {
    return {std::move(path), EntryType::Directory, Whiteout::None, ""};
}
Item l(std::string path, std::string target) {
    return {std::move(path), EntryType::Symlink, Whiteout::None, std::move(target)};
}
Item h(std::string path, std::string target) {
    return {std::move(path), EntryType::Hardlink, Whiteout::None, std::move(target)};
}
Item wh(std::string path) {
    return {std::move(path), EntryType::File, Whiteout::File, ""};
}
Item opq(std::string path) {
    return {std::move(path), EntryType::File, Whiteout::Opaque, ""};
}
LayerPaths layer(std::vector<Item> items) {
    return LayerPaths{std::move(items)};
}

MergedView::Node file_in(std::size_t layer_index) {
    return {layer_index, EntryType::File, ""};
}
MergedView::Node dir_in(std::size_t layer_index) {
    return {layer_index, EntryType::Directory, ""};
}
MergedView::Node link_in(std::size_t layer_index, std::string target) {
    return {layer_index, EntryType::Symlink, std::move(target)};
}

// --- build --------------------------------------------------------------------------------------

struct MergeCase {
    std::string name;
    std::vector<LayerPaths> layers;
    Nodes want;
};

// NOLINTNEXTLINE(readability-identifier-naming): gtest looks this name up.
void PrintTo(const MergeCase& c, std::ostream* os) {
    *os << c.name;
}

// clang-format off
std::vector<MergeCase> merge_cases() {
    return {
        {"no_layers", {}, {}},
        {"empty_layer", {layer({})}, {}},
        {"single_layer",
         {layer({d("etc"), f("etc/passwd"), l("bin", "usr/bin"), h("etc/shadow-", "etc/shadow")})},
         {{"etc", dir_in(0)}, {"etc/passwd", file_in(0)}, {"bin", link_in(0, "usr/bin")},
          {"etc/shadow-", {0, EntryType::Hardlink, "etc/shadow"}}}},
        {"last_writer_wins",
         {layer({f("a"), d("etc"), f("etc/x")}), layer({f("a"), f("etc/x")}), layer({f("etc/x")})},
         {{"a", file_in(1)}, {"etc", dir_in(0)}, {"etc/x", file_in(2)}}},
        {"root_entry",
         {layer({d(""), f("a")}), layer({d("")})},
         {{"", dir_in(1)}, {"a", file_in(0)}}},
        // `.wh.NAME` deletes NAME and its subtree from lower layers.
        {"whiteout_file",
         {layer({d("etc"), f("etc/a"), f("etc/b")}), layer({d("etc"), wh("etc/a")})},
         {{"etc", dir_in(1)}, {"etc/b", file_in(0)}}},
        {"whiteout_subtree",
         {layer({d("opt"), d("opt/d"), d("opt/d/e"), f("opt/d/e/x"), f("opt/d-x"), f("opt/d.x"),
                 f("opt/d0"), f("opt/dx")}),
          layer({wh("opt/d")})},
         {{"opt", dir_in(0)}, {"opt/d-x", file_in(0)}, {"opt/d.x", file_in(0)},
          {"opt/d0", file_in(0)}, {"opt/dx", file_in(0)}}},
        {"whiteout_same_layer_entry_survives",
         {layer({f("etc/a"), f("etc/b")}), layer({wh("etc/a"), f("etc/a"), f("etc/b"), wh("etc/b")})},
         {{"etc/a", file_in(1)}, {"etc/b", file_in(1)}}},
        {"whiteout_same_layer_subtree_survives",
         {layer({d("x"), f("x/old")}), layer({d("x"), f("x/new"), wh("x")})},
         {{"x", dir_in(1)}, {"x/new", file_in(1)}}},
        {"whiteout_reaches_every_lower_layer",
         {layer({f("a"), d("x"), f("x/0")}), layer({f("x/1")}), layer({wh("a"), wh("x")})},
         {}},
        {"whiteout_of_missing_path",
         {layer({f("a")}), layer({wh("b"), wh("a/c"), wh("z/y")})},
         {{"a", file_in(0)}}},
        {"whiteout_does_not_reach_higher_layers",
         {layer({f("a")}), layer({wh("a")}), layer({f("a")})},
         {{"a", file_in(2)}}},
        {"readd_dir_after_whiteout",
         {layer({d("x"), f("x/old")}), layer({wh("x")}), layer({d("x"), f("x/new")})},
         {{"x", dir_in(2)}, {"x/new", file_in(2)}}},
        {"whiteout_of_symlink",
         {layer({l("lib", "usr/lib"), d("usr"), d("usr/lib"), f("usr/lib/a")}), layer({wh("lib")})},
         {{"usr", dir_in(0)}, {"usr/lib", dir_in(0)}, {"usr/lib/a", file_in(0)}}},
        // `.wh..wh..opq` keeps the directory and hides what lower layers had under it.
        {"opaque_dir",
         {layer({d("opt"), d("opt/d"), f("opt/d/x"), d("opt/d/sub"), f("opt/d/sub/y"), f("opt/keep")}),
          layer({d("opt"), d("opt/d"), opq("opt/d"), f("opt/d/z")})},
         {{"opt", dir_in(1)}, {"opt/d", dir_in(1)}, {"opt/d/z", file_in(1)}, {"opt/keep", file_in(0)}}},
        {"opaque_keeps_same_layer_children_in_any_order",
         {layer({d("opt"), f("opt/x")}), layer({f("opt/z"), d("opt"), opq("opt"), f("opt/y")})},
         {{"opt", dir_in(1)}, {"opt/y", file_in(1)}, {"opt/z", file_in(1)}}},
        {"opaque_without_dir_entry_keeps_lower_dir",
         {layer({d("opt"), f("opt/x")}), layer({opq("opt")})},
         {{"opt", dir_in(0)}}},
        {"opaque_does_not_touch_siblings_with_prefix",
         {layer({d("a"), f("a/x"), f("a-b"), f("ab")}), layer({d("a"), opq("a")})},
         {{"a", dir_in(1)}, {"a-b", file_in(0)}, {"ab", file_in(0)}}},
        {"opaque_root",
         {layer({d("etc"), f("etc/a"), f("top")}), layer({opq(""), f("new")})},
         {{"new", file_in(1)}}},
        {"opaque_then_higher_layer_adds",
         {layer({d("d"), f("d/a")}), layer({d("d"), opq("d"), f("d/b")}), layer({f("d/c")})},
         {{"d", dir_in(1)}, {"d/b", file_in(1)}, {"d/c", file_in(2)}}},
        // Type changes.
        {"file_replaces_dir",
         {layer({d("usr"), d("usr/lib"), f("usr/lib/a"), d("usr/lib/b"), f("usr/lib/b/c")}),
          layer({f("usr/lib")})},
         {{"usr", dir_in(0)}, {"usr/lib", file_in(1)}}},
        {"symlink_replaces_dir",
         {layer({d("lib"), f("lib/a")}), layer({l("lib", "usr/lib")})},
         {{"lib", link_in(1, "usr/lib")}}},
        {"dir_replaces_file",
         {layer({f("a")}), layer({d("a"), f("a/b")})},
         {{"a", dir_in(1)}, {"a/b", file_in(1)}}},
        {"dir_over_dir_keeps_children",
         {layer({d("a"), f("a/x")}), layer({d("a")})},
         {{"a", dir_in(1)}, {"a/x", file_in(0)}}},
        {"symlink_retargeted",
         {layer({l("s", "a")}), layer({l("s", "b")})},
         {{"s", link_in(1, "b")}}},
    };
}
// clang-format on

class MergedViewBuild : public testing::TestWithParam<MergeCase> {};

TEST_P(MergedViewBuild, Merges) {
    const MergeCase& c = GetParam();
    const MergedView view = MergedView::build(c.layers);
    EXPECT_EQ(view.nodes(), c.want);
    for (const auto& [path, node] : c.want) {
        SCOPED_TRACE(path);
        EXPECT_TRUE(view.exists(path));
        auto got = view.lookup(path);
        ASSERT_TRUE(got.has_value());
        EXPECT_EQ(*got, node);
    }
}

INSTANTIATE_TEST_SUITE_P(Table, MergedViewBuild, testing::ValuesIn(merge_cases()),
                         [](const testing::TestParamInfo<MergeCase>& p) { return p.param.name; });

TEST(MergedView, LookupMissing) {
    const MergedView view =
        MergedView::build({layer({d("etc"), f("etc/a")}), layer({wh("etc/a")})});
    for (const std::string path : {"etc/a", "etc/b", "nope", "etc/", "/etc", "./etc", "ETC"}) {
        SCOPED_TRACE(path);
        EXPECT_FALSE(view.lookup(path).has_value());
        EXPECT_FALSE(view.exists(path));
    }
}

// --- resolve
// --------------------------------------------------------------------------------------

struct ResolveCase {
    std::string name;
    std::string path;
    std::string want;               ///< resolved path when no error
    std::optional<ErrorCode> code;  ///< expected error
    std::string want_where;         ///< the error's where
};

// NOLINTNEXTLINE(readability-identifier-naming): gtest looks this name up.
void PrintTo(const ResolveCase& c, std::ostream* os) {
    *os << c.name << " \"" << c.path << "\"";
}

const MergedView& resolve_view() {
    static const MergedView view = MergedView::build({
        layer({
            d("etc"),
            f("etc/passwd"),
            l("etc/alt", "../etc"),
            l("etc/mtab", "/proc/mounts"),
            d("usr"),
            d("usr/bin"),
            f("usr/bin/env"),
            f("usr/bin/gone"),
            l("usr/bin/python", "python3"),
            l("usr/bin/python3", "/usr/bin/env"),
            l("bin", "usr/bin"),
            l("abs", "/usr/bin"),
            l("dotted", "./usr/./bin/"),
            l("up", "../../../.."),
            l("rootlink", "/"),
            l("deepup", "etc/../../../etc"),
            l("chain1", "chain2"),
            l("chain2", "/chain3"),
            l("chain3", "etc/passwd"),
            l("loop_a", "loop_b"),
            l("loop_b", "loop_a"),
            l("self", "self"),
            l("dirloop", "dirloop/x"),
            l("dangling", "nowhere"),
            l("empty", ""),
            d("lib"),
            l("lib/ld", "../usr/bin/env"),
            l("lib/sub", "../lib"),
        }),
        layer({wh("usr/bin/gone"), l("newlink", "etc")}),
    });
    return view;
}

// clang-format off
std::vector<ResolveCase> resolve_cases() {
    return {
        {"plain_file", "etc/passwd", "etc/passwd", std::nullopt, ""},
        {"plain_dir", "usr/bin", "usr/bin", std::nullopt, ""},
        {"root", "", "", std::nullopt, ""},
        {"absolute_input", "/etc/passwd", "etc/passwd", std::nullopt, ""},
        {"dot_and_double_slash", "./etc//passwd", "etc/passwd", std::nullopt, ""},
        {"dotdot_in_input", "etc/../etc/passwd", "etc/passwd", std::nullopt, ""},
        {"dotdot_above_root_in_input", "../../etc/passwd", "etc/passwd", std::nullopt, ""},
        {"relative_symlink_dir", "bin/env", "usr/bin/env", std::nullopt, ""},
        {"relative_symlink_itself", "bin", "usr/bin", std::nullopt, ""},
        {"absolute_symlink_dir", "abs/env", "usr/bin/env", std::nullopt, ""},
        {"symlink_with_dots", "dotted/env", "usr/bin/env", std::nullopt, ""},
        {"relative_symlink_in_subdir", "lib/ld", "usr/bin/env", std::nullopt, ""},
        {"chain_relative_then_absolute", "usr/bin/python", "usr/bin/env", std::nullopt, ""},
        {"chain_three", "chain1", "etc/passwd", std::nullopt, ""},
        {"dotdot_clamped_at_root", "up/etc/passwd", "etc/passwd", std::nullopt, ""},
        {"dotdot_clamped_link_itself", "up", "", std::nullopt, ""},
        {"dotdot_clamped_then_dotdot", "up/../../etc", "etc", std::nullopt, ""},
        {"root_symlink", "rootlink/usr/bin/env", "usr/bin/env", std::nullopt, ""},
        {"dotdot_inside_target_clamped", "deepup/passwd", "etc/passwd", std::nullopt, ""},
        {"dir_symlink_repeated", "etc/alt/alt/alt/passwd", "etc/passwd", std::nullopt, ""},
        {"subdir_loop_is_finite", "lib/sub/sub/sub/ld", "usr/bin/env", std::nullopt, ""},
        {"link_from_upper_layer", "newlink/passwd", "etc/passwd", std::nullopt, ""},
        {"empty_target_is_its_dir", "empty", "", std::nullopt, ""},
        {"loop", "loop_a", "", ErrorCode::LimitExceeded, "loop_a"},
        {"loop_in_middle", "loop_b/x", "", ErrorCode::LimitExceeded, "loop_b/x"},
        {"self_loop", "self", "", ErrorCode::LimitExceeded, "self"},
        {"growing_loop", "dirloop", "", ErrorCode::LimitExceeded, "dirloop"},
        {"missing", "etc/shadow", "", ErrorCode::NotFound, "etc/shadow"},
        {"missing_top", "nope/x", "", ErrorCode::NotFound, "nope"},
        {"missing_under_symlink", "bin/missing", "", ErrorCode::NotFound, "usr/bin/missing"},
        {"dangling_symlink", "dangling", "", ErrorCode::NotFound, "nowhere"},
        {"target_outside_image", "etc/mtab", "", ErrorCode::NotFound, "proc"},
        {"file_used_as_dir", "etc/passwd/x", "", ErrorCode::NotFound, "etc/passwd/x"},
        {"whited_out", "usr/bin/gone", "", ErrorCode::NotFound, "usr/bin/gone"},
        {"whited_out_through_link", "bin/gone", "", ErrorCode::NotFound, "usr/bin/gone"},
    };
}
// clang-format on

class MergedViewResolve : public testing::TestWithParam<ResolveCase> {};

TEST_P(MergedViewResolve, Resolves) {
    const ResolveCase& c = GetParam();
    auto got = resolve_view().resolve(c.path);
    if (!c.code) {
        ASSERT_TRUE(got.has_value()) << got.error().to_string();
        EXPECT_EQ(*got, c.want);
    } else {
        ASSERT_FALSE(got.has_value()) << "resolved to \"" << *got << "\"";
        EXPECT_EQ(error_code_name(got.error().code), error_code_name(*c.code))
            << got.error().to_string();
        EXPECT_EQ(got.error().where, c.want_where);
    }
}

INSTANTIATE_TEST_SUITE_P(Table, MergedViewResolve, testing::ValuesIn(resolve_cases()),
                         [](const testing::TestParamInfo<ResolveCase>& p) { return p.param.name; });

// Linux follows at most 40 links (MAXSYMLINKS); so does resolve().
TEST(MergedView, ResolveLinkLimit) {
    auto chain = [](int links) {
        std::vector<Item> items;
        for (int i = 0; i < links; ++i) {
            items.push_back(l("c" + std::to_string(i), "c" + std::to_string(i + 1)));
        }
        items.push_back(f("c" + std::to_string(links)));
        return MergedView::build({layer(items)});
    };
    auto forty = chain(40).resolve("c0");
    ASSERT_TRUE(forty.has_value()) << forty.error().to_string();
    EXPECT_EQ(*forty, "c40");
    auto forty_one = chain(41).resolve("c0");
    ASSERT_FALSE(forty_one.has_value());
    EXPECT_EQ(forty_one.error().code, ErrorCode::LimitExceeded);
    // The message names the loop (`inspect --path` shows it; it used to be a bare null).
    auto loop = resolve_view().resolve("loop_a");
    ASSERT_FALSE(loop.has_value());
    EXPECT_NE(loop.error().message.find("symbolic link loop"), std::string::npos)
        << loop.error().to_string();
}

// --- from real layers ---------------------------------------------------------------------------

la_ssize_t append_cb(archive*, void* out, const void* buf, std::size_t len) {
    static_cast<std::string*>(out)->append(static_cast<const char*>(buf), len);
    return static_cast<la_ssize_t>(len);
}

/// A pax tar of (path, kind, link) members: kind 'f' file, 'd' dir, 'l' symlink.
std::string make_tar(const std::vector<std::tuple<std::string, char, std::string>>& members) {
    std::string out;
    archive* a = archive_write_new();
    archive_write_set_format_pax_restricted(a);
    archive_write_set_bytes_per_block(a, 0);
    EXPECT_EQ(archive_write_open(a, &out, nullptr, append_cb, nullptr), ARCHIVE_OK);
    for (const auto& [path, kind, link] : members) {
        archive_entry* e = archive_entry_new();
        archive_entry_set_pathname(e, path.c_str());
        archive_entry_set_perm(e, 0755);
        if (kind == 'd') {
            archive_entry_set_filetype(e, AE_IFDIR);
        } else if (kind == 'l') {
            archive_entry_set_filetype(e, AE_IFLNK);
            archive_entry_set_symlink(e, link.c_str());
        } else {
            archive_entry_set_filetype(e, AE_IFREG);
            archive_entry_set_size(e, 1);
        }
        EXPECT_EQ(archive_write_header(a, e), ARCHIVE_OK);
        if (kind == 'f') archive_write_data(a, "x", 1);
        archive_entry_free(e);
    }
    EXPECT_EQ(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
    return out;
}

using StringStream = test::ChunkedStream;

TEST(PathRecorder, RecordsWhatTheWalkerDelivers) {
    const std::string tar = make_tar({{"./etc/", 'd', ""},
                                      {"etc/.wh.passwd", 'f', ""},
                                      {"opt/d/.wh..wh..opq", 'f', ""},
                                      {"/bin", 'l', "usr/bin"},
                                      {"usr/bin/env", 'f', ""}});
    LayerRef ref;
    ref.open = [tar]() -> Result<std::unique_ptr<ByteStream>> {
        return std::unique_ptr<ByteStream>(std::make_unique<StringStream>(tar));
    };
    PathRecorder rec;
    auto got = walk_layer(ref, rec, Limits{});
    ASSERT_TRUE(got.has_value()) << got.error().to_string();
    const LayerPaths paths = rec.take();
    const std::vector<Item> want = {d("etc"), wh("etc/passwd"), opq("opt/d"), l("bin", "usr/bin"),
                                    f("usr/bin/env")};
    ASSERT_EQ(paths.items.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) {
        SCOPED_TRACE(i);
        EXPECT_EQ(paths.items[i].path, want[i].path);
        EXPECT_EQ(paths.items[i].type, want[i].type);
        EXPECT_EQ(paths.items[i].whiteout, want[i].whiteout);
        EXPECT_EQ(paths.items[i].link_target, want[i].link_target);
    }
    EXPECT_TRUE(rec.take().items.empty());  // take() moves the paths out
}

// The `whiteouts` hostile fixture gives the merged view its README documents.
TEST(MergedView, HostileWhiteoutsFixture) {
    auto dir = test::hostile_dir();
    if (!dir || !std::filesystem::exists(*dir / "whiteouts")) {
        GTEST_SKIP() << "hostile fixtures absent: build them with `python3 "
                        "tests/fixtures/hostile/make-hostile.py build/<preset>/fixtures/hostile`";
    }
    auto image = open_image("oci:" + (*dir / "whiteouts").string());
    ASSERT_TRUE(image.has_value()) << image.error().to_string();
    ASSERT_EQ(image->layers.size(), 2U);
    std::vector<PathRecorder> recs(2);
    std::vector<LayerVisitor*> visitors = {&recs[0], &recs[1]};
    auto results = walk_layers(*image, visitors, Limits{});
    for (const auto& r : results) ASSERT_TRUE(r.has_value()) << r.error().to_string();
    const MergedView view = MergedView::build({recs[0].take(), recs[1].take()});
    const Nodes want = {
        {"etc", dir_in(1)},       {"etc/b", file_in(0)},   {"opt", dir_in(1)},
        {"opt/d", dir_in(1)},     {"opt/d/z", file_in(1)}, {"srv", dir_in(0)},
        {"srv/keep", file_in(0)},
    };
    EXPECT_EQ(view.nodes(), want);
}

}  // namespace
}  // namespace berth::image

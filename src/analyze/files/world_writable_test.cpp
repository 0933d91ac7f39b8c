// SPDX-License-Identifier: Apache-2.0
// files/world_writable: files and non-sticky directories writable by others, from the header.
#include <gtest/gtest.h>

#include "analyze/plugins.hpp"
#include "test_support.hpp"

namespace berth::analyze {
namespace {

using image::EntryType;

TEST(WorldWritable, RequiredForOtherWritableFilesAndNonStickyDirectories) {
    auto a = make_world_writable();
    EXPECT_EQ(a->name(), "files/world_writable");
    EXPECT_TRUE(a->wants_directories());
    EXPECT_TRUE(a->required("etc/app.conf", {EntryType::File, 0666, 3}));
    EXPECT_TRUE(a->required("srv/upload", {EntryType::Directory, 0777, 0}));
    EXPECT_TRUE(a->required("srv/drop", {EntryType::Directory, 0773, 0}));
    EXPECT_FALSE(a->required("tmp", {EntryType::Directory, 01777, 0}));  // sticky
    EXPECT_FALSE(a->required("etc/passwd", {EntryType::File, 0644, 3}));
    EXPECT_FALSE(a->required("srv/group", {EntryType::Directory, 0775, 0}));  // group only
    EXPECT_FALSE(a->required("usr/bin/sh", {EntryType::Symlink, 0777, 0}));
    EXPECT_FALSE(a->required("dev/null", {EntryType::CharDevice, 0666, 0}));
}

TEST(WorldWritable, RecordsKindModeAndOwnerWithoutReading) {
    auto a = make_world_writable();
    image::Entry e;
    e.path = "srv/upload";
    e.type = EntryType::Directory;
    e.mode = 0777;
    e.uid = 1000;
    test::ChunkedStream content("bytes", 1, 0);  // fails on any read
    LayerAnalysis out;
    ASSERT_TRUE(a->analyze({e.path, e, content}, out));
    image::Entry f;
    f.path = "etc/app.conf";
    f.mode = 0666;
    f.size = 12;
    ASSERT_TRUE(a->analyze({f.path, f, content}, out));
    ASSERT_EQ(out.file_findings.size(), 2U);
    EXPECT_EQ(out.file_findings[0].kind, "dir");
    EXPECT_EQ(out.file_findings[0].detail,
              "world-writable directory without the sticky bit (mode 0777)");
    EXPECT_EQ(out.file_findings[0].uid, 1000);
    EXPECT_EQ(out.file_findings[0].size, 0U);
    EXPECT_EQ(out.file_findings[1].kind, "file");
    EXPECT_EQ(out.file_findings[1].detail, "world-writable file (mode 0666)");
    EXPECT_EQ(out.file_findings[1].size, 12U);
    EXPECT_EQ(out.file_findings[1].location.path, "etc/app.conf");
}

}  // namespace
}  // namespace berth::analyze

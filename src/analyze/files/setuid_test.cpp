// SPDX-License-Identifier: Apache-2.0
// files/setuid: decided from the header (required), recorded without reading (analyze).
#include <gtest/gtest.h>

#include "analyze/plugins.hpp"
#include "test_support.hpp"

namespace berth::analyze {
namespace {

TEST(Setuid, RequiredOnlyForRegularFilesWithTheBits) {
    auto a = make_setuid();
    EXPECT_EQ(a->name(), "files/setuid");
    EXPECT_FALSE(a->needs_random_access());
    EXPECT_TRUE(a->required("usr/bin/passwd", {image::EntryType::File, 04755, 1}));
    EXPECT_TRUE(a->required("usr/bin/chage", {image::EntryType::File, 02755, 1}));
    EXPECT_FALSE(a->required("usr/bin/ls", {image::EntryType::File, 0755, 1}));
    EXPECT_FALSE(a->required("tmp", {image::EntryType::Directory, 01777, 0}));        // sticky only
    EXPECT_FALSE(a->required("srv/share", {image::EntryType::Directory, 02775, 0}));  // setgid dir
}

TEST(Setuid, RecordsModeOwnerAndSizeWithoutReading) {
    auto a = make_setuid();
    image::Entry e;
    e.path = "usr/bin/newgrp";
    e.mode = 06755;
    e.uid = 0;
    e.gid = 42;
    e.size = 48'000;
    e.layer = 2;
    // A stream that fails on any read: analyze() must not read.
    test::ChunkedStream content("bytes", 1, 0);
    LayerAnalysis out;
    ASSERT_TRUE(a->analyze({e.path, e, content}, out));
    ASSERT_EQ(out.file_findings.size(), 2U);
    const auto& s = out.file_findings[0];
    EXPECT_EQ(s.analyzer, "files/setuid");
    EXPECT_EQ(s.kind, "setuid");
    EXPECT_EQ(s.detail, "setuid uid 0 (mode 6755)");
    EXPECT_EQ(s.mode, 06755U);
    EXPECT_EQ(s.size, 48'000U);
    EXPECT_EQ(s.location.path, "usr/bin/newgrp");
    EXPECT_EQ(out.file_findings[1].kind, "setgid");
    EXPECT_EQ(out.file_findings[1].detail, "setgid gid 42 (mode 6755)");
    EXPECT_EQ(out.file_findings[1].gid, 42);
}

}  // namespace
}  // namespace berth::analyze

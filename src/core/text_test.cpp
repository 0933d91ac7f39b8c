// SPDX-License-Identifier: Apache-2.0
#include "core/text.hpp"

#include <gtest/gtest.h>

namespace berth::text {
namespace {

using Views = std::vector<std::string_view>;

TEST(Text, TrimRemovesAsciiSpaceOnly) {
    EXPECT_EQ(trim(" \t a b \r\n"), "a b");
    EXPECT_EQ(trim(""), "");
    EXPECT_EQ(trim(" \n "), "");
    EXPECT_EQ(trim("\xc2\xa0x\xc2\xa0"), "\xc2\xa0x\xc2\xa0");  // NBSP is not ASCII space
}

TEST(Text, TrimWithCharsetRemovesOnlyThoseCharacters) {
    EXPECT_EQ(trim(" \ta b\t ", " \t"), "a b");
    EXPECT_EQ(trim("\f a \v", " \t"), "\f a \v");  // \f and \v are not in the set
    EXPECT_EQ(trim("\r\n", "\r"), "\n");
    EXPECT_EQ(trim(" \t ", " \t"), "");
    EXPECT_EQ(trim("abc", ""), "abc");
}

TEST(Text, CaseFoldingIsAsciiAndLeavesUtf8Alone) {
    EXPECT_EQ(lower("HeLLo-Ü"), "hello-Ü");
    EXPECT_EQ(upper("high"), "HIGH");
    EXPECT_TRUE(iequals("Content-Type", "content-type"));
    EXPECT_FALSE(iequals("abc", "abd"));
    EXPECT_FALSE(iequals("abc", "ab"));
    EXPECT_TRUE(istarts_with("PKG:deb/x", "pkg:"));
    EXPECT_FALSE(istarts_with("pk", "pkg:"));
}

TEST(Text, NextLineConsumesOneLineAndItsCrLf) {
    std::string_view t = "a\r\nb\n\nc\r";
    EXPECT_EQ(next_line(t), "a");
    EXPECT_EQ(next_line(t), "b");
    EXPECT_EQ(next_line(t), "");
    EXPECT_EQ(t, "c\r");
    EXPECT_EQ(next_line(t), "c");  // the last line, no '\n': its '\r' goes too
    EXPECT_TRUE(t.empty());
    std::string_view lone = "x\r\r\n";
    EXPECT_EQ(next_line(lone), "x\r");  // one '\r' only
}

TEST(Text, SplitKeepsEmptyFields) {
    EXPECT_EQ(split("a,,b", ','), (Views{"a", "", "b"}));
    EXPECT_EQ(split("", ','), (Views{""}));
    EXPECT_EQ(split("a,", ','), (Views{"a", ""}));
}

TEST(Text, SplitWordsDropsEmptyFields) {
    EXPECT_EQ(split_words("  a \t b\n"), (Views{"a", "b"}));
    EXPECT_TRUE(split_words(" \t ").empty());
}

TEST(Text, Join) {
    EXPECT_EQ(join({"a", "b", "c"}, ", "), "a, b, c");
    EXPECT_EQ(join({}, ","), "");
}

TEST(Text, EditDistance) {
    EXPECT_EQ(edit_distance("scan", "scan"), 0U);
    EXPECT_EQ(edit_distance("scna", "scan"), 1U);      // transposition
    EXPECT_EQ(edit_distance("stauts", "status"), 1U);  // transposition
    EXPECT_EQ(edit_distance("dockr-archive", "docker-archive"), 1U);
    EXPECT_EQ(edit_distance("sbmo", "sbom"), 1U);
    EXPECT_EQ(edit_distance("", "abc"), 3U);
    EXPECT_EQ(edit_distance("abc", ""), 3U);
    EXPECT_EQ(edit_distance("ubi", "oci"), 2U);
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3U);
}

TEST(Text, NaturalLess) {
    EXPECT_TRUE(natural_less("alpine:v3.3", "alpine:v3.10"));
    EXPECT_FALSE(natural_less("alpine:v3.10", "alpine:v3.3"));
    EXPECT_TRUE(natural_less("alpine:v3.9", "alpine:v3.10"));
    EXPECT_TRUE(natural_less("debian:9", "debian:10"));
    EXPECT_TRUE(natural_less("debian:10", "ubuntu:4.10"));
    EXPECT_TRUE(natural_less("ubuntu:18.04", "ubuntu:20.04"));
    EXPECT_TRUE(natural_less("a", "a1"));
    EXPECT_TRUE(natural_less("x1", "x01") != natural_less("x01", "x1"));  // total on ties
    EXPECT_FALSE(natural_less("same", "same"));
}

}  // namespace
}  // namespace berth::text

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

}  // namespace
}  // namespace berth::text

// SPDX-License-Identifier: Apache-2.0
// open_regular / read_regular_file: regular files are read (with a cap), everything else is
// refused by type without blocking. FIFOs and pipes are made here; the checks that could hang
// run under run_with_deadline so a regression fails instead of hanging the suite.
#include "core/file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "deadline.hpp"
#include "test_support.hpp"

namespace berth {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

fs::path write(const fs::path& p, const std::string& content) {
    std::ofstream(p, std::ios::binary | std::ios::trunc) << content;
    return p;
}

bool mentions(const Error& e, std::string_view text) {
    return e.message.find(text) != std::string::npos;
}

TEST(OpenRegular, RegularFileIsReadWhole) {
    const fs::path dir = test::temp_dir("file");
    const fs::path p = write(dir / "a.json", "{\"x\": 1}\n");
    auto got = read_regular_file(p, 1024);
    ASSERT_TRUE(got.has_value()) << got.error().to_string();
    EXPECT_EQ(*got, "{\"x\": 1}\n");
    auto capped = read_regular_file(p, 4);
    ASSERT_FALSE(capped.has_value());
    EXPECT_EQ(capped.error().code, ErrorCode::LimitExceeded);
    EXPECT_EQ(capped.error().where, p.string());
}

TEST(OpenRegular, MissingAndDirectoryAreRefused) {
    const fs::path dir = test::temp_dir("file");
    auto missing = open_regular(dir / "nope");
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    EXPECT_EQ(missing.error().where, (dir / "nope").string());

    auto d = open_regular(dir);
    ASSERT_FALSE(d.has_value());
    EXPECT_EQ(d.error().code, ErrorCode::Io);
    EXPECT_EQ(d.error().message, "is a directory, not a regular file");
}

TEST(OpenRegular, CharacterDeviceIsRefused) {
    // Some sandboxes replace /dev/null by a plain file: take a device that still is one.
    std::string dev;
    for (const char* d : {"/dev/zero", "/dev/full", "/dev/urandom", "/dev/null"}) {
        struct stat st {};
        if (::stat(d, &st) == 0 && S_ISCHR(st.st_mode)) {
            dev = d;
            break;
        }
    }
    if (dev.empty()) GTEST_SKIP() << "no character device in /dev";
    auto got = open_file_range(dev);
    ASSERT_FALSE(got.has_value());
    EXPECT_EQ(got.error().code, ErrorCode::Unsupported);
    EXPECT_TRUE(mentions(got.error(), "is a character device, not a regular file"))
        << got.error().to_string();
}

// Before: open(2) of a FIFO with no writer blocked forever (OCI index.json, audit files).
TEST(OpenRegular, FifoWithoutWriterIsRefusedWithoutBlocking) {
    const fs::path dir = test::temp_dir("file");
    const fs::path fifo = dir / "index.json";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const auto rc = test::run_with_deadline(
        [&] {
            auto r = read_regular_file(fifo, 1024);
            if (r || r.error().code != ErrorCode::Unsupported) return 1;
            if (!mentions(r.error(), "is a FIFO (named pipe), not a regular file")) return 2;
            if (r.error().where != fifo.string()) return 3;
            auto s = open_file_range(fifo);  // the stream entry point image stores use
            return !s && s.error().code == ErrorCode::Unsupported ? 0 : 4;
        },
        5s);
    ASSERT_TRUE(rc.has_value()) << "reading a FIFO hung";
    EXPECT_EQ(*rc, 0);
}

// A pipe named by path (/dev/stdin of `docker save | berth …`) is a FIFO too: refused, and the
// message says why (not seekable) instead of failing later on its content.
TEST(OpenRegular, PipeByPathIsRefusedAsNotSeekable) {
    int p[2];
    ASSERT_EQ(::pipe(p), 0);
    ASSERT_EQ(::write(p[1], "tar", 3), 3);
    const fs::path path = "/proc/self/fd/" + std::to_string(p[0]);
    auto r = open_regular(path);
    ::close(p[0]);
    ::close(p[1]);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::Unsupported);
    EXPECT_TRUE(mentions(r.error(), "FIFO")) << r.error().message;
    EXPECT_TRUE(mentions(r.error(), "not seekable")) << r.error().message;
}

TEST(OpenRegular, FileRangeStreamReadsItsRange) {
    const fs::path dir = test::temp_dir("file");
    const fs::path p = write(dir / "blob", "0123456789");
    auto s = open_file_range(p, 2, 5);
    ASSERT_TRUE(s.has_value()) << s.error().to_string();
    auto got = read_all(**s, 100, "blob");
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(*got, "23456");
    auto past = open_file_range(p, 8, 5);
    ASSERT_TRUE(past.has_value());
    auto cut = read_all(**past, 100, "blob");
    ASSERT_FALSE(cut.has_value());
    EXPECT_EQ(cut.error().code, ErrorCode::Truncated);
}

}  // namespace
}  // namespace berth

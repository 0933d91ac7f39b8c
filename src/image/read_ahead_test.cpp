// SPDX-License-Identifier: Apache-2.0
// ReadAhead delivers the inner stream's bytes in order whatever the buffer and read sizes, its
// error after the bytes before it, and never mistakes a stop for the end of the stream.
#include "image/read_ahead.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <random>
#include <string>

namespace berth::image {
namespace {

// Returns `data` in reads of at most `step` bytes, then (optionally) an error instead of the end.
struct Source final : ByteStream {
    Source(std::string d, std::size_t s, bool fails = false)
        : data(std::move(d)), step(s), err(fails) {}
    Result<std::size_t> read(void* buf, std::size_t size) override {
        ++reads;
        if (pos == data.size() && err) return fail(ErrorCode::Truncated, "cut off", "source");
        const std::size_t n = std::min({size, step, data.size() - pos});
        std::memcpy(buf, data.data() + pos, n);
        pos += n;
        return n;
    }
    std::string data;
    std::size_t step;
    bool err;
    std::size_t pos = 0;
    std::atomic<int> reads{0};
};

std::string random_bytes(std::size_t n) {
    std::mt19937 gen(42);
    std::string s(n, '\0');
    for (auto& c : s) c = static_cast<char>(gen() & 0xffU);
    return s;
}

Result<std::string> drain(ByteStream& in, std::size_t chunk) {
    std::string out;
    std::string buf(chunk, '\0');
    for (;;) {
        auto n = in.read(buf.data(), buf.size());
        if (!n) return fail(n.error());
        if (*n == 0) return out;
        out.append(buf.data(), *n);
    }
}

TEST(ReadAhead, DeliversEveryByteInOrderForAnyBufferAndReadSize) {
    const std::string big = random_bytes(1'000'003);
    const std::string small = big.substr(0, 5'003);  // for the byte-at-a-time rows
    struct Row {
        const std::string* data;
        std::size_t buffer, buffers, step, chunk;
    };
    for (const auto& r : {Row{&big, 256U << 10U, 4, 65536, 4096}, Row{&small, 1, 1, 1, 7},
                          Row{&big, 4096, 2, 100, 65536}, Row{&big, 1000, 3, 1'000'003, 999},
                          Row{&big, 1'000'003, 1, 333, 1'000'003}, Row{&small, 7, 2, 3, 1}}) {
        Source src(*r.data, r.step);
        ReadAhead ahead(src, r.buffer, r.buffers);
        auto got = drain(ahead, r.chunk);
        ASSERT_TRUE(got.has_value()) << got.error().message;
        EXPECT_EQ(got->size(), r.data->size()) << r.buffer << "/" << r.step << "/" << r.chunk;
        EXPECT_TRUE(*got == *r.data) << r.buffer << "/" << r.step << "/" << r.chunk;
        auto again = ahead.read(got->data(), 1);  // the end stays the end
        ASSERT_TRUE(again.has_value());
        EXPECT_EQ(*again, 0U);
    }
}

TEST(ReadAhead, EmptyStreamIsTheEnd) {
    Source src("", 10);
    ReadAhead ahead(src);
    char c = 0;
    auto n = ahead.read(&c, 1);
    ASSERT_TRUE(n.has_value());
    EXPECT_EQ(*n, 0U);
}

TEST(ReadAhead, ErrorComesAfterTheBytesBeforeIt) {
    const std::string data = random_bytes(10'000);
    Source src(data, 512, /*fails=*/true);
    ReadAhead ahead(src, 4096, 2);
    std::string got;
    char buf[700];
    for (;;) {
        auto n = ahead.read(buf, sizeof buf);
        if (!n) {
            EXPECT_EQ(n.error().code, ErrorCode::Truncated);
            EXPECT_EQ(n.error().where, "source");
            break;
        }
        ASSERT_NE(*n, 0U) << "the error must not become an end of stream";
        got.append(buf, *n);
    }
    EXPECT_TRUE(got == data.substr(0, got.size()));
    EXPECT_LE(got.size(), data.size());
}

TEST(ReadAhead, ReadAfterStopIsAnErrorNotTheEnd) {
    Source src(random_bytes(1U << 20U), 4096);
    ReadAhead ahead(src, 4096, 2);
    char buf[100];
    ASSERT_TRUE(ahead.read(buf, sizeof buf).has_value());
    ahead.stop();
    const int reads = src.reads.load();
    Result<std::size_t> n = std::size_t{1};
    while (n && *n > 0) n = ahead.read(buf, sizeof buf);  // what was buffered, then the error
    ASSERT_FALSE(n.has_value());
    EXPECT_EQ(n.error().code, ErrorCode::Internal);
    EXPECT_EQ(src.reads.load(), reads) << "the inner stream was read after stop()";
}

TEST(ReadAhead, DestroyedWhileTheProducerWaitsForAFreeBuffer) {
    Source src(random_bytes(1U << 20U), 4096);
    {
        ReadAhead ahead(src, 1024, 2);
        char c = 0;
        ASSERT_TRUE(ahead.read(&c, 1).has_value());
    }  // must not hang: the producer is blocked on a full ring
    EXPECT_LT(src.pos, src.data.size());
}

}  // namespace
}  // namespace berth::image

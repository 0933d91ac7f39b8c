// SPDX-License-Identifier: Apache-2.0
// Tables for detect_compression() and make_decompressor(). Inputs are built in-process: gzip with
// libarchive's gzip write filter (raw format), zstd with libzstd. Every stream is fed through a
// source that returns a few bytes at a time and read back through small output buffers, so the
// decompressors cross their buffer boundaries at odd places.
#include "image/inflate.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <zstd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace berth::image {
namespace {

// --- inputs -------------------------------------------------------------------------------------

la_ssize_t append_cb(archive*, void* out, const void* buf, std::size_t len) {
    static_cast<std::string*>(out)->append(static_cast<const char*>(buf), len);
    return static_cast<la_ssize_t>(len);
}

/// One gzip member holding `data` (libarchive's gzip filter over the raw format).
std::string gzip(const std::string& data) {
    std::string out;
    archive* a = archive_write_new();
    archive_write_set_format_raw(a);
    archive_write_add_filter_gzip(a);
    archive_write_set_bytes_per_block(a, 0);
    EXPECT_EQ(archive_write_open(a, &out, nullptr, append_cb, nullptr), ARCHIVE_OK)
        << archive_error_string(a);
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, "data");
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
    EXPECT_EQ(archive_write_header(a, e), ARCHIVE_OK) << archive_error_string(a);
    if (!data.empty()) {
        EXPECT_EQ(archive_write_data(a, data.data(), data.size()),
                  static_cast<la_ssize_t>(data.size()));
    }
    archive_entry_free(e);
    EXPECT_EQ(archive_write_close(a), ARCHIVE_OK) << archive_error_string(a);
    archive_write_free(a);
    return out;
}

/// One zstd frame holding `data`, with the content checksum so corruption is detectable.
std::string zstd(const std::string& data) {
    ZSTD_CCtx* cctx = ZSTD_createCCtx();
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, 3);
    ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);
    std::string out(ZSTD_compressBound(data.size()), '\0');
    std::size_t n = ZSTD_compress2(cctx, out.data(), out.size(), data.data(), data.size());
    ZSTD_freeCCtx(cctx);
    EXPECT_EQ(ZSTD_isError(n), 0U) << ZSTD_getErrorName(n);
    out.resize(ZSTD_isError(n) != 0U ? 0 : n);
    return out;
}

/// A zstd skippable frame (magic 0x184D2A50, little-endian) with `payload`.
std::string zstd_skippable(const std::string& payload) {
    std::string out = "\x50\x2a\x4d\x18";
    auto len = static_cast<std::uint32_t>(payload.size());
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((len >> (8 * i)) & 0xffU));
    return out + payload;
}

/// Deterministic bytes: compressible text when `random` is false, noise otherwise.
std::string sample(std::size_t size, bool random, unsigned seed = 1) {
    std::string out;
    out.reserve(size);
    if (random) {
        std::mt19937 rng(seed);
        while (out.size() < size) out.push_back(static_cast<char>(rng() & 0xffU));
        return out;
    }
    for (std::size_t i = 0; out.size() < size; ++i) {
        out += "line " + std::to_string(i) + ": the quick brown fox jumps over the lazy dog\n";
    }
    out.resize(size);
    return out;
}

std::string cut(std::string s, std::size_t keep) {
    s.resize(std::min(keep, s.size()));
    return s;
}

std::string flip(std::string s, std::size_t pos_from_end) {
    std::size_t i = s.size() - pos_from_end;
    s[i] = static_cast<char>(s[i] ^ 0x5a);
    return s;
}

std::string set_byte(std::string s, std::size_t pos, unsigned char v) {
    s[pos] = static_cast<char>(v);
    return s;
}

// --- streams ------------------------------------------------------------------------------------

/// Serves a string at most `chunk` bytes per read; optionally fails with Io after `fail_after`.
using test::ChunkedStream;

/// What a stream yielded: all bytes, or the error that stopped it.
struct Outcome {
    std::optional<std::string> data;
    std::optional<ErrorCode> error;
    friend bool operator==(const Outcome&, const Outcome&) = default;
};

// NOLINTNEXTLINE(readability-identifier-naming): gtest looks this name up.
void PrintTo(const Outcome& o, std::ostream* os) {
    if (o.error) {
        *os << "error " << error_code_name(*o.error);
    } else if (o.data) {
        *os << o.data->size() << " bytes";
        if (o.data->size() <= 64) *os << " \"" << *o.data << "\"";
    } else {
        *os << "nothing";
    }
}

Outcome ok(std::string data) {
    return {std::move(data), std::nullopt};
}
Outcome err(ErrorCode code) {
    return {std::nullopt, code};
}

Outcome read_to_end(ByteStream& s, std::size_t read_size) {
    std::string out;
    std::vector<char> buf(read_size);
    for (int guard = 0; guard < 50'000'000; ++guard) {
        auto n = s.read(buf.data(), buf.size());
        if (!n) return err(n.error().code);
        if (*n == 0) {
            // End of stream is sticky.
            auto again = s.read(buf.data(), buf.size());
            if (!again) return err(again.error().code);
            if (*again != 0) return err(ErrorCode::Internal);
            return ok(out);
        }
        if (*n > read_size) return err(ErrorCode::Internal);
        out.append(buf.data(), *n);
    }
    return err(ErrorCode::Internal);
}

/// How one run splits the work: bytes read ahead into `head`, bytes per source read, bytes per
/// decompressor read.
struct Split {
    std::size_t head;
    std::size_t chunk;
    std::size_t read_size;
};

const std::vector<Split>& splits() {
    static const std::vector<Split> all = {
        {0, 7, 64 * 1024}, {512, 7, 7}, {2, 3, 5}, {4, 1 << 20, 1 << 20}, {0, 1 << 20, 1021},
    };
    return all;
}

/// Detects like the layer walker (from the first bytes, whatever a manifest says) and reads
/// everything through the decompressor.
Outcome inflate_all(const std::string& input, const Split& split) {
    auto source = std::make_unique<ChunkedStream>(input, split.chunk);
    std::string head(split.head, '\0');
    std::size_t got = 0;
    while (got < head.size()) {
        auto n = source->read(head.data() + got, head.size() - got);
        if (!n) return err(n.error().code);
        if (*n == 0) break;
        got += *n;
    }
    head.resize(got);
    auto c = detect_compression(input.substr(0, 512));
    if (!c) return err(c.error().code);
    auto d = make_decompressor(*c, *source, std::move(head));
    // Byte-at-a-time reads of a large output would take long; cap the call count.
    std::size_t read_size = split.read_size;
    if (read_size < 64 && input.size() > 16 * 1024) read_size = 64;
    return read_to_end(*d, read_size);
}

// --- detect_compression ---------------------------------------------------------------------

struct DetectCase {
    std::string name;
    std::string head;
    std::optional<Compression> want;  ///< nullopt: an error
    std::string want_message;         ///< substring of the error message
};

// NOLINTNEXTLINE(readability-identifier-naming): gtest looks this name up.
void PrintTo(const DetectCase& c, std::ostream* os) {
    *os << c.name;
}

// clang-format off
std::vector<DetectCase> detect_cases() {
    using namespace std::string_literals;
    return {
        {"empty", "", Compression::None, ""},
        {"one_gzip_byte", "\x1f", Compression::None, ""},
        {"gzip_magic_only", "\x1f\x8b", Compression::Gzip, ""},
        {"gzip_stream", gzip("hello"), Compression::Gzip, ""},
        {"gzip_magic_wrong_second_byte", std::string("\x1f\x8c\x08\x00", 4), Compression::None, ""},
        {"zstd_magic_only", "\x28\xb5\x2f\xfd", Compression::Zstd, ""},
        {"zstd_stream", zstd("hello"), Compression::Zstd, ""},
        {"zstd_magic_short", "\x28\xb5\x2f", Compression::None, ""},
        // RFC 8878 §3.1.2: magic 0x184D2A50..5F; containerd detects zstd by it too (issue 11).
        {"zstd_skippable_frame_first", zstd_skippable("x") + zstd("y"), Compression::Zstd, ""},
        {"zstd_skippable_magic_5f", "\x5f\x2a\x4d\x18\x00\x00\x00\x00"s, Compression::Zstd, ""},
        {"zstd_skippable_magic_60_is_not", "\x60\x2a\x4d\x18"s, Compression::None, ""},
        {"bzip2", "BZh91AY&SY\x01\x02"s, std::nullopt, "bzip2"},
        {"bzip2_magic_only", "BZh", std::nullopt, "bzip2"},
        {"xz", "\xfd" "7zXZ\x00\x00\x04"s, std::nullopt, "xz"},
        {"xz_magic_only", "\xfd" "7zX", std::nullopt, "xz"},
        {"plain_tar_header", "etc/passwd\0\0\0\0\0\0"s, Compression::None, ""},
        {"garbage", sample(600, true), Compression::None, ""},
        {"nul_bytes", std::string(512, '\0'), Compression::None, ""},
        {"lz4_frame_is_not_detected", "\x04\x22\x4d\x18", Compression::None, ""},
    };
}
// clang-format on

class DetectCompression : public testing::TestWithParam<DetectCase> {};

TEST_P(DetectCompression, Detects) {
    const DetectCase& c = GetParam();
    auto got = detect_compression(c.head);
    if (c.want) {
        ASSERT_TRUE(got.has_value()) << got.error().to_string();
        EXPECT_EQ(*got, *c.want) << compression_name(*got);
    } else {
        ASSERT_FALSE(got.has_value()) << compression_name(*got);
        EXPECT_EQ(got.error().code, ErrorCode::Unsupported) << got.error().to_string();
        EXPECT_NE(got.error().message.find(c.want_message), std::string::npos)
            << got.error().message;
    }
}

INSTANTIATE_TEST_SUITE_P(Table, DetectCompression, testing::ValuesIn(detect_cases()),
                         [](const testing::TestParamInfo<DetectCase>& p) { return p.param.name; });

TEST(CompressionName, Names) {
    EXPECT_EQ(compression_name(Compression::None), "none");
    EXPECT_EQ(compression_name(Compression::Gzip), "gzip");
    EXPECT_EQ(compression_name(Compression::Zstd), "zstd");
}

// --- make_decompressor ------------------------------------------------------------------------

struct InflateCase {
    std::string name;
    std::string input;
    Outcome want;
};

// NOLINTNEXTLINE(readability-identifier-naming): gtest looks this name up.
void PrintTo(const InflateCase& c, std::ostream* os) {
    *os << c.name;
}

// clang-format off
std::vector<InflateCase> inflate_cases() {
    using namespace std::string_literals;
    const std::string a = "first member\n";
    const std::string b = sample(3000, false);
    const std::string c = "third\n";
    const std::string big = sample(300 * 1024, false);  // more than one 256 KiB input buffer
    const std::string noise = sample(70 * 1024, true, 7);  // stored deflate blocks
    const std::string gz = gzip(b);
    const std::string zs = zstd(b);
    return {
        // Plain bytes pass through untouched.
        {"plain", "hello, world\n", ok("hello, world\n")},
        {"plain_empty", "", ok("")},
        {"plain_large", big, ok(big)},
        {"plain_garbage", noise, ok(noise)},
        // gzip (RFC 1952), including several members back to back (gzip -c a b > ab).
        {"gzip_single", gz, ok(b)},
        {"gzip_empty_payload", gzip(""), ok("")},
        {"gzip_large", gzip(big), ok(big)},
        {"gzip_incompressible", gzip(noise), ok(noise)},
        {"gzip_multi_member", gzip(a) + gzip(b) + gzip(c), ok(a + b + c)},
        {"gzip_multi_member_with_empty", gzip(a) + gzip("") + gzip(c), ok(a + c)},
        {"gzip_multi_member_large", gzip(big) + gzip(noise), ok(big + noise)},
        {"gzip_corrupt_crc", flip(gz, 8), err(ErrorCode::Format)},
        {"gzip_corrupt_isize", flip(gz, 1), err(ErrorCode::Format)},
        {"gzip_bad_method", set_byte(gz, 2, 7), err(ErrorCode::Format)},
        {"gzip_reserved_block_type", set_byte(gz, 10, 0x07), err(ErrorCode::Format)},
        {"gzip_corrupt_second_member_crc", gzip(a) + flip(gzip(c), 8), err(ErrorCode::Format)},
        {"gzip_truncated_half", cut(gz, gz.size() / 2), err(ErrorCode::Truncated)},
        {"gzip_truncated_large", cut(gzip(big), gzip(big).size() / 2), err(ErrorCode::Truncated)},
        {"gzip_truncated_header", cut(gz, 10), err(ErrorCode::Truncated)},
        {"gzip_truncated_magic", "\x1f\x8b", err(ErrorCode::Truncated)},
        {"gzip_truncated_trailer", cut(gz, gz.size() - 4), err(ErrorCode::Truncated)},
        {"gzip_truncated_second_member", gzip(a) + cut(gzip(c), 12), err(ErrorCode::Truncated)},
        {"gzip_trailing_garbage", gz + "garbage!", err(ErrorCode::Format)},
        {"gzip_trailing_zeros", gz + std::string(16, '\0'), err(ErrorCode::Format)},
        {"gzip_trailing_byte", gz + "\n", err(ErrorCode::Format)},
        {"gzip_second_member_bad_header", gz + "\x1f\x8b\x63\x00\x00\x00\x00\x00\x00\x03xxxxxxxx"s,
         err(ErrorCode::Format)},
        // zstd (RFC 8878), including several frames and skippable frames between them.
        {"zstd_single", zs, ok(b)},
        {"zstd_empty_payload", zstd(""), ok("")},
        {"zstd_large", zstd(big), ok(big)},
        {"zstd_incompressible", zstd(noise), ok(noise)},
        {"zstd_multi_frame", zstd(a) + zstd(b) + zstd(c), ok(a + b + c)},
        {"zstd_multi_frame_large", zstd(big) + zstd(noise), ok(big + noise)},
        {"zstd_skippable_between_frames", zstd(a) + zstd_skippable("ignored") + zstd(c), ok(a + c)},
        {"zstd_skippable_first", zstd_skippable("ignored") + zstd(a), ok(a)},
        {"zstd_corrupt_checksum", flip(zs, 1), err(ErrorCode::Format)},
        {"zstd_reserved_header_bit", set_byte(zs, 4, 0x08), err(ErrorCode::Format)},
        {"zstd_truncated_half", cut(zs, zs.size() / 2), err(ErrorCode::Truncated)},
        {"zstd_truncated_large", cut(zstd(big), zstd(big).size() / 2), err(ErrorCode::Truncated)},
        {"zstd_truncated_magic", "\x28\xb5\x2f\xfd", err(ErrorCode::Truncated)},
        {"zstd_truncated_checksum", cut(zs, zs.size() - 2), err(ErrorCode::Truncated)},
        {"zstd_truncated_second_frame", zstd(a) + cut(zstd(c), 6), err(ErrorCode::Truncated)},
        {"zstd_trailing_garbage", zs + "garbage!", err(ErrorCode::Format)},
        // Magic bytes of formats OCI layers never use.
        {"bzip2", "BZh91AY&SY\x01\x02\x03\x04"s, err(ErrorCode::Unsupported)},
        {"xz", "\xfd" "7zXZ\x00\x00\x04\xe6\xd6\xb4\x46"s, err(ErrorCode::Unsupported)},
    };
}
// clang-format on

class Inflate : public testing::TestWithParam<InflateCase> {};

TEST_P(Inflate, ReadsAcrossBufferBoundaries) {
    const InflateCase& c = GetParam();
    for (const Split& s : splits()) {
        SCOPED_TRACE("head " + std::to_string(s.head) + ", chunk " + std::to_string(s.chunk) +
                     ", read " + std::to_string(s.read_size));
        EXPECT_EQ(inflate_all(c.input, s), c.want);
    }
}

INSTANTIATE_TEST_SUITE_P(Table, Inflate, testing::ValuesIn(inflate_cases()),
                         [](const testing::TestParamInfo<InflateCase>& p) { return p.param.name; });

// The input builders themselves: if libarchive ever wrote a gzip FNAME field, the byte
// offsets used above (byte 10 = first deflate byte) would be wrong.
TEST(InflateInputs, GzipHeaderHasNoOptionalFields) {
    const std::string gz = gzip("x");
    ASSERT_GE(gz.size(), 18U);
    EXPECT_EQ(static_cast<unsigned char>(gz[0]), 0x1fU);
    EXPECT_EQ(static_cast<unsigned char>(gz[1]), 0x8bU);
    EXPECT_EQ(static_cast<unsigned char>(gz[2]), 8U);  // deflate
    EXPECT_EQ(static_cast<unsigned char>(gz[3]), 0U);  // no FEXTRA/FNAME/FCOMMENT/FHCRC
}

// A read error of the source surfaces unchanged, whatever the compression.
struct SourceErrorCase {
    std::string name;
    std::string input;
    std::size_t fail_after;
};

// NOLINTNEXTLINE(readability-identifier-naming): gtest looks this name up.
void PrintTo(const SourceErrorCase& c, std::ostream* os) {
    *os << c.name;
}

std::vector<SourceErrorCase> source_error_cases() {
    const std::string big = sample(200 * 1024, true, 3);
    const std::string gz = gzip(big);
    const std::string zs = zstd(big);
    return {
        {"plain_at_start", big, 0},
        {"plain_midway", big, 1000},
        {"gzip_at_start", gz, 0},
        {"gzip_midway", gz, gz.size() / 2},
        {"gzip_before_trailer", gz, gz.size() - 3},
        {"zstd_at_start", zs, 0},
        {"zstd_midway", zs, zs.size() / 2},
        {"zstd_before_checksum", zs, zs.size() - 3},
    };
}

class InflateSourceError : public testing::TestWithParam<SourceErrorCase> {};

TEST_P(InflateSourceError, Propagates) {
    const SourceErrorCase& c = GetParam();
    auto cmp = detect_compression(c.input);
    ASSERT_TRUE(cmp.has_value());
    for (std::size_t chunk : {std::size_t{7}, std::size_t{1} << 20}) {
        SCOPED_TRACE("chunk " + std::to_string(chunk));
        ChunkedStream source(c.input, chunk, c.fail_after);
        auto d = make_decompressor(*cmp, source, "");
        std::vector<char> buf(4096);
        std::optional<Error> error;
        for (int i = 0; i < 1'000'000 && !error; ++i) {
            auto n = d->read(buf.data(), buf.size());
            if (!n) {
                error = n.error();
            } else if (*n == 0) {
                break;
            }
        }
        ASSERT_TRUE(error.has_value()) << "stream ended without the injected error";
        EXPECT_EQ(error->code, ErrorCode::Io) << error->to_string();
        EXPECT_EQ(error->where, "source");
        EXPECT_EQ(error->message, "injected read error");
    }
}

INSTANTIATE_TEST_SUITE_P(Table, InflateSourceError, testing::ValuesIn(source_error_cases()),
                         [](const testing::TestParamInfo<SourceErrorCase>& p) {
                             return p.param.name;
                         });

// The decompressed data ends exactly where the caller's buffer ends, so the last read fills it
// completely and the next read must report the end of the stream.
TEST(Inflate, OutputEndsAtBufferEnd) {
    struct Row {
        std::string name;
        std::string input;
        std::string want;
        std::size_t read_size;
    };
    const std::string four_k = sample(4096, false);
    const std::string tar_like = sample(512 * 1024, false);  // two full 256 KiB reads
    const std::vector<Row> rows = {
        {"plain_4k", four_k, four_k, 4096},
        {"gzip_4k", gzip(four_k), four_k, 4096},
        {"gzip_by_byte", gzip("abc"), "abc", 1},
        {"gzip_512k", gzip(tar_like), tar_like, 256 * 1024},
        {"zstd_4k", zstd(four_k), four_k, 4096},
        {"zstd_by_byte", zstd("abc"), "abc", 1},
        {"zstd_two_frames_by_byte", zstd("abc") + zstd("de"), "abcde", 1},
        {"zstd_512k", zstd(tar_like), tar_like, 256 * 1024},
    };
    for (const auto& r : rows) {
        SCOPED_TRACE(r.name);
        auto c = detect_compression(r.input);
        ASSERT_TRUE(c.has_value());
        ChunkedStream source(r.input, 1 << 20);
        auto d = make_decompressor(*c, source, "");
        Outcome got = read_to_end(*d, r.read_size);
        EXPECT_EQ(got, ok(r.want));
    }
}

// `head` may already hold the whole input (the walker reads 512 bytes before detecting).
TEST(Inflate, HeadHoldsEverything) {
    const std::string text = "small enough to fit the head\n";
    struct Row {
        std::string name;
        Compression c;
        std::string input;
    };
    const std::vector<Row> rows = {
        {"plain", Compression::None, text},
        {"gzip", Compression::Gzip, gzip(text)},
        {"zstd", Compression::Zstd, zstd(text) + zstd(text)},
    };
    for (const auto& r : rows) {
        SCOPED_TRACE(r.name);
        ChunkedStream empty("", 7);
        auto d = make_decompressor(r.c, empty, r.input);
        const std::string want = r.c == Compression::Zstd ? text + text : text;
        EXPECT_EQ(read_to_end(*d, 3), ok(want));
    }
}

}  // namespace
}  // namespace berth::image

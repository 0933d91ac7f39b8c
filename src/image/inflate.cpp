// SPDX-License-Identifier: Apache-2.0
#include "image/inflate.hpp"

#include <isa-l/igzip_lib.h>
#include <zstd.h>

#include <cstring>
#include <vector>

namespace berth::image {
namespace {

constexpr std::size_t kInBufSize = 256 * 1024;

// Input side shared by the decompressors: serves `head` first, then the source.
class Input {
  public:
    Input(ByteStream& source, std::string head) : source_(source), buf_(std::move(head)) {
        len_ = buf_.size();
        buf_.resize(std::max(buf_.size(), kInBufSize));
    }
    // Refills when empty. Returns false at end of source.
    Result<bool> fill() {
        if (pos_ < len_) return true;
        if (eof_) return false;
        auto n = source_.read(buf_.data(), buf_.size());
        if (!n) return fail(n.error());
        pos_ = 0;
        len_ = *n;
        if (*n == 0) eof_ = true;
        return *n != 0;
    }
    std::uint8_t* data() { return reinterpret_cast<std::uint8_t*>(buf_.data()) + pos_; }
    std::size_t avail() const { return len_ - pos_; }
    void consume(std::size_t n) { pos_ += n; }

  private:
    ByteStream& source_;
    std::string buf_;
    std::size_t pos_ = 0;
    std::size_t len_ = 0;
    bool eof_ = false;
};

class Passthrough final : public ByteStream {
  public:
    Passthrough(ByteStream& source, std::string head) : in_(source, std::move(head)) {}
    Result<std::size_t> read(void* buf, std::size_t size) override {
        auto more = in_.fill();
        if (!more) return fail(more.error());
        if (!*more) return std::size_t{0};
        std::size_t n = std::min(size, in_.avail());
        std::memcpy(buf, in_.data(), n);
        in_.consume(n);
        return n;
    }

  private:
    Input in_;
};

const char* isal_error_text(int code) {
    switch (code) {
        case ISAL_INVALID_BLOCK:
            return "invalid deflate block";
        case ISAL_INVALID_SYMBOL:
            return "invalid deflate symbol";
        case ISAL_INVALID_LOOKBACK:
            return "invalid deflate back-reference";
        case ISAL_INVALID_WRAPPER:
            return "invalid gzip header or trailer";
        case ISAL_UNSUPPORTED_METHOD:
            return "unsupported gzip compression method";
        case ISAL_INCORRECT_CHECKSUM:
            return "gzip CRC-32 or length check failed";
        default:
            return "corrupt gzip data";
    }
}

class GzipInflater final : public ByteStream {
  public:
    GzipInflater(ByteStream& source, std::string head) : in_(source, std::move(head)) {
        isal_inflate_init(&state_);
        state_.crc_flag = ISAL_GZIP;
    }

    Result<std::size_t> read(void* buf, std::size_t size) override {
        auto* out = static_cast<std::uint8_t*>(buf);
        for (;;) {
            if (finished_) {
                // A gzip file may hold several members; anything else after one is an error.
                auto more = in_.fill();
                if (!more) return fail(more.error());
                if (!*more) return std::size_t{0};
                if (in_.avail() >= 1 && in_.data()[0] != 0x1f) {
                    return fail(ErrorCode::Format, "trailing garbage after the gzip stream");
                }
                isal_inflate_reset(&state_);
                state_.crc_flag = ISAL_GZIP;
                finished_ = false;
            }
            auto more = in_.fill();
            if (!more) return fail(more.error());
            if (!*more && state_.avail_in == 0 && !flushed_pending()) {
                return fail(ErrorCode::Truncated, "gzip stream ends early (truncated layer?)");
            }
            state_.next_in = in_.data();
            state_.avail_in = static_cast<std::uint32_t>(in_.avail());
            state_.next_out = out;
            state_.avail_out = static_cast<std::uint32_t>(std::min<std::size_t>(size, UINT32_MAX));
            std::uint32_t before_in = state_.avail_in;
            int rc = isal_inflate(&state_);
            in_.consume(before_in - state_.avail_in);
            if (rc < 0) return fail(ErrorCode::Format, isal_error_text(rc));
            std::size_t produced = size - state_.avail_out;
            if (state_.block_state == ISAL_BLOCK_FINISH) finished_ = true;
            if (produced > 0) return produced;
            if (!*more && !finished_) {
                return fail(ErrorCode::Truncated, "gzip stream ends early (truncated layer?)");
            }
        }
    }

  private:
    // igzip may hold decoded bytes internally (tmp_out) even with no input left.
    bool flushed_pending() const { return state_.tmp_out_valid > state_.tmp_out_processed; }

    Input in_;
    inflate_state state_{};
    bool finished_ = false;
};

class ZstdDecompressor final : public ByteStream {
  public:
    ZstdDecompressor(ByteStream& source, std::string head)
        : in_(source, std::move(head)), ctx_(ZSTD_createDCtx()) {
        BERTH_ASSERT(ctx_ != nullptr, "ZSTD_createDCtx failed");
        // Caps the window (and so memory) at 128 MiB, zstd's own default for streaming.
        ZSTD_DCtx_setParameter(ctx_, ZSTD_d_windowLogMax, 27);
    }
    ~ZstdDecompressor() override { ZSTD_freeDCtx(ctx_); }
    ZstdDecompressor(const ZstdDecompressor&) = delete;
    ZstdDecompressor& operator=(const ZstdDecompressor&) = delete;

    Result<std::size_t> read(void* buf, std::size_t size) override {
        for (;;) {
            auto more = in_.fill();
            if (!more) return fail(more.error());
            if (!*more && !pending_output_) {
                if (frame_open_) {
                    return fail(ErrorCode::Truncated, "zstd stream ends early (truncated layer?)");
                }
                return std::size_t{0};
            }
            ZSTD_inBuffer input{in_.data(), in_.avail(), 0};
            ZSTD_outBuffer output{buf, size, 0};
            std::size_t rc = ZSTD_decompressStream(ctx_, &output, &input);
            in_.consume(input.pos);
            if (ZSTD_isError(rc) != 0U) {
                return fail(ErrorCode::Format,
                            std::string("corrupt zstd data: ") + ZSTD_getErrorName(rc));
            }
            // After a frame ends, zstd returns the next header's size hint (non-zero) even when
            // nothing was consumed or produced; only real progress opens a frame.
            if (rc == 0) {
                frame_open_ = false;
            } else if (input.pos > 0 || output.pos > 0) {
                frame_open_ = true;
            }
            // Output buffer full: zstd may hold more without needing input.
            pending_output_ = output.pos == size;
            if (output.pos > 0) return output.pos;
        }
    }

  private:
    Input in_;
    ZSTD_DCtx* ctx_;
    bool frame_open_ = false;
    bool pending_output_ = false;
};

}  // namespace

std::string_view compression_name(Compression c) {
    switch (c) {
        case Compression::None:
            return "none";
        case Compression::Gzip:
            return "gzip";
        case Compression::Zstd:
            return "zstd";
    }
    return "none";
}

Result<Compression> detect_compression(std::string_view head) {
    auto b = [&](std::size_t i) {
        return i < head.size() ? static_cast<unsigned char>(head[i]) : 0U;
    };
    if (b(0) == 0x1f && b(1) == 0x8b) return Compression::Gzip;
    if (b(0) == 0x28 && b(1) == 0xb5 && b(2) == 0x2f && b(3) == 0xfd) return Compression::Zstd;
    // A zstd stream may open with a skippable frame (RFC 8878 §3.1.2, magic 0x184D2A5?, little
    // endian); libzstd skips it, and containerd detects zstd by it too.
    if ((b(0) & 0xf0U) == 0x50 && b(1) == 0x2a && b(2) == 0x4d && b(3) == 0x18) {
        return Compression::Zstd;
    }
    if (b(0) == 'B' && b(1) == 'Z' && b(2) == 'h') {
        return fail(ErrorCode::Unsupported,
                    "layer is bzip2-compressed; OCI layers are tar, gzip or zstd");
    }
    if (b(0) == 0xfd && b(1) == '7' && b(2) == 'z' && b(3) == 'X') {
        return fail(ErrorCode::Unsupported,
                    "layer is xz-compressed; OCI layers are tar, gzip or zstd");
    }
    return Compression::None;
}

std::unique_ptr<ByteStream> make_decompressor(Compression c, ByteStream& source, std::string head) {
    switch (c) {
        case Compression::Gzip:
            return std::make_unique<GzipInflater>(source, std::move(head));
        case Compression::Zstd:
            return std::make_unique<ZstdDecompressor>(source, std::move(head));
        case Compression::None:
            break;
    }
    return std::make_unique<Passthrough>(source, std::move(head));
}

}  // namespace berth::image

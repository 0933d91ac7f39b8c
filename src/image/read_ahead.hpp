// SPDX-License-Identifier: Apache-2.0
// ReadAhead: reads a stream on a thread of its own, a few buffers ahead of the reader.
//
// A layer walk does four things to every byte: read it (file or network), hash the blob, inflate
// it, then hash the tar (diffID) and parse it. On one thread they add up; with the read, the blob
// hash and the inflate moved to a producer thread, the walker's thread only hashes and parses, and
// two cores run the two halves at once (bench/README.md, walk.sh).
//
//   blob file ──read+hash+inflate (producer)──▶ [4 × 256 KiB] ──▶ read() (walker: diffID, tar)
//
// Memory is bounded: `buffers` buffers of `buffer_size` bytes. The inner stream is touched only
// by the producer until stop() returns (or the end of the stream was delivered), so callers that
// go on to read the inner stream's source themselves (to finish a digest) call stop() first.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "core/stream.hpp"

namespace berth::image {

class ReadAhead final : public ByteStream {
  public:
    explicit ReadAhead(ByteStream& inner, std::size_t buffer_size = 256U << 10U,
                       std::size_t buffers = 4);
    ~ReadAhead() override;
    ReadAhead(const ReadAhead&) = delete;
    ReadAhead& operator=(const ReadAhead&) = delete;

    /// The next bytes of the inner stream, in order; 0 at its end; its error, once, in order.
    Result<std::size_t> read(void* buf, std::size_t size) override;
    /// Stops the producer and waits for it: afterwards the inner stream is no longer read.
    void stop();

  private:
    struct Chunk {
        std::vector<char> data;
        std::size_t len = 0;
    };
    void run();
    // Fills one buffer from the inner stream: full, or short at the end. Producer thread only.
    Result<std::size_t> fill(std::vector<char>& buf);

    ByteStream& inner_;
    std::mutex mu_;
    std::condition_variable changed_;
    std::deque<Chunk> ready_;              // filled, in order
    std::vector<std::vector<char>> free_;  // empty buffers for the producer
    std::optional<Error> error_;           // the inner stream's error, after ready_
    bool done_ = false;                    // producer finished (end, error or stop)
    bool ended_ = false;                   // the inner stream reached its end
    bool stopping_ = false;
    Chunk current_;  // the consumer's buffer
    std::size_t pos_ = 0;
    std::thread thread_;
};

}  // namespace berth::image

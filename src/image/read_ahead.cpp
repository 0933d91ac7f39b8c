// SPDX-License-Identifier: Apache-2.0
#include "image/read_ahead.hpp"

#include <algorithm>
#include <cstring>
#include <exception>
#include <utility>

namespace berth::image {

ReadAhead::ReadAhead(ByteStream& inner, std::size_t buffer_size, std::size_t buffers)
    : inner_(inner) {
    for (std::size_t i = 0; i < std::max<std::size_t>(buffers, 1); ++i) {
        free_.emplace_back(std::max<std::size_t>(buffer_size, 1));
    }
    thread_ = std::thread([this] { run(); });
}

ReadAhead::~ReadAhead() {
    stop();
}

void ReadAhead::stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
}

Result<std::size_t> ReadAhead::fill(std::vector<char>& buf) {
    std::size_t got = 0;
    while (got < buf.size()) {
        auto n = inner_.read(buf.data() + got, buf.size() - got);
        if (!n) return fail(n.error());
        if (*n == 0) break;
        got += *n;
    }
    return got;
}

void ReadAhead::run() {
    for (;;) {
        std::vector<char> buf;
        {
            std::unique_lock lock(mu_);
            changed_.wait(lock, [this] { return stopping_ || !free_.empty(); });
            if (stopping_) break;
            buf = std::move(free_.back());
            free_.pop_back();
        }
        Result<std::size_t> n = std::size_t{0};
        try {
            n = fill(buf);
        } catch (const std::exception& e) {  // bad_alloc in a decompressor: an error, not a crash
            n = fail(ErrorCode::Internal, std::string("reading ahead: ") + e.what());
        }
        const std::size_t capacity = buf.size();
        std::lock_guard lock(mu_);
        if (!n) {
            error_ = n.error();
            break;
        }
        if (*n > 0) ready_.push_back({std::move(buf), *n});
        changed_.notify_all();
        if (*n < capacity) {  // a short fill is the end of the stream
            ended_ = true;
            break;
        }
    }
    std::lock_guard lock(mu_);
    done_ = true;
    changed_.notify_all();
}

Result<std::size_t> ReadAhead::read(void* buf, std::size_t size) {
    if (size == 0) return std::size_t{0};
    if (pos_ == current_.len) {
        std::unique_lock lock(mu_);
        if (!current_.data.empty()) {
            free_.push_back(std::move(current_.data));
            changed_.notify_all();
        }
        current_ = {};
        pos_ = 0;
        changed_.wait(lock, [this] { return !ready_.empty() || done_; });
        if (ready_.empty()) {
            if (error_) return fail(*error_);
            if (!ended_) {  // stop() came first: what is left is unknown, never "the end"
                return fail(ErrorCode::Internal, "read after the read-ahead was stopped");
            }
            return std::size_t{0};
        }
        current_ = std::move(ready_.front());
        ready_.pop_front();
    }
    const std::size_t n = std::min(size, current_.len - pos_);
    std::memcpy(buf, current_.data.data() + pos_, n);
    pos_ += n;
    return n;
}

}  // namespace berth::image

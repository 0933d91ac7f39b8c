// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: arbitrary bytes as a layer blob (gzip, zstd or tar, detected by magic),
// walked with a visitor that reads every entry and records paths for the merged view.
#include <cstdint>
#include <cstring>
#include <string>

#include "image/layer_walker.hpp"
#include "image/merged_view.hpp"

namespace {

class StringStream final : public berth::ByteStream {
  public:
    explicit StringStream(std::string data) : data_(std::move(data)) {}
    berth::Result<std::size_t> read(void* buf, std::size_t size) override {
        std::size_t n = std::min(size, data_.size() - pos_);
        std::memcpy(buf, data_.data() + pos_, n);
        pos_ += n;
        return n;
    }

  private:
    std::string data_;
    std::size_t pos_ = 0;
};

class ReadingRecorder final : public berth::image::LayerVisitor {
  public:
    berth::Status on_entry(const berth::image::Entry& e, berth::ByteStream& content) override {
        char buf[4096];
        for (;;) {
            auto n = content.read(buf, sizeof buf);
            if (!n || *n == 0) break;
        }
        return recorder.on_entry(e, content);
    }
    berth::image::PathRecorder recorder;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string blob(reinterpret_cast<const char*>(data), size);
    berth::image::LayerRef layer;
    layer.open = [&blob]() -> berth::Result<std::unique_ptr<berth::ByteStream>> {
        return std::unique_ptr<berth::ByteStream>(std::make_unique<StringStream>(blob));
    };
    berth::image::Limits limits;
    limits.max_entries = 10000;
    limits.max_layer_bytes = 64U << 20U;
    limits.ratio_floor = 1U << 20U;
    ReadingRecorder visitor;
    auto r = berth::image::walk_layer(layer, visitor, limits);
    if (r) {
        std::vector<berth::image::LayerPaths> layers{visitor.recorder.take()};
        auto view = berth::image::MergedView::build(layers);
        for (const auto& [path, node] : view.nodes()) (void)view.resolve(path);
    }
    return 0;
}

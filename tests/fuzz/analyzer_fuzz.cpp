// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: arbitrary bytes as the package databases and OS files the analyzers read
// (dpkg status and .list, apk installed, rpm sqlite/BerkeleyDB/ndb, os-release). The first
// byte picks the path.
#include <cstdint>
#include <cstring>
#include <string>

#include "analyze/analyzer.hpp"

namespace {

class BytesStream final : public berth::ByteStream {
  public:
    BytesStream(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    berth::Result<std::size_t> read(void* buf, std::size_t size) override {
        std::size_t n = std::min(size, size_ - pos_);
        std::memcpy(buf, data_ + pos_, n);
        pos_ += n;
        return n;
    }

  private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t pos_ = 0;
};

const char* const kPaths[] = {
    "var/lib/dpkg/status",         "var/lib/dpkg/status.d/base",
    "var/lib/dpkg/info/bash.list", "lib/apk/db/installed",
    "var/lib/rpm/Packages",        "var/lib/rpm/Packages.db",
    "var/lib/rpm/rpmdb.sqlite",    "etc/os-release",
    "etc/debian_version",          "etc/redhat-release",
    "etc/alpine-release",
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    static const auto analyzers = berth::analyze::all_analyzers();
    const std::string path = kPaths[data[0] % (sizeof kPaths / sizeof kPaths[0])];
    berth::image::Entry entry;
    entry.path = path;
    entry.size = size - 1;
    for (const auto& a : analyzers) {
        if (!a->required(path, {entry.type, entry.mode, entry.size})) continue;
        berth::analyze::LayerAnalysis out;
        BytesStream content(data + 1, size - 1);
        berth::analyze::AnalysisInput input{path, entry, content, 16U << 20U};
        (void)a->analyze(input, out);
        (void)a->finish(out, input.max_packages);
    }
    return 0;
}
